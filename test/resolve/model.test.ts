import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cidrContains } from '../../runtime/ipam/index.ts';
import { renderResolution } from '../../runtime/resolve/index.ts';
import { demo, instance, noProblems, resolveText, server, serversOf, webBlueprint } from './helpers.ts';

// DESIGN.md section 1, one rule per test, checked on the resolution of a
// blueprint against the demo inventory (dc-east: racks r01–r04 of 16 servers).

test('an instance array gets `count` servers of its type from its datacenter, each with the reason', async () => {
  const r = await resolveText(webBlueprint({ count: 3 }), demo());
  noProblems(r);
  const web = r.resolution.infrastructures.hello!.arrays.web!;
  assert.is(web.instances.length, 3);
  for (const i of web.instances) {
    assert.is(i.server?.type, 'M.8.32.2');
    assert.is(server(demo(), i.server!.id).datacenter, 'dc-east');
    assert.is(i.allocation, 'order');
  }
  assert.is(new Set(web.instances.map((i) => i.server!.id)).size, 3);
});

test('a split across server types gives the lowest indexes to the first type', async () => {
  const text = webBlueprint().replace('server_type = "M.8.32.2"\n    count       = 2', 'server_types = { "M.40.256.4" = 2, "M.40.256.2" = 1 }');
  const r = await resolveText(text, demo());
  noProblems(r);
  assert.equal(
    r.resolution.infrastructures.hello!.arrays.web!.instances.map((i) => `${i.index}:${i.server?.type}`),
    ['0:M.40.256.4', '1:M.40.256.4', '2:M.40.256.2'],
  );
  assert.equal(r.resolution.infrastructures.hello!.arrays.web!.server_types, { 'M.40.256.4': 2, 'M.40.256.2': 1 });
});

test('tags constrain the servers, and spread = "rack" puts instances in different racks', async () => {
  const inv = demo();
  const tagged = await resolveText(webBlueprint({ type: 'G.48.512.2', count: 2, array: ['tags = ["gpu"]'] }), inv);
  noProblems(tagged);
  for (const name of serversOf(tagged.resolution, 'hello', 'web')) assert.ok(server(inv, name!).tags.includes('gpu'));
  const spread = await resolveText(webBlueprint({ count: 4, array: ['spread = "rack"'] }), inv);
  noProblems(spread);
  const racks = spread.resolution.infrastructures.hello!.arrays.web!.instances.map((i) => i.server!.rack);
  assert.is(new Set(racks).size, 4, racks.join(', '));
  assert.ok(spread.resolution.infrastructures.hello!.arrays.web!.instances.every((i) => i.allocation === 'spread'));
});

test('attached ports join their network\'s VLAN; every port left unattached is shut', async () => {
  const text = `
infrastructure edge {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  network san { kind = "san" }
  instance_array node {
    server_type = "M.40.256.4"
    count       = 1
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
    port 2 { network = san }
  }
}
`;
  const r = await resolveText(text, demo());
  noProblems(r);
  const infra = r.resolution.infrastructures.edge!;
  const vlan = (n: string) => infra.networks.find((x) => x.name === n)!.vlan;
  assert.ok(vlan('wan') !== null && vlan('san') !== null && vlan('wan') !== vlan('san'));
  const ports = instance(r.resolution, 'edge', 'node', 0).ports;
  assert.equal(
    ports.map((p) => `${p.nic} ${p.state} ${p.network ?? '-'} ${p.vlan ?? '-'}`),
    [`0 up wan ${vlan('wan')}`, '1 down - -', `2 up san ${vlan('san')}`, '3 down - -'],
  );
  // Ports are the server's own NICs, wired in the inventory.
  const s = server(demo(), instance(r.resolution, 'edge', 'node', 0).server!.id);
  assert.equal(ports.map((p) => `${p.switch}:${p.port}`), s.nics.map((n) => `${n.switch}:${n.port}`));
});

test('each attached port gets one address from each subnet of its network: IPv4, IPv6 and SAN; a lan gets none', async () => {
  const text = `
infrastructure edge {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  network san { kind = "san" }
  network lan { kind = "lan" }
  subnet v4 { network = wan, prefix = 26 }
  subnet v6 { network = wan, family = "ipv6" }
  instance_array node {
    server_type = "M.40.256.4"
    count       = 2
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
    port 1 { network = san }
    port 2 { network = lan }
  }
}
`;
  const r = await resolveText(text, demo());
  noProblems(r);
  const infra = r.resolution.infrastructures.edge!;
  assert.equal(infra.subnets.map((s) => `${s.network}/${s.name} ${s.family} /${s.prefix}`), ['san/san ipv4 /27', 'wan/v4 ipv4 /26', 'wan/v6 ipv6 /64']);
  for (const index of [0, 1]) {
    const ips = instance(r.resolution, 'edge', 'node', index).ips;
    assert.equal(ips.map((ip) => `${ip.nic} ${ip.subnet} ${ip.family}`), ['0 v4 ipv4', '0 v6 ipv6', '1 san ipv4']);
    for (const ip of ips) assert.ok(cidrContains(infra.subnets.find((s) => s.name === ip.subnet)!.cidr!, ip.address), `${ip.address} in ${ip.subnet}`);
  }
  assert.is.not(instance(r.resolution, 'edge', 'node', 0).ips[0]!.address, instance(r.resolution, 'edge', 'node', 1).ips[0]!.address);
});

test('a wan or san network without a subnet gets the datacenter\'s default prefix; a lan gets none', async () => {
  const inv = demo();
  const text = `
infrastructure edge {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  network san { kind = "san" }
  network lan { kind = "lan" }
  instance_array node {
    server_type = "M.8.32.2"
    count       = 1
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
  }
}
`;
  const r = await resolveText(text, inv);
  noProblems(r);
  const dc = inv.datacenters.find((d) => d.name === 'dc-east')!;
  const subnets = r.resolution.infrastructures.edge!.subnets;
  assert.equal(subnets.map((s) => `${s.name} /${s.prefix} default=${s.default === true}`), [
    `san /${dc.default_prefix.san.ipv4} default=true`,
    `wan /${dc.default_prefix.wan.ipv4} default=true`,
  ]);
  assert.ok(cidrContains(dc.subnet_pools.wan.ipv4[0]!, subnets.find((s) => s.name === 'wan')!.cidr!));
  assert.ok(cidrContains(dc.subnet_pools.san.ipv4[0]!, subnets.find((s) => s.name === 'san')!.cidr!));
});

test('an empty infrastructure: its default WAN subnet is allocated, but no VLAN, no server, no address', async () => {
  const text = `
infrastructure services {
  datacenter = "dc-east"
  on pre_deploy run hello()
}
workflow hello() {
  step say = std.http.request(url = "https://example.com/hello")
}
`;
  const r = await resolveText(text, demo());
  noProblems(r);
  const infra = r.resolution.infrastructures.services!;
  assert.is(infra.empty, true);
  assert.equal(infra.arrays, {});
  assert.equal(infra.networks.map((n) => `${n.name} ${n.vlan}`), ['wan null']);
  assert.equal(infra.subnets.map((s) => `${s.name} ${s.action} ${s.cidr}`), ['wan create 10.20.0.0/28']);
  assert.ok(infra.steps.some((id) => id.startsWith('services/pre_deploy/')));
  const text2 = renderResolution(r.resolution);
  assert.match(text2, /empty: no servers, no VLANs, no addresses/);
  assert.not.match(text2, /srv-/);
});

test('an infrastructure with arrays but no network still gets its default WAN subnet', async () => {
  const text = `
infrastructure bare {
  datacenter = "dc-east"
  instance_array node {
    server_type = "M.8.32.2"
    count       = 1
    template    = std.os.ubuntu_2404
  }
}
`;
  const r = await resolveText(text, demo());
  noProblems(r);
  const infra = r.resolution.infrastructures.bare!;
  assert.equal(infra.subnets.map((s) => s.name), ['wan']);
  // No port is attached, so every port is shut and no address is given.
  const node = instance(r.resolution, 'bare', 'node', 0);
  assert.equal(node.ips, []);
  assert.ok(node.ports.length > 0 && node.ports.every((p) => p.state === 'down'));
});

test('the steps of an instance: the definition\'s bind, ports and addresses, then the default sequence or the workflow', async () => {
  const r = await resolveText(webBlueprint({ count: 1 }), demo());
  assert.equal(instance(r.resolution, 'hello', 'web', 0).steps.map((id) => id.replace('hello/web[0]/', '')), [
    'bind',
    'configure_ports',
    'assign_ips',
    'power_off',
    'prepare_boot',
    'power_on',
    'install_os',
    'finalize',
    'wait_ready',
  ]);
  const withWorkflow = `${webBlueprint({ count: 1, array: ['on provision run custom(node = instance)'] })}
workflow custom(node: instance) {
  step os = std.provision.os(node)
  step tune = std.ssh.exec(node, "sysctl -w vm.swappiness=1")
}
`;
  const w = await resolveText(withWorkflow, demo());
  const steps = instance(w.resolution, 'hello', 'web', 0).steps.map((id) => id.replace('hello/web[0]/', ''));
  assert.equal(steps.slice(0, 3), ['bind', 'configure_ports', 'assign_ips']);
  assert.is(steps[steps.length - 1], 'provision/tune');
});

test('a pinned VLAN is used as given; one another infrastructure holds is a problem', async () => {
  const r = await resolveText(webBlueprint({ infra: [] }).replace('network wan { kind = "wan" }', 'network wan { kind = "wan", vlan = 333 }'), demo());
  noProblems(r);
  assert.equal(r.resolution.infrastructures.hello!.networks.map((n) => `${n.vlan} ${n.vlan_source}`), ['333 pinned']);
  const inv = demo();
  inv.infrastructures.push({
    name: 'other', datacenter: 'dc-east', version: 1, blueprint: { path: 'other.mbp', hash: 'x' }, status: 'deployed',
    created_at: new Date(0).toISOString(), updated_at: new Date(0).toISOString(), arrays: [], instances: [],
    networks: [{ name: 'wan', kind: 'wan', vlan: 333 }], subnets: [], outputs: {},
  });
  const taken = await resolveText(webBlueprint().replace('network wan { kind = "wan" }', 'network wan { kind = "wan", vlan = 333 }'), inv);
  assert.equal(taken.problems.map((p) => p.code), ['vlan_in_use']);
  assert.match(taken.problems[0]!.message, /infrastructure other/);
});

test('two infrastructures of one plan never share a VLAN or an overlapping subnet', async () => {
  const text = `${webBlueprint({ name: 'a' })}\n${webBlueprint({ name: 'b' })}`;
  const r = await resolveText(text, demo());
  noProblems(r);
  const a = r.resolution.infrastructures.a!;
  const b = r.resolution.infrastructures.b!;
  assert.is.not(a.networks[0]!.vlan, b.networks[0]!.vlan);
  assert.is.not(a.subnets[0]!.cidr, b.subnets[0]!.cidr);
  const ids = [...serversOf(r.resolution, 'a', 'web'), ...serversOf(r.resolution, 'b', 'web')];
  assert.is(new Set(ids).size, 4);
});

test('a shortage is a problem with allocation\'s message; the unfilled instances are listed without a server', async () => {
  const r = await resolveText(webBlueprint({ type: 'G.48.512.2', count: 10 }), demo());
  assert.equal(r.problems.map((p) => p.code), ['insufficient_servers']);
  assert.match(r.problems[0]!.message, /hello\/web: need 10 G\.48\.512\.2 in dc-east: 8 available/);
  const web = r.resolution.infrastructures.hello!.arrays.web!;
  assert.is(web.instances.length, 10);
  assert.is(web.instances.filter((i) => i.server === null).length, 2);
});

test.run();
