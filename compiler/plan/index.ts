// The execution plan: its types, the deferred-expression IR, the JSON Schema, and helpers to write, validate and draw it.
export * from './ir.ts';
export * from './types.ts';
export { BUILTIN_STEP_KINDS, stepKindInfo, type StepKindInfo } from './step-kinds.ts';
export { planToJson } from './plan-json.ts';
export { stepGraphProblems, ancestorsOf } from './graph-check.ts';
export { PLAN_SCHEMA, planSchemaProblems } from './validate.ts';
export {
  stepGraph,
  renderDot,
  renderMermaid,
  renderGraphJson,
  type StepGraph,
  type GraphNode,
  type GraphEdge,
  type GraphCluster,
  type GraphSection,
} from './render-graph.ts';
