import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderDot, renderGraphJson, renderMermaid, stepGraph, type GraphCluster } from '../../compiler/plan/index.ts';
import { planOf } from '../lower/helpers.ts';

const BLUEPRINT = `
infrastructure dc {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  instance_array web {
    server_type = "M.8.32.2"
    count       = 2
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
    on deprovision run w(tag = "bye \\"quoted\\"")
  }
  on pre_deploy  run w(tag = "pre")
  on post_deploy run w(tag = "post")
}
workflow w(tag: string) {
  step one = std.http.request("https://x.example/\${tag}")
  step two = std.wait.duration(1s)
}`;

const clusterIds = (cs: readonly GraphCluster[]): string[] => cs.flatMap((c) => [c.id, ...clusterIds(c.clusters)]);
const clusteredNodes = (cs: readonly GraphCluster[]): string[] => cs.flatMap((c) => [...c.nodes, ...clusteredNodes(c.clusters)]);

test('every step is a node in exactly one cluster, every need an edge', async () => {
  const plan = await planOf(BLUEPRINT);
  const g = stepGraph(plan);
  const stepNodes = g.nodes.filter((n) => n.type === 'step').map((n) => n.id);
  assert.equal(stepNodes, plan.steps.map((s) => s.id));
  assert.equal(clusteredNodes(g.clusters).sort(), [...stepNodes].sort());
  const needs = plan.steps.flatMap((s) => s.needs.map((n) => `${n} -> ${s.id}`));
  assert.equal(g.edges.filter((e) => e.kind === 'needs').map((e) => `${e.from} -> ${e.to}`), needs);
  assert.equal(clusterIds(g.clusters), ['dc/pre_deploy', 'dc/provision', 'dc/web[0]', 'dc/web[1]', 'dc/post_deploy']);
});

test("a post_deploy step that waits for a rollout is drawn from the array's group node, fed by each instance's last step", async () => {
  const g = stepGraph(await planOf(BLUEPRINT));
  const groupEdges = g.edges.filter((e) => e.kind === 'group').map((e) => `${e.from} -> ${e.to}`);
  assert.equal(groupEdges, [
    'group:dc/web -> dc/post_deploy/w/one',
    'dc/web[0]/wait_ready -> group:dc/web',
    'dc/web[1]/wait_ready -> group:dc/web',
  ]);
});

test('the destroy section draws the way back', async () => {
  const g = stepGraph(await planOf(BLUEPRINT), 'destroy');
  assert.equal(clusterIds(g.clusters), ['dc/deprovision', 'dc/web[0]', 'dc/web[1]']);
  assert.ok(g.nodes.some((n) => n.id === 'dc/web[1]/deprovision/w/two'));
});

test('DOT: quoted ids and labels, clusters, dashed group edges; stable', async () => {
  const plan = await planOf(BLUEPRINT);
  const dot = renderDot(stepGraph(plan));
  assert.match(dot, /^digraph deploy \{\n/);
  assert.match(dot, /subgraph cluster_\d+ \{\n\s+label="dc · provision";/);
  assert.match(dot, /"dc\/web\[0\]\/install_os" \[label="install_os\\nstd\.provision\.install_os"\];/);
  assert.match(dot, /"group:dc\/web" -> "dc\/post_deploy\/w\/one" \[style=dashed\];/);
  assert.is(renderDot(stepGraph(await planOf(BLUEPRINT))), dot);
  assert.is((dot.match(/\{/g) ?? []).length, (dot.match(/\}/g) ?? []).length);
});

test('Mermaid: short node ids, quoted labels, subgraphs closed', async () => {
  const mmd = renderMermaid(stepGraph(await planOf(BLUEPRINT), 'destroy'));
  assert.match(mmd, /^flowchart TD\n/);
  assert.is((mmd.match(/subgraph /g) ?? []).length, (mmd.match(/^\s*end$/gm) ?? []).length);
  assert.match(mmd, /n\d+\["release<br\/>mbp\.instance\.release"\]/);
  assert.not.match(mmd, /"[^"\n]*"[^"\n]*"\]/, 'no unescaped quote inside a label');
});

test('JSON: versioned, nodes, edges and clusters', async () => {
  const doc = JSON.parse(renderGraphJson(stepGraph(await planOf(BLUEPRINT))));
  assert.is(doc.format_version, '1');
  assert.is(doc.section, 'deploy');
  assert.ok(Array.isArray(doc.nodes) && Array.isArray(doc.edges) && Array.isArray(doc.clusters));
});

test.run();
