/**
 * The compiled evaluator: each expression of a policy becomes a JavaScript closure once, with
 * names resolved to slots, literals parsed and parameter values cached per date, so that a
 * million households are evaluated without walking the tree. It gives exactly the results of
 * the reference interpreter (the tests compare the two on generated households); explanations
 * and coverage use the interpreter, which can trace.
 */
import { Decimal } from 'decimal.js';
import * as dates from '../dsl/dates.js';
import { nameTable } from '../dsl/names.js';
import type { CivilDate, Expr } from '../dsl/index.js';
import { resolveParameter } from '../policy/parameters.js';
import type { DatedValue, Definition, Policy } from '../policy/index.js';
import { BUILTIN_IMPLS } from './builtins.js';
import { divisionByZero, EvalError, overflowError, parameterError } from './errors.js';
import type { Scope } from './interpreter.js';
import { arithmetic, compare, equals, literalValue } from './operators.js';

/** What a closure reads: the household, the month, its locals, and what the month remembers. */
interface Frame {
  readonly household: Readonly<Record<string, unknown>>;
  readonly month: { readonly start: CivilDate; readonly end: CivilDate };
  readonly date: CivilDate;
  readonly locals: unknown[];
  readonly month_: MonthState;
}

interface MonthState {
  /** Zero-argument definitions by index; NOT_YET where not computed this month. */
  readonly memo: unknown[];
  provisional: boolean;
  readonly scenariosUsed: Set<string>;
}

type Fn = (f: Frame) => unknown;

const NOT_YET = Symbol('not yet');
const CONSTANTS: Readonly<Record<string, unknown>> = nameTable({ city: 'city' });

interface CompiledDefinition {
  readonly def: Definition;
  readonly index: number;
  /** Slots: the parameters first, then the variables of its aggregates. */
  slots: number;
  body: Fn;
}

class Compiler {
  readonly definitions = new Map<string, CompiledDefinition>();
  private readonly exprs = new WeakMap<Expr, { fn: Fn; names: string; slots: number }>();

  constructor(readonly policy: Policy) {
    let i = 0;
    for (const d of policy.definitions.values()) this.definitions.set(d.name, { def: d, index: i++, slots: 0, body: () => undefined });
    for (const c of this.definitions.values()) {
      const names = c.def.params.map((p) => p.name);
      const slots = { list: names };
      c.body = this.compile(c.def.expr, slots);
      c.slots = slots.list.length;
    }
  }

  /** A closure for an expression evaluated with the given local names (in slot order). */
  forScope(e: Expr, names: readonly string[]): { fn: Fn; slots: number } {
    const key = names.length === 0 ? '' : names.length === 1 ? names[0]! : names.join(',');
    const hit = this.exprs.get(e);
    if (hit && hit.names === key) return hit;
    const slots = { list: [...names] };
    const fn = this.compile(e, slots);
    const compiled = { fn, names: key, slots: slots.list.length };
    this.exprs.set(e, compiled);
    return compiled;
  }

  private compile(e: Expr, slots: { list: string[] }): Fn {
    switch (e.kind) {
      case 'number':
      case 'money':
      case 'percent': {
        const v = literalValue(e);
        return () => v;
      }
      case 'date':
      case 'boolean': {
        const v = e.value;
        return () => v;
      }
      case 'string': {
        const v = e.canonical ?? e.value;
        return () => v;
      }
      case 'none':
        return () => undefined;
      case 'list': {
        const items = e.items.map((i) => this.compile(i, slots));
        return (f) => items.map((i) => i(f));
      }
      case 'name':
        return this.name(e.name, e, slots);
      case 'member': {
        const obj = this.compile(e.object, slots);
        const field = e.field;
        return (f) => {
          const o = obj(f) as Record<string, unknown> | undefined;
          return o === undefined ? undefined : o[field];
        };
      }
      case 'param':
        return this.param(e, slots);
      case 'unary': {
        const operand = this.compile(e.operand, slots);
        if (e.op === 'not') return (f) => !operand(f);
        return (f) => {
          const v = operand(f);
          return typeof v === 'number' ? -v : (v as Decimal).neg();
        };
      }
      case 'if': {
        const [c, t, o] = [this.compile(e.cond, slots), this.compile(e.then, slots), this.compile(e.else, slots)];
        return (f) => (c(f) ? t(f) : o(f));
      }
      case 'binary':
        return this.binary(e, slots);
      case 'call':
        return this.call(e, slots);
      case 'aggregate':
        return this.aggregate(e, slots);
    }
  }

  private name(name: string, e: Expr, slots: { list: string[] }): Fn {
    const slot = slots.list.lastIndexOf(name);
    if (slot >= 0) return (f) => f.locals[slot];
    if (name === 'month') return (f) => f.month;
    if (this.policy.variables.has(name)) return (f) => f.household[name];
    if (name in CONSTANTS) {
      const v = CONSTANTS[name];
      return () => v;
    }
    const d = this.definitions.get(name);
    if (d) return (f) => this.apply(d, f, []);
    return () => {
      throw new EvalError('E-EVAL-NAME', `'${name}' has no value here`, e.span);
    };
  }

  /** Runs a definition; argument-free ones are computed once a month. */
  apply(d: CompiledDefinition, f: Frame, args: unknown[]): unknown {
    const memo = f.month_.memo;
    if (args.length === 0 && memo[d.index] !== NOT_YET) return memo[d.index];
    const locals = new Array<unknown>(d.slots);
    for (let i = 0; i < args.length; i++) locals[i] = args[i];
    const v = d.body({ household: f.household, month: f.month, date: f.date, locals, month_: f.month_ });
    if (args.length === 0) memo[d.index] = v;
    return v;
  }

  private param(e: Extract<Expr, { kind: 'param' }>, slots: { list: string[] }): Fn {
    const p = this.policy.parameters.get(e.id)!;
    const at = e.at ? this.compile(e.at, slots) : undefined;
    const key = e.key ? this.compile(e.key, slots) : undefined;
    // Values by date, then by key: every household of a month reads the same.
    const cache = new Map<CivilDate, Map<string | undefined, { value: unknown; entry: DatedValue }>>();
    const policy = this.policy;
    return (f) => {
      const date = at ? (at(f) as CivilDate) : f.date;
      const k = key ? (key(f) as string) : undefined;
      let byKey = cache.get(date);
      if (!byKey) cache.set(date, (byKey = new Map()));
      let r = byKey.get(k);
      if (!r) {
        try {
          r = resolveParameter(policy, p, date, k);
        } catch (err) {
          throw parameterError(err, e);
        }
        byKey.set(k, r);
      }
      if (r.entry.provisional) f.month_.provisional = true;
      if (r.entry.scenario) f.month_.scenariosUsed.add(r.entry.scenario);
      return r.value;
    };
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>, slots: { list: string[] }): Fn {
    const l = this.compile(e.left, slots);
    const r = this.compile(e.right, slots);
    switch (e.op) {
      case 'and':
        return (f) => (l(f) as boolean) && (r(f) as boolean);
      case 'or':
        return (f) => (l(f) as boolean) || (r(f) as boolean);
      case '=':
        return (f) => equals(l(f), r(f));
      case '!=':
        return (f) => !equals(l(f), r(f));
      case '<':
        return (f) => compare(l(f), r(f)) < 0;
      case '<=':
        return (f) => compare(l(f), r(f)) <= 0;
      case '>':
        return (f) => compare(l(f), r(f)) > 0;
      case '>=':
        return (f) => compare(l(f), r(f)) >= 0;
      case 'in':
        return (f) => {
          const x = l(f);
          return (r(f) as unknown[]).some((y) => equals(x, y));
        };
      case '/':
        return (f) => {
          const a = l(f);
          const b = r(f);
          if (new Decimal(b as Decimal.Value).isZero()) throw divisionByZero(e);
          return arithmetic('/', a, b, false);
        };
      default: {
        const op = e.op;
        const integer = e.type?.kind === 'integer';
        return (f) => {
          const a = l(f);
          const b = r(f);
          try {
            return arithmetic(op, a, b, integer);
          } catch (err) {
            throw overflowError(err, e);
          }
        };
      }
    }
  }

  private call(e: Extract<Expr, { kind: 'call' }>, slots: { list: string[] }): Fn {
    const args = e.args.map((a) => this.compile(a, slots));
    const impl = BUILTIN_IMPLS[e.callee];
    if (impl) return (f) => impl(args.map((a) => a(f)), e);
    const d = this.definitions.get(e.callee)!;
    return (f) => this.apply(d, f, args.map((a) => a(f)));
  }

  private aggregate(e: Extract<Expr, { kind: 'aggregate' }>, slots: { list: string[] }): Fn {
    const list = this.compile(e.list, slots);
    slots.list.push(e.variable);
    const slot = slots.list.length - 1;
    const where = e.where ? this.compile(e.where, slots) : undefined;
    const body = e.body ? this.compile(e.body, slots) : undefined;
    // The variable's slot stays reserved (hidden by a sentinel name) once the aggregate is compiled.
    slots.list[slot] = `\u0000${e.variable}`;
    const integer = e.type?.kind === 'integer';
    const op = e.op;
    return (f) => {
      const items = (list(f) as unknown[] | undefined) ?? [];
      let count = 0;
      let sum: unknown = integer ? 0 : new Decimal(0);
      for (const item of items) {
        f.locals[slot] = item;
        const hit = where ? (where(f) as boolean) : true;
        if (op === 'all' && !hit) return false;
        if (op === 'any' && hit) return true;
        if (!hit) continue;
        if (op === 'first') return body ? body(f) : item;
        count++;
        if (op === 'sum') sum = arithmetic('+', sum, body!(f), integer);
      }
      return op === 'count' ? count : op === 'all' ? true : op === 'any' ? false : op === 'sum' ? sum : undefined;
    };
  }
}

const compilers = new WeakMap<Policy, Compiler>();

function compilerFor(policy: Policy): Compiler {
  let c = compilers.get(policy);
  if (!c) {
    c = new Compiler(policy);
    compilers.set(policy, c);
  }
  return c;
}

/** The compiled evaluator for one household and month, with the interpreter's interface. */
export class CompiledMonth {
  private readonly compiler: Compiler;
  private readonly state: MonthState;
  private readonly month: { start: CivilDate; end: CivilDate };
  private readonly date: CivilDate;

  constructor(
    policy: Policy,
    private readonly household: Readonly<Record<string, unknown>>,
    month: CivilDate,
  ) {
    this.compiler = compilerFor(policy);
    this.state = { memo: new Array(this.compiler.definitions.size).fill(NOT_YET), provisional: false, scenariosUsed: new Set() };
    this.month = { start: dates.monthStart(month), end: dates.monthEnd(month) };
    this.date = this.month.end;
  }

  get provisional(): boolean {
    return this.state.provisional;
  }
  set provisional(v: boolean) {
    this.state.provisional = v;
  }
  get scenariosUsed(): Set<string> {
    return this.state.scenariosUsed;
  }

  private frame(locals: unknown[]): Frame {
    return { household: this.household, month: this.month, date: this.date, locals, month_: this.state };
  }

  define(name: string, args: unknown[] = []): unknown {
    return this.compiler.apply(this.compiler.definitions.get(name)!, this.frame([]), args);
  }

  eval(e: Expr, scope: Scope): unknown {
    const names = [...scope.keys()];
    const { fn, slots } = this.compiler.forScope(e, names);
    const locals = new Array<unknown>(slots);
    names.forEach((n, i) => (locals[i] = scope.get(n)));
    return fn(this.frame(locals));
  }

  condition(e: Expr, scope: Scope): boolean {
    return this.eval(e, scope) as boolean;
  }
}
