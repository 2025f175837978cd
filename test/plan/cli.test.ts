import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryFileSystem } from '../../compiler/sources/index.ts';
import { planSchemaProblems } from '../../compiler/plan/index.ts';
import { runCli } from '../cli/cli-harness.ts';
import { arrayBlueprint } from '../support/index.ts';

const BLUEPRINT = arrayBlueprint({ head: '\nparam web_servers: int = 1\n', infrastructure: 'hello', count: 'web_servers' });

const files = { '/proj/main.mbp': BLUEPRINT, '/proj/broken.mbp': 'infrastructure x {\n  datacenter = nowhere\n}\n', '/proj/prod.json': '{ "web_servers": 4 }' };

/** A memory file system `-o` can write to. */
class WritableFs extends MemoryFileSystem {
  writeFile(file: string, text: string): void {
    this.set(file, text);
  }
}

test('mbp compile writes the plan on stdout, nothing on stderr', async () => {
  const r = await runCli(['compile', 'main.mbp'], { files });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, '');
  const plan = JSON.parse(r.stdout);
  assert.equal(planSchemaProblems(plan), []);
  assert.is(plan.blueprint.path, 'main.mbp');
  assert.is(plan.infrastructures.hello.arrays.web.count, 1);
});

test('mbp compile --param and --params set param values (a flag wins over the file)', async () => {
  const fromFile = JSON.parse((await runCli(['compile', 'main.mbp', '--params', 'prod.json'], { files })).stdout);
  assert.is(fromFile.infrastructures.hello.arrays.web.count, 4);
  const both = JSON.parse((await runCli(['compile', 'main.mbp', '--params', 'prod.json', '--param', 'web_servers=2'], { files })).stdout);
  assert.is(both.infrastructures.hello.arrays.web.count, 2);
  assert.equal(both.params.web_servers, { type: 'int', value: 2, given: true });
});

test('mbp compile with errors prints them on stderr, writes no plan, and exits 1', async () => {
  const r = await runCli(['compile', 'broken.mbp'], { files });
  assert.is(r.code, 1);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /error\[MBP2001\]/);
  const bad = await runCli(['compile', 'main.mbp', '--param', 'web_servers=many'], { files });
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /MBP2060/);
});

test('mbp compile --format json reports diagnostics as the JSON document on stderr', async () => {
  const r = await runCli(['compile', '--format', 'json', 'broken.mbp'], { files });
  assert.is(r.code, 1);
  const report = JSON.parse(r.stderr);
  assert.is(report.valid, false);
  assert.is(report.diagnostics[0].code, 'MBP2001');
});

test('mbp compile -o FILE writes the file and says so', async () => {
  const fs = new WritableFs(files);
  const r = await runCli(['compile', 'main.mbp', '-o', 'out/plan.json'], { fs });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Wrote out\/plan\.json: 1 infrastructure, 11 steps to deploy, 3 steps to destroy\.\n$/);
  const written = new TextDecoder().decode(fs.readFile('/proj/out/plan.json'));
  assert.is(JSON.parse(written).format_version, '1');
  const same = await runCli(['compile', 'main.mbp'], { fs });
  assert.is(same.stdout, written, 'the file holds exactly what stdout would');
});

test('mbp compile -o on a file system that cannot be written fails clearly', async () => {
  const r = await runCli(['compile', 'main.mbp', '-o', 'plan.json'], { files });
  assert.is(r.code, 1);
  assert.match(r.stderr, /mbp compile: cannot write plan\.json: this file system cannot be written to/);
});

test('usage errors: a malformed --param, a missing file argument, an unknown graph format', async () => {
  assert.is((await runCli(['compile', 'main.mbp', '--param', 'oops'], { files })).code, 64);
  assert.is((await runCli(['compile'], { files })).code, 64);
  const g = await runCli(['graph', 'main.mbp', '--format', 'svg'], { files });
  assert.is(g.code, 64);
  assert.match(g.stderr, /dot, mermaid, json/);
});

test('mbp graph draws DOT by default, Mermaid and JSON on request, the destroy DAG with --destroy', async () => {
  const dot = await runCli(['graph', 'main.mbp'], { files });
  assert.is(dot.code, 0, dot.stderr);
  assert.match(dot.stdout, /^digraph deploy \{/);
  assert.match(dot.stdout, /"hello\/web\[0\]\/bind" -> "hello\/web\[0\]\/configure_ports";/);
  const mmd = await runCli(['graph', '--format', 'mermaid', '--destroy', 'main.mbp'], { files });
  assert.match(mmd.stdout, /^flowchart TD\n/);
  assert.match(mmd.stdout, /release<br\/>mbp\.instance\.release/);
  const json = JSON.parse((await runCli(['graph', '--format', 'json', 'main.mbp', '--param', 'web_servers=2'], { files })).stdout);
  assert.ok(json.nodes.some((n: { id: string }) => n.id === 'hello/web[1]/install_os'));
  const broken = await runCli(['graph', 'broken.mbp'], { files });
  assert.equal([broken.code, broken.stdout], [1, '']);
});

test('compile and graph have help with examples', async () => {
  for (const cmd of ['compile', 'graph']) {
    const r = await runCli([cmd, '--help'], { files });
    assert.is(r.code, 0);
    assert.match(r.stdout, /Examples:/);
    assert.match(r.stdout, /--param <name=value>/);
  }
});

test.run();
