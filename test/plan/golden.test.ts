import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileBlueprint } from '../../compiler/lower/index.ts';
import { planToJson, renderDot, renderMermaid, stepGraph } from '../../compiler/plan/index.ts';
import { NodeFileSystem } from '../../compiler/sources/index.ts';
import { EXAMPLES_DIR, expectGolden, REPO_ROOT, repoPath, staleGoldens } from '../support/index.ts';

/*
 * Golden plans of a few examples, compiled from the repository root. Rewrite
 * them with MBP_UPDATE_GOLDEN=1 and review the change with git diff.
 */
const GOLDEN_DIR = repoPath('test', 'plan', 'golden');
const CASES = ['hello', 'edge-cluster', 'empty-infrastructure', 'custom-os-template'];
const fs = new NodeFileSystem();

for (const name of CASES) {
  test(`golden plan of examples/${name}.mbp`, async () => {
    const result = await compileBlueprint(fs, path.join(EXAMPLES_DIR, `${name}.mbp`), { cwd: REPO_ROOT });
    assert.ok(result.plan, result.diagnostics.map((d) => d.message).join('\n'));
    if (!result.plan) return;
    expectGolden(path.join(GOLDEN_DIR, `${name}.plan.json`), planToJson(result.plan));
  });
}

test('golden graphs of examples/edge-cluster.mbp (DOT deploy, Mermaid destroy)', async () => {
  const result = await compileBlueprint(fs, path.join(EXAMPLES_DIR, 'edge-cluster.mbp'), { cwd: REPO_ROOT, paramFlags: ['workers=2'] });
  assert.ok(result.plan);
  if (!result.plan) return;
  expectGolden(path.join(GOLDEN_DIR, 'edge-cluster.deploy.dot'), renderDot(stepGraph(result.plan, 'deploy')));
  expectGolden(path.join(GOLDEN_DIR, 'edge-cluster.destroy.mmd'), renderMermaid(stepGraph(result.plan, 'destroy')));
});

test('no golden file is left over from a case that is gone', () => {
  const expected = new Set([...CASES.map((n) => `${n}.plan.json`), 'edge-cluster.deploy.dot', 'edge-cluster.destroy.mmd']);
  assert.equal(staleGoldens(GOLDEN_DIR, (n) => /\.(plan\.json|dot|mmd)$/.test(n), expected), []);
});

test.run();
