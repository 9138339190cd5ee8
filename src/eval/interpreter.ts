/**
 * The reference interpreter: walks the checked AST. With a Tracer it records every
 * definition, condition, parameter and household fact it uses, for explanations.
 */
import { Decimal } from 'decimal.js';
import * as dates from '../dsl/dates.js';
import { pathOf } from '../dsl/check.js';
import { printExpr } from '../dsl/print.js';
import type { Expr, CivilDate } from '../dsl/index.js';
import { resolveParameter } from '../policy/parameters.js';
import type { Definition, Policy } from '../policy/index.js';
import { builtinImpl, isPayerName } from './builtins.js';
import { divisionByZero, EvalError, overflowError, parameterError } from './errors.js';
import { arithmetic, compare, equals, literalValue } from './operators.js';
import type { Coverage } from './coverage.js';
import type { Tracer } from './trace.js';

export type Scope = ReadonlyMap<string, unknown>;

/** Everything an expression may read in one month of one household. */
export interface EvalContext {
  readonly policy: Policy;
  /** The household's fields (mother, children, registration, …) and `month`. */
  readonly globals: ReadonlyMap<string, unknown>;
  /** The date parameters are read on: the last day of the month. */
  readonly date: CivilDate;
  readonly tracer?: Tracer;
  readonly coverage?: Coverage;
  /** Zero-argument definitions already computed this month. */
  readonly memo: Map<string, unknown>;
  /** Set when a provisional parameter value was read. */
  provisional: boolean;
  /** Scenario names whose values were read. */
  readonly scenariosUsed: Set<string>;
}


/** What evaluation needs of an evaluator: the interpreter, or the compiled evaluator. */
export interface Engine {
  define(name: string, args?: unknown[], argText?: string[]): unknown;
  eval(e: Expr, scope: Scope): unknown;
  condition(e: Expr, scope: Scope): boolean;
  /** Told that a date the expression gave is compared with the month (an item due on a date). */
  comparedWithMonth?(e: Expr, scope: Scope, value: CivilDate | undefined): void;
  /** Whether a provisional value was read since it was last set false. */
  provisional: boolean;
  readonly scenariosUsed: Set<string>;
}

export class Interpreter implements Engine {
  constructor(private readonly ctx: EvalContext) {}

  get provisional(): boolean {
    return this.ctx.provisional;
  }
  set provisional(v: boolean) {
    this.ctx.provisional = v;
  }
  get scenariosUsed(): Set<string> {
    return this.ctx.scenariosUsed;
  }

  eval(e: Expr, scope: Scope): unknown {
    switch (e.kind) {
      case 'number':
      case 'money':
      case 'percent':
        return literalValue(e);
      case 'date':
      case 'boolean':
        return e.value;
      case 'string':
        return e.canonical ?? e.value;
      case 'none':
        return undefined;
      case 'list':
        return e.items.map((i) => this.eval(i, scope));
      case 'name':
        return this.name(e, scope);
      case 'member': {
        const obj = this.eval(e.object, scope) as Record<string, unknown> | undefined;
        const v = obj === undefined ? undefined : obj[e.field];
        this.fact(e, v);
        return v;
      }
      case 'param':
        return this.param(e, scope);
      case 'unary': {
        const v = this.eval(e.operand, scope);
        if (e.op === 'not') return !v;
        return typeof v === 'number' ? -v : (v as Decimal).neg();
      }
      case 'if': {
        const taken = this.condition(e.cond, scope);
        this.ctx.coverage?.branch(e, taken);
        return taken ? this.eval(e.then, scope) : this.eval(e.else, scope);
      }
      case 'binary':
        return this.binary(e, scope);
      case 'call':
        return this.call(e, scope);
      case 'aggregate':
        return this.aggregate(e, scope);
    }
  }

  /** Evaluates a condition; when tracing, records it with its value. */
  condition(e: Expr, scope: Scope): boolean {
    const tracer = this.ctx.tracer;
    if (!tracer) return this.eval(e, scope) as boolean;
    if (e.kind === 'binary' && (e.op === 'and' || e.op === 'or')) {
      // A chain of and/or is shown as its operands, each a condition of its own.
      const left = this.condition(e.left, scope);
      if (e.op === 'and' ? !left : left) return left;
      return this.condition(e.right, scope);
    }
    // A condition that is just a definition is shown as that definition.
    if ((e.kind === 'call' || e.kind === 'name') && this.ctx.policy.definitions.has(e.kind === 'call' ? e.callee : e.name) && !(e.kind === 'name' && this.ctx.globals.has(e.name))) {
      return this.eval(e, scope) as boolean;
    }
    // A guard `not X` is shown as X with X's own truth, marked as one that must not hold.
    const negated = e.kind === 'unary' && e.op === 'not';
    const shown = negated ? e.operand : e;
    const node = tracer.open({ kind: 'condition', name: printExpr(shown), ...(negated ? { negated } : {}) });
    try {
      const v = this.eval(shown, scope) as boolean;
      tracer.close(node, v, e.type);
      return negated ? !v : v;
    } catch (err) {
      tracer.unwind(node);
      throw err;
    }
  }

  private fact(e: Expr, v: unknown): void {
    if (!this.ctx.tracer) return;
    const path = pathOf(e);
    if (path !== undefined) this.ctx.tracer.fact(path, v, e.type);
  }

  private name(e: Extract<Expr, { kind: 'name' }>, scope: Scope): unknown {
    if (scope.has(e.name)) return scope.get(e.name);
    if (this.ctx.globals.has(e.name)) {
      const v = this.ctx.globals.get(e.name);
      if (typeof v !== 'object' || v === null || Decimal.isDecimal(v)) this.fact(e, v);
      return v;
    }
    if (isPayerName(this.ctx.policy, e.name)) return e.name;
    const def = this.ctx.policy.definitions.get(e.name);
    if (def) return this.definition(def, [], []);
    throw new EvalError('E-EVAL-NAME', `'${e.name}' has no value here`, e.span);
  }

  private param(e: Extract<Expr, { kind: 'param' }>, scope: Scope): unknown {
    const p = this.ctx.policy.parameters.get(e.id)!;
    const date = e.at ? (this.eval(e.at, scope) as CivilDate) : this.ctx.date;
    const key = e.key ? (this.eval(e.key, scope) as string) : undefined;
    let resolved;
    try {
      resolved = resolveParameter(this.ctx.policy, p, date, key);
    } catch (err) {
      throw parameterError(err, e);
    }
    const { entry, value } = resolved;
    this.ctx.coverage?.parameter(p.id);
    if (entry.provisional) this.ctx.provisional = true;
    if (entry.scenario) this.ctx.scenariosUsed.add(entry.scenario);
    this.ctx.tracer?.leaf({
      kind: 'parameter',
      name: key === undefined ? p.id : `${p.id}[${key}]`,
      label: p.label,
      cite: p.cite,
      value,
      type: p.type,
      from: entry.from,
      provisional: entry.provisional,
      ...(entry.source ? { source: entry.source } : {}),
      ...(entry.scenario ? { scenario: entry.scenario } : {}),
    });
    return value;
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>, scope: Scope): unknown {
    switch (e.op) {
      case 'and':
        return (this.eval(e.left, scope) as boolean) && (this.eval(e.right, scope) as boolean);
      case 'or':
        return (this.eval(e.left, scope) as boolean) || (this.eval(e.right, scope) as boolean);
    }
    const l = this.eval(e.left, scope);
    const r = this.eval(e.right, scope);
    switch (e.op) {
      case '=':
        return equals(l, r);
      case '!=':
        return !equals(l, r);
      case '<':
        return compare(l, r) < 0;
      case '<=':
        return compare(l, r) <= 0;
      case '>':
        return compare(l, r) > 0;
      case '>=':
        return compare(l, r) >= 0;
      case 'in':
        return (r as unknown[]).some((x) => equals(l, x));
      case '/':
        if (new Decimal(r as Decimal.Value).isZero()) throw divisionByZero(e);
        return arithmetic(e.op, l, r, false);
      default:
        try {
          return arithmetic(e.op, l, r, e.type?.kind === 'integer');
        } catch (err) {
          throw overflowError(err, e);
        }
    }
  }

  private call(e: Extract<Expr, { kind: 'call' }>, scope: Scope): unknown {
    const impl = builtinImpl(this.ctx.policy, e.callee);
    if (impl) {
      const v = impl(e.args.map((a) => this.eval(a, scope)), e);
      // A number worked out on the way (an age, a day of the month) is shown with its value.
      if (e.type?.kind === 'integer') this.ctx.tracer?.fact(printExpr(e), v, e.type, e.callee);
      return v;
    }
    const def = this.ctx.policy.definitions.get(e.callee)!;
    return this.definition(
      def,
      e.args.map((a) => this.eval(a, scope)),
      this.ctx.tracer ? e.args.map((a) => printExpr(a)) : [],
    );
  }

  /** Applies a named definition to argument values; `argText` names them in the trace. */
  define(name: string, args: unknown[] = [], argText: string[] = []): unknown {
    return this.definition(this.ctx.policy.definitions.get(name)!, args, argText);
  }

  private definition(def: Definition, args: unknown[], argText: string[]): unknown {
    // A definition without arguments has one value a month: it is computed once.
    const remembered = def.params.length === 0;
    const tracer = this.ctx.tracer;
    if (remembered && this.ctx.memo.has(def.name)) {
      const v = this.ctx.memo.get(def.name);
      if (tracer) tracer.leaf({ kind: 'definition', name: def.name, label: def.label, cite: def.cite, value: v, type: def.type, memo: true });
      return v;
    }
    this.ctx.coverage?.definition(def.name);
    const scope = new Map(def.params.map((p, i) => [p.name, args[i]]));
    const node = tracer?.open({ kind: 'definition', name: def.name, label: def.label, cite: def.cite, ...(argText.length ? { args: argText } : {}) });
    try {
      const v = def.type.kind === 'boolean' || def.expr.kind === 'if' ? this.body(def.expr, scope) : this.eval(def.expr, scope);
      if (node) tracer!.close(node, v, def.type);
      if (remembered) this.ctx.memo.set(def.name, v);
      return v;
    } catch (err) {
      if (node) tracer!.unwind(node);
      throw err;
    }
  }

  /** When the branch taken is a household fact (`mother.birth_date`, `father`), the trace says which one. */
  private via(branch: Expr, scope: Scope): void {
    const path = pathOf(branch);
    const root = path?.split('.')[0];
    if (path !== undefined && root !== undefined && (scope.has(root) || this.ctx.globals.has(root))) this.ctx.tracer!.via(path);
  }

  /** A definition's body: its conditions are traced one by one. */
  private body(e: Expr, scope: Scope): unknown {
    if (e.kind === 'if') {
      const taken = this.condition(e.cond, scope);
      this.ctx.coverage?.branch(e, taken);
      const branch = taken ? e.then : e.else;
      if (this.ctx.tracer) this.via(branch, scope);
      return this.body(branch, scope);
    }
    if (e.type?.kind === 'boolean') return this.condition(e, scope);
    return this.eval(e, scope);
  }

  private aggregate(e: Extract<Expr, { kind: 'aggregate' }>, scope: Scope): unknown {
    const list = (this.eval(e.list, scope) as unknown[]) ?? [];
    const inner = new Map(scope);
    let count = 0;
    let sum: unknown = e.type?.kind === 'integer' ? 0 : new Decimal(0);
    for (const item of list) {
      inner.set(e.variable, item);
      const hit = e.where ? (this.eval(e.where, inner) as boolean) : true;
      if (e.op === 'all' && !hit) return false;
      if (e.op === 'any' && hit) return true;
      if (!hit) continue;
      if (e.op === 'first') return e.body ? this.eval(e.body, inner) : item;
      count++;
      if (e.op === 'sum') sum = arithmetic('+', sum, this.eval(e.body!, inner), e.type?.kind === 'integer');
    }
    switch (e.op) {
      case 'count':
        return count;
      case 'all':
        return true;
      case 'any':
        return false;
      case 'sum':
        return sum;
      case 'first':
        return undefined;
    }
  }
}

/** The `month` record for a month given by any of its dates. */
export function monthRecord(d: CivilDate): { start: CivilDate; end: CivilDate } {
  return { start: dates.monthStart(d), end: dates.monthEnd(d) };
}
