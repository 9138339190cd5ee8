/**
 * The compiled evaluator: each definition of a policy (for the kinds of its arguments) and each
 * expression evaluated becomes one generated JavaScript function, with names resolved to slots,
 * literals parsed and parameter values cached per date, so that a million households are
 * evaluated without walking the tree or calling from node to node. No text of a policy or a
 * household reaches the source except as a JSON literal (src/eval/source.ts). It gives exactly
 * the results of the reference interpreter (the tests compare the two on generated
 * households); explanations and coverage use the interpreter, which can trace.
 */
import { Decimal } from 'decimal.js';
import * as dates from '../dsl/dates.js';
import type { CivilDate, Expr } from '../dsl/index.js';
import { resolveParameter } from '../policy/parameters.js';
import type { Definition, Policy } from '../policy/index.js';
import { builtinImpl, isPayerFamily, isPayerName, payerFamily } from './builtins.js';
import { divisionByZero, EvalError, overflowError, parameterError } from './errors.js';
import type { Scope } from './interpreter.js';
import { arithmetic, compare, equals, literalValue } from './operators.js';
import { SourceUnit, Temps } from './source.js';
import { AGE, builtin, comparison, FIXED, IN_MONTH, join, MIXED, MONTH_RECORD, readsMonth, type MonthKind } from '../plan/monthDependence.js';

/** What generated code reads as `f`: the household, the month, and what the month remembers. */
interface MonthState {
  household: Readonly<Record<string, unknown>>;
  month: { readonly start: CivilDate; readonly end: CivilDate };
  /** The day values are read on: the month's last. */
  date: CivilDate;
  /** The month of the year less one (January 0; 11 for a month 0 of no year): where parameter values read on `date` are kept. */
  slot: number;
  /** Zero-argument definitions by index; NOT_YET where not computed this month. */
  readonly memo: unknown[];
  provisional: boolean;
  readonly scenariosUsed: Set<string>;
  /** The month evaluated (its first day). */
  start: CivilDate;
  /** The first later month (a first day) from which what was read may turn out otherwise. */
  until: CivilDate;
  /** Set by code of mixed kind as it gives its value: whether the value is a date within the month. */
  inMonth: boolean;
  /** The same for argument-free definitions of mixed kind, remembered with their values. */
  readonly memoTags: boolean[];
  /** Set by code of kind AGE as it gives its value: the birth date the age is of. */
  ageBirth: CivilDate;
  /** The same for argument-free definitions of kind AGE. */
  readonly memoBirths: CivilDate[];
  /**
   * Definitions of one or two arguments computed this month, by the index of their
   * specialisation, then by the argument (for two, by the first, then the second).
   */
  /** This month's number among every month evaluated by any evaluator: the definitions' values by argument are of the month of their epoch. */
  epoch: number;
}

/**
 * Forgets what a month remembered, to evaluate another month or household with the same state.
 * The tags and birth dates of argument-free definitions are written with their values, so
 * clearing the values is enough; the values by argument, kept with the definitions, are of the month before (a new epoch).
 */
function resetState(s: MonthState, household: Readonly<Record<string, unknown>>, start: CivilDate): void {
  s.household = household;
  if (start !== s.start) {
    const end = dates.monthEnd(start);
    s.month = { start, end };
    s.date = end;
    s.slot = (dates.monthOf(start) + 11) % 12;
    s.start = start;
  }
  s.memo.fill(NOT_YET);
  s.epoch = ++monthsEvaluated;
  s.provisional = false;
  if (s.scenariosUsed.size) s.scenariosUsed.clear();
  s.until = Number.MAX_SAFE_INTEGER;
  s.inMonth = false;
  s.ageBirth = 0;
}

/** A definition's value for some arguments, with what its kind says about it this month. */
interface Remembered {
  readonly value: unknown;
  readonly inMonth: boolean;
  readonly ageBirth: CivilDate;
}

/** A generated function: the month's state, the locals (slot by slot), and which locals of mixed kind are dates of the month. */
type Fn = (f: MonthState, l: unknown[], g: boolean[]) => unknown;

/** An expression's source (a JavaScript expression of `f`, `l` and `g`), and how its value depends on the month. */
interface Code {
  readonly js: string;
  readonly kind: MonthKind;
}

/** Local names in slot order, with the kinds of their values. */
interface Slots {
  readonly list: string[];
  readonly kinds: MonthKind[];
}

/** Where an expression's source is being written: the unit and the function's temporaries. */
interface Writing {
  readonly unit: SourceUnit;
  readonly temps: Temps;
}

const NOT_YET = Symbol('not yet');
const NO_TAGS: boolean[] = [];
const NO_NAMES: readonly string[] = [];
const NO_ARGS: unknown[] = [];

/** A date compared with the month: the stretch may not run past its month, nor past the next. */
function cutAt(s: MonthState, d: CivilDate): void {
  cutAtMonth(s, d - dates.dayOf(d) + 1);
}

/** The same, for a date of the month `own` (its first day). */
function cutAtMonth(s: MonthState, own: CivilDate): void {
  if (own > s.start) {
    if (own < s.until) s.until = own;
  } else if (own === s.start) cutNextMonth(s);
  // A date of an earlier month compares alike in every later month.
}

/** A value compared with a date of the month: a cut at it when it is a date. */
function cutAtDate(s: MonthState, d: unknown): void {
  if (typeof d === 'number') cutAt(s, d);
}

/** Two values that may be dates of the month, compared: it depends on which they are this month. */
function cutEither(s: MonthState, inA: boolean, inB: boolean, a: unknown, b: unknown): void {
  if (inA && inB) cutNextMonth(s);
  else if (inA && typeof b === 'number') cutAt(s, b);
  else if (inB && typeof a === 'number') cutAt(s, a);
}

/** An age on a date within the month changes only around a birthday: this year's and next. */
function cutAtBirthdays(s: MonthState, birth: CivilDate): void {
  const year = dates.yearOf(s.start);
  const born = dates.yearOf(birth);
  if (year > born) cutAtMonth(s, birthdayMonth(birth, year - born));
  if (year + 1 > born) cutAtMonth(s, birthdayMonth(birth, year + 1 - born));
}

/** `age op years` can turn out otherwise only on the birthday of that age, or of the next. */
function cutAtAge(s: MonthState, birth: CivilDate, years: unknown): void {
  if (typeof years !== 'number' || years < 1) return cutAtBirthdays(s, birth);
  cutAtMonth(s, birthdayMonth(birth, years));
  cutAtMonth(s, birthdayMonth(birth, years + 1));
}

/**
 * The month (its first day) of the birthday `years` (at least 1) after `birth`: that of
 * dates.addMonths(birth, 12 × years), whose day may move but never its month.
 */
function birthdayMonth(birth: CivilDate, years: number): CivilDate {
  return birth - dates.dayOf(birth) + 1 + years * 10000;
}

function cutNextMonth(s: MonthState): void {
  const next = dates.addMonths(s.start, 1);
  if (next < s.until) s.until = next;
}

/** Whether the value that code of this kind just gave is a date within the month. */
function tagOf(kind: MonthKind, s: MonthState): boolean {
  return kind === FIXED ? false : kind === IN_MONTH ? true : s.inMonth;
}

/** The same, as source read right after the value is given. */
function tagSource(kind: MonthKind): string {
  return kind === FIXED ? 'false' : kind === IN_MONTH ? 'true' : 'f.inMonth';
}

/** An expression read with the month ended at the next: its source. */
function monthByMonth(js: string): string {
  return `(cutNextMonth(f), ${js})`;
}

/** Source giving a branch's value and, when the whole is of mixed kind, whether it is a date of the month. */
function tagged(c: Code, w: Writing): string {
  if (c.kind === MIXED) return c.js;
  const t = w.temps.next();
  return `(${t} = ${c.js}, f.inMonth = ${c.kind !== FIXED}, ${t})`;
}

/** An age used other than against a number of years: it may change at any birthday. */
function settle(c: Code, w: Writing): Code {
  if (c.kind !== AGE) return c;
  const t = w.temps.next();
  return fixed(`(${t} = ${c.js}, cutAtBirthdays(f, f.ageBirth), ${t})`);
}

function fixed(js: string): Code {
  return { js, kind: FIXED };
}

type Ordering = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A comparison's test, written out. */
const TESTS: Record<Ordering, (a: string, b: string) => string> = {
  '=': (a, b) => `equals(${a}, ${b})`,
  '!=': (a, b) => `(!equals(${a}, ${b}))`,
  '<': (a, b) => `(compare(${a}, ${b}) < 0)`,
  '<=': (a, b) => `(compare(${a}, ${b}) <= 0)`,
  '>': (a, b) => `(compare(${a}, ${b}) > 0)`,
  '>=': (a, b) => `(compare(${a}, ${b}) >= 0)`,
};

const ORDERINGS = new Set<string>(Object.keys(TESTS));

/** `x in [a, b]` of literals (their sources): x compared with each in turn, as `isIn` does, without making the list. */
function inLiterals(x: string, items: readonly string[], w: Writing): string {
  if (items.length === 0) return `(${x}, false)`;
  const t = w.temps.next();
  return `(${t} = ${x}, ${items.map((k) => `equals(${t}, ${k})`).join(' || ')})`;
}

/** Literals, whose source is a value's name or `undefined`. */
function isLiteral(e: Expr): boolean {
  return e.kind === 'number' || e.kind === 'money' || e.kind === 'percent' || e.kind === 'string' || e.kind === 'date' || e.kind === 'boolean' || e.kind === 'none';
}

/** An expression compiled for a list of local names (joined with commas), all of fixed kind. */
export interface CompiledExpr {
  readonly fn: Fn;
  readonly kind: MonthKind;
  readonly names: string;
  readonly slots: number;
  readonly source: string;
}

/** A definition compiled for arguments all of fixed kind. */
export interface FixedDefinition {
  readonly d: CompiledDefinition;
  readonly spec: Specialised;
  readonly arity: number;
}

/** A scope evaluated in, with its names and values when last taken (in the month `epoch`), and the expressions compiled for its names. */
interface ScopeSeen {
  readonly scope: Scope;
  epoch: number;
  names: readonly string[];
  values: unknown[];
  compiled: Map<Expr, CompiledExpr>;
}

const SCOPES_SEEN = 8;

/** A definition compiled for the kinds of its arguments. */
interface Specialised {
  /** Its place among every specialisation of the policy's definitions (for the month's memo). */
  id: number;
  slots: number;
  /**
   * The locals its body runs with, made once: a definition never runs inside itself (one that
   * refers to itself is not compiled), so one list serves every call, its arguments written first.
   */
  locals: unknown[];
  /** Its values by argument (of one or two) this month. */
  readonly byArg: ByArg;
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

/** An argument-free definition, computed once a month. */
function apply0(d: CompiledDefinition, spec: Specialised, s: MonthState): unknown {
  const memo = s.memo;
  if (memo[d.index] !== NOT_YET) {
    s.inMonth = s.memoTags[d.index]!;
    s.ageBirth = s.memoBirths[d.index]!;
    return memo[d.index];
  }
  const v = spec.body(s, spec.locals, NO_TAGS);
  memo[d.index] = v;
  s.memoTags[d.index] = tagOf(spec.kind, s);
  if (spec.kind === AGE) s.memoBirths[d.index] = s.ageBirth;
  return v;
}

/**
 * The values of a definition of one or two arguments in the month `epoch` (MonthState.epoch):
 * while few, a flat list of entries (the arguments, then the value, whether it is a date of
 * the month, and the birth date of an age), searched in order; once there are more than
 * MEMO_LIST, a map by argument. Kept with the definition, as a definition never runs inside
 * itself; values of another month (another evaluator's, or this one's before a reset) are
 * dropped when first asked for.
 */
interface ByArg {
  epoch: number;
  /** The list's length used. */
  count: number;
  readonly list: unknown[];
  map: Map<unknown, Remembered> | Map<unknown, Map<unknown, Remembered>> | undefined;
}

const MEMO_LIST = 8;

/** Months evaluated so far, by every evaluator: each has its epoch. */
let monthsEvaluated = 0;

/** The definition's values, emptied when they are of another month than this one. */
function byArgOf(spec: Specialised, s: MonthState): ByArg {
  const m = spec.byArg;
  if (m.epoch !== s.epoch) {
    m.epoch = s.epoch;
    m.count = 0;
    m.map = undefined;
  }
  return m;
}

/** A definition of one argument (a person, a child), computed once a month for each. */
function apply1(spec: Specialised, s: MonthState, a0: unknown): unknown {
  const m = byArgOf(spec, s);
  if (m.map === undefined) {
    const t = m.list;
    for (let i = 0; i < m.count; i += 4) {
      if (t[i] === a0) {
        s.inMonth = t[i + 2] as boolean;
        s.ageBirth = t[i + 3] as CivilDate;
        return t[i + 1];
      }
    }
  } else {
    const had = (m.map as Map<unknown, Remembered>).get(a0);
    if (had) return recalled(s, had);
  }
  const locals = spec.locals;
  locals[0] = a0;
  const v = spec.body(s, locals, NO_TAGS);
  const inMonth = tagOf(spec.kind, s);
  const list = m.list;
  if (m.map !== undefined) (m.map as Map<unknown, Remembered>).set(a0, { value: v, inMonth, ageBirth: s.ageBirth });
  else if (m.count < 4 * MEMO_LIST) {
    const n = m.count;
    list[n] = a0;
    list[n + 1] = v;
    list[n + 2] = inMonth;
    list[n + 3] = s.ageBirth;
    m.count = n + 4;
  } else {
    const map = new Map<unknown, Remembered>();
    for (let i = 0; i < m.count; i += 4) map.set(list[i], { value: list[i + 1], inMonth: list[i + 2] as boolean, ageBirth: list[i + 3] as CivilDate });
    map.set(a0, { value: v, inMonth, ageBirth: s.ageBirth });
    m.map = map;
  }
  return v;
}

/** A definition of two arguments (a person and a child), computed once a month for each pair. */
function apply2(spec: Specialised, s: MonthState, a0: unknown, a1: unknown): unknown {
  const m = byArgOf(spec, s);
  if (m.map === undefined) {
    const t = m.list;
    for (let i = 0; i < m.count; i += 5) {
      if (t[i] === a0 && t[i + 1] === a1) {
        s.inMonth = t[i + 3] as boolean;
        s.ageBirth = t[i + 4] as CivilDate;
        return t[i + 2];
      }
    }
  } else {
    const had = (m.map as Map<unknown, Map<unknown, Remembered>>).get(a0)?.get(a1);
    if (had) return recalled(s, had);
  }
  const locals = spec.locals;
  locals[0] = a0;
  locals[1] = a1;
  const v = spec.body(s, locals, NO_TAGS);
  const inMonth = tagOf(spec.kind, s);
  const list = m.list;
  if (m.map !== undefined) remember2(m.map as Map<unknown, Map<unknown, Remembered>>, a0, a1, { value: v, inMonth, ageBirth: s.ageBirth });
  else if (m.count < 5 * MEMO_LIST) {
    const n = m.count;
    list[n] = a0;
    list[n + 1] = a1;
    list[n + 2] = v;
    list[n + 3] = inMonth;
    list[n + 4] = s.ageBirth;
    m.count = n + 5;
  } else {
    const map = new Map<unknown, Map<unknown, Remembered>>();
    for (let i = 0; i < m.count; i += 5) remember2(map, list[i], list[i + 1], { value: list[i + 2], inMonth: list[i + 3] as boolean, ageBirth: list[i + 4] as CivilDate });
    remember2(map, a0, a1, { value: v, inMonth, ageBirth: s.ageBirth });
    m.map = map;
  }
  return v;
}

function remember2(map: Map<unknown, Map<unknown, Remembered>>, a0: unknown, a1: unknown, r: Remembered): void {
  let inner = map.get(a0);
  if (!inner) map.set(a0, (inner = new Map()));
  inner.set(a1, r);
}

/**
 * Runs a definition; argument-free ones are computed once a month, and those of one or two
 * arguments (a person, a child, a person and a child) once a month for each. `tags` says, for
 * arguments of mixed kind, which they are this month.
 */
function apply(d: CompiledDefinition, spec: Specialised, s: MonthState, args: readonly unknown[], tags: boolean[] = NO_TAGS): unknown {
  const n = args.length;
  if (n === 0) return apply0(d, spec, s);
  if (tags === NO_TAGS && n === 1) return apply1(spec, s, args[0]);
  if (tags === NO_TAGS && n === 2) return apply2(spec, s, args[0], args[1]);
  const locals = spec.locals;
  for (let i = 0; i < n; i++) locals[i] = args[i];
  return spec.body(s, locals, tags);
}

/** A definition's value remembered this month, with what its kind said about it. */
function recalled(s: MonthState, had: Remembered): unknown {
  s.inMonth = had.inMonth;
  s.ageBirth = had.ageBirth;
  return had.value;
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

/** One `param(…)` of the policy: its values by date, then by key (every household of a month reads the same). */
class ParameterRead {
  private readonly cache = new Map<CivilDate, Map<string | undefined, ReadValue>>();
  // The households of a month read on the same date, one after another: the last value read
  // first, then the values of the last date read (households of other counties, keyed reads).
  private lastDate = -1;
  private lastKey: string | undefined;
  private last: ReadValue | undefined;
  private lastByKey: Map<string | undefined, ReadValue> | undefined;
  /**
   * By the month of the year (MonthState.slot): the day of the last value read without a key on
   * a month's last day that marks nothing (neither provisional nor of a scenario, nor an error),
   * and that value, which generated code takes without a call; -1 where there is none.
   */
  readonly plainDates: CivilDate[] = new Array<CivilDate>(12).fill(-1);
  readonly plainValues: unknown[] = new Array<unknown>(12).fill(undefined);

  constructor(
    private readonly policy: Policy,
    private readonly e: Extract<Expr, { kind: 'param' }>,
  ) {}

  read(s: MonthState, date: CivilDate, k: string | undefined): unknown {
    let r = date === this.lastDate && k === this.lastKey ? this.last : undefined;
    if (!r) {
      let byKey = date === this.lastDate ? this.lastByKey : this.cache.get(date);
      if (!byKey) this.cache.set(date, (byKey = new Map()));
      this.lastByKey = byKey;
      r = byKey.get(k);
      if (!r) {
        const p = this.policy.parameters.get(this.e.id)!;
        try {
          const read = resolveParameter(this.policy, p, date, k);
          r = { value: read.value, provisional: read.entry.provisional, scenario: read.entry.scenario, error: undefined };
        } catch (err) {
          r = { value: undefined, provisional: false, scenario: undefined, error: parameterError(err, this.e) };
        }
        byKey.set(k, r);
      }
      this.lastDate = date;
      this.lastKey = k;
      this.last = r;
    }
    if (k === undefined && date === s.date) {
      const plain = r.error === undefined && !r.provisional && !r.scenario;
      this.plainDates[s.slot] = plain ? date : -1;
      this.plainValues[s.slot] = plain ? r.value : undefined;
    }
    if (r.error !== undefined) throw r.error;
    if (r.provisional) s.provisional = true;
    if (r.scenario) s.scenariosUsed.add(r.scenario);
    return r.value;
  }
}

/** Arithmetic other than division, whole numbers beyond 2^53 reported as the expression's overflow. */
function arith(op: '+' | '-' | '*', a: unknown, b: unknown, integer: boolean, e: Extract<Expr, { kind: 'binary' }>): unknown {
  try {
    return arithmetic(op, a, b, integer);
  } catch (err) {
    throw overflowError(err, e);
  }
}

function divide(a: unknown, b: unknown, e: Extract<Expr, { kind: 'binary' }>): unknown {
  if (new Decimal(b as Decimal.Value).isZero()) throw divisionByZero(e);
  return arithmetic('/', a, b, false);
}

function negate(v: unknown): unknown {
  return typeof v === 'number' ? -v : (v as Decimal).neg();
}

function isIn(x: unknown, list: unknown[]): boolean {
  return list.some((y) => equals(x, y));
}

function noValue(name: string, e: Expr): never {
  throw new EvalError('E-EVAL-NAME', `'${name}' has no value here`, e.span);
}

function zero(): Decimal {
  return new Decimal(0);
}

/** The functions generated code calls, by the names it calls them. */
const RUNTIME = { cutAt, cutAtDate, cutEither, cutAtBirthdays, cutAtAge, cutNextMonth, equals, compare, arithmetic, arith, divide, negate, isIn, noValue, zero, apply0, apply1, apply2, apply };

class Compiler {
  readonly definitions = new Map<string, CompiledDefinition>();
  private specialisations = 0;
  private readonly exprs = new WeakMap<Expr, CompiledExpr>();

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
    const w = this.writing();
    const body = this.raw(c.def.expr, slots, w);
    const done = { id: this.specialisations++, slots: slots.list.length, locals: new Array<unknown>(slots.list.length), byArg: { epoch: 0, count: 0, list: [], map: undefined }, body: w.unit.build(w.temps, body.js).fn as Fn, kind: body.kind, mixedArgs: kinds.includes(MIXED) };
    c.forKinds.set(key, done);
    return done;
  }

  private writing(): Writing {
    return { unit: new SourceUnit(RUNTIME), temps: new Temps() };
  }

  /** A definition by name, compiled for arguments all of fixed kind (what the evaluation of a month asks for). */
  withFixedArgs(name: string, arity: number): FixedDefinition {
    let byArity = this.fixedArgs.get(name);
    if (!byArity) this.fixedArgs.set(name, (byArity = []));
    let found = byArity[arity];
    if (!found) {
      const d = this.definitions.get(name)!;
      byArity[arity] = found = { d, spec: this.specialised(d, new Array<MonthKind>(arity).fill(FIXED)), arity };
    }
    return found;
  }

  private readonly fixedArgs = new Map<string, FixedDefinition[]>();

  /** The function of an expression evaluated with the given local names (in slot order), all fixed. */
  forScope(e: Expr, names: readonly string[]): CompiledExpr {
    const key = names.length === 0 ? '' : names.length === 1 ? names[0]! : names.join(',');
    const hit = this.exprs.get(e);
    if (hit && hit.names === key) return hit;
    const slots: Slots = { list: [...names], kinds: names.map(() => FIXED) };
    const w = this.writing();
    const c = this.compile(e, slots, w);
    const { fn, source } = w.unit.build(w.temps, c.js);
    const compiled = { fn: fn as Fn, kind: c.kind, names: key, slots: slots.list.length, source };
    this.exprs.set(e, compiled);
    return compiled;
  }

  /** An expression compiled for any use: an age is settled. */
  private compile(e: Expr, slots: Slots, w: Writing): Code {
    return settle(this.raw(e, slots, w), w);
  }

  /** An expression compiled for a use that understands an age (a comparison, a definition's body). */
  private raw(e: Expr, slots: Slots, w: Writing): Code {
    switch (e.kind) {
      case 'number':
      case 'money':
      case 'percent':
        return fixed(w.unit.value(literalValue(e)));
      case 'date':
      case 'boolean':
        return fixed(w.unit.value(e.value));
      case 'string':
        return fixed(w.unit.value(e.canonical ?? e.value));
      case 'none':
        return fixed('undefined');
      case 'list': {
        const items = e.items.map((i) => this.compile(i, slots, w));
        const js = `[${items.map((i) => i.js).join(', ')}]`;
        return fixed(items.some((i) => readsMonth(i.kind)) ? monthByMonth(js) : js);
      }
      case 'name':
        return this.name(e.name, e, slots, w);
      case 'member': {
        const obj = this.compile(e.object, slots, w);
        const t = w.temps.next();
        const js = `(${t} = ${obj.js}, ${t} === undefined ? undefined : ${w.unit.field(t, e.field)})`;
        if (obj.kind === FIXED) return fixed(js);
        if (obj.kind === MONTH_RECORD && (e.field === 'start' || e.field === 'end')) return { js, kind: IN_MONTH };
        return fixed(monthByMonth(js));
      }
      case 'param':
        return this.param(e, slots, w);
      case 'unary': {
        const operand = this.compile(e.operand, slots, w);
        const js = e.op === 'not' ? `(!${operand.js})` : `negate(${operand.js})`;
        return fixed(readsMonth(operand.kind) ? monthByMonth(js) : js);
      }
      case 'if': {
        const [c, t, o] = [this.compile(e.cond, slots, w), this.compile(e.then, slots, w), this.compile(e.else, slots, w)];
        const kind = join(t.kind, o.kind);
        const [then, other] = kind === MIXED ? [tagged(t, w), tagged(o, w)] : [t.js, o.js];
        const js = `(${c.js} ? ${then} : ${other})`;
        return { js: readsMonth(c.kind) ? monthByMonth(js) : js, kind };
      }
      case 'binary':
        return this.binary(e, slots, w);
      case 'call':
        return this.call(e, slots, w);
      case 'aggregate':
        return this.aggregate(e, slots, w);
    }
  }

  private name(name: string, e: Expr, slots: Slots, w: Writing): Code {
    const slot = slots.list.lastIndexOf(name);
    if (slot >= 0) {
      const kind = slots.kinds[slot]!;
      if (kind !== MIXED) return { js: `l[${slot}]`, kind };
      return { js: `(f.inMonth = g[${slot}], l[${slot}])`, kind };
    }
    if (name === 'month') return { js: 'f.month', kind: MONTH_RECORD };
    if (this.policy.variables.has(name)) return fixed(w.unit.field('f.household', name));
    if (isPayerName(this.policy, name)) return fixed(w.unit.value(name));
    const d = this.definitions.get(name);
    if (d) {
      const spec = this.specialised(d, []);
      return { js: `apply0(${w.unit.value(d)}, ${w.unit.value(spec)}, f)`, kind: spec.kind };
    }
    return fixed(`noValue(${w.unit.value(name)}, ${w.unit.value(e)})`);
  }

  private param(e: Extract<Expr, { kind: 'param' }>, slots: Slots, w: Writing): Code {
    // A value read on a date within the month changes only at a parameter cut (plan/cuts.ts).
    const at = e.at ? this.compile(e.at, slots, w).js : 'f.date';
    const keyed = e.key ? this.compile(e.key, slots, w) : undefined;
    const read = w.unit.value(new ParameterRead(this.policy, e));
    // A value without a key read at the month's end, as every household of the month reads it.
    const js = keyed || e.at ? `${read}.read(f, ${at}, ${keyed ? keyed.js : 'undefined'})` : `(${read}.plainDates[f.slot] === f.date ? ${read}.plainValues[f.slot] : ${read}.read(f, f.date, undefined))`;
    return fixed(keyed && readsMonth(keyed.kind) ? monthByMonth(js) : js);
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>, slots: Slots, w: Writing): Code {
    const ordering = ORDERINGS.has(e.op);
    const [lr, rr] = ordering ? [this.raw(e.left, slots, w), this.raw(e.right, slots, w)] : [this.compile(e.left, slots, w), this.compile(e.right, slots, w)];
    // An age against a fixed number of years; anything else with an age settles it.
    const ageAgainst = (lr.kind === AGE && rr.kind === FIXED) || (lr.kind === FIXED && rr.kind === AGE);
    const lc = ageAgainst ? lr : settle(lr, w);
    const rc = ageAgainst ? rr : settle(rr, w);
    const [l, r] = [lc.js, rc.js];
    switch (e.op) {
      case 'and':
        return fixed(`(${l} && ${r})`);
      case 'or':
        return fixed(`(${l} || ${r})`);
      case '=':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.compared(lc, rc, e.op, w);
    }
    let js: string;
    if (e.op === 'in') js = e.right.kind === 'list' && e.right.items.every(isLiteral) ? inLiterals(l, e.right.items.map((i) => this.raw(i, slots, w).js), w) : `isIn(${l}, ${r})`;
    else if (e.op === '/') js = `divide(${l}, ${r}, ${w.unit.value(e)})`;
    else js = `arith(${w.unit.value(e.op)}, ${l}, ${r}, ${e.type?.kind === 'integer'}, ${w.unit.value(e)})`;
    return fixed(readsMonth(lc.kind) || readsMonth(rc.kind) ? monthByMonth(js) : js);
  }

  /** A comparison; one of a date within the month with a fixed date ends the stretch around that date. */
  private compared(lc: Code, rc: Code, op: Ordering, w: Writing): Code {
    const test = TESTS[op];
    if (lc.kind === AGE) {
      const [a, birth, b] = [w.temps.next(), w.temps.next(), w.temps.next()];
      return fixed(`(${a} = ${lc.js}, ${birth} = f.ageBirth, ${b} = ${rc.js}, cutAtAge(f, ${birth}, ${b}), ${test(a, b)})`);
    }
    if (rc.kind === AGE) {
      const [a, b] = [w.temps.next(), w.temps.next()];
      return fixed(`(${a} = ${lc.js}, ${b} = ${rc.js}, cutAtAge(f, f.ageBirth, ${a}), ${test(a, b)})`);
    }
    const { cut, fixedSide } = comparison(lc.kind, rc.kind);
    if (cut === 'none') return fixed(test(lc.js, rc.js));
    const [a, b] = [w.temps.next(), w.temps.next()];
    if (cut === 'nextMonth') {
      if (lc.kind === MONTH_RECORD || rc.kind === MONTH_RECORD) return fixed(monthByMonth(test(lc.js, rc.js)));
      // Two values that may be dates of the month: it depends on which they are this month.
      const [inA, inB] = [w.temps.next(), w.temps.next()];
      return fixed(`(${a} = ${lc.js}, ${inA} = ${tagSource(lc.kind)}, ${b} = ${rc.js}, ${inB} = ${tagSource(rc.kind)}, cutEither(f, ${inA}, ${inB}, ${a}, ${b}), ${test(a, b)})`);
    }
    return fixed(`(${a} = ${lc.js}, ${b} = ${rc.js}, cutAtDate(f, ${fixedSide === 'left' ? a : b}), ${test(a, b)})`);
  }

  private call(e: Extract<Expr, { kind: 'call' }>, slots: Slots, w: Writing): Code {
    const compiled = e.args.map((a) => this.compile(a, slots, w));
    const args = compiled.map((c) => c.js);
    const kinds = compiled.map((c) => c.kind);
    const impl = builtinImpl(this.policy, e.callee);
    if (impl) {
      const { kind, cut } = builtin(e.callee, kinds);
      if (cut === 'extremum') return { js: this.extremum(e, compiled, w), kind };
      if (e.callee === 'default' && kind === MIXED) {
        const t = w.temps.next();
        return { js: `(${t} = ${tagged(compiled[0]!, w)}, ${t} === undefined ? ${tagged(compiled[1]!, w)} : ${t})`, kind };
      }
      if (cut === 'anniversary') {
        const [birth, v] = [w.temps.next(), w.temps.next()];
        return { js: `(${birth} = ${args[0]}, ${v} = ${w.unit.value(impl)}([${birth}, ${args[1]}], ${w.unit.value(e)}), f.ageBirth = ${birth}, ${v})`, kind };
      }
      const js = this.builtinCall(e, impl, args, w);
      return { js: cut === 'nextMonth' ? monthByMonth(js) : js, kind };
    }
    const d = this.definitions.get(e.callee)!;
    const spec = this.specialised(d, kinds);
    const [dv, sv] = [w.unit.value(d), w.unit.value(spec)];
    if (!spec.mixedArgs) {
      const js = args.length === 1 ? `apply1(${sv}, f, ${args[0]})` : args.length === 2 ? `apply2(${sv}, f, ${args[0]}, ${args[1]})` : `apply(${dv}, ${sv}, f, [${args.join(', ')}])`;
      return { js, kind: spec.kind };
    }
    const values = args.map(() => w.temps.next());
    const tags = args.map(() => w.temps.next());
    const steps = args.map((a, i) => `${values[i]} = ${a}, ${tags[i]} = ${tagSource(kinds[i]!)}`);
    return { js: `(${steps.join(', ')}, apply(${dv}, ${sv}, f, [${values.join(', ')}], [${tags.join(', ')}]))`, kind: spec.kind };
  }

  /** A built-in called with its arguments' values: `exists` and `default` written out, the others called. */
  private builtinCall(e: Extract<Expr, { kind: 'call' }>, impl: unknown, args: readonly string[], w: Writing): string {
    if (e.callee === 'exists' && args.length === 1) return `(${args[0]} !== undefined)`;
    if (args.length === 1 && isPayerFamily(this.policy, e.callee)) return `${w.unit.value(payerFamily(e.callee))}.member(${args[0]})`;
    if (e.callee === 'default' && args.length === 2) {
      // Both are worked out, as for any call; the default is the value when there is none.
      const [x, d] = [w.temps.next(), w.temps.next()];
      return `(${x} = ${args[0]}, ${d} = ${args[1]}, ${x} === undefined ? ${d} : ${x})`;
    }
    return `${w.unit.value(impl)}([${args.join(', ')}], ${w.unit.value(e)})`;
  }

  /**
   * min or max of dates some of which may be dates of the month: a fixed date is the answer
   * for good once the month has passed it, so each fixed one cuts the stretch at its month.
   */
  private extremum(e: Extract<Expr, { kind: 'call' }>, compiled: readonly Code[], w: Writing): string {
    const least = e.callee === 'min';
    const [best, bestInMonth, v, inMonth, order] = [w.temps.next(), w.temps.next(), w.temps.next(), w.temps.next(), w.temps.next()];
    const steps = compiled.map(
      (c) =>
        `${v} = ${c.js}, ${inMonth} = ${tagSource(c.kind)}, (!${inMonth} && typeof ${v} === 'number' && cutAt(f, ${v})), ` +
        `${order} = ${best} === undefined ? ${least ? -1 : 1} : compare(${v}, ${best}), ` +
        // On a tie a fixed date wins, so that a value of the month is never mistaken for one.
        `((${order} ${least ? '<' : '>'} 0 || (${order} === 0 && !${inMonth})) && (${best} = ${v}, ${bestInMonth} = ${inMonth}))`,
    );
    return `(${best} = undefined, ${bestInMonth} = false, ${steps.join(', ')}, f.inMonth = ${bestInMonth}, ${best})`;
  }

  private aggregate(e: Extract<Expr, { kind: 'aggregate' }>, slots: Slots, w: Writing): Code {
    // The loop is a function of its own in the unit, with its own temporaries.
    const inner: Writing = { unit: w.unit, temps: new Temps() };
    const listC = this.compile(e.list, slots, inner);
    slots.list.push(e.variable);
    slots.kinds.push(FIXED);
    const slot = slots.list.length - 1;
    const whereC = e.where ? this.compile(e.where, slots, inner) : undefined;
    const bodyC = e.body ? this.compile(e.body, slots, inner) : undefined;
    // The variable's slot stays reserved (hidden by a sentinel name) once the aggregate is compiled.
    slots.list[slot] = `\u0000${e.variable}`;
    const integer = e.type?.kind === 'integer';
    const hit = whereC ? whereC.js : 'true';
    const step: Record<typeof e.op, string> = {
      all: 'if (!hit) return false;',
      any: 'if (hit) return true;',
      first: `if (!hit) continue;\nreturn ${bodyC ? bodyC.js : 'item'};`,
      count: 'if (!hit) continue;\ncount++;',
      sum: `if (!hit) continue;\nsum = arithmetic('+', sum, ${bodyC?.js ?? 'undefined'}, ${integer});`,
    };
    const result: Record<typeof e.op, string> = { all: 'true', any: 'false', first: 'undefined', count: 'count', sum: 'sum' };
    const name = w.unit.function(
      inner.temps,
      [
        `const items = ${listC.js} ?? [];`,
        e.op === 'count' ? 'let count = 0;' : e.op === 'sum' ? `let sum = ${integer ? '0' : 'zero()'};` : '',
        'for (let i = 0; i < items.length; i++) {',
        'const item = items[i];',
        `l[${slot}] = item;`,
        `const hit = ${hit};`,
        step[e.op],
        '}',
        `return ${result[e.op]};`,
      ].join('\n'),
    );
    const js = `${name}(f, l, g)`;
    // The list of a household is fixed; the value of `first … of` is its body's.
    const unclassified = readsMonth(listC.kind) || (e.op === 'sum' && bodyC !== undefined && readsMonth(bodyC.kind));
    if (unclassified) return fixed(monthByMonth(js));
    if (e.op !== 'first' || !bodyC || bodyC.kind === FIXED) return fixed(js);
    // `first … of` a date of the month, or none when nothing matches.
    const v = w.temps.next();
    const some = bodyC.kind === IN_MONTH ? '(f.inMonth = true)' : 'undefined';
    return { js: `(f.inMonth = false, ${v} = ${js}, ${v} === undefined ? (f.inMonth = false) : ${some}, ${v})`, kind: join(bodyC.kind, FIXED) };
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

/** The source generated for an expression evaluated with these local names (for tests, and to read what runs). */
export function compiledSource(policy: Policy, e: Expr, names: readonly string[] = NO_NAMES): string {
  return compilerFor(policy).forScope(e, names).source;
}

/** The compiled evaluator for one household and month, with the interpreter's interface. */
export class CompiledMonth {
  private readonly compiler: Compiler;
  private readonly state: MonthState;

  constructor(policy: Policy, household: Readonly<Record<string, unknown>>, month: CivilDate) {
    const compiler = (this.compiler = compilerFor(policy));
    const start = dates.monthStart(month);
    const end = dates.monthEnd(month);
    this.state = {
      household,
      month: { start, end },
      date: end,
      slot: (dates.monthOf(start) + 11) % 12,
      memo: compiler.blankMemo.slice(),
      provisional: false,
      scenariosUsed: new Set(),
      start,
      until: Number.MAX_SAFE_INTEGER,
      inMonth: false,
      memoTags: compiler.blankTags.slice(),
      ageBirth: 0,
      memoBirths: compiler.blankBirths.slice(),
      epoch: ++monthsEvaluated,
    };
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

  /** The first later month (a first day) from which what was evaluated may turn out otherwise. */
  get until(): CivilDate {
    return this.state.until;
  }

  /** Evaluates another month (a first day), or another household, from scratch: nothing of the last is kept. */
  reset(household: Readonly<Record<string, unknown>>, month: CivilDate): void {
    resetState(this.state, household, month);
    this.epoch++;
  }

  define(name: string, args: unknown[] = NO_ARGS): unknown {
    const { d, spec } = this.compiler.withFixedArgs(name, args.length);
    return this.settled(spec, apply(d, spec, this.state, args));
  }

  /** A definition (by name) of no argument or one, for definedBy: found once. */
  definition(name: string, arity: 0 | 1): FixedDefinition {
    return this.compiler.withFixedArgs(name, arity);
  }

  /** The value of a definition found by `definition`, for its argument if it has one. */
  definedBy(h: FixedDefinition, arg?: unknown): unknown {
    return this.settled(h.spec, h.arity === 0 ? apply0(h.d, h.spec, this.state) : apply1(h.spec, this.state, arg));
  }

  /** A definition's value given to the caller, who may do anything with it: a value that reads the month ends the stretch. */
  private settled(spec: Specialised, v: unknown): unknown {
    if (spec.kind === AGE) cutAtBirthdays(this.state, this.state.ageBirth);
    else if (spec.kind !== FIXED) cutNextMonth(this.state);
    return v;
  }

  comparedWithMonth(e: Expr, scope: Scope, value: CivilDate | undefined): void {
    this.compared(this.compiledIn(e, this.seenFor(scope)), value);
  }

  /** The same for the value `c` (compiledFor) gave. */
  compared(c: CompiledExpr, value: CivilDate | undefined): void {
    if (c.kind !== FIXED) cutNextMonth(this.state);
    else if (value !== undefined) cutAt(this.state, value);
  }

  /** An expression compiled for these local names (a scope's, in order), to be run again and again with `run`. */
  compiledFor(e: Expr, names: readonly string[]): CompiledExpr {
    return this.compiler.forScope(e, names);
  }

  /** The value of an expression compiled for names, given their values in order. */
  run(c: CompiledExpr, values: unknown[]): unknown {
    // The code writes only the slots past the scope's (an aggregate's variable): the scope's values are given as they are.
    if (c.slots === values.length) return c.fn(this.state, values, NO_TAGS);
    const locals = new Array<unknown>(c.slots);
    for (let i = 0; i < values.length; i++) locals[i] = values[i];
    return c.fn(this.state, locals, NO_TAGS);
  }

  /**
   * The scopes evaluated in (a month's items are evaluated in a few, again and again), with
   * their names and values taken when first given in a month: a scope is not changed while a
   * month is evaluated in it. At most SCOPES_SEEN are kept, the oldest given way.
   */
  private readonly seen: ScopeSeen[] = [];
  private lastSeen: ScopeSeen | undefined;
  /** Counts the months evaluated: a scope's values taken in an earlier one are taken again. */
  private epoch = 0;
  /** The expressions compiled for each list of names evaluated in (joined with commas): kept with this evaluator, which evaluates the policy's expressions. */
  private readonly compiledByNames = new Map<string, Map<Expr, CompiledExpr>>();

  private seenFor(scope: Scope): ScopeSeen {
    let seen = this.lastSeen;
    if (seen === undefined || seen.scope !== scope) {
      seen = undefined;
      for (let i = 0; i < this.seen.length; i++) {
        if (this.seen[i]!.scope === scope) {
          seen = this.seen[i]!;
          break;
        }
      }
      if (seen === undefined) {
        seen = { scope, epoch: -1, names: NO_NAMES, values: NO_ARGS, compiled: new Map() };
        if (this.seen.length >= SCOPES_SEEN) this.seen.shift();
        this.seen.push(seen);
      }
      this.lastSeen = seen;
    }
    if (seen.epoch !== this.epoch || scope.size !== seen.names.length) {
      seen.epoch = this.epoch;
      seen.names = scope.size === 0 ? NO_NAMES : [...scope.keys()];
      seen.values = scope.size === 0 ? NO_ARGS : [...scope.values()];
      const key = seen.names.join(',');
      let byExpr = this.compiledByNames.get(key);
      if (!byExpr) this.compiledByNames.set(key, (byExpr = new Map()));
      seen.compiled = byExpr;
    }
    return seen;
  }

  /** The expression compiled for the names of the scope. */
  private compiledIn(e: Expr, seen: ScopeSeen): CompiledExpr {
    let c = seen.compiled.get(e);
    if (c === undefined) seen.compiled.set(e, (c = this.compiler.forScope(e, seen.names)));
    return c;
  }

  eval(e: Expr, scope: Scope): unknown {
    const seen = this.seenFor(scope);
    return this.run(this.compiledIn(e, seen), seen.values);
  }

  condition(e: Expr, scope: Scope): boolean {
    return this.eval(e, scope) as boolean;
  }

  /**
   * A function of an expression that reads only these local names, given in this order (a
   * household constraint): compiled once, then run on any number of values.
   */
  local(e: Expr, names: readonly string[]): (locals: unknown[]) => unknown {
    const { fn } = this.compiler.forScope(e, names);
    return (locals) => fn(this.state, locals, NO_TAGS);
  }
}

