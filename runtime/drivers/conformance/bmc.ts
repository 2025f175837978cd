import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BmcDriver, BmcTarget } from '../bmc.ts';
import { abortedSignal, live, rejectsWithAbort, rejectsWithDriverError } from './expect.ts';
import { fixtureSuite, type FixtureContext } from './fixture-suite.ts';

export interface BmcFixture {
  readonly driver: BmcDriver;
  /** A server the driver controls; the suite powers it on and off. */
  readonly target: BmcTarget;
  /** A server the driver does not know. */
  readonly unknownTarget: BmcTarget;
  dispose?(): Promise<void>;
}

/**
 * The behaviour every BmcDriver must have. Returns a uvu suite; call
 * `.run()` on it. The factory is called before each test with a fresh
 * server (no injected faults).
 */
export function bmcConformance(name: string, factory: () => Promise<BmcFixture>): Test<FixtureContext<BmcFixture>> {
  const { test, use } = fixtureSuite(`bmc conformance: ${name}`, factory);

  test('power on then status is on, power off then off', async (ctx) => {
    const { driver, target } = use(ctx);
    await driver.powerOn(target, live());
    assert.is(await driver.powerStatus(target, live()), 'on');
    await driver.powerOff(target, live());
    assert.is(await driver.powerStatus(target, live()), 'off');
  });

  test('power on and off are idempotent', async (ctx) => {
    const { driver, target } = use(ctx);
    await driver.powerOn(target, live());
    await driver.powerOn(target, live());
    assert.is(await driver.powerStatus(target, live()), 'on');
    await driver.powerOff(target, live());
    await driver.powerOff(target, live());
    assert.is(await driver.powerStatus(target, live()), 'off');
  });

  test('power cycle leaves the server on, from on and from off', async (ctx) => {
    const { driver, target } = use(ctx);
    await driver.powerOff(target, live());
    await driver.powerCycle(target, live());
    assert.is(await driver.powerStatus(target, live()), 'on');
    await driver.powerCycle(target, live());
    assert.is(await driver.powerStatus(target, live()), 'on');
  });

  test('a persistent boot device reads back and survives a power cycle', async (ctx) => {
    const { driver, target } = use(ctx);
    await driver.setBootDevice(target, { device: 'pxe', persistent: true }, live());
    assert.equal(await driver.getBootDevice(target, live()), { device: 'pxe', persistent: true });
    await driver.powerCycle(target, live());
    assert.equal(await driver.getBootDevice(target, live()), { device: 'pxe', persistent: true });
    await driver.setBootDevice(target, { device: 'iscsi', persistent: true }, live());
    assert.equal(await driver.getBootDevice(target, live()), { device: 'iscsi', persistent: true });
  });

  test('a one-time boot device applies to one boot, then the persistent one is back', async (ctx) => {
    const { driver, target } = use(ctx);
    await driver.setBootDevice(target, { device: 'disk', persistent: true }, live());
    await driver.setBootDevice(target, { device: 'pxe', persistent: false }, live());
    assert.equal(await driver.getBootDevice(target, live()), { device: 'pxe', persistent: false });
    await driver.powerCycle(target, live());
    // The override is consumed as the server boots; give a slow device a moment.
    let setting = await driver.getBootDevice(target, live());
    for (let i = 0; i < 50 && setting.device === 'pxe'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      setting = await driver.getBootDevice(target, live());
    }
    assert.equal(setting, { device: 'disk', persistent: true });
  });

  test('virtual media: insert, read back, eject', async (ctx) => {
    const { driver, target } = use(ctx);
    const image = 'http://images.example/rescue.iso';
    await driver.insertVirtualMedia(target, image, live());
    assert.is(await driver.getVirtualMedia(target, live()), image);
    await driver.ejectVirtualMedia(target, live());
    assert.is(await driver.getVirtualMedia(target, live()), null);
    await driver.ejectVirtualMedia(target, live());
  });

  test('every call on an unknown server fails with unknown-target naming it', async (ctx) => {
    const { driver, unknownTarget: t } = use(ctx);
    const id = t.serverId;
    await rejectsWithDriverError(driver.powerOn(t, live()), 'unknown-target', id);
    await rejectsWithDriverError(driver.powerOff(t, live()), 'unknown-target', id);
    await rejectsWithDriverError(driver.powerCycle(t, live()), 'unknown-target', id);
    await rejectsWithDriverError(driver.powerStatus(t, live()), 'unknown-target', id);
    await rejectsWithDriverError(driver.setBootDevice(t, { device: 'pxe', persistent: true }, live()), 'unknown-target', id);
    await rejectsWithDriverError(driver.getBootDevice(t, live()), 'unknown-target', id);
    await rejectsWithDriverError(driver.insertVirtualMedia(t, 'http://x/y.iso', live()), 'unknown-target', id);
    await rejectsWithDriverError(driver.ejectVirtualMedia(t, live()), 'unknown-target', id);
    await rejectsWithDriverError(driver.getVirtualMedia(t, live()), 'unknown-target', id);
  });

  test('an aborted call rejects with AbortError and changes nothing', async (ctx) => {
    const { driver, target } = use(ctx);
    await driver.powerOff(target, live());
    await rejectsWithAbort(driver.powerOn(target, abortedSignal()));
    assert.is(await driver.powerStatus(target, live()), 'off');
    await driver.setBootDevice(target, { device: 'disk', persistent: true }, live());
    await rejectsWithAbort(driver.setBootDevice(target, { device: 'pxe', persistent: true }, abortedSignal()));
    assert.equal(await driver.getBootDevice(target, live()), { device: 'disk', persistent: true });
  });

  return test;
}
