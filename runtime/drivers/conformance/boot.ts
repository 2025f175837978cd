import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BootConfig, BootDriver } from '../boot.ts';
import { abortedSignal, live, rejectsWithAbort, rejectsWithDriverError } from './expect.ts';
import { fixtureSuite, type FixtureContext } from './fixture-suite.ts';

export interface BootFixture {
  readonly driver: BootDriver;
  /** A NIC of a server the driver serves, in lower-case colon form. */
  readonly mac: string;
  /** The server owning `mac` (for iSCSI ACLs). */
  readonly serverId: string;
  /** Another server, for the conflict test. */
  readonly otherServerId: string;
  /** A MAC the driver rejects as unknown, for drivers that know their servers. */
  readonly unknownMac?: string;
  dispose?(): Promise<void>;
}

/** The behaviour every BootDriver must have; returns a uvu suite to `.run()`. */
export function bootConformance(name: string, factory: () => Promise<BootFixture>): Test<FixtureContext<BootFixture>> {
  const { test, use } = fixtureSuite(`boot conformance: ${name}`, factory);
  const config = (mac: string, image = 'ubuntu-24.04'): BootConfig => ({
    mac,
    format: 'ipxe',
    action: 'install',
    image,
    content: `#!ipxe\nkernel http://assets.example/${image}/vmlinuz\nboot\n`,
  });

  test('a boot config reads back, whatever the MAC spelling', async (ctx) => {
    const { driver, mac } = use(ctx);
    assert.is(await driver.readBootConfig(mac, live()), null);
    await driver.writeBootConfig(config(mac.toUpperCase().replaceAll(':', '-')), live());
    assert.equal(await driver.readBootConfig(mac, live()), config(mac));
    await driver.writeBootConfig(config(mac, 'rocky-9'), live());
    assert.is((await driver.readBootConfig(mac.toUpperCase(), live()))?.image, 'rocky-9');
  });

  test('removing a boot config is idempotent', async (ctx) => {
    const { driver, mac } = use(ctx);
    await driver.writeBootConfig(config(mac), live());
    await driver.removeBootConfig(mac, live());
    assert.is(await driver.readBootConfig(mac, live()), null);
    await driver.removeBootConfig(mac, live());
  });

  test('iSCSI targets: create, read back, create again, conflict, delete', async (ctx) => {
    const { driver, serverId, otherServerId } = use(ctx);
    const spec = { name: 'conformance-vol-1', image: 'rocky-9', serverId };
    const created = await driver.createIscsiTarget(spec, live());
    assert.is(created.name, spec.name);
    assert.is(created.image, spec.image);
    assert.is(created.serverId, serverId);
    assert.ok(created.iqn.startsWith('iqn.'), `IQN ${created.iqn} should start with "iqn."`);
    assert.equal(await driver.getIscsiTarget(spec.name, live()), created);
    assert.equal(await driver.createIscsiTarget(spec, live()), created);
    await rejectsWithDriverError(driver.createIscsiTarget({ ...spec, image: 'ubuntu-24.04' }, live()), 'conflict', spec.name);
    await rejectsWithDriverError(driver.createIscsiTarget({ ...spec, serverId: otherServerId }, live()), 'conflict', spec.name);
    await driver.deleteIscsiTarget(spec.name, live());
    assert.is(await driver.getIscsiTarget(spec.name, live()), null);
    await driver.deleteIscsiTarget(spec.name, live());
  });

  test('a completion recorded before the wait is returned', async (ctx) => {
    const { driver, mac } = use(ctx);
    await driver.writeBootConfig(config(mac), live());
    await driver.markInstallComplete({ mac, action: 'install', image: 'ubuntu-24.04', ok: true }, live());
    const completion = await driver.waitInstallComplete(mac, live());
    assert.is(completion.mac, mac);
    assert.is(completion.image, 'ubuntu-24.04');
    assert.is(completion.ok, true);
  });

  test('a wait resolves on the next completion; a new config forgets the old one', async (ctx) => {
    const { driver, mac } = use(ctx);
    await driver.writeBootConfig(config(mac), live());
    await driver.markInstallComplete({ mac, action: 'install', image: 'first', ok: true }, live());
    await driver.writeBootConfig(config(mac, 'second'), live());
    const waiting = driver.waitInstallComplete(mac, live());
    await driver.markInstallComplete({ mac, action: 'install', image: 'second', ok: false, detail: 'disk full' }, live());
    const completion = await waiting;
    assert.is(completion.image, 'second');
    assert.is(completion.ok, false);
    assert.is(completion.detail, 'disk full');
  });

  test('waiting for a completion is abortable', async (ctx) => {
    const { driver, mac } = use(ctx);
    await driver.writeBootConfig(config(mac), live());
    const controller = new AbortController();
    const waiting = driver.waitInstallComplete(mac, controller.signal);
    controller.abort();
    await rejectsWithAbort(waiting);
    await rejectsWithAbort(driver.writeBootConfig(config(mac), abortedSignal()));
  });

  test('an unknown MAC fails with unknown-target naming it', async (ctx) => {
    const { driver, unknownMac } = use(ctx);
    if (unknownMac === undefined) return;
    await rejectsWithDriverError(driver.writeBootConfig(config(unknownMac), live()), 'unknown-target', unknownMac);
    await rejectsWithDriverError(driver.waitInstallComplete(unknownMac, live()), 'unknown-target', unknownMac);
  });

  return test;
}
