import {
  FunctionError,
  interpolationText,
  isList,
  isObject,
  lookupFunction,
  TemplateError,
  type Value,
  type ValueObject,
} from '../../stdlib/index.ts';
import { IR_BINARY_OPS, type Ir, type IrBinaryOp, type RefRoot } from '../../compiler/plan/index.ts';
import type { EvalEnv, Evaluated } from './env.ts';
import { EvalError } from './errors.ts';
import { binary, describeValue, truth, unary } from './operators.ts';

/**
 * What a value is built from: the secrets by name, and outputs marked
 * secret (by a key no secret name can have). Shared empty set: most values
 * touch no secret.
 */
type Taint = ReadonlySet<string>;
const CLEAN: Taint = new Set();
const OUTPUT_MARK = '\u0000output:';

interface Result {
  readonly v: Value;
  readonly t: Taint;
}

function union(...taints: Taint[]): Taint {
  const dirty = taints.filter((t) => t.size > 0);
  if (dirty.length === 0) return CLEAN;
  if (dirty.length === 1) return dirty[0] as Taint;
  const out = new Set<string>();
  for (const t of dirty) for (const n of t) out.add(n);
  return out;
}

const clean = (v: Value): Result => ({ v, t: CLEAN });

/** How a ref path reads in messages: `instance.ipv4`, `control.instances` (an array by its name). */
const NAMED_ROOTS: ReadonlySet<RefRoot> = new Set(['array', 'network', 'subnet', 'param', 'local']);

function pathText(root: RefRoot, path: readonly string[]): string {
  return (NAMED_ROOTS.has(root) ? path : [root, ...path]).join('.');
}

function invalid(detail: string): never {
  throw new EvalError('invalid-ir', `not a valid deferred expression: ${detail}`);
}

function fieldsOf(v: ValueObject): string {
  const names = Object.keys(v).sort();
  if (names.length === 0) return 'it has no fields';
  const shownNames = names.slice(0, 8).join(', ');
  return `its fields are ${shownNames}${names.length > 8 ? ', …' : ''}`;
}

class Evaluator {
  constructor(private readonly env: EvalEnv) {}

  run(ir: unknown, locals: ReadonlyMap<string, Value>): Result {
    if (ir === null || typeof ir !== 'object' || Array.isArray(ir)) invalid(`expected a node, got ${JSON.stringify(ir) ?? String(ir)}`);
    const node = ir as Record<string, unknown>;
    if ('lit' in node) return clean(node.lit as Value);
    if ('ref' in node) return this.ref(node.ref, locals);
    if ('secret' in node) return this.secret(node.secret);
    if ('call' in node) return this.call(node.call, node.args, locals);
    if ('interpolate' in node) return this.interpolate(node.interpolate, locals);
    if ('op' in node) return this.op(node.op, node.args, locals);
    if ('index' in node) return this.index(node.index, locals);
    if ('cond' in node) return this.cond(node.cond, locals);
    if ('list' in node) return this.list(node.list, locals);
    if ('object' in node) return this.object(node.object, locals);
    if ('for' in node) return this.for(node.for, locals);
    if ('step_output' in node) return this.output('step', node.step_output);
    if ('hook_output' in node) return this.output('hook', node.hook_output);
    return invalid(`unknown node kind \`${Object.keys(node)[0] ?? '{}'}\``);
  }

  private all(items: unknown, locals: ReadonlyMap<string, Value>, what: string): Result[] {
    if (!Array.isArray(items)) invalid(`${what} must be a list of nodes`);
    return items.map((x) => this.run(x, locals));
  }

  private ref(raw: unknown, locals: ReadonlyMap<string, Value>): Result {
    if (!Array.isArray(raw) || raw.length === 0 || !raw.every((s) => typeof s === 'string')) invalid('`ref` must be a non-empty list of names');
    const [root, ...path] = raw as [RefRoot, ...string[]];
    let v: Value | undefined;
    let rest: string[];
    if (root === 'local') {
      const name = path[0];
      if (name === undefined) invalid('a `local` ref needs a variable name');
      v = locals.get(name);
      if (v === undefined) throw new EvalError('missing-ref', `\`${name}\` is not a variable of an enclosing \`for\``);
      rest = path.slice(1);
    } else {
      if (!Object.hasOwn(this.env.roots ?? {}, root)) {
        const shown = NAMED_ROOTS.has(root) && path[0] !== undefined ? path[0] : root;
        throw new EvalError('missing-ref', `\`${shown}\` is not available here${rootHelp(root)}`);
      }
      v = (this.env.roots as Record<string, Value>)[root] as Value;
      rest = path;
    }
    const walked: string[] = root === 'local' ? [path[0] as string] : [];
    for (const field of rest) {
      const at = pathText(root, walked);
      if (!isObject(v)) {
        throw new EvalError('type', `cannot read \`${field}\` of ${at === '' ? root : `\`${at}\``}: it is ${describeValue(v)}, not an object`);
      }
      if (!Object.hasOwn(v, field)) {
        const whole = pathText(root, [...walked, field]);
        throw new EvalError('missing-ref', `\`${whole}\` is not known: ${at === '' ? root : `\`${at}\``} has no field \`${field}\` (${fieldsOf(v)})`);
      }
      v = v[field] as Value;
      walked.push(field);
    }
    return clean(v);
  }

  private secret(name: unknown): Result {
    if (typeof name !== 'string') invalid('`secret` must name a secret');
    const value = this.env.secret?.(name);
    if (value === undefined) {
      throw new EvalError(
        'missing-secret',
        `secret \`${name}\` has no value: set MBP_SECRET_${name.toUpperCase()} or pass it in a --secrets file`,
      );
    }
    return { v: value, t: new Set([name]) };
  }

  private call(name: unknown, rawArgs: unknown, locals: ReadonlyMap<string, Value>): Result {
    if (typeof name !== 'string') invalid('`call` must name a function');
    const def = lookupFunction(name);
    if (!def) invalid(`\`${name}\` is not a stdlib function`);
    const args = this.all(rawArgs, locals, `the arguments of \`${name}\``);
    try {
      const v = def.impl(
        args.map((a) => a.v),
        this.env.call ?? { baseDir: '.' },
      );
      return { v, t: union(...args.map((a) => a.t)) };
    } catch (error) {
      if (error instanceof FunctionError || error instanceof TemplateError) throw new EvalError('function', error.message);
      throw error;
    }
  }

  private interpolate(parts: unknown, locals: ReadonlyMap<string, Value>): Result {
    if (!Array.isArray(parts)) invalid('`interpolate` must be a list');
    let text = '';
    const taints: Taint[] = [];
    for (const part of parts) {
      if (typeof part === 'string') {
        text += part;
        continue;
      }
      const r = this.run(part, locals);
      const piece = interpolationText(r.v);
      if (piece === undefined) {
        throw new EvalError('type', `${describeValue(r.v)} cannot be written inside \`\${...}\`: it has no text form (use json(...))`);
      }
      text += piece;
      taints.push(r.t);
    }
    return { v: text, t: union(...taints) };
  }

  private op(operator: unknown, rawArgs: unknown, locals: ReadonlyMap<string, Value>): Result {
    if (!Array.isArray(rawArgs)) invalid('`op` needs `args`');
    if (rawArgs.length === 1 && (operator === '!' || operator === '-')) {
      const a = this.run(rawArgs[0], locals);
      return { v: unary(operator, a.v), t: a.t };
    }
    if (rawArgs.length !== 2 || !(IR_BINARY_OPS as readonly unknown[]).includes(operator)) {
      invalid(`\`${String(operator)}\` with ${rawArgs.length} argument(s) is not an operator`);
    }
    const o = operator as IrBinaryOp;
    const l = this.run(rawArgs[0], locals);
    if (o === '&&' || o === '||') {
      const lv = truth(`an operand of \`${o}\``, l.v);
      // Short-circuit: the right side may read what only exists when the left holds.
      if (o === '&&' ? !lv : lv) return { v: lv, t: l.t };
      const r = this.run(rawArgs[1], locals);
      return { v: truth(`an operand of \`${o}\``, r.v), t: union(l.t, r.t) };
    }
    const r = this.run(rawArgs[1], locals);
    return { v: binary(o, l.v, r.v), t: union(l.t, r.t) };
  }

  private index(pair: unknown, locals: ReadonlyMap<string, Value>): Result {
    if (!Array.isArray(pair) || pair.length !== 2) invalid('`index` must be [object, key]');
    const container = this.run(pair[0], locals);
    const key = this.run(pair[1], locals);
    const t = union(container.t, key.t);
    const c = container.v;
    const k = key.v;
    if (isList(c)) {
      if (typeof k !== 'number' || !Number.isSafeInteger(k)) throw new EvalError('type', `a list is indexed by a whole number, got ${describeValue(k)}`);
      const i = k < 0 ? c.length + k : k;
      if (i < 0 || i >= c.length) throw new EvalError('index', `index ${k} is out of range: the list has ${c.length} element${c.length === 1 ? '' : 's'}`);
      return { v: c[i] as Value, t };
    }
    if (isObject(c)) {
      if (typeof k !== 'string') throw new EvalError('type', `a map or object is indexed by a string, got ${describeValue(k)}`);
      if (!Object.hasOwn(c, k)) throw new EvalError('index', `key "${k}" is not there (${fieldsOf(c)})`);
      return { v: c[k] as Value, t };
    }
    throw new EvalError('type', `${describeValue(c)} cannot be indexed`);
  }

  private cond(triple: unknown, locals: ReadonlyMap<string, Value>): Result {
    if (!Array.isArray(triple) || triple.length !== 3) invalid('`cond` must be [condition, then, else]');
    const c = this.run(triple[0], locals);
    const chosen = this.run(truth('the condition of `? :`', c.v) ? triple[1] : triple[2], locals);
    return { v: chosen.v, t: union(c.t, chosen.t) };
  }

  private list(items: unknown, locals: ReadonlyMap<string, Value>): Result {
    const rs = this.all(items, locals, '`list`');
    return { v: rs.map((r) => r.v), t: union(...rs.map((r) => r.t)) };
  }

  private object(entries: unknown, locals: ReadonlyMap<string, Value>): Result {
    if (!Array.isArray(entries)) invalid('`object` must be a list of [key, value] pairs');
    const out: Record<string, Value> = {};
    const taints: Taint[] = [];
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') invalid('`object` entries are [key, value] pairs');
      const r = this.run(entry[1], locals);
      // defineProperty: a key named `__proto__` is data, not the prototype.
      Object.defineProperty(out, entry[0], { value: r.v, enumerable: true, writable: true, configurable: true });
      taints.push(r.t);
    }
    return { v: out, t: union(...taints) };
  }

  private for(spec: unknown, locals: ReadonlyMap<string, Value>): Result {
    if (spec === null || typeof spec !== 'object') invalid('`for` must be an object');
    const f = spec as { key?: unknown; value?: unknown; in?: unknown; do?: unknown; if?: unknown };
    if (typeof f.value !== 'string' || (f.key !== undefined && typeof f.key !== 'string')) invalid('`for` needs variable names');
    const source = this.run(f.in, locals);
    let pairs: [Value, Value][];
    if (isList(source.v)) pairs = source.v.map((v, i) => [i, v]);
    else if (isObject(source.v)) {
      const obj = source.v;
      pairs = Object.keys(obj)
        .sort()
        .map((k) => [k, obj[k] as Value]);
    } else throw new EvalError('type', `a \`for\` goes over a list or a map, got ${describeValue(source.v)}`);
    const out: Value[] = [];
    const taints: Taint[] = [source.t];
    for (const [k, v] of pairs) {
      const inner = new Map(locals);
      inner.set(f.value, v);
      if (typeof f.key === 'string') inner.set(f.key, k);
      if (f.if !== undefined) {
        const keep = this.run(f.if, inner);
        taints.push(keep.t);
        if (!truth('the `if` of a `for`', keep.v)) continue;
      }
      const r = this.run(f.do, inner);
      out.push(r.v);
      taints.push(r.t);
    }
    return { v: out, t: union(...taints) };
  }

  private output(kind: 'step' | 'hook', raw: unknown): Result {
    if (!Array.isArray(raw) || typeof raw[0] !== 'string' || (raw.length === 2 && typeof raw[1] !== 'string') || raw.length > 2) {
      invalid(`\`${kind}_output\` must be [id] or [id, field]`);
    }
    const [id, field] = raw as [string, string?];
    const outputs = kind === 'step' ? this.env.stepOutputs?.(id) : this.env.hookOutputs?.(id);
    if (outputs === undefined) {
      throw new EvalError('missing-output', `the outputs of ${kind} ${id} are not known: it has not run yet, or it failed`);
    }
    const t: Taint = this.env.secretOutputs?.has(id) ? new Set([OUTPUT_MARK + id]) : CLEAN;
    if (field === undefined) return { v: outputs, t };
    if (!Object.hasOwn(outputs, field)) {
      throw new EvalError('missing-output', `${kind} ${id} has no output \`${field}\` (${fieldsOf(outputs)})`);
    }
    return { v: outputs[field] as Value, t };
  }
}

function rootHelp(root: RefRoot): string {
  switch (root) {
    case 'instance':
      return ': only steps that run for one instance have `instance`';
    case 'deployment':
      return ': only hooks have `deployment`';
    case 'each':
      return ': only a step with `for_each` has `each`';
    default:
      return '';
  }
}

function finish(r: Result): Evaluated {
  const secrets = [...r.t].filter((n) => !n.startsWith(OUTPUT_MARK)).sort();
  return { value: r.v, secret: r.t.size > 0, secrets };
}

/**
 * Evaluates a deferred expression against the run-time values it may read.
 * Throws EvalError (missing refs, outputs or secrets, wrong shapes, a stdlib
 * function's refusal); never returns a partial value.
 */
export function evaluate(ir: Ir, env: EvalEnv = {}): Evaluated {
  return finish(new Evaluator(env).run(ir, new Map()));
}

/** Evaluates named values (a step's `args`) one by one, so each carries its own secret mark. */
export function evaluateAll(values: Readonly<Record<string, Ir>>, env: EvalEnv = {}): Record<string, Evaluated> {
  const evaluator = new Evaluator(env);
  const out: Record<string, Evaluated> = {};
  for (const name of Object.keys(values).sort()) {
    out[name] = finish(evaluator.run(values[name], new Map()));
  }
  return out;
}
