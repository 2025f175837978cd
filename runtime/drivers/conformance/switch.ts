import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PortRef, SwitchDriver } from '../switch.ts';
import { abortedSignal, live, rejectsWithAbort, rejectsWithDriverError } from './expect.ts';
import { fixtureSuite, type FixtureContext } from './fixture-suite.ts';

export interface SwitchFixture {
  readonly driver: SwitchDriver;
  /** A port the suite may reconfigure. */
  readonly port: PortRef;
  /** A switch the driver knows, with a port name it does not have. */
  readonly unknownPort: PortRef;
  /** A switch the driver does not know. */
  readonly unknownSwitch: PortRef;
  dispose?(): Promise<void>;
}

/** The behaviour every SwitchDriver must have; returns a uvu suite to `.run()`. */
export function switchConformance(name: string, factory: () => Promise<SwitchFixture>): Test<FixtureContext<SwitchFixture>> {
  const { test, use } = fixtureSuite(`switch conformance: ${name}`, factory);

  test('VLAN membership reads back, tagged VLANs sorted', async (ctx) => {
    const { driver, port } = use(ctx);
    await driver.setPortVlans(port, { untagged: 120, tagged: [310, 205] }, live());
    const state = await driver.getPortState(port, live());
    assert.is(state.untagged, 120);
    assert.equal(state.tagged, [205, 310]);
  });

  test('setting VLANs replaces the previous membership', async (ctx) => {
    const { driver, port } = use(ctx);
    await driver.setPortVlans(port, { untagged: 120, tagged: [205] }, live());
    await driver.setPortVlans(port, { untagged: null, tagged: [400] }, live());
    const state = await driver.getPortState(port, live());
    assert.is(state.untagged, null);
    assert.equal(state.tagged, [400]);
  });

  test('admin state reads back and does not touch VLANs', async (ctx) => {
    const { driver, port } = use(ctx);
    await driver.setPortVlans(port, { untagged: 130, tagged: [] }, live());
    await driver.setPortAdmin(port, false, live());
    let state = await driver.getPortState(port, live());
    assert.is(state.adminUp, false);
    assert.is(state.untagged, 130);
    await driver.setPortAdmin(port, true, live());
    state = await driver.getPortState(port, live());
    assert.is(state.adminUp, true);
  });

  test('invalid VLAN ids are rejected and leave the port alone', async (ctx) => {
    const { driver, port } = use(ctx);
    await driver.setPortVlans(port, { untagged: 120, tagged: [] }, live());
    await rejectsWithDriverError(driver.setPortVlans(port, { untagged: 0, tagged: [] }, live()), 'invalid-argument', '0');
    await rejectsWithDriverError(driver.setPortVlans(port, { untagged: null, tagged: [4095] }, live()), 'invalid-argument', '4095');
    await rejectsWithDriverError(driver.setPortVlans(port, { untagged: 7, tagged: [7] }, live()), 'invalid-argument', '7');
    assert.is((await driver.getPortState(port, live())).untagged, 120);
  });

  test('an unknown switch or port fails with unknown-target naming it', async (ctx) => {
    const { driver, unknownPort, unknownSwitch } = use(ctx);
    await rejectsWithDriverError(driver.getPortState(unknownPort, live()), 'unknown-target', unknownPort.port);
    await rejectsWithDriverError(driver.setPortAdmin(unknownPort, false, live()), 'unknown-target', unknownPort.port);
    await rejectsWithDriverError(driver.setPortVlans(unknownPort, { untagged: 10, tagged: [] }, live()), 'unknown-target', unknownPort.port);
    await rejectsWithDriverError(driver.getPortState(unknownSwitch, live()), 'unknown-target', unknownSwitch.switchId);
  });

  test('an aborted call rejects with AbortError and changes nothing', async (ctx) => {
    const { driver, port } = use(ctx);
    await driver.setPortAdmin(port, true, live());
    await rejectsWithAbort(driver.setPortAdmin(port, false, abortedSignal()));
    assert.is((await driver.getPortState(port, live())).adminUp, true);
  });

  return test;
}
