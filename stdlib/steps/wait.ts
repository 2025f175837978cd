import { T } from '../types.ts';
import { defineStep, param, sshTarget } from './define-step.ts';

const interval = param('interval', T.duration, 'Time between attempts.', { default: 10_000 });
const timeout = param('timeout', T.duration, 'Give up (and fail the step) after this long.', { default: 600_000 });
const attempts = { type: T.int, optional: false, doc: 'How many probes were made.' } as const;
const elapsed = { type: T.duration, optional: false, doc: 'How long the wait took.' } as const;

export const waitDuration = defineStep({
  name: 'std.wait.duration',
  params: [param('duration', T.duration, 'How long to wait.', { required: true, positional: true })],
  outputs: { elapsed },
  doc: 'Waits for a fixed time, e.g. for a switch to converge. Holds no executor slot. On resume after a kill, the whole wait is done again.',
  example: 'step settle = std.wait.duration(30s)',
  idempotent: true,
  resource: 'none',
  waitsOnly: true,
});

export const waitUntilHttp = defineStep({
  name: 'std.wait.until_http',
  params: [
    param('url', T.string, 'The URL to poll with GET.', { required: true, positional: true }),
    param('expect_status', T.list(T.int), 'Status codes that end the wait.', { default: [200] }),
    interval,
    timeout,
    param('ca', T.string, 'PEM bundle of extra certificate authorities to trust.'),
  ],
  outputs: {
    status: { type: T.int, optional: false, doc: 'The status that ended the wait.' },
    attempts,
    elapsed,
  },
  doc: 'Polls a URL until it answers with an expected status, or fails after `timeout`. Connection errors count as "not yet". Holds no executor slot between probes.',
  example: 'step api_up = std.wait.until_http("https://${vips.address}:6443/healthz", timeout = 15m)',
  idempotent: true,
  resource: 'none',
  waitsOnly: true,
});

export const waitUntilSsh = defineStep({
  name: 'std.wait.until_ssh',
  params: [sshTarget('The host to probe: an instance, or an address or DNS name.'), param('port', T.int, 'SSH port.', { default: 22 }), interval, timeout],
  outputs: { attempts, elapsed },
  doc: 'Waits until a host accepts SSH connections with its expected host key (pinned for instances), e.g. after a reboot. Holds no executor slot between probes.',
  example: 'step back = std.wait.until_ssh(node, timeout = 10m)',
  idempotent: true,
  resource: 'none',
  waitsOnly: true,
});

export const WAIT_STEPS = [waitDuration, waitUntilHttp, waitUntilSsh] as const;
