import fs from 'node:fs';
import path from 'node:path';
import { compileBlueprint } from '../../compiler/lower/index.ts';
import type { Plan } from '../../compiler/plan/index.ts';
import { NodeFileSystem } from '../../compiler/sources/index.ts';
import { fail } from './fail.ts';

export interface ArrayBlueprintOptions {
  /** Text before the infrastructure (params). */
  readonly head?: string;
  /** Default `lone`. */
  readonly infrastructure?: string;
  /** Expressions, as written in the blueprint: default `1` and `"M.8.32.2"`. */
  readonly count?: string | number;
  readonly serverType?: string;
  /** More lines of the array `web` (hostname, hooks), after its port. */
  readonly arrayLines?: readonly string[];
  /** More lines of the infrastructure, after the array. */
  readonly infrastructureLines?: readonly string[];
  /** Text after the infrastructure (workflows). */
  readonly tail?: string;
}

/** The smallest deployable blueprint in the demo datacenter: one array `web` of Ubuntu servers on a WAN, with what a test adds. */
export function arrayBlueprint(o: ArrayBlueprintOptions = {}): string {
  return [
    ...(o.head !== undefined ? [o.head] : []),
    `infrastructure ${o.infrastructure ?? 'lone'} {`,
    '  datacenter = "dc-east"',
    '  network wan { kind = "wan" }',
    '  instance_array web {',
    `    server_type = ${o.serverType ?? '"M.8.32.2"'}`,
    `    count       = ${o.count ?? 1}`,
    '    template    = std.os.ubuntu_2404',
    '    port 0 { network = wan }',
    ...(o.arrayLines ?? []).map((l) => `    ${l}`),
    '  }',
    ...(o.infrastructureLines ?? []).map((l) => `  ${l}`),
    '}',
    ...(o.tail !== undefined ? [o.tail] : []),
    '',
  ].join('\n');
}

/** Writes `text` to `dir/name` and compiles it from the disk; fails the test with the diagnostics when there is no plan. */
export async function compileInDir(dir: string, text: string, name = 'main.mbp'): Promise<Plan> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const r = await compileBlueprint(new NodeFileSystem(), file, { cwd: dir });
  return r.plan ?? fail(`${name} does not compile`, r.diagnostics.map((d) => `${d.code} ${d.message}`));
}
