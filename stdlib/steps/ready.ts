import { T } from '../types.ts';
import { defineStep, param } from './define-step.ts';

/*
 * Readiness checks are written as an os_template's `ready` attribute and run
 * by `std.provision.wait_ready`; they are catalogued with the steps because
 * they share the call syntax, the argument checking and the run-time handler
 * slot.
 */

export const readySsh = defineStep({
  name: 'std.ready.ssh',
  params: [
    param('port', T.int, 'The SSH port to probe.', { default: 22, positional: true }),
    param('timeout', T.duration, 'Watchdog: the instance fails when it is not ready by then.', { default: 1_200_000, positional: true }),
  ],
  outputs: { elapsed: { type: T.duration, optional: false, doc: 'Time until the OS answered.' } },
  doc: 'The OS is ready when its SSH port answers with the host key pinned at install time (a different key fails at once: the wrong machine answered).',
  example: 'ready = std.ready.ssh(port = 22, timeout = 20m)',
  idempotent: true,
  resource: 'none',
  waitsOnly: true,
  context: 'ready',
});

export const readyCallback = defineStep({
  name: 'std.ready.callback',
  params: [
    param('timeout', T.duration, 'Watchdog: the instance fails when no callback arrives by then.', { default: 1_800_000, positional: true }),
  ],
  outputs: {
    elapsed: { type: T.duration, optional: false, doc: 'Time until the callback arrived.' },
    payload: { type: T.map(T.string), optional: false, doc: 'Form or JSON fields the OS sent with the callback.' },
  },
  doc: 'The OS is ready when it calls the runtime\'s callback URL with its one-time token (the `callback_url` and `callback_token` template variables), e.g. from a cloud-init `phone_home` or a kickstart `%post`. For images without SSH.',
  example: 'ready = std.ready.callback(timeout = 30m)',
  idempotent: true,
  resource: 'none',
  waitsOnly: true,
  context: 'ready',
});

export const READY_CHECKS = [readySsh, readyCallback] as const;
