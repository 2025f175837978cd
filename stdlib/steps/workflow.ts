import { T } from '../types.ts';
import { defineStep, param } from './define-step.ts';

export const workflowCall = defineStep({
  name: 'std.workflow.call',
  params: [
    param('workflow', T.any, 'The workflow to run, by name (`k8s.drain` through an import).', {
      required: true,
      positional: true,
      reference: 'workflow',
    }),
    param('args', T.map(T.any), 'Arguments by parameter name; checked against the workflow\'s parameters.', { default: {}, positional: true }),
  ],
  outputs: {},
  outputsFromWorkflow: true,
  doc: 'Runs another workflow as one step; its `output` values become this step\'s outputs (the checker types them from the called workflow). The sub-steps are journaled one by one, so resuming a killed run resumes inside the call; the call itself holds no executor slot.',
  example: 'step drain = std.workflow.call(k8s.drain, { node = node })',
  idempotent: true,
  resource: 'none',
  waitsOnly: true,
});

export const tsCall = defineStep({
  name: 'std.ts.call',
  params: [
    param('path', T.string, 'The TypeScript module, relative to the blueprint\'s directory.', { required: true, positional: true }),
    param('export', T.string, 'Name of the exported function.', { required: true, positional: true }),
    param('args', T.map(T.any), 'The argument object, type-checked with ts-morph against the function\'s parameter type.', {
      default: {},
      positional: true,
    }),
    param('timeout', T.duration, 'The hook is stopped (its child process killed) after this long.', { default: 300_000 }),
  ],
  outputs: {
    result: { type: T.any, optional: false, doc: 'The function\'s (awaited) return value, which must be JSON.' },
  },
  doc: 'Calls an exported TypeScript function in a child process, so a timeout can stop it. The arguments are type-checked at compile time against the function\'s first parameter: string, ip and cidr map to `string`; int, duration (milliseconds) and size (bytes) to `number`; bool to `boolean`; list, map and object to arrays, `Record` and object types; instance to the `Instance` type the package exports for hook authors.',
  example: 'step dns = std.ts.call("./hooks/dns.ts", "register", { host = node.hostname, ip = node.ipv4 })',
  idempotent: false,
  resource: 'none',
  waitsOnly: false,
});

export const WORKFLOW_STEPS = [workflowCall, tsCall] as const;
