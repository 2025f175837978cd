import type { Hook } from '../../../grammar/index.ts';
import { HOOK_PHASES, hookPhasesFor, type HookSite } from '../../../stdlib/index.ts';
import { listChoices, suggestName } from '../../binder/index.ts';
import type { CheckContext } from '../context.ts';

/** `on PHASE`: a known phase (did-you-mean among those allowed here), written where that phase belongs. */
export function checkHookPhase(cx: CheckContext, hook: Hook, site: HookSite): void {
  const written = hook.phase.text;
  const phase = HOOK_PHASES.find((p) => p.value === written);
  if (phase?.site === site) return;
  const allowed = hookPhasesFor(site).map((p) => p.value);
  if (!phase) {
    const extras = suggestName(written, allowed, cx.file, hook.phase.span);
    cx.report('MBP2012', hook.phase.span, { phase: written }, { ...extras, help: extras.help ?? `phases here: ${listChoices(allowed)}` });
    return;
  }
  cx.report('MBP2013', hook.phase.span, { phase: written, block: site }, {
    help: `\`${written}\` hooks belong in ${phase.site === 'instance_array' ? 'an `instance_array`' : 'an `infrastructure`'}; phases here: ${listChoices(allowed)}`,
  });
}
