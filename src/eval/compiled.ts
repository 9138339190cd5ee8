/**
 * The compiled evaluator: each expression of a policy becomes a JavaScript closure once, with
 * names resolved to slots, literals parsed and parameter values cached per date, so that a
 * million households are evaluated without walking the tree. It gives exactly the results of
 * the reference interpreter (the tests compare the two on generated households); explanations
 * and coverage use the interpreter, which can trace.
 */
import { Decimal } from 'decimal.js';
import * as dates from '../dsl/dates.js';
import type { CivilDate, Expr } from '../dsl/index.js';
import { resolveParameter } from '../policy/parameters.js';
import type { Definition, Policy } from '../policy/index.js';
import { builtinImpl, isPayerName } from './builtins.js';
import { fieldReader } from './fieldReader.js';
import { divisionByZero, EvalError, overflowError, parameterError } from './errors.js';
import type { Scope } from './interpreter.js';
import { arithmetic, compare, equals, literalValue } from './operators.js';
import { AGE, builtin, comparison, FIXED, IN_MONTH, join, MIXED, MONTH_RECORD, readsMonth, type MonthKind } from '../plan/monthDependence.js';

/** What a closure reads: the household, the month, its locals, and what the month remembers. */
interface Frame {
  readonly household: Readonly<Record<string, unknown>>;
  readonly month: { readonly start: CivilDate; readonly end: CivilDate };
  readonly date: CivilDate;
  readonly locals: unknown[];
  /** For locals of mixed kind: whether this month's value is a date within the month. */
  readonly tags: boolean[];
  readonly month_: MonthState;
}

interface MonthState {
  /** Zero-argument definitions by index; NOT_YET where not computed this month. */
  readonly memo: unknown[];
  provisional: boolean;
  readonly scenariosUsed: Set<string>;
  /** The month evaluated (its first day). */
  readonly start: CivilDate;
  /** The first later month (a first day) from which what was read may turn out otherwise. */
  until: CivilDate;
  /** Set by a closure of mixed kind as it returns: whether its value is a date within the month. */
  inMonth: boolean;
  /** The same for argument-free definitions of mixed kind, remembered with their values. */
  readonly memoTags: boolean[];
  /** Set by a closure of kind AGE as it returns: the birth date the age is of. */
  ageBirth: CivilDate;
  /** The same for argument-free definitions of kind AGE. */
  readonly memoBirths: CivilDate[];
  /**
   * Definitions of one or two arguments computed this month, by the index of their
   * specialisation, then by the argument (for two, by the first, then the second).
   */
  readonly byArg: (Map<unknown, Remembered> | Map<unknown, Map<unknown, Remembered>> | undefined)[];
}

/** A definition's value for some arguments, with what its kind says about it this month. */
interface Remembered {
  readonly value: unknown;
  readonly inMonth: boolean;
  readonly ageBirth: CivilDate;
}

type Fn = (f: Frame) => unknown;

/** A compiled expression: its closure, and how its value depends on the month. */
interface Compiled {
  readonly fn: Fn;
  readonly kind: MonthKind;
}

/** Local names in slot order, with the kinds of their values. */
interface Slots {
  readonly list: string[];
  readonly kinds: MonthKind[];
}

const NOT_YET = Symbol('not yet');
const NO_TAGS: boolean[] = [];
const NO_NAMES: readonly string[] = [];
const NO_ARGS: unknown[] = [];

/** A date compared with the month: the stretch may not run past its month, nor past the next. */
function cutAt(s: MonthState, d: CivilDate): void {
  const own = dates.monthStart(d);
  if (own > s.start) {
    if (own < s.until) s.until = own;
    return;
  }
  const next = dates.addMonths(own, 1);
  if (next > s.start && next < s.until) s.until = next;
}

/** An age on a date within the month changes only around a birthday: this year's and next. */
function cutAtBirthdays(s: MonthState, birth: CivilDate): void {
  const year = dates.yearOf(s.start);
  for (const y of [year, year + 1]) if (y > dates.yearOf(birth)) cutAt(s, dates.addMonths(birth, 12 * (y - dates.yearOf(birth))));
}

/** `age op years` can turn out otherwise only on the birthday of that age, or of the next. */
function cutAtAge(s: MonthState, birth: CivilDate, years: unknown): void {
  if (typeof years !== 'number' || years < 1) return cutAtBirthdays(s, birth);
  cutAt(s, dates.addMonths(birth, 12 * years));
  cutAt(s, dates.addMonths(birth, 12 * (years + 1)));
}

/** An age used other than against a number of years: it may change at any birthday. */
function settle(c: Compiled): Compiled {
  if (c.kind !== AGE) return c;
  const fn = c.fn;
  return fixed((f) => {
    const v = fn(f);
    cutAtBirthdays(f.month_, f.month_.ageBirth);
    return v;
  });
}

function cutNextMonth(s: MonthState): void {
  const next = dates.addMonths(s.start, 1);
  if (next < s.until) s.until = next;
}

/** Whether the value a closure of this kind just returned is a date within the month. */
function tagOf(kind: MonthKind, f: Frame): boolean {
  return kind === FIXED ? false : kind === IN_MONTH ? true : f.month_.inMonth;
}

/** A closure that, when it returns a value of a branch of this kind, says whether it is a date of the month. */
function tagged(fn: Fn, kind: MonthKind): Fn {
  if (kind === MIXED) return fn;
  const inMonth = kind !== FIXED;
  return (f) => {
    const v = fn(f);
    f.month_.inMonth = inMonth;
    return v;
  };
}

/** Wraps a closure so that, when it runs, it ends the stretch at the next month. */
function monthByMonth(fn: Fn): Fn {
  return (f) => {
    cutNextMonth(f.month_);
    return fn(f);
  };
}

/** A definition compiled for the kinds of its arguments. */
interface Specialised {
  /** Its place among every specialisation of the policy's definitions (for the month's memo). */
  id: number;
  slots: number;
  body: Fn;
  kind: MonthKind;
  /** Whether an argument is of mixed kind, so that the caller passes which it is. */
  mixedArgs: boolean;
}

interface CompiledDefinition {
  readonly def: Definition;
  readonly index: number;
  /** By the kinds of the arguments (one character each). */
  readonly forKinds: Map<string, Specialised | 'compiling'>;
}

class Compiler {
  readonly definitions = new Map<string, CompiledDefinition>();
  private specialisations = 0;
  private readonly exprs = new WeakMap<Expr, Compiled & { names: string; slots: number }>();

  /** A month's memo before anything is computed (each month copies them). */
  readonly blankMemo: readonly unknown[];
  readonly blankTags: readonly boolean[];
  readonly blankBirths: readonly CivilDate[];

  constructor(readonly policy: Policy) {
    let i = 0;
    for (const d of policy.definitions.values()) this.definitions.set(d.name, { def: d, index: i++, forKinds: new Map() });
    this.blankMemo = new Array<unknown>(i).fill(NOT_YET);
    this.blankTags = new Array<boolean>(i).fill(false);
    this.blankBirths = new Array<CivilDate>(i).fill(0);
  }

  /** The definition compiled for arguments of these kinds (compiled on first use). */
  specialised(c: CompiledDefinition, kinds: readonly MonthKind[]): Specialised {
    const key = kinds.join('');
    const had = c.forKinds.get(key);
    if (had === 'compiling') throw new Error(`definition '${c.def.name}' refers to itself`);
    if (had) return had;
    c.forKinds.set(key, 'compiling');
    const slots: Slots = { list: c.def.params.map((p) => p.name), kinds: [...kinds] };
    const body = this.raw(c.def.expr, slots);
    const done = { id: this.specialisations++, slots: slots.list.length, body: body.fn, kind: body.kind, mixedArgs: kinds.includes(MIXED) };
    c.forKinds.set(key, done);
    return done;
  }

  /** A definition by name, compiled for arguments all of fixed kind (what the evaluation of a month asks for). */
  withFixedArgs(name: string, arity: number): { d: CompiledDefinition; spec: Specialised } {
    let byArity = this.fixedArgs.get(name);
    if (!byArity) this.fixedArgs.set(name, (byArity = []));
    let found = byArity[arity];
    if (!found) {
      const d = this.definitions.get(name)!;
      byArity[arity] = found = { d, spec: this.specialised(d, new Array<MonthKind>(arity).fill(FIXED)) };
    }
    return found;
  }

  private readonly fixedArgs = new Map<string, { d: CompiledDefinition; spec: Specialised }[]>();

  /** A closure for an expression evaluated with the given local names (in slot order), all fixed. */
  forScope(e: Expr, names: readonly string[]): Compiled & { slots: number } {
    const key = names.length === 0 ? '' : names.length === 1 ? names[0]! : names.join(',');
    const hit = this.exprs.get(e);
    if (hit && hit.names === key) return hit;
    const slots: Slots = { list: [...names], kinds: names.map(() => FIXED) };
    const c = this.compile(e, slots);
    const compiled = { ...c, names: key, slots: slots.list.length };
    this.exprs.set(e, compiled);
    return compiled;
  }

  /** An expression compiled for any use: an age is settled. */
  private compile(e: Expr, slots: Slots): Compiled {
    return settle(this.raw(e, slots));
  }

  /** An expression compiled for a use that understands an age (a comparison, a definition's body). */
  private raw(e: Expr, slots: Slots): Compiled {
    switch (e.kind) {
      case 'number':
      case 'money':
      case 'percent': {
        const v = literalValue(e);
        return fixed(() => v);
      }
      case 'date':
      case 'boolean': {
        const v = e.value;
        return fixed(() => v);
      }
      case 'string': {
        const v = e.canonical ?? e.value;
        return fixed(() => v);
      }
      case 'none':
        return fixed(() => undefined);
      case 'list': {
        const items = e.items.map((i) => this.compile(i, slots));
        const fn: Fn = (f) => items.map((i) => i.fn(f));
        return fixed(items.some((i) => readsMonth(i.kind)) ? monthByMonth(fn) : fn);
      }
      case 'name':
        return this.name(e.name, e, slots);
      case 'member': {
        const obj = this.compile(e.object, slots);
        const field = e.field;
        const read = fieldReader(field);
        const fn: Fn = (f) => {
          const o = obj.fn(f) as Record<string, unknown> | undefined;
          return o === undefined ? undefined : read(o);
        };
        if (obj.kind === FIXED) return fixed(fn);
        if (obj.kind === MONTH_RECORD && (field === 'start' || field === 'end')) return { fn, kind: IN_MONTH };
        return fixed(monthByMonth(fn));
      }
      case 'param':
        return this.param(e, slots);
      case 'unary': {
        const operand = this.compile(e.operand, slots);
        const fn: Fn =
          e.op === 'not'
            ? (f) => !operand.fn(f)
            : (f) => {
                const v = operand.fn(f);
                return typeof v === 'number' ? -v : (v as Decimal).neg();
              };
        return fixed(readsMonth(operand.kind) ? monthByMonth(fn) : fn);
      }
      case 'if': {
        const [c, t, o] = [this.compile(e.cond, slots), this.compile(e.then, slots), this.compile(e.else, slots)];
        const kind = join(t.kind, o.kind);
        const [then, other] = kind === MIXED ? [tagged(t.fn, t.kind), tagged(o.fn, o.kind)] : [t.fn, o.fn];
        const fn: Fn = (f) => (c.fn(f) ? then(f) : other(f));
        return { fn: readsMonth(c.kind) ? monthByMonth(fn) : fn, kind };
      }
      case 'binary':
        return this.binary(e, slots);
      case 'call':
        return this.call(e, slots);
      case 'aggregate':
        return this.aggregate(e, slots);
    }
  }

  private name(name: string, e: Expr, slots: Slots): Compiled {
    const slot = slots.list.lastIndexOf(name);
    if (slot >= 0) {
      const kind = slots.kinds[slot]!;
      if (kind !== MIXED) return { fn: (f) => f.locals[slot], kind };
      return {
        fn: (f) => {
          f.month_.inMonth = f.tags[slot]!;
          return f.locals[slot];
        },
        kind,
      };
    }
    if (name === 'month') return { fn: (f) => f.month, kind: MONTH_RECORD };
    if (this.policy.variables.has(name)) {
      const read = fieldReader(name);
      return fixed((f) => read(f.household));
    }
    if (isPayerName(this.policy, name)) return fixed(() => name);
    const d = this.definitions.get(name);
    if (d) {
      const spec = this.specialised(d, []);
      return { fn: (f) => this.apply0(d, spec, f), kind: spec.kind };
    }
    return fixed(() => {
      throw new EvalError('E-EVAL-NAME', `'${name}' has no value here`, e.span);
    });
  }

  /**
   * Runs a definition; argument-free ones are computed once a month, and those of one or two
   * arguments (a person, a child, a person and a child) once a month for each. `tags` says, for
   * arguments of mixed kind, which they are this month.
   */
  apply(d: CompiledDefinition, spec: Specialised, f: Frame, args: readonly unknown[], tags: boolean[] = NO_TAGS): unknown {
    const n = args.length;
    if (n === 0) return this.apply0(d, spec, f);
    if (tags === NO_TAGS && n === 1) return this.apply1(spec, f, args[0]);
    if (tags === NO_TAGS && n === 2) return this.apply2(spec, f, args[0], args[1]);
    const locals = new Array<unknown>(spec.slots);
    for (let i = 0; i < n; i++) locals[i] = args[i];
    return spec.body({ household: f.household, month: f.month, date: f.date, locals, tags, month_: f.month_ });
  }

  /** An argument-free definition, computed once a month. */
  apply0(d: CompiledDefinition, spec: Specialised, f: Frame): unknown {
    const state = f.month_;
    const memo = state.memo;
    if (memo[d.index] !== NOT_YET) {
      state.inMonth = state.memoTags[d.index]!;
      state.ageBirth = state.memoBirths[d.index]!;
      return memo[d.index];
    }
    const v = spec.body({ household: f.household, month: f.month, date: f.date, locals: new Array<unknown>(spec.slots), tags: NO_TAGS, month_: state });
    memo[d.index] = v;
    state.memoTags[d.index] = tagOf(spec.kind, f);
    if (spec.kind === AGE) state.memoBirths[d.index] = state.ageBirth;
    return v;
  }

  /** A definition of one argument (a person, a child), computed once a month for each. */
  apply1(spec: Specialised, f: Frame, a0: unknown): unknown {
    const state = f.month_;
    let table = state.byArg[spec.id] as Map<unknown, Remembered> | undefined;
    if (!table) state.byArg[spec.id] = table = new Map();
    const had = table.get(a0);
    if (had) return recalled(state, had);
    const locals = new Array<unknown>(spec.slots);
    locals[0] = a0;
    return remember(table, a0, spec, f, locals);
  }

  /** A definition of two arguments (a person and a child), computed once a month for each pair. */
  apply2(spec: Specialised, f: Frame, a0: unknown, a1: unknown): unknown {
    const state = f.month_;
    let outer = state.byArg[spec.id] as Map<unknown, Map<unknown, Remembered>> | undefined;
    if (!outer) state.byArg[spec.id] = outer = new Map();
    let table = outer.get(a0);
    if (!table) outer.set(a0, (table = new Map()));
    const had = table.get(a1);
    if (had) return recalled(state, had);
    const locals = new Array<unknown>(spec.slots);
    locals[0] = a0;
    locals[1] = a1;
    return remember(table, a1, spec, f, locals);
  }

  private param(e: Extract<Expr, { kind: 'param' }>, slots: Slots): Compiled {
    const p = this.policy.parameters.get(e.id)!;
    // A value read on a date within the month changes only at a parameter cut (plan/cuts.ts).
    const at = e.at ? this.compile(e.at, slots).fn : undefined;
    const keyed = e.key ? this.compile(e.key, slots) : undefined;
    const key = keyed?.fn;
    // Values by date, then by key: every household of a month reads the same.
    const cache = new Map<CivilDate, Map<string | undefined, ReadValue>>();
    const policy = this.policy;
    // The households of a month read on the same date, one after another: the last value read first.
    let lastDate = -1;
    let lastKey: string | undefined;
    let last: ReadValue | undefined;
    const fn: Fn = (f) => {
      const date = at ? (at(f) as CivilDate) : f.date;
      const k = key ? (key(f) as string) : undefined;
      let r = date === lastDate && k === lastKey ? last : undefined;
      if (!r) {
        let byKey = cache.get(date);
        if (!byKey) cache.set(date, (byKey = new Map()));
        r = byKey.get(k);
        if (!r) {
          try {
            const read = resolveParameter(policy, p, date, k);
            r = { value: read.value, provisional: read.entry.provisional, scenario: read.entry.scenario, error: undefined };
          } catch (err) {
            r = { value: undefined, provisional: false, scenario: undefined, error: parameterError(err, e) };
          }
          byKey.set(k, r);
        }
        lastDate = date;
        lastKey = k;
        last = r;
      }
      if (r.error !== undefined) throw r.error;
      if (r.provisional) f.month_.provisional = true;
      if (r.scenario) f.month_.scenariosUsed.add(r.scenario);
      return r.value;
    };
    return fixed(keyed && readsMonth(keyed.kind) ? monthByMonth(fn) : fn);
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>, slots: Slots): Compiled {
    const ordering = ['=', '!=', '<', '<=', '>', '>='].includes(e.op);
    const [lr, rr] = ordering ? [this.raw(e.left, slots), this.raw(e.right, slots)] : [this.compile(e.left, slots), this.compile(e.right, slots)];
    // An age against a fixed number of years; anything else with an age settles it.
    const ageAgainst = (lr.kind === AGE && rr.kind === FIXED) || (lr.kind === FIXED && rr.kind === AGE);
    const lc = ageAgainst ? lr : settle(lr);
    const rc = ageAgainst ? rr : settle(rr);
    const l = lc.fn;
    const r = rc.fn;
    switch (e.op) {
      case 'and':
        return fixed((f) => (l(f) as boolean) && (r(f) as boolean));
      case 'or':
        return fixed((f) => (l(f) as boolean) || (r(f) as boolean));
      case '=':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.compared(lc, rc, e.op);
    }
    let fn: Fn;
    if (e.op === 'in') {
      fn = (f) => {
        const x = l(f);
        return (r(f) as unknown[]).some((y) => equals(x, y));
      };
    } else if (e.op === '/') {
      fn = (f) => {
        const a = l(f);
        const b = r(f);
        if (new Decimal(b as Decimal.Value).isZero()) throw divisionByZero(e);
        return arithmetic('/', a, b, false);
      };
    } else {
      const op = e.op;
      const integer = e.type?.kind === 'integer';
      fn = (f) => {
        const a = l(f);
        const b = r(f);
        try {
          return arithmetic(op, a, b, integer);
        } catch (err) {
          throw overflowError(err, e);
        }
      };
    }
    return fixed(readsMonth(lc.kind) || readsMonth(rc.kind) ? monthByMonth(fn) : fn);
  }

  /** A comparison; one of a date within the month with a fixed date ends the stretch around that date. */
  private compared(lc: Compiled, rc: Compiled, op: Ordering): Compiled {
    const l = lc.fn;
    const r = rc.fn;
    const test = TESTS[op];
    if (lc.kind === AGE) {
      return fixed((f) => {
        const a = l(f);
        const birth = f.month_.ageBirth;
        const b = r(f);
        cutAtAge(f.month_, birth, b);
        return test(a, b);
      });
    }
    if (rc.kind === AGE) {
      return fixed((f) => {
        const a = l(f);
        const b = r(f);
        cutAtAge(f.month_, f.month_.ageBirth, a);
        return test(a, b);
      });
    }
    const { cut, fixedSide } = comparison(lc.kind, rc.kind);
    if (cut === 'none') return fixed(direct(op, l, r));
    if (cut === 'nextMonth') {
      if (lc.kind === MONTH_RECORD || rc.kind === MONTH_RECORD) return fixed(monthByMonth((f) => test(l(f), r(f))));
      // Two values that may be dates of the month: it depends on which they are this month.
      return fixed((f) => {
        const a = l(f);
        const inA = tagOf(lc.kind, f);
        const b = r(f);
        const inB = tagOf(rc.kind, f);
        if (inA && inB) cutNextMonth(f.month_);
        else if (inA && typeof b === 'number') cutAt(f.month_, b);
        else if (inB && typeof a === 'number') cutAt(f.month_, a);
        return test(a, b);
      });
    }
    const left = fixedSide === 'left';
    return fixed((f) => {
      const a = l(f);
      const b = r(f);
      const d = left ? a : b;
      if (typeof d === 'number') cutAt(f.month_, d);
      return test(a, b);
    });
  }

  private call(e: Extract<Expr, { kind: 'call' }>, slots: Slots): Compiled {
    const compiled = e.args.map((a) => this.compile(a, slots));
    const args = compiled.map((c) => c.fn);
    const kinds = compiled.map((c) => c.kind);
    const impl = builtinImpl(this.policy, e.callee);
    if (impl) {
      const { kind, cut } = builtin(e.callee, kinds);
      if (cut === 'extremum') return { fn: this.extremum(e, compiled), kind };
      if (e.callee === 'default' && kind === MIXED) {
        const [x, d] = [tagged(args[0]!, kinds[0]!), tagged(args[1]!, kinds[1]!)];
        return {
          fn: (f) => {
            const v = x(f);
            return v === undefined ? d(f) : v;
          },
          kind,
        };
      }
      const [a0, a1] = args;
      const fn: Fn = args.length === 1 ? (f) => impl([a0!(f)], e) : args.length === 2 ? (f) => impl([a0!(f), a1!(f)], e) : (f) => impl(args.map((a) => a(f)), e);
      if (cut === 'nextMonth') return { fn: monthByMonth(fn), kind };
      if (cut === 'anniversary') {
        const [birth, at] = [args[0]!, args[1]!];
        return {
          fn: (f) => {
            const b = birth(f) as CivilDate;
            const v = impl([b, at(f)], e);
            f.month_.ageBirth = b;
            return v;
          },
          kind,
        };
      }
      return { fn, kind };
    }
    const d = this.definitions.get(e.callee)!;
    const spec = this.specialised(d, kinds);
    if (!spec.mixedArgs) {
      const [a0, a1] = args;
      const fn: Fn = args.length === 1 ? (f) => this.apply1(spec, f, a0!(f)) : args.length === 2 ? (f) => this.apply2(spec, f, a0!(f), a1!(f)) : (f) => this.apply(d, spec, f, args.map((a) => a(f)));
      return { fn, kind: spec.kind };
    }
    return {
      fn: (f) => {
        const tags: boolean[] = [];
        const values = args.map((a, i) => {
          const v = a(f);
          tags.push(tagOf(kinds[i]!, f));
          return v;
        });
        return this.apply(d, spec, f, values, tags);
      },
      kind: spec.kind,
    };
  }

  /**
   * min or max of dates some of which may be dates of the month: a fixed date is the answer
   * for good once the month has passed it, so each fixed one cuts the stretch at its month.
   */
  private extremum(e: Extract<Expr, { kind: 'call' }>, compiled: readonly Compiled[]): Fn {
    const least = e.callee === 'min';
    return (f) => {
      let best: unknown;
      let bestInMonth = false;
      for (const c of compiled) {
        const v = c.fn(f);
        const inMonth = tagOf(c.kind, f);
        if (!inMonth && typeof v === 'number') cutAt(f.month_, v);
        const order = best === undefined ? (least ? -1 : 1) : compare(v, best);
        // On a tie a fixed date wins, so that a value of the month is never mistaken for one.
        if ((least ? order < 0 : order > 0) || (order === 0 && !inMonth)) {
          best = v;
          bestInMonth = inMonth;
        }
      }
      f.month_.inMonth = bestInMonth;
      return best;
    };
  }

  private aggregate(e: Extract<Expr, { kind: 'aggregate' }>, slots: Slots): Compiled {
    const listC = this.compile(e.list, slots);
    const list = listC.fn;
    slots.list.push(e.variable);
    slots.kinds.push(FIXED);
    const slot = slots.list.length - 1;
    const whereC = e.where ? this.compile(e.where, slots) : undefined;
    const bodyC = e.body ? this.compile(e.body, slots) : undefined;
    const where = whereC?.fn;
    const body = bodyC?.fn;
    // The variable's slot stays reserved (hidden by a sentinel name) once the aggregate is compiled.
    slots.list[slot] = `\u0000${e.variable}`;
    const integer = e.type?.kind === 'integer';
    const op = e.op;
    const fn: Fn = (f) => {
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
    // The list of a household is fixed; the value of `first … of` is its body's.
    const unclassified = readsMonth(listC.kind) || (op === 'sum' && bodyC !== undefined && readsMonth(bodyC.kind));
    if (unclassified) return fixed(monthByMonth(fn));
    if (op !== 'first' || !bodyC || bodyC.kind === FIXED) return fixed(fn);
    // `first … of` a date of the month, or none when nothing matches.
    const kind = join(bodyC.kind, FIXED);
    return {
      fn: (f) => {
        f.month_.inMonth = false;
        const v = fn(f);
        if (v === undefined) f.month_.inMonth = false;
        else if (bodyC.kind === IN_MONTH) f.month_.inMonth = true;
        return v;
      },
      kind,
    };
  }
}

/**
 * A parameter's value on a date (for a key), with the marks of the entry it comes from; or, for
 * a value that cannot be read (not set), the error, made once.
 */
interface ReadValue {
  readonly value: unknown;
  readonly provisional: boolean;
  readonly scenario: string | undefined;
  readonly error: unknown;
}

/** A definition's value remembered this month, with what its kind said about it. */
function recalled(state: MonthState, had: Remembered): unknown {
  state.inMonth = had.inMonth;
  state.ageBirth = had.ageBirth;
  return had.value;
}

/** Computes a definition for arguments (in `locals`) and remembers the value under `key` for the month. */
function remember(table: Map<unknown, Remembered>, key: unknown, spec: Specialised, f: Frame, locals: unknown[]): unknown {
  const state = f.month_;
  const v = spec.body({ household: f.household, month: f.month, date: f.date, locals, tags: NO_TAGS, month_: state });
  table.set(key, { value: v, inMonth: tagOf(spec.kind, f), ageBirth: state.ageBirth });
  return v;
}

type Ordering = '=' | '!=' | '<' | '<=' | '>' | '>=';

const TESTS: Record<Ordering, (a: unknown, b: unknown) => boolean> = {
  '=': (a, b) => equals(a, b),
  '!=': (a, b) => !equals(a, b),
  '<': (a, b) => compare(a, b) < 0,
  '<=': (a, b) => compare(a, b) <= 0,
  '>': (a, b) => compare(a, b) > 0,
  '>=': (a, b) => compare(a, b) >= 0,
};

/** A comparison with nothing to note about the month: the test written out, without a call of its own. */
function direct(op: Ordering, l: Fn, r: Fn): Fn {
  switch (op) {
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
  }
}

function fixed(fn: Fn): Compiled {
  return { fn, kind: FIXED };
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
    const compiler = (this.compiler = compilerFor(policy));
    const start = dates.monthStart(month);
    this.state = {
      memo: compiler.blankMemo.slice(),
      provisional: false,
      scenariosUsed: new Set(),
      start,
      until: Number.MAX_SAFE_INTEGER,
      inMonth: false,
      memoTags: compiler.blankTags.slice(),
      ageBirth: 0,
      memoBirths: compiler.blankBirths.slice(),
      byArg: [],
    };
    this.month = { start, end: dates.monthEnd(month) };
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
    return { household: this.household, month: this.month, date: this.date, locals, tags: NO_TAGS, month_: this.state };
  }

  /** The first later month (a first day) from which what was evaluated may turn out otherwise. */
  get until(): CivilDate {
    return this.state.until;
  }

  define(name: string, args: unknown[] = NO_ARGS): unknown {
    const { d, spec } = this.compiler.withFixedArgs(name, args.length);
    const v = this.compiler.apply(d, spec, this.frame([]), args);
    // What the caller does with a value that reads the month is not known here.
    if (spec.kind === AGE) cutAtBirthdays(this.state, this.state.ageBirth);
    else if (spec.kind !== FIXED) cutNextMonth(this.state);
    return v;
  }

  comparedWithMonth(e: Expr, scope: Scope, value: CivilDate | undefined): void {
    const { kind } = this.compiler.forScope(e, [...scope.keys()]);
    if (kind !== FIXED) cutNextMonth(this.state);
    else if (value !== undefined) cutAt(this.state, value);
  }

  /** The names of the last scope evaluated in (a month's items are evaluated scope by scope). */
  private lastScope: Scope | undefined;
  private lastNames: readonly string[] = NO_NAMES;

  eval(e: Expr, scope: Scope): unknown {
    if (scope !== this.lastScope || scope.size !== this.lastNames.length) {
      this.lastScope = scope;
      this.lastNames = scope.size === 0 ? NO_NAMES : [...scope.keys()];
    }
    const names = this.lastNames;
    const { fn, slots } = this.compiler.forScope(e, names);
    const locals = new Array<unknown>(slots);
    let i = 0;
    for (const v of scope.values()) locals[i++] = v;
    return fn(this.frame(locals));
  }

  condition(e: Expr, scope: Scope): boolean {
    return this.eval(e, scope) as boolean;
  }

  /**
   * A closure of an expression that reads only these local names, given in this order (a
   * household constraint): compiled once, then run on any number of values.
   */
  local(e: Expr, names: readonly string[]): (locals: unknown[]) => unknown {
    const { fn } = this.compiler.forScope(e, names);
    return (locals) => fn(this.frame(locals));
  }
}
