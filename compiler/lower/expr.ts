import type { Expr, Member, Ref, Span } from '../../grammar/index.ts';
import { EvalError } from '../../runtime/eval/index.ts';
import type { MbpSymbol } from '../binder/index.ts';
import { call, hookOutput, lit, op, ref, secretRef, stepOutput, type Ir } from '../plan/index.ts';
import { simplify } from './fold.ts';
import type { LowerState, Scope } from './state.ts';

/**
 * Lowers an expression to IR: constants become literals (folded with the
 * runtime's evaluator), params their values, and what is only known at run
 * time (instance fields, step and hook outputs, `deployment`, `each`,
 * secrets) a deferred node.
 */
export function lowerExpr(state: LowerState, scope: Scope, expr: Expr): Ir {
  const known = state.facts.valueOf(expr);
  if (known !== undefined) return lit(known);
  return new ExprLowerer(state, scope).lower(expr);
}

class ExprLowerer {
  constructor(
    private readonly state: LowerState,
    private readonly scope: Scope,
  ) {}

  lower(expr: Expr): Ir {
    switch (expr.kind) {
      case 'StringLit': {
        if (expr.value !== undefined) return lit(expr.value);
        const parts = expr.parts.map((p) => (p.kind === 'StringText' ? p.value : this.lower(p.expr)));
        return this.finish({ interpolate: mergeText(parts) }, expr.span);
      }
      case 'IntLit':
      case 'BoolLit':
      case 'DurationLit':
      case 'SizeLit':
        return lit(expr.value);
      case 'NullLit':
        return lit(null);
      case 'IpLit':
        return lit(expr.address);
      case 'CidrLit':
        return lit(`${expr.address}/${expr.prefix}`);
      case 'Ref':
        return this.ref(expr);
      case 'Member':
        return this.member(expr);
      case 'Index':
        return this.finish({ index: [this.lower(expr.object), this.lower(expr.index)] }, expr.span);
      case 'Call': {
        const symbol = expr.callee.kind === 'Ref' ? this.state.facts.resolve(expr.callee) : undefined;
        if (symbol?.kind !== 'function') return this.notAValue(expr.span, 'a call to something other than a function');
        return this.finish(call(symbol.name, expr.args.map((a) => this.lower(a))), expr.span);
      }
      case 'ListExpr':
        return this.finish({ list: expr.items.map((i) => this.lower(i)) }, expr.span);
      case 'ObjectExpr':
        return this.finish({ object: expr.entries.map((e) => [e.key.text, this.lower(e.value)] as const) }, expr.span);
      case 'ForExpr':
        return this.finish(
          {
            for: {
              ...(expr.keyVar ? { key: expr.keyVar.text } : {}),
              value: expr.valueVar.text,
              in: this.lower(expr.iterable),
              do: this.lower(expr.body),
              ...(expr.filter ? { if: this.lower(expr.filter) } : {}),
            },
          },
          expr.span,
        );
      case 'Conditional':
        return this.finish({ cond: [this.lower(expr.condition), this.lower(expr.whenTrue), this.lower(expr.whenFalse)] }, expr.span);
      case 'Binary':
        return this.finish(op(expr.op, [this.lower(expr.left), this.lower(expr.right)]), expr.span);
      case 'Unary':
        return this.finish(op(expr.op, [this.lower(expr.operand)]), expr.span);
      case 'Paren':
        return this.lower(expr.expr);
      case 'ErrorExpr':
        return this.notAValue(expr.span, 'an expression with a syntax error');
    }
  }

  /**
   * Folds what can be folded. A constant whose function call or arithmetic
   * fails is reported where it is written (after a workflow argument is
   * substituted, the checker could not see it); any other failure (an index
   * out of range) stays deferred, and the runtime reports it with the same
   * evaluator's message.
   */
  private finish(ir: Ir, span: Span): Ir {
    try {
      return simplify(ir, this.state.callContext(this.scope.file));
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      if (error.kind !== 'function' && error.kind !== 'arithmetic') return ir;
      this.state.report(error.kind === 'function' ? 'MBP2062' : 'MBP2065', this.scope.file, span, { detail: error.message });
      return lit(null);
    }
  }

  private notAValue(span: Span, what: string): Ir {
    this.state.internal(this.scope.file, span, `${what} reached lowering as a value`);
    return lit(null);
  }

  private ref(node: Ref): Ir {
    const symbol = this.state.facts.resolve(node);
    if (!symbol) return this.notAValue(node.span, `the unresolved name \`${node.name.text}\``);
    return this.symbolValue(symbol, node.span);
  }

  private member(node: Member): Ir {
    // An import alias member (`k8s.settings`) resolves as a whole.
    const whole = this.state.facts.resolve(node);
    if (whole) return this.symbolValue(whole, node.span);
    const field = node.name.text;
    const owner = node.object.kind === 'Ref' ? this.state.facts.resolve(node.object) : undefined;
    if (owner?.kind === 'hook') {
      const id = this.scope.hooks.get(owner);
      if (id === undefined) return this.notAValue(node.span, `the outputs of hook \`${owner.name}\` outside its infrastructure`);
      return hookOutput(id, field);
    }
    if (owner?.kind === 'step') {
      const step = this.scope.steps.get(owner);
      if (!step) return this.notAValue(node.span, `the outputs of step \`${owner.name}\` outside its workflow`);
      if (step.outputs) {
        const out = step.outputs.get(field);
        return out ?? this.notAValue(node.span, `the unknown output \`${field}\` of step \`${owner.name}\``);
      }
      return stepOutput(step.id, field);
    }
    const object = this.lower(node.object);
    if ('ref' in object) return { ref: [...object.ref, field] };
    return this.finish({ index: [object, lit(field)] }, node.span);
  }

  private symbolValue(symbol: MbpSymbol, span: Span): Ir {
    switch (symbol.kind) {
      case 'param':
        // A param without a value is the checker's to report.
        return lit(this.state.facts.paramValue(symbol) ?? null);
      case 'secret':
        return secretRef(symbol.name);
      case 'let':
      case 'output':
        return this.letValue(symbol, span);
      case 'network':
        return ref('network', symbol.name);
      case 'subnet':
        return ref('subnet', symbol.name);
      case 'instance_array':
        return ref('array', symbol.name);
      case 'for_variable':
        return ref('local', symbol.name);
      case 'context':
        return ref(symbol.name as 'instance' | 'deployment' | 'each');
      case 'workflow_param': {
        const bound = this.scope.values.get(symbol);
        if (bound) return bound;
        const decl = symbol.declaration;
        if (decl?.kind === 'WorkflowParam' && decl.default) {
          return lowerExpr(this.state, { ...this.scope, file: symbol.file }, decl.default);
        }
        return this.notAValue(span, `the workflow parameter \`${symbol.name}\` with no argument`);
      }
      case 'step': {
        const step = this.scope.steps.get(symbol);
        if (!step) return this.notAValue(span, `step \`${symbol.name}\` outside its workflow`);
        if (step.outputs) return { object: [...step.outputs].map(([k, v]) => [k, v] as const) };
        return stepOutput(step.id);
      }
      default:
        return this.notAValue(span, `${symbol.kind} \`${symbol.name}\``);
    }
  }

  private letValue(symbol: MbpSymbol, span: Span): Ir {
    const decl = symbol.declaration;
    if (decl?.kind !== 'Let' && decl?.kind !== 'Output') return this.notAValue(span, `\`${symbol.name}\``);
    const moduleLevel = symbol.scope?.kind === 'module';
    const cached = moduleLevel ? this.state.letCache.get(symbol) : undefined;
    if (cached) return cached;
    if (this.state.letsInProgress.has(symbol)) return this.notAValue(span, `\`${symbol.name}\`, which depends on itself`);
    this.state.letsInProgress.add(symbol);
    try {
      // A module-level let sees only module names: lower it without the caller's bindings.
      const scope: Scope = moduleLevel ? { file: symbol.file, values: new Map(), steps: new Map(), hooks: new Map() } : { ...this.scope, file: symbol.file };
      const value = lowerExpr(this.state, scope, decl.value);
      if (moduleLevel) this.state.letCache.set(symbol, value);
      return value;
    } finally {
      this.state.letsInProgress.delete(symbol);
    }
  }
}

/** Adjacent literal text joined, literal parts inlined: `["a", {lit:"b"}, x]` → `["ab", x]`. */
function mergeText(parts: readonly (string | Ir)[]): (string | Ir)[] {
  const out: (string | Ir)[] = [];
  for (const part of parts) {
    const text = typeof part === 'string' ? part : 'lit' in part && typeof part.lit === 'string' ? part.lit : undefined;
    const last = out[out.length - 1];
    if (text !== undefined && typeof last === 'string') out[out.length - 1] = last + text;
    else if (text !== undefined) out.push(text);
    else out.push(part);
  }
  return out;
}
