import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileBlueprint } from '../../compiler/lower/index.ts';
import { canonicalJson, type Value } from '../../stdlib/index.ts';
import { planToJson, type Plan } from '../../compiler/plan/index.ts';
import { MemoryFileSystem, NodeFileSystem } from '../../compiler/sources/index.ts';
import { lineDiff, repoPath } from '../support/index.ts';
import { planOf } from './helpers.ts';

const PARTS = {
  params: 'param small: int = 2\nparam big: int = 1\n',
  workflows: `
workflow probe(tag: string) {
  step call = std.http.request("https://probe.example/\${tag}")
}
workflow other(tag: string) {
  step call = std.http.request("https://other.example/\${tag}")
}`,
  alpha: `
infrastructure alpha {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  network san { kind = "san" }
  instance_array zeta {
    server_type = "M.8.32.2"
    count       = small
    template    = std.os.ubuntu_2404
    port 1 { network = san }
    port 0 { network = wan }
  }
  instance_array beta {
    server_type = "M.8.32.2"
    count       = big
    template    = std.os.rocky_9
    port 0 { network = wan }
  }
  on pre_deploy run p2 = other(tag = "2")
  on pre_deploy run p1 = probe(tag = "1")
}`,
  omega: `
infrastructure omega {
  datacenter = "dc-west"
  on post_deploy run probe(tag = "o")
}`,
};

/** The same declarations, reordered: infrastructures, arrays, networks, ports and hooks of one level swapped. */
function reordered(text: string): string {
  return text
    .replace(/( {2}network wan \{ kind = "wan" \}\n)( {2}network san \{ kind = "san" \}\n)/, '$2$1')
    .replace(/( {2}on pre_deploy run p2 = other\(tag = "2"\)\n)( {2}on pre_deploy run p1 = probe\(tag = "1"\)\n)/, '$2$1')
    .replace(/( {4}port 1 \{ network = san \}\n)( {4}port 0 \{ network = wan \}\n)/, '$2$1');
}

function moveArrays(text: string): string {
  const zeta = text.slice(text.indexOf('  instance_array zeta'), text.indexOf('  instance_array beta'));
  const beta = text.slice(text.indexOf('  instance_array beta'), text.indexOf('  on pre_deploy'));
  return text.replace(zeta + beta, beta + zeta);
}

/** A plan as written (keys sorted) without what necessarily moves with the text: source locations and file hashes. */
function withoutPositions(plan: Plan): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'source' && k !== 'sha256').map(([k, x]) => [k, strip(x)]));
    return v;
  };
  return canonicalJson(strip(plan) as Value, 2);
}

function sameText(actual: string, expected: string, what: string): void {
  if (actual !== expected) assert.unreachable(`${what}\n${lineDiff(expected, actual, { expectedLabel: 'first', actualLabel: 'second' })}`);
}

test('the same blueprint and inputs give a byte-identical plan', async () => {
  const fs = new NodeFileSystem();
  const entry = repoPath('examples', 'edge-cluster.mbp');
  const one = await compileBlueprint(fs, entry, { cwd: repoPath(), paramFlags: ['workers=6'] });
  const two = await compileBlueprint(fs, entry, { cwd: repoPath(), paramFlags: ['workers=6'] });
  assert.ok(one.plan && two.plan);
  sameText(planToJson(two.plan as Plan), planToJson(one.plan as Plan), 'two compilations differ');
  const other = await compileBlueprint(fs, entry, { cwd: repoPath(), paramFlags: ['workers=7'] });
  assert.is.not(planToJson(other.plan as Plan), planToJson(one.plan as Plan), 'a different input gives a different plan');
});

test('the plan does not depend on where the project is on disk', async () => {
  const text = PARTS.params + PARTS.alpha + PARTS.omega + PARTS.workflows;
  const at = async (root: string) => {
    const fs = new MemoryFileSystem({ [path.posix.join(root, 'bp', 'main.mbp')]: text });
    return compileBlueprint(fs, path.posix.join(root, 'bp', 'main.mbp'), { cwd: root });
  };
  const a = await at('/home/ci/work');
  const b = await at('/tmp/x');
  assert.ok(a.plan && b.plan);
  sameText(planToJson(b.plan as Plan), planToJson(a.plan as Plan), 'the plan depends on the absolute path');
  assert.not.match(planToJson(a.plan as Plan), /\/home\/ci/);
});

test('the plan does not depend on the order of declarations that have no order', async () => {
  const base = PARTS.params + PARTS.alpha + PARTS.omega + PARTS.workflows;
  const variants = [
    base,
    reordered(base),
    moveArrays(base),
    [PARTS.workflows, PARTS.omega, PARTS.alpha, PARTS.params].join('\n'),
  ];
  assert.is.not(variants[1], variants[0]);
  assert.is.not(variants[2], variants[0]);
  const expected = withoutPositions(await planOf(base));
  for (const [i, v] of variants.entries()) sameText(withoutPositions(await planOf(v)), expected, `variant ${i} gives another plan`);
});

test('steps keep the order they are written in, which is what it means', async () => {
  const a = await planOf(`
infrastructure x {
  datacenter = "d"
  on pre_deploy run w(tag = "t")
}
workflow w(tag: string) {
  step one = std.http.request("https://a/\${tag}")
  step two = std.http.request("https://b/\${tag}")
}`);
  const b = await planOf(`
infrastructure x {
  datacenter = "d"
  on pre_deploy run w(tag = "t")
}
workflow w(tag: string) {
  step two = std.http.request("https://b/\${tag}")
  step one = std.http.request("https://a/\${tag}")
}`);
  const needsOf = (p: Plan, id: string) => p.steps.find((s) => s.id === id)?.needs;
  assert.equal(needsOf(a, 'x/pre_deploy/w/two'), ['x/pre_deploy/w/one']);
  assert.equal(needsOf(b, 'x/pre_deploy/w/one'), ['x/pre_deploy/w/two']);
});

test.run();
