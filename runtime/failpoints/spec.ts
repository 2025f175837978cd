/**
 * The `MBP_FAILPOINTS` grammar: `name=action[,name=action…]`.
 *
 *   pause(MS)        wait MS milliseconds every time the point is reached
 *   pause-once(MS)   wait only the first time
 *   throw            throw a FailpointError (the code path's error handling runs)
 *   sigkill          the process kills itself with SIGKILL (no cleanup at all)
 *   sigkill-after(N) let N hits pass, kill on the next one
 *   off              nothing (handy to switch one entry off in a long list)
 */

export type FailpointAction =
  | { readonly kind: 'pause'; readonly ms: number; readonly once: boolean }
  | { readonly kind: 'throw' }
  | { readonly kind: 'sigkill'; readonly after: number }
  | { readonly kind: 'off' };

export class FailpointSpecError extends Error {
  constructor(spec: string, why: string) {
    super(`MBP_FAILPOINTS=${JSON.stringify(spec)} is not valid: ${why}. Expected name=action[,name=action], actions: pause(MS), pause-once(MS), throw, sigkill, sigkill-after(N), off.`);
    this.name = 'FailpointSpecError';
  }
}

const ENTRY = /^([a-z0-9][a-z0-9._-]*)=([a-z-]+)(?:\((\d+)\))?$/;

export function parseFailpointSpec(spec: string): ReadonlyMap<string, FailpointAction> {
  const out = new Map<string, FailpointAction>();
  for (const raw of spec.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const m = ENTRY.exec(entry);
    if (m === null) throw new FailpointSpecError(spec, `cannot read ${JSON.stringify(entry)}`);
    const [, name = '', verb = '', arg] = m;
    const n = arg === undefined ? undefined : Number(arg);
    const needs = (wanted: boolean) => {
      if (wanted !== (n !== undefined)) throw new FailpointSpecError(spec, `${verb} ${wanted ? 'needs' : 'takes no'} (argument) in ${JSON.stringify(entry)}`);
    };
    let action: FailpointAction;
    switch (verb) {
      case 'pause':
      case 'pause-once':
        needs(true);
        action = { kind: 'pause', ms: n ?? 0, once: verb === 'pause-once' };
        break;
      case 'throw':
        needs(false);
        action = { kind: 'throw' };
        break;
      case 'sigkill':
        needs(false);
        action = { kind: 'sigkill', after: 0 };
        break;
      case 'sigkill-after':
        needs(true);
        action = { kind: 'sigkill', after: n ?? 0 };
        break;
      case 'off':
        needs(false);
        action = { kind: 'off' };
        break;
      default:
        throw new FailpointSpecError(spec, `unknown action ${JSON.stringify(verb)} in ${JSON.stringify(entry)}`);
    }
    if (out.has(name)) throw new FailpointSpecError(spec, `${name} is given twice`);
    out.set(name, action);
  }
  return out;
}
