/**
 * The run-time side of the hook type mapping (DESIGN.md §2): a blueprint's
 * arguments, compiled to a plan and evaluated as the runtime does, reach
 * the hook as the TypeScript types `mbp check` promised: durations in
 * milliseconds, sizes in bytes, addresses as strings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderDiagnostics } from '../../compiler/diagnostics/index.ts';
import { compileBlueprint } from '../../compiler/lower/index.ts';
import { NodeFileSystem } from '../../compiler/sources/index.ts';
import { evaluate } from '../../runtime/eval/index.ts';
import { runHook } from '../../runtime/hooks/index.ts';
import type { JsonValue } from '../../stdlib/hooks-api/index.ts';
import type { Value } from '../../stdlib/values.ts';
import { fail, makeTempDir } from '../support/index.ts';
import { live } from './hook-fixture.ts';

const BLUEPRINT = `
param ttl: duration = 5m
param scratch: size = 2GiB

infrastructure svc {
  datacenter = "dc-east"
  on post_deploy run probe(ttl = ttl)
}

workflow probe(ttl: duration) {
  step call = std.ts.call("./probe.ts", "probe", {
    ttl     = ttl
    scratch = scratch
    wait    = 1h30m
    chunk   = 512KiB
    name    = "edge-\${3}"
    count   = 3
    enabled = true
    address = 10.0.0.1
    network = 10.0.0.0/24
    tags    = ["a", "b"]
    labels  = { k = "v" }
  })
}
`;

const HOOK = `
export interface ProbeArgs {
  ttl: number; scratch: number; wait: number; chunk: number; name: string; count: number; enabled: boolean;
  address: string; network: string; tags: string[]; labels: Record<string, string>;
}
export async function probe(args: ProbeArgs) {
  const types: Record<string, string> = {};
  for (const [k, v] of Object.entries(args)) types[k] = Array.isArray(v) ? 'array' : typeof v;
  return { types, args: args as unknown as Record<string, unknown> } as never;
}
`;

test('arguments compiled and evaluated from a blueprint arrive with their TypeScript types', async () => {
  const temp = makeTempDir();
  try {
    const entry = path.join(temp.path, 'main.mbp');
    fs.writeFileSync(entry, BLUEPRINT);
    fs.writeFileSync(path.join(temp.path, 'probe.ts'), HOOK);
    const compiled = await compileBlueprint(new NodeFileSystem(), entry, { cwd: temp.path });
    if (compiled.plan === undefined) fail('the blueprint does not compile', renderDiagnostics(compiled.diagnostics, compiled.sources, { cwd: temp.path, color: false }));
    const step = compiled.plan.steps.find((s) => s.kind === 'std.ts.call');
    assert.ok(step, 'the plan has the hook step');
    const env = { roots: { param: { ttl: 300_000, scratch: 2 * 1024 ** 3 } } };
    const value = (name: string): Value => evaluate(step!.args[name]!, env).value;
    const modulePath = path.resolve(temp.path, String(value('path')));
    const outcome = await runHook(
      { modulePath, exportName: String(value('export')), args: value('args') as JsonValue, context: { infrastructure: 'svc' }, timeoutMs: Number(value('timeout')) },
      live(),
    );
    const result = outcome.result as { types: Record<string, string>; args: Record<string, JsonValue> };
    assert.equal(result.types, {
      ttl: 'number', scratch: 'number', wait: 'number', chunk: 'number', name: 'string', count: 'number',
      enabled: 'boolean', address: 'string', network: 'string', tags: 'array', labels: 'object',
    });
    assert.is(result.args.ttl, 300_000, 'a duration is milliseconds');
    assert.is(result.args.wait, 5_400_000);
    assert.is(result.args.scratch, 2_147_483_648, 'a size is bytes');
    assert.is(result.args.chunk, 524_288);
    assert.is(result.args.address, '10.0.0.1');
    assert.is(result.args.network, '10.0.0.0/24');
    assert.equal(result.args.labels, { k: 'v' });
  } finally {
    temp.cleanup();
  }
});

test.run();
