import type { BootDriver, NetbootCompletion } from '../drivers/index.ts';

/**
 * The first completion signal from any of the server's NICs (the firmware
 * netboots from whichever NIC has a config first). The caller's signal is
 * the watchdog; the waits on the other NICs are dropped once one answers.
 */
export async function firstCompletion(boot: BootDriver, macs: readonly string[], signal: AbortSignal): Promise<NetbootCompletion> {
  if (macs.length === 0) throw new RangeError('a server with no NIC cannot netboot');
  const local = new AbortController();
  const both = AbortSignal.any([signal, local.signal]);
  const waits = macs.map((mac) => boot.waitInstallComplete(mac, both));
  try {
    return await Promise.race(waits);
  } finally {
    local.abort();
    for (const w of waits) w.catch(() => undefined);
  }
}
