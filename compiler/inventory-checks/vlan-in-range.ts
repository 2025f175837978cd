import { makeDiagnostic } from '../diagnostics/index.ts';
import type { InventoryCheck } from './check.ts';

/** A pinned VLAN lies in the datacenter's range (MBP4010). */
export const vlanInRange: InventoryCheck = {
  name: 'vlan-in-range',
  check(infra, { datacenter, report }) {
    if (datacenter === undefined) return;
    const { min, max } = datacenter.vlan_range;
    for (const network of infra.networks) {
      const vlan = network.vlan;
      if (vlan === undefined || (vlan.value >= min && vlan.value <= max)) continue;
      report(makeDiagnostic('MBP4010', infra.file, vlan.span, { vlan: vlan.value, datacenter: datacenter.name, min, max }));
    }
  },
};
