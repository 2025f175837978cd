import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileBlueprint } from '../../compiler/lower/index.ts';
import { renderDiagnostics } from '../../compiler/diagnostics/index.ts';
import { planSchemaProblems, planToJson, stepGraphProblems, type Plan } from '../../compiler/plan/index.ts';
import { NodeFileSystem } from '../../compiler/sources/index.ts';
import { EXAMPLES_DIR, fail, filesIn, REPO_ROOT } from '../support/index.ts';

const fs = new NodeFileSystem();
const examples = filesIn(EXAMPLES_DIR);

async function planOfExample(file: string): Promise<Plan> {
  const result = await compileBlueprint(fs, file, { cwd: REPO_ROOT });
  if (!result.plan) fail(`${path.basename(file)} does not compile`, renderDiagnostics(result.diagnostics, result.sources, { cwd: REPO_ROOT, color: false }));
  return result.plan;
}

test('there are examples to compile', () => {
  assert.ok(examples.length >= 5, `found ${examples.length}`);
});

for (const file of examples) {
  test(`the plan of ${path.relative(REPO_ROOT, file)} is valid against plan.schema.json, and its DAGs are sound`, async () => {
    const plan = await planOfExample(file);
    const doc: unknown = JSON.parse(planToJson(plan));
    const problems = planSchemaProblems(doc);
    if (problems.length > 0) fail('the plan does not match its schema', problems);
    const graph = [...stepGraphProblems(plan.steps), ...stepGraphProblems(plan.destroy.steps)];
    if (graph.length > 0) fail('the step graph is broken', graph);
    assert.ok(plan.steps.length > 0);
  });
}

/** A deep copy of a valid plan with one change, which the schema must reject. */
async function rejects(change: (doc: any) => void, pattern: RegExp): Promise<void> {
  const doc = JSON.parse(planToJson(await planOfExample(path.join(EXAMPLES_DIR, 'edge-cluster.mbp'))));
  assert.equal(planSchemaProblems(doc), []);
  change(doc);
  const problems = planSchemaProblems(doc);
  assert.ok(problems.length > 0, 'the change was accepted');
  assert.ok(problems.some((p) => pattern.test(p)), problems.join('\n'));
}

test('the schema rejects a plan of another format version', () => rejects((d) => (d.format_version = '2'), /format_version/));
test('the schema rejects an unknown IR node', () => rejects((d) => (d.steps[0].args.subnets = { eval: 'rm -rf /' }), /\/steps\/0\/args\/subnets/));
test('the schema rejects an IR node with two kinds', () => rejects((d) => (d.steps[0].args.subnets = { lit: 1, secret: 'x' }), /\/steps\/0\/args\/subnets/));
test('the schema rejects an unknown ref root', () => rejects((d) => (d.steps[3].args.node = { ref: ['env', 'HOME'] }), /\/steps\/3\/args\/node/));
test('the schema rejects an absolute blueprint path', () => rejects((d) => (d.blueprint.path = '/home/me/edge.mbp'), /\/blueprint\/path/));
test('the schema rejects a step without needs', () => rejects((d) => delete d.steps[1].needs, /must have required property 'needs'/));
test('the schema rejects an unknown step field', () => rejects((d) => (d.steps[0].secret_value = 'x'), /must NOT have additional properties/));
test('the schema rejects a secret given a value', () => rejects((d) => (d.secrets.join_token.value = 'x'), /\/secrets\/join_token/));

test.run();
