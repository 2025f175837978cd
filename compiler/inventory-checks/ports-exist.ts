import { makeDiagnostic } from '../diagnostics/index.ts';
import type { InventoryCheck } from './check.ts';

/** Every attached port exists on every server type the array may get (MBP4009). */
export const portsExist: InventoryCheck = {
  name: 'ports-exist',
  check(infra, { inventory, report }) {
    for (const array of infra.arrays) {
      for (const { serverType } of array.demands) {
        const type = inventory.server_types.find((t) => t.name === serverType.value);
        if (type === undefined) continue;
        const nics = type.nics.reduce((n, nic) => n + nic.count, 0);
        for (const port of array.ports) {
          if (port.value < nics) continue;
          report(
            makeDiagnostic('MBP4009', infra.file, port.span, {
              port: port.value,
              type: type.name,
              nics: nics === 1 ? '1 NIC' : `${nics} NICs`,
              ports: nics <= 1 ? '0' : `0 to ${nics - 1}`,
            }),
          );
        }
      }
    }
  },
};
