import type { Server } from '../../runtime/inventory/index.ts';
import { makeDiagnostic } from '../diagnostics/index.ts';
import type { InventoryCheck } from './check.ts';

/** The server a preference names, as allocation resolves it: an id, else a name, else a serial number. */
function findServer(servers: readonly Server[], ref: number | string): Server | undefined {
  if (typeof ref === 'number') return servers.find((s) => s.id === ref);
  return servers.find((s) => s.name === ref) ?? servers.find((s) => s.serial_number === ref) ?? (/^[0-9]+$/.test(ref) ? servers.find((s) => s.id === Number(ref)) : undefined);
}

/** A preferred server names a server of the inventory (MBP4008, a warning: an unknown preference is skipped, never an error). */
export const preferredExist: InventoryCheck = {
  name: 'preferred-exist',
  check(infra, { inventory, report }) {
    for (const array of infra.arrays) {
      for (const ref of array.preferred) {
        if (findServer(inventory.servers, ref.value) !== undefined) continue;
        report(makeDiagnostic('MBP4008', infra.file, ref.span, { server: typeof ref.value === 'number' ? `id ${ref.value}` : `\`${ref.value}\`` }));
      }
    }
  },
};
