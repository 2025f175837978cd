import { cidrContains, parseCidr } from '../../runtime/ipam/index.ts';
import { makeDiagnostic } from '../diagnostics/index.ts';
import { listed, type InventoryCheck } from './check.ts';

const validCidr = (text: string): boolean => {
  try {
    parseCidr(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * Every subnet the plan will allocate (declared, or the default of a `wan`
 * or `san` network) can come from the datacenter's pools: there is a pool
 * of its network's kind and family (MBP4004), one large enough for its
 * prefix (MBP4005), and a `pool` it names lies inside them (MBP4006).
 */
export const poolsHoldSubnets: InventoryCheck = {
  name: 'pools-hold-subnets',
  check(infra, { datacenter, report }) {
    if (datacenter === undefined) return;
    for (const network of infra.networks) {
      for (const subnet of network.subnets) {
        const own = datacenter.subnet_pools[network.kind][subnet.family];
        if (subnet.pool !== undefined) {
          // A malformed or wrong-family pool is the checker's and the deployment rules' to report.
          if (!validCidr(subnet.pool.value) || parseCidr(subnet.pool.value).family !== subnet.family) continue;
          if (!own.some((p) => cidrContains(p, subnet.pool!.value))) {
            report(
              makeDiagnostic('MBP4006', infra.file, subnet.pool.span, {
                pool: subnet.pool.value,
                kind: network.kind,
                family: subnet.family,
                datacenter: datacenter.name,
                pools: own.length > 0 ? listed(own) : 'it has none',
              }),
            );
          }
          continue;
        }
        if (own.length === 0) {
          report(makeDiagnostic('MBP4004', infra.file, subnet.span, { datacenter: datacenter.name, family: subnet.family, kind: network.kind, subnet: subnet.name }));
          continue;
        }
        const prefix = subnet.prefix?.value ?? datacenter.default_prefix[network.kind][subnet.family];
        const shortest = Math.min(...own.map((p) => parseCidr(p).prefix));
        if (prefix < shortest) {
          const pools = own.length === 1 ? `the ${network.kind} ${subnet.family} pool ${own[0]}` : `any of the ${network.kind} ${subnet.family} pools ${listed(own)}`;
          report(makeDiagnostic('MBP4005', infra.file, subnet.span, { prefix, pools, datacenter: datacenter.name, shortest }));
        }
      }
    }
  },
};
