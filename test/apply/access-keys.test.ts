import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { accessKeyFiles, accessKeyPath, openSimulatedHardware, removeAccessKey } from '../../runtime/apply/index.ts';
import { GeneratedAccessKeys, nodeKeyFactory, publicKeyOf, type KeyFactory } from '../../runtime/steps/index.ts';
import { SimulatedWorld, EXAMPLES } from '../e2e/simulated-world.ts';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';

// The deployment's access key outlives the run that made it: stored beside
// the inventory (0600), loaded by every later run, never printed, forgotten
// on a destroy.
const keys = suite('access keys beside the inventory');
let temp: TempDir;
keys.before.each(() => {
  temp = makeTempDir();
});
keys.after.each(() => temp.cleanup());

const live = (): AbortSignal => new AbortController().signal;

/** The node key factory, counting the pairs it makes. */
function countingFactory(): KeyFactory & { made: number } {
  const f = { made: 0, hostKeyPair: (c: string) => (f.made++, nodeKeyFactory.hostKeyPair(c)), token: () => nodeKeyFactory.token() };
  return f;
}

keys('two runs (two GeneratedAccessKeys on one store) see the same key; the second generates none', async () => {
  const first = countingFactory();
  const a = await new GeneratedAccessKeys(first, accessKeyFiles(temp.path)).publicKey('edge', live());
  assert.is(first.made, 1);
  const second = countingFactory();
  const later = new GeneratedAccessKeys(second, accessKeyFiles(temp.path));
  // A re-apply's SSH steps ask for the private half without any prepare_boot in the run.
  assert.match(later.privateKey('edge') ?? '', /OPENSSH PRIVATE KEY/);
  assert.is(await later.publicKey('edge', live()), a);
  assert.is(second.made, 0);
  assert.is(publicKeyOf(later.privateKey('edge')!), a, 'the public half is the private one\'s');
  assert.is(later.privateKey('lab'), undefined, 'no key for an infrastructure nothing installed');

  const file = accessKeyPath(temp.path, 'edge');
  assert.is(fs.statSync(file).mode & 0o777, 0o600);
  assert.is(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
  assert.is(fs.readFileSync(`${file}.pub`, 'utf8'), `${a}\n`);
  removeAccessKey(temp.path, 'edge');
  assert.not.ok(fs.existsSync(file) || fs.existsSync(`${file}.pub`));
  assert.throws(() => accessKeyPath(temp.path, '../inventory.json'), /not an infrastructure name/);
});

keys('parallel askers share one key: in one run, and across two racing runs', async () => {
  const f = countingFactory();
  const one = new GeneratedAccessKeys(f, accessKeyFiles(temp.path));
  const same = await Promise.all([one.publicKey('edge', live()), one.publicKey('edge', live()), one.publicKey('edge', live())]);
  assert.is(new Set(same).size, 1);
  assert.is(f.made, 1);
  // Two runs generating at once: the first to store its key wins, the other adopts it.
  const [x, y] = await Promise.all([new GeneratedAccessKeys(nodeKeyFactory, accessKeyFiles(temp.path)).publicKey('lab', live()), new GeneratedAccessKeys(nodeKeyFactory, accessKeyFiles(temp.path)).publicKey('lab', live())]);
  assert.is(x, y);
  assert.is(publicKeyOf(fs.readFileSync(accessKeyPath(temp.path, 'lab'), 'utf8')), x);
});

keys('negative control: without a store each run makes its own key', async () => {
  const a = await new GeneratedAccessKeys().publicKey('edge', live());
  const b = await new GeneratedAccessKeys().publicKey('edge', live());
  assert.is.not(a, b);
});

keys('mbp apply twice: one key file (0600), kept by the second run, never in the output, the journals or the inventory', async () => {
  const world = new SimulatedWorld(temp.path);
  fs.copyFileSync(path.join(EXAMPLES, 'hello.mbp'), path.join(temp.path, 'hello.mbp'));
  assert.is(world.mbp('inventory', 'init', '--demo').code, 0);
  const first = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0');
  assert.is(first.code, 0, first.stdout + first.stderr);
  const file = path.join(temp.path, '.mbp', 'keys', 'hello');
  assert.is(fs.statSync(file).mode & 0o777, 0o600);
  const privateKey = fs.readFileSync(file, 'utf8');
  const publicKey = fs.readFileSync(`${file}.pub`, 'utf8');
  // A second run that installs another instance uses the stored key.
  const second = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0', '--param', 'web_servers=2');
  assert.is(second.code, 0, second.stdout + second.stderr);
  assert.match(second.stdout, /hello\/web\[1\]\/prepare_boot: done/);
  assert.is(fs.readFileSync(file, 'utf8'), privateKey);
  assert.is(fs.readFileSync(`${file}.pub`, 'utf8'), publicKey);
  // The hardware every `mbp apply` and `mbp destroy` opens hands the stored key to its steps.
  const invPath = path.join(temp.path, '.mbp', 'inventory.json');
  const hardware = await openSimulatedHardware(world.inventory(), invPath, { speed: 0 });
  try {
    assert.is(`${await hardware.stepRuntime.accessKeys.publicKey('hello', live())}\n`, publicKey);
  } finally {
    await hardware.close();
  }
  const secretPart = privateKey.split('\n')[1]!;
  assert.ok(secretPart.length > 40);
  const seen = [first.stdout, first.stderr, second.stdout, second.stderr, ...fs.readdirSync(path.join(temp.path, '.mbp', 'runs')).map((f) => fs.readFileSync(path.join(temp.path, '.mbp', 'runs', f), 'utf8')), fs.readFileSync(path.join(temp.path, '.mbp', 'inventory.json'), 'utf8')];
  for (const text of seen) assert.not.ok(text.includes(secretPart), 'the private key is printed or journaled');
});

keys.run();
