import type { Plan, PlanStep } from './types.ts';

/**
 * `mbp graph`: the step DAG of a plan as Graphviz DOT, Mermaid or JSON.
 * Steps are grouped in clusters by infrastructure and phase, and per-instance
 * steps by instance inside them. A post_deploy step that waits for a whole
 * rollout points back to a node standing for the array's group. Output
 * depends only on the plan, in the plan's step order, so it is stable.
 */

export type GraphSection = 'deploy' | 'destroy';

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** `needs`: the step waits for `from`; `group`: it waits for the rollout `from` (`group:INFRA/ARRAY`). */
  readonly kind: 'needs' | 'group';
}

export interface GraphNode {
  readonly id: string;
  /** What a node is labelled with: the id inside its cluster (`install_os`, `vips/api`). */
  readonly label: string;
  readonly kind: string;
  /** `step`, or `group` for an array's rollout. */
  readonly type: 'step' | 'group';
}

export interface GraphCluster {
  readonly id: string;
  readonly label: string;
  readonly nodes: readonly string[];
  readonly clusters: readonly GraphCluster[];
}

export interface StepGraph {
  readonly section: GraphSection;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly clusters: readonly GraphCluster[];
}

const groupNode = (group: string): string => `group:${group}`;

function instanceOf(step: PlanStep): string | undefined {
  return step.target ? `${step.infrastructure}/${step.target.array}[${step.target.index}]` : undefined;
}

function labelOf(step: PlanStep): string {
  const instance = instanceOf(step);
  if (instance && step.id.startsWith(`${instance}/`)) return step.id.slice(instance.length + 1);
  const phasePrefix = `${step.infrastructure}/${step.phase}/`;
  if (step.id.startsWith(phasePrefix)) return step.id.slice(phasePrefix.length);
  if (step.id.startsWith(`${step.infrastructure}/`)) return step.id.slice(step.infrastructure.length + 1);
  return step.id;
}

/** The graph of one section of a plan: nodes, edges and clusters, in plan order. */
export function stepGraph(plan: Plan, section: GraphSection = 'deploy'): StepGraph {
  const steps = section === 'deploy' ? plan.steps : plan.destroy.steps;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const phaseClusters = new Map<string, { label: string; nodes: string[]; instances: Map<string, string[]> }>();
  const groupsUsed = new Set<string>();
  const dependents = new Set(steps.flatMap((s) => s.needs));

  for (const step of steps) {
    nodes.push({ id: step.id, label: labelOf(step), kind: step.kind, type: 'step' });
    for (const n of step.needs) edges.push({ from: n, to: step.id, kind: 'needs' });
    for (const g of step.needs_groups ?? []) {
      groupsUsed.add(g);
      edges.push({ from: groupNode(g), to: step.id, kind: 'group' });
    }
    const key = `${step.infrastructure}/${step.phase}`;
    let cluster = phaseClusters.get(key);
    if (!cluster) {
      cluster = { label: `${step.infrastructure} · ${step.phase}`, nodes: [], instances: new Map() };
      phaseClusters.set(key, cluster);
    }
    const instance = instanceOf(step);
    if (instance) {
      const list = cluster.instances.get(instance) ?? [];
      list.push(step.id);
      cluster.instances.set(instance, list);
    } else cluster.nodes.push(step.id);
  }
  // A rollout is done when every instance's last steps are: those feed the group node.
  for (const g of [...groupsUsed].sort()) {
    nodes.push({ id: groupNode(g), label: `${g} rollout`, kind: 'group', type: 'group' });
    for (const step of steps) {
      if (step.group === g && !dependents.has(step.id)) edges.push({ from: step.id, to: groupNode(g), kind: 'group' });
    }
  }
  const clusters: GraphCluster[] = [...phaseClusters].map(([key, c]) => ({
    id: key,
    label: c.label,
    nodes: c.nodes,
    clusters: [...c.instances].map(([instance, ids]) => ({ id: instance, label: instance, nodes: ids, clusters: [] })),
  }));
  return { section, nodes, edges, clusters };
}

// ---- DOT ---------------------------------------------------------------------------

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function renderDot(graph: StepGraph): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const lines = [`digraph ${graph.section} {`, '  rankdir=TB;', '  compound=true;', '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];', '  edge [color="#555555"];'];
  const nodeLine = (id: string, indent: string): string => {
    const n = byId.get(id);
    const label = n ? `${n.label}\n${n.kind}` : id;
    return `${indent}${dotString(id)} [label=${dotString(label)}];`;
  };
  let counter = 0;
  const cluster = (c: GraphCluster, indent: string): void => {
    lines.push(`${indent}subgraph cluster_${counter++} {`, `${indent}  label=${dotString(c.label)};`);
    for (const id of c.nodes) lines.push(nodeLine(id, `${indent}  `));
    for (const inner of c.clusters) cluster(inner, `${indent}  `);
    lines.push(`${indent}}`);
  };
  for (const c of graph.clusters) cluster(c, '  ');
  for (const n of graph.nodes) if (n.type === 'group') lines.push(`  ${dotString(n.id)} [label=${dotString(n.label)}, shape=diamond, style=dashed];`);
  for (const e of graph.edges) lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${e.kind === 'group' ? ' [style=dashed]' : ''};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

// ---- Mermaid -----------------------------------------------------------------------

function mermaidText(text: string): string {
  // Inside a quoted Mermaid label only the quote itself needs an entity.
  return text.replace(/"/g, '#quot;');
}

export function renderMermaid(graph: StepGraph): string {
  const short = new Map<string, string>();
  graph.nodes.forEach((n, i) => short.set(n.id, `n${i}`));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const lines = ['flowchart TD'];
  const nodeLine = (id: string, indent: string): string => {
    const n = byId.get(id);
    const label = n ? `${n.label}<br/>${n.kind}` : id;
    return `${indent}${short.get(id) ?? id}["${mermaidText(label)}"]`;
  };
  let counter = 0;
  const cluster = (c: GraphCluster, indent: string): void => {
    lines.push(`${indent}subgraph c${counter++}["${mermaidText(c.label)}"]`);
    for (const id of c.nodes) lines.push(nodeLine(id, `${indent}  `));
    for (const inner of c.clusters) cluster(inner, `${indent}  `);
    lines.push(`${indent}end`);
  };
  for (const c of graph.clusters) cluster(c, '  ');
  for (const n of graph.nodes) if (n.type === 'group') lines.push(`  ${short.get(n.id)}{{"${mermaidText(n.label)}"}}`);
  for (const e of graph.edges) {
    const from = short.get(e.from);
    const to = short.get(e.to);
    if (from && to) lines.push(`  ${from} ${e.kind === 'group' ? '-.->' : '-->'} ${to}`);
  }
  return `${lines.join('\n')}\n`;
}

// ---- JSON --------------------------------------------------------------------------

export function renderGraphJson(graph: StepGraph): string {
  return `${JSON.stringify({ format_version: '1', section: graph.section, nodes: graph.nodes, edges: graph.edges, clusters: graph.clusters }, null, 2)}\n`;
}
