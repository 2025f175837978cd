import { closestName, makeDiagnostic } from '../diagnostics/index.ts';
import { listed, type InventoryCheck } from './check.ts';

/** The infrastructure's datacenter is in the inventory (MBP4001, with the closest name as a fix). */
export const datacenterExists: InventoryCheck = {
  name: 'datacenter-exists',
  check(infra, { inventory, datacenter, report }) {
    const dc = infra.datacenter;
    if (dc === undefined || datacenter !== undefined) return;
    const names = inventory.datacenters.map((d) => d.name);
    const close = closestName(dc.value, names);
    report(
      makeDiagnostic('MBP4001', infra.file, dc.span, { name: dc.value, known: listed(names) }, {
        help: `${close !== undefined ? `did you mean \`${close}\`? ` : ''}the inventory has ${listed(names)}`,
        fixes: close !== undefined && dc.literal === true ? [{ title: `use \`${close}\``, edits: [{ file: infra.file, range: dc.span, text: JSON.stringify(close) }] }] : [],
      }),
    );
  },
};
