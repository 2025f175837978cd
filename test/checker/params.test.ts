import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkFiles, type CheckOptions } from '../../compiler/index.ts';
import { coerceJson, coerceText, paramInputs, parseParamFlag } from '../../compiler/params/index.ts';
import { MemoryFileSystem } from '../../compiler/sources/index.ts';
import { T } from '../../stdlib/index.ts';
import { runCli } from '../cli/cli-harness.ts';

const BLUEPRINT = `param workers: int { default = 4, min = 1, max = 64 }
param pool: cidr
param tags: list(string) = []
param wait: duration = 30s
param mode: string { default = "fast", allowed = ["fast", "slow"] }

infrastructure edge {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  subnet lan { network = wan, pool = pool }
  instance_array web {
    server_type = "M.8.32.2"
    count       = workers - 2
    template    = std.os.ubuntu_2404
    tags        = tags
    port 0 { network = wan }
  }
}
`;

function check(options: CheckOptions, extra: Record<string, string> = {}) {
  const fs = new MemoryFileSystem({ '/p/main.mbp': BLUEPRINT, ...extra });
  const result = checkFiles(fs, ['/p/main.mbp'], options);
  return result.diagnostics.filter((d) => d.code.startsWith('MBP2')).map((d) => ({ code: d.code, at: BLUEPRINT.slice(d.range.start, d.range.end), message: d.message, help: d.help, file: d.file }));
}

test('flag text is read as the declared type', () => {
  assert.equal(coerceText(T.int, '5'), { ok: true, value: 5 });
  assert.equal(coerceText(T.int, '-5'), { ok: true, value: -5 });
  assert.equal(coerceText(T.duration, '1h30m'), { ok: true, value: 5_400_000 });
  assert.equal(coerceText(T.size, '2GiB'), { ok: true, value: 2 * 1024 ** 3 });
  assert.equal(coerceText(T.cidr, '10.0.0.0/16'), { ok: true, value: '10.0.0.0/16' });
  assert.equal(coerceText(T.ip, '2001:db8:0:0::1'), { ok: true, value: '2001:db8::1' });
  assert.equal(coerceText(T.bool, 'true'), { ok: true, value: true });
  assert.equal(coerceText(T.string, 'a b=c'), { ok: true, value: 'a b=c' });
  assert.equal(coerceText(T.list(T.string), '["a","b"]'), { ok: true, value: ['a', 'b'] });
  assert.equal(coerceText(T.map(T.int), '{"a":1}'), { ok: true, value: { a: 1 } });
  assert.equal(coerceText(T.object({ n: T.int, d: T.duration }), '{"n":1,"d":"2m"}'), { ok: true, value: { n: 1, d: 120_000 } });
});

test('flag text that is not of the type says why', () => {
  const reason = (r: ReturnType<typeof coerceText>): string => (r.ok ? 'ok' : r.reason);
  assert.match(reason(coerceText(T.int, 'five')), 'whole number');
  assert.match(reason(coerceText(T.int, '5s')), 'whole number');
  assert.match(reason(coerceText(T.cidr, '10.0.0.1/16')), 'host bits');
  assert.match(reason(coerceText(T.duration, '30sec')), 'unknown unit');
  assert.match(reason(coerceText(T.list(T.ip), '["10.0.0.1","x"]')), 'at [1]');
  assert.match(reason(coerceText(T.list(T.string), 'a,b')), 'JSON');
  assert.match(reason(coerceText(T.object({ n: T.int }), '{"n":1,"m":2}')), 'unexpected field "m"');
  assert.match(reason(coerceText(T.object({ n: T.int }), '{}')), 'missing field "n"');
});

test('JSON values from a params file: numbers or language text for durations and sizes', () => {
  assert.equal(coerceJson(T.duration, 1500, ''), { ok: true, value: 1500 });
  assert.equal(coerceJson(T.duration, '2s', ''), { ok: true, value: 2000 });
  assert.equal(coerceJson(T.int, 1.5, '').ok, false);
  assert.equal(coerceJson(T.string, 5, '').ok, false);
  assert.equal(coerceJson(T.map(T.list(T.int)), { a: [1, 2] }, ''), { ok: true, value: { a: [1, 2] } });
});

test('a flag is NAME=VALUE; the value may hold more = signs', () => {
  assert.equal(parseParamFlag('a=b=c'), { name: 'a', text: 'b=c' });
  assert.equal(parseParamFlag('tags=[]'), { name: 'tags', text: '[]' });
  assert.throws(() => parseParamFlag('novalue'), /NAME=VALUE/);
  assert.throws(() => parseParamFlag('=1'), /NAME=VALUE/);
  assert.throws(() => parseParamFlag('not-a-name=1'), /not a param name/);
  const inputs = paramInputs(['a=1', 'a=2'], { path: '/p.json', values: { a: 0, b: 1 } });
  assert.equal([...inputs.values.keys()].sort(), ['a', 'b']);
  assert.equal(inputs.values.get('a'), { origin: 'flag', name: 'a', text: '2' });
});

test('without values, a param without a default is not an error (an editor checks without them)', () => {
  assert.equal(check({}), []);
});

test('with values, a param with neither a default nor a value is an error at its name', () => {
  const got = check({ paramFlags: ['workers=5'] });
  assert.equal(got.map((d) => [d.code, d.at]), [['MBP2033', 'pool']]);
});

test('given values fold into constants: bounds, enums and constraints see them', () => {
  const got = check({ paramFlags: ['pool=10.0.0.0/16', 'workers=1'] });
  // workers - 2 = -1 is below count's minimum of 0.
  assert.equal(got.map((d) => [d.code, d.at]), [['MBP2055', 'workers - 2']]);
  const over = check({ paramFlags: ['pool=10.0.0.0/16', 'workers=100'] });
  assert.equal(over.map((d) => [d.code, d.at]), [['MBP2055', 'workers']]);
  assert.match(over[0]!.message, 'the value given for param `workers` must be between 1 and 64, got 100');
  const mode = check({ paramFlags: ['pool=10.0.0.0/16', 'mode=fats'] });
  assert.equal(mode.map((d) => d.code), ['MBP2056']);
});

test('an unknown param name and an unreadable value are errors', () => {
  const got = check({ paramFlags: ['pool=10.0.0.0/16', 'workrs=2', 'wait=forever'] });
  assert.equal(got.map((d) => d.code).sort(), ['MBP2032', 'MBP2060']);
  const unknown = got.find((d) => d.code === 'MBP2032')!;
  assert.match(unknown.help ?? '', 'did you mean `workers`?');
  const bad = got.find((d) => d.code === 'MBP2060')!;
  assert.is(bad.at, 'wait');
  assert.match(bad.message, 'not duration');
});

test('a params file: values by name, flags win, problems reported against the file', () => {
  const file = { '/p/prod.json': JSON.stringify({ pool: '10.1.0.0/16', workers: 3, tags: ['a', 'b'] }) };
  assert.equal(check({ paramsFile: '/p/prod.json' }, file), []);
  assert.equal(check({ paramsFile: '/p/prod.json', paramFlags: ['workers=100'] }, file).map((d) => d.code), ['MBP2055']);
  const broken = check({ paramsFile: '/p/bad.json' }, { '/p/bad.json': '{ "pool": ' });
  assert.ok(broken.some((d) => d.code === 'MBP2034' && d.file === '/p/bad.json' && /not valid JSON/.test(d.message)));
  const notObject = check({ paramsFile: '/p/list.json' }, { '/p/list.json': '[1]' });
  assert.ok(notObject.some((d) => d.code === 'MBP2034' && /JSON object/.test(d.message)));
  const missing = check({ paramsFile: '/p/none.json' });
  assert.ok(missing.some((d) => d.code === 'MBP2034' && /no such file/.test(d.message)));
  const unknown = check({ paramsFile: '/p/u.json' }, { '/p/u.json': '{ "pool": "10.0.0.0/8", "nope": 1 }' });
  assert.equal(unknown.map((d) => [d.code, d.file]), [['MBP2032', '/p/u.json']]);
});

test('mbp check --param / --params: values reach the checker; a malformed flag is a usage error', async () => {
  const files = { '/proj/main.mbp': BLUEPRINT, '/proj/v.json': '{ "pool": "10.0.0.0/16" }' };
  const ok = await runCli(['check', '--params', 'v.json', '--param', 'workers=5', 'main.mbp'], { files });
  assert.is(ok.code, 0, ok.stdout + ok.stderr);
  const missing = await runCli(['check', '--param', 'workers=5', 'main.mbp'], { files });
  assert.is(missing.code, 1);
  assert.match(missing.stdout, 'MBP2033');
  const usage = await runCli(['check', '--param', 'workers', 'main.mbp'], { files });
  assert.is(usage.code, 64);
  assert.match(usage.stderr, 'NAME=VALUE');
});

test.run();
