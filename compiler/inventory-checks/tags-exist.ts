import { makeDiagnostic } from '../diagnostics/index.ts';
import { listed, type InventoryCheck } from './check.ts';

/**
 * Each required tag is on at least one server of each wanted type in the
 * datacenter (MBP4003): otherwise no server can ever match. Whether enough
 * do is the capacity check's question.
 */
export const tagsExist: InventoryCheck = {
  name: 'tags-exist',
  check(infra, { inventory, datacenter, report }) {
    if (datacenter === undefined) return;
    for (const array of infra.arrays) {
      if (array.tags.length === 0) continue;
      for (const { serverType } of array.demands) {
        const servers = inventory.servers.filter((s) => s.datacenter === datacenter.name && s.type === serverType.value);
        if (servers.length === 0) continue;
        const present = new Set(servers.flatMap((s) => s.tags));
        for (const tag of array.tags) {
          if (present.has(tag.value)) continue;
          const known = present.size > 0 ? `\`${serverType.value}\` servers in \`${datacenter.name}\` carry ${listed(present)}` : `\`${serverType.value}\` servers in \`${datacenter.name}\` carry no tags`;
          report(makeDiagnostic('MBP4003', infra.file, tag.span, { type: serverType.value, datacenter: datacenter.name, tag: tag.value, known }));
        }
      }
    }
  },
};
