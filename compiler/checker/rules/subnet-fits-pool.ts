import ipaddr from 'ipaddr.js';
import { makeDiagnostic, type Fix } from '../../diagnostics/index.ts';
import type { DeploymentRule, RuleContext } from './deployment-rule.ts';
import { stringAttribute } from './block-values.ts';
import { attributeOf, blocksNamed, infrastructuresOf } from './queries.ts';

const MAX_PREFIX = { ipv4: 32, ipv6: 128 } as const;
type Family = keyof typeof MAX_PREFIX;
const WORD: Readonly<Record<Family, string>> = { ipv4: 'IPv4', ipv6: 'IPv6' };

/** `10.0.0.0/28` → family and prefix length (by ipaddr.js); undefined for anything that is not a CIDR. */
function parseCidr(value: unknown): { readonly family: Family; readonly prefix: number; readonly text: string } | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const [address, prefix] = ipaddr.parseCIDR(value);
    return { family: address.kind(), prefix, text: value };
  } catch {
    return undefined;
  }
}

/**
 * A subnet's prefix and family fit its pool: a /26 cannot be carved from a
 * /28 (MBP3009), an IPv4 subnet not from an IPv6 pool (MBP3010), and no
 * IPv4 prefix is longer than /32 (MBP3011; the schema allows up to 128 for IPv6).
 */
export const subnetFitsPool: DeploymentRule = {
  name: 'subnet-fits-pool',
  check(context: RuleContext): void {
    const { checked, file } = context;
    for (const infrastructure of infrastructuresOf(context.module)) {
      for (const subnet of blocksNamed(infrastructure.body, 'subnet')) {
        const familyAttribute = attributeOf(subnet.body, 'family');
        const family = stringAttribute(checked, subnet, 'family', 'ipv4');
        if (family !== 'ipv4' && family !== 'ipv6') continue;
        const prefixAttribute = attributeOf(subnet.body, 'prefix');
        const prefixValue = prefixAttribute !== undefined ? checked.valueOf(prefixAttribute.value) : undefined;
        const prefix = typeof prefixValue === 'number' ? prefixValue : undefined;
        const poolAttribute = attributeOf(subnet.body, 'pool');
        const pool = poolAttribute !== undefined ? parseCidr(checked.valueOf(poolAttribute.value)) : undefined;

        if (pool !== undefined && pool.family !== family) {
          const fixes: Fix[] =
            familyAttribute !== undefined
              ? [{ title: `set \`family = "${pool.family}"\``, edits: [{ file, range: familyAttribute.value.span, text: `"${pool.family}"` }] }]
              : [];
          const help =
            familyAttribute !== undefined
              ? `the pool decides the family: write \`family = "${pool.family}"\`, or use an ${WORD[family]} pool`
              : `subnets are IPv4 unless \`family\` says otherwise: add \`family = "${pool.family}"\`, or use an IPv4 pool`;
          context.report(
            makeDiagnostic('MBP3010', file, (familyAttribute ?? poolAttribute)!.value.span, { family: WORD[family], pool: pool.text, poolFamily: WORD[pool.family] }, {
              help,
              fixes,
              ...(familyAttribute !== undefined ? { related: [{ message: 'the pool', file, range: poolAttribute!.value.span }] } : {}),
            }),
          );
          continue;
        }
        if (prefix === undefined || prefixAttribute === undefined) continue;
        if (prefix > MAX_PREFIX[family]) {
          context.report(makeDiagnostic('MBP3011', file, prefixAttribute.value.span, { prefix, family: WORD[family], max: MAX_PREFIX[family] }, family === 'ipv4' && prefix <= 128 ? { help: 'for an IPv6 subnet add `family = "ipv6"`' } : {}));
          continue;
        }
        if (pool !== undefined && prefix < pool.prefix) {
          context.report(
            makeDiagnostic('MBP3009', file, prefixAttribute.value.span, { prefix, pool: pool.text, poolPrefix: pool.prefix }, {
              related: [{ message: `the pool is a /${pool.prefix}`, file, range: poolAttribute!.value.span }],
            }),
          );
        }
      }
    }
  },
};
