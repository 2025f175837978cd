import { closestName, makeDiagnostic } from '../diagnostics/index.ts';
import { listed, type InventoryCheck } from './check.ts';

/** Every server type an array asks for is in the inventory (MBP4002, with the closest name). */
export const serverTypesExist: InventoryCheck = {
  name: 'server-types-exist',
  check(infra, { inventory, report }) {
    const names = inventory.server_types.map((t) => t.name);
    for (const array of infra.arrays) {
      for (const { serverType } of array.demands) {
        if (names.includes(serverType.value)) continue;
        const close = closestName(serverType.value, names);
        report(
          makeDiagnostic('MBP4002', infra.file, serverType.span, { name: serverType.value, known: listed(names) }, {
            help: `${close !== undefined ? `did you mean \`${close}\`? ` : ''}the inventory has ${listed(names)}`,
            fixes: close !== undefined && serverType.literal === true ? [{ title: `use \`${close}\``, edits: [{ file: infra.file, range: serverType.span, text: JSON.stringify(close) }] }] : [],
          }),
        );
      }
    }
  },
};
