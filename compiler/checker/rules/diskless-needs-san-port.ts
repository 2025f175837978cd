import { makeDiagnostic, type Fix } from '../../diagnostics/index.ts';
import type { MbpSymbol } from '../../binder/index.ts';
import type { DeploymentRule, RuleContext } from './deployment-rule.ts';
import { kindOfNetworkBlock, networkKind, stringAttribute } from './block-values.ts';
import { attributeOf, blockLabel, blocksNamed, instanceArraysOf } from './queries.ts';

/**
 * A diskless (`pxe_iscsi`) instance boots from an iSCSI volume reached over a
 * storage network, so its array needs a port on a `san` network (MBP3001).
 */
export const disklessNeedsSanPort: DeploymentRule = {
  name: 'diskless-needs-san-port',
  check(context: RuleContext): void {
    const { checked, file, source } = context;
    // Many arrays share a few networks: each network's kind is read once.
    const kinds = new Map<MbpSymbol, string | undefined>();
    const kindOf = (network: MbpSymbol): string | undefined => {
      if (!kinds.has(network)) kinds.set(network, networkKind(checked, network));
      return kinds.get(network);
    };
    for (const { infrastructure, array } of instanceArraysOf(context.module)) {
      const boot = attributeOf(array.body, 'boot');
      if (boot === undefined || stringAttribute(checked, array, 'boot') !== 'pxe_iscsi') continue;
      const ports = blocksNamed(array.body, 'port');
      const networks = ports.map((p) => checked.networkOf(p));
      // A port whose network did not resolve is reported already; it may be the SAN one.
      if (networks.some((n) => n === undefined)) continue;
      const portKinds = networks.map((n) => kindOf(n!));
      if (portKinds.includes('san') || portKinds.includes(undefined)) continue;

      const san = blocksNamed(infrastructure.body, 'network').find((n) => kindOfNetworkBlock(checked, n) === 'san');
      const fixes: Fix[] = [];
      let help: string | undefined;
      if (san !== undefined && blockLabel(san) !== '') {
        const used = ports.map((p) => Number(blockLabel(p))).filter((n) => Number.isInteger(n));
        const index = used.length === 0 ? 0 : Math.max(...used) + 1;
        const text = `port ${index} { network = ${blockLabel(san)} }`;
        const last = ports[ports.length - 1] ?? array.body.entries[array.body.entries.length - 1];
        if (last !== undefined) {
          const indent = /^\s*/.exec(source.lineText(source.positionAt(last.span.start).line))![0];
          fixes.push({ title: `attach port ${index} to \`${blockLabel(san)}\``, edits: [{ file, range: { start: last.span.end, end: last.span.end }, text: `\n${indent}${text}` }] });
        }
        help = `attach a port to the \`san\` network \`${blockLabel(san)}\`: \`${text}\``;
      } else {
        help = `declare a storage network in infrastructure \`${infrastructure.name.text}\` (\`network san { kind = "san" }\`) and attach a port to it (\`port N { network = san }\`)`;
      }
      const related = san !== undefined && san.labels[0] !== undefined ? [{ message: 'the `san` network of the infrastructure', file, range: san.labels[0].span }] : [];
      context.report(makeDiagnostic('MBP3001', file, boot.value.span, { array: blockLabel(array) }, { help, fixes, related }));
    }
  },
};
