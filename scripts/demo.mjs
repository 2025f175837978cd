// `npm run demo`: provisions examples/hello.mbp on the simulated datacenter
// in .mbp/demo/ (created on first use; git ignores .mbp/) and prints its outputs. No set-up
// beyond `npm ci`; run it again and the apply finds nothing to change.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(root, 'cli', 'bin', 'mbp.js');
const inventory = path.join('.mbp', 'demo', 'inventory.json');
const env = { ...process.env, MBP_INVENTORY: inventory };

const bold = process.stdout.isTTY && !process.env.NO_COLOR ? (t) => `\x1b[1m${t}\x1b[0m` : (t) => t;

function step(title, args) {
  process.stdout.write(`\n${bold(`$ mbp ${args.join(' ')}`)}   # ${title}\n`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`\ndemo: \`mbp ${args.join(' ')}\` exited with ${r.status ?? r.signal}\n`);
    process.exit(r.status ?? 1);
  }
}

if (!fs.existsSync(path.join(root, inventory))) step('a simulated datacenter: 2 sites, 72 servers', ['inventory', 'init', '--demo']);
step('compile, resolve, provision (simulated hardware, 1000x real time)', ['apply', 'examples/hello.mbp', '--auto-approve', '--speed', '0.001']);
step('what the apply recorded', ['output']);
step('the run journal', ['runs']);
process.stdout.write(
  `\nDone. The inventory, the simulated hardware state and the run journals are in .mbp/demo/.\n` +
    `Try: MBP_INVENTORY=${inventory} npm run mbp -- apply examples/hello.mbp --param web_servers=3 --auto-approve\n` +
    `     MBP_INVENTORY=${inventory} npm run mbp -- destroy hello --auto-approve\n`,
);
