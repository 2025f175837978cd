import { T } from '../../stdlib/index.ts';
import { attr, block, nameLabel, schema } from './define-schema.ts';

export const workflowSchema = schema({
  kind: 'workflow',
  doc: 'A workflow: typed parameters, steps run in written order unless `after` says otherwise, and outputs readable as `HOOKNAME.NAME`. Its body holds only `step` and `output` declarations.',
  labels: [nameLabel('The workflow\'s name.')],
  attributes: [],
  declarations: [
    { keyword: 'step', doc: '`step NAME = CALL(args) { options }`: a step kind, a workflow, or a TypeScript hook.' },
    { keyword: 'output', doc: '`output NAME = expr`: a return value of the workflow.' },
  ],
});

export const paramSchema = schema({
  kind: 'param',
  doc: 'Constraints of a blueprint parameter: `param workers: int { default = 4, min = 1 }`.',
  labels: [nameLabel('The parameter\'s name.')],
  attributes: [
    attr('default', T.any, 'The value when none is given; without it the parameter is required.', { typeFromDeclaration: 'same' }),
    attr('min', T.any, 'Smallest allowed value (int, duration or size parameters).', { typeFromDeclaration: 'same' }),
    attr('max', T.any, 'Largest allowed value (int, duration or size parameters).', { typeFromDeclaration: 'same' }),
    attr('allowed', T.list(T.any), 'The only values allowed, with did-you-mean on a mismatch.', { typeFromDeclaration: 'list' }),
    attr('pattern', T.string, 'A regular expression (JavaScript syntax) the whole string value must match (string parameters).'),
    attr('description', T.string, 'Shown by `mbp plan` when asking for the value and on hover; `///` doc comments do the same.'),
    attr('sensitive', T.bool, 'Mask the value in output, logs and the journal (for secrets use `secret` instead).', { default: false }),
  ],
});

export const retrySchema = schema({
  kind: 'retry',
  doc: 'Retry policy of a step: attempts with exponential backoff, capped.',
  attributes: [
    attr('attempts', T.int, 'Total attempts, the first one included.', { required: true, min: 1 }),
    attr('backoff', T.duration, 'Wait before the second attempt; doubled after each failure.', { default: 5_000 }),
    attr('max_backoff', T.duration, 'Cap on the wait between attempts.', { default: 300_000 }),
  ],
});

export const RETRY_TYPE = T.object({
  attempts: T.int,
  backoff: T.optional(T.duration, 'Wait before the second attempt; doubled after each failure.'),
  max_backoff: T.optional(T.duration, 'Cap on the wait between attempts.'),
});

export const stepOptionsSchema = schema({
  kind: 'step_options',
  doc: 'Options of a step: `step NAME = CALL(args) { after, retry, timeout, when, for_each }`.',
  attributes: [
    attr('after', T.list(T.any), 'Steps this one waits for; `[]` for none. References to other steps\' outputs are dependencies too.', {
      reference: 'step',
      defaultDoc: 'the step written just before',
    }),
    attr('retry', RETRY_TYPE, 'Retry policy: `{ attempts, backoff, max_backoff }`, as an object or a `retry { ... }` block.', {
      blockForm: 'retry',
      defaultDoc: 'no retry',
    }),
    attr('timeout', T.duration, 'The step fails (and may be retried) after this long.', { defaultDoc: 'the step kind\'s own timeout' }),
    attr('when', T.bool, 'The step runs only when true; evaluated at run time.', { default: true }),
    attr('for_each', T.any, 'A list or map: the step runs once per element, with `each.key` and `each.value`; ids get `[key]`.'),
  ],
  blocks: [block('retry', 'retry', 'Block form of the `retry` attribute (write one form, not both).')],
  context: ['each'],
});

export const hookOptionsSchema = schema({
  kind: 'hook_options',
  doc: 'Options of a hook: `on PHASE run CALL(args) { level, when, timeout }`.',
  attributes: [
    attr('level', T.int, 'Run level: lower levels run first; hooks on the same level run in parallel.', { default: 0, min: 0 }),
    attr('when', T.bool, 'The hook runs only when true; evaluated at run time.', { default: true }),
    attr('timeout', T.duration, 'The hook fails after this long.', { defaultDoc: 'no limit beyond its steps\' own' }),
  ],
  context: ['deployment'],
});
