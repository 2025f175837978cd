import { test } from 'uvu';
import { expectAnnotated } from './annotated.ts';

/** Deployment rules on subnets: prefix fits the pool, families match, prefix length per family. */
const RULES = /^MBP30/;

const SUBNET = (body: string, expect: string) =>
  ['infrastructure edge {', '  datacenter = "dc-east"', '  network wan { kind = "wan" }', expect, `  subnet s { network = wan, ${body} }`, '}'].join('\n');

test('the subnet prefix fits its pool', () => {
  expectAnnotated(SUBNET('prefix = 26, pool = 10.0.0.0/28', '  // expect MBP3009 at +1:38'), RULES);
  expectAnnotated(SUBNET('prefix = 28, pool = 10.0.0.0/28', '  // expect none'), RULES);
  expectAnnotated(SUBNET('prefix = 30, pool = 10.0.0.0/16', '  // expect none'), RULES);
  expectAnnotated(SUBNET('prefix = 26', '  // expect none'), RULES);
});

test('the family matches the pool, with a fix-it when `family` is written', () => {
  expectAnnotated(SUBNET('prefix = 64, pool = 2001:db8::/48', '  // expect MBP3010 at +1:49 help "family = \\"ipv6\\""'), RULES);
  expectAnnotated(SUBNET('prefix = 24, pool = 10.0.0.0/16, family = "ipv6"', '  // expect MBP3010 at +1:71 fix "\\"ipv4\\""'), RULES);
  expectAnnotated(SUBNET('prefix = 64, pool = 2001:db8::/48, family = "ipv6"', '  // expect none'), RULES);
});

test('an IPv4 prefix is at most /32', () => {
  expectAnnotated(SUBNET('prefix = 64', '  // expect MBP3011 at +1:38 help "family = \\"ipv6\\""'), RULES);
  expectAnnotated(SUBNET('prefix = 64, family = "ipv6"', '  // expect none'), RULES);
});

test.run();
