import path from 'node:path';
import type { Call } from '../../grammar/index.ts';
import type { StepDef } from '../../stdlib/index.ts';
import { lit, type Ir } from '../plan/index.ts';
import { lowerExpr } from './expr.ts';
import type { LowerState, Scope } from './state.ts';

/**
 * Arguments that name a local file, relative to the blueprint that writes
 * them. The plan holds them relative to the working directory instead, like
 * every path in it, so the runtime needs no blueprint directory.
 */
const PATH_PARAMS: Readonly<Record<string, readonly string[]>> = {
  'std.ts.call': ['path'],
  'std.ssh.copy': ['source_file'],
};

/** A step call's arguments by parameter name (positional ones in order), with the kind's defaults filled in. */
export function stepArgs(state: LowerState, scope: Scope, def: StepDef, call: Call): Record<string, Ir> {
  const args: Record<string, Ir> = {};
  const positional = def.params.filter((p) => p.positional);
  call.args.forEach((a, i) => {
    const p = positional[i];
    if (p) args[p.name] = lowerExpr(state, scope, a);
    else state.internal(scope.file, a.span, `\`${def.name}\` takes ${positional.length} positional argument(s)`);
  });
  for (const n of call.named) args[n.name.text] = lowerExpr(state, scope, n.value);
  for (const p of def.params) {
    if (!(p.name in args) && p.default !== undefined) args[p.name] = lit(p.default);
  }
  for (const name of PATH_PARAMS[def.name] ?? []) {
    const v = args[name];
    if (v && 'lit' in v && typeof v.lit === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(v.lit)) {
      args[name] = lit(state.shown(path.resolve(path.dirname(scope.file), v.lit)));
    }
  }
  return args;
}
