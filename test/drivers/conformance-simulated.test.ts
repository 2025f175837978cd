import { bmcConformance, bootConformance, switchConformance } from '../../runtime/drivers/conformance/index.ts';
import { tempDatacenter } from './sim-fixture.ts';

// Each test gets a fresh datacenter in a fresh temp dir, at speed 0.
const openDatacenter = () =>
  tempDatacenter({
    speed: 0,
    topology: {
      servers: [
        { id: 'srv-1', macs: ['52:54:00:00:00:01', '52:54:00:00:01:01'] },
        { id: 'srv-2', macs: ['52:54:00:00:00:02'] },
      ],
      switches: [{ id: 'leaf-1', ports: ['Ethernet1', 'Ethernet2'] }],
    },
  });

bmcConformance('simulated', async () => {
  const { dc, dispose } = await openDatacenter();
  return { driver: dc.bmc, target: { serverId: 'srv-1' }, unknownTarget: { serverId: 'srv-404' }, dispose };
}).run();

bootConformance('simulated', async () => {
  const { dc, dispose } = await openDatacenter();
  return { driver: dc.boot, mac: '52:54:00:00:00:01', serverId: 'srv-1', otherServerId: 'srv-2', unknownMac: '52:54:00:ff:ff:ff', dispose };
}).run();

switchConformance('simulated', async () => {
  const { dc, dispose } = await openDatacenter();
  return {
    driver: dc.switch,
    port: { switchId: 'leaf-1', port: 'Ethernet1' },
    unknownPort: { switchId: 'leaf-1', port: 'Ethernet99' },
    unknownSwitch: { switchId: 'spine-9', port: 'Ethernet1' },
    dispose,
  };
}).run();
