import { T } from '../types.ts';
import { defineStep, param, sshTarget } from './define-step.ts';

const user = param('user', T.string, 'Remote user to log in as.', { default: 'root' });
const port = param('port', T.int, 'SSH port.', { default: 22 });
const hostKey = param(
  'host_key',
  T.string,
  'Expected host key (`ssh-ed25519 AAAA...`) of a host that is not an instance; instances use the key pinned at install. An unknown or changed key fails the step.',
);

export const sshExec = defineStep({
  name: 'std.ssh.exec',
  params: [
    sshTarget(),
    param('command', T.string, 'The command line, run by the remote login shell.', { required: true, positional: true }),
    user,
    port,
    param('env', T.map(T.string), 'Environment variables set for the command.', { default: {} }),
    param('stdin', T.string, 'Text written to the command\'s standard input.'),
    param('allowed_exit_codes', T.list(T.int), 'Exit codes that count as success; any other fails the step.', { default: [0] }),
    hostKey,
  ],
  outputs: {
    exit_code: { type: T.int, optional: false, doc: 'The command\'s exit status.' },
    stdout: { type: T.string, optional: false, doc: 'Standard output, with every secret masked.' },
    stderr: { type: T.string, optional: false, doc: 'Standard error.' },
  },
  doc: 'Runs a shell command over SSH on an instance or another host, authenticating with the deployment\'s access key. The step fails when the exit code is not in `allowed_exit_codes`. Not idempotent: a command interrupted by a killed run is not re-run on resume; the user is told to check it.',
  example: 'step tune = std.ssh.exec(node, "sysctl -w vm.swappiness=1")',
  idempotent: false,
  resource: 'ssh',
  waitsOnly: false,
});

export const sshCopy = defineStep({
  name: 'std.ssh.copy',
  params: [
    sshTarget(),
    param('destination', T.string, 'Absolute path of the file on the target.', { required: true, positional: true }),
    param('source_file', T.string, 'A local file, relative to the blueprint\'s directory.'),
    param('content', T.string, 'Inline content (e.g. `render(file(...), {...})`).'),
    param('source_url', T.string, 'An HTTP(S) URL the runtime downloads and uploads.'),
    param('sha256', T.string, 'Expected SHA-256 (hex) of the source; a mismatch fails before anything is written.'),
    param('if_exists', T.string, 'What to do when the destination already exists.', { default: 'overwrite', enum: 'if_exists' }),
    param('mode', T.string, 'Octal permission bits, e.g. `"0640"`.', { default: '0644' }),
    param('owner', T.string, 'Owner as `user` or `user:group`; default: the login user.'),
    user,
    port,
    hostKey,
  ],
  groups: [
    {
      members: ['source_file', 'content', 'source_url'],
      rule: 'exactly-one',
      doc: 'The source is exactly one of a local file, inline content, or an HTTP URL.',
    },
  ],
  outputs: {
    path: { type: T.string, optional: false, doc: 'The destination path.' },
    size: { type: T.size, optional: false, doc: 'Size of the file on the target afterwards.' },
    sha256: { type: T.string, optional: false, doc: 'SHA-256 (hex) of the source content.' },
    changed: { type: T.bool, optional: false, doc: 'Whether the file was written (false when `if_exists` kept it).' },
  },
  doc: 'Copies a file to an instance or another host over SSH (SFTP). The source is a local file, inline content or an HTTP(S) URL; `if_exists` decides what happens when the destination exists (`error`, `overwrite` — the default —, `if-size-differs`, `ignore`). The file is written to a temporary name and renamed, so a killed run never leaves half a file and re-running is safe.',
  example: 'step motd = std.ssh.copy(node, "/etc/motd", content = "managed by mbp\\n", mode = "0644")',
  idempotent: true,
  resource: 'ssh',
  waitsOnly: false,
});

export const SSH_STEPS = [sshExec, sshCopy] as const;
