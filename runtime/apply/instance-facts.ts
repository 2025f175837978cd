import type { BootMethod, Plan } from '../../compiler/plan/index.ts';
import { isObject, type ValueObject } from '../../stdlib/index.ts';
import { evaluate } from '../eval/index.ts';
import type { Inventory } from '../inventory/index.ts';
import type { ResolvedInstance } from '../steps/index.ts';
import type { RunInstance } from './apply-context.ts';
import { resolveTemplate, type AssetReader } from './os-template.ts';
import type { SubnetFacts } from './run-facts.ts';

/** The instance as the step handlers see it: its server's NICs with what the blueprint makes of them, its addresses, its template looked up. */
async function resolvedInstance(plan: Plan, inventory: Inventory, i: RunInstance, assets: AssetReader): Promise<ResolvedInstance> {
  const infra = plan.infrastructures[i.infrastructure];
  const array = infra?.arrays[i.array];
  const resolvedInfra = inventory.datacenters.find((d) => d.name === infra?.datacenter);
  const planned = array?.instances.find((p) => p.index === i.index);
  let vars: ValueObject = {};
  try {
    const v = planned === undefined ? undefined : evaluate(planned.vars).value;
    if (v !== undefined && isObject(v)) vars = v;
  } catch {
    // Vars that read run-time values are evaluated by the steps that use them.
  }
  return {
    id: i.id,
    infrastructure: i.infrastructure,
    array: i.array,
    index: i.index,
    hostname: i.resolution.hostname ?? `${i.array.replace(/_/g, '-')}-${i.index}`,
    server: { id: i.server.name, serial: i.server.serial_number, type: i.server.type, rack: i.server.rack },
    bmc: { serverId: i.server.name, address: i.server.bmc.address },
    ports: [...i.server.nics]
      .sort((a, b) => a.index - b.index)
      .map((nic) => {
        const p = i.resolution.ports.find((x) => x.nic === nic.index);
        return { index: nic.index, mac: nic.mac.toLowerCase(), switch: nic.switch, port: nic.port, network: p?.network ?? null, vlan: p?.state === 'up' ? p.vlan : null };
      }),
    addresses: [],
    ...(array !== undefined
      ? { boot: array.boot, template: await resolveTemplate(array.template, { assetRepositoryUrl: resolvedInfra?.asset_repository_url ?? 'http://assets.invalid', assets }) }
      : removedArrayOs(inventory, i)),
    vars,
    dnsServers: [],
  };
}

/**
 * The OS of an instance whose array the blueprint no longer declares: only
 * its way back (a `release`) runs, which reads no template, so the record's
 * template name and boot stand in for one.
 */
function removedArrayOs(inventory: Inventory, i: RunInstance): Pick<ResolvedInstance, 'boot' | 'template'> {
  const deployed = inventory.infrastructures.find((x) => x.name === i.infrastructure)?.arrays.find((a) => a.name === i.array);
  const boot = (deployed?.boot ?? 'local_drives') as BootMethod;
  const name = deployed?.template ?? 'unknown';
  const none = { path: '', url: '', sha256: '' };
  return { boot, template: { name, base: name, installer: 'cloud-init-autoinstall', diskless: boot === 'pxe_iscsi', kernel: none, initrd: none, image: none, files: [], entry: '', ready: { method: 'callback', timeout_ms: 0 } } };
}

/** The instances of one infrastructure as the handlers see them, their addresses on `subnets`. */
export async function instanceFacts(plan: Plan, inventory: Inventory, runInstances: Iterable<RunInstance>, name: string, subnets: readonly SubnetFacts[], assets: AssetReader): Promise<ResolvedInstance[]> {
  const instances: ResolvedInstance[] = [];
  for (const i of runInstances) {
    if (i.infrastructure !== name) continue;
    const base = await resolvedInstance(plan, inventory, i, assets);
    const addresses = i.resolution.ips.map((ip) => {
      const s = subnets.find((x) => x.name === ip.subnet && x.family === ip.family) ?? subnets.find((x) => x.name === ip.subnet);
      return { port: ip.nic, network: ip.network, subnet: ip.subnet, family: ip.family, ip: ip.address, prefix: s?.prefix ?? 0, gateway: s?.gateway ?? '' };
    });
    instances.push({ ...base, addresses });
  }
  return instances;
}

