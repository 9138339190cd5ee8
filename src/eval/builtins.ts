/** The runtime of the built-in functions whose types `dsl/builtins.ts` declares. */
import { Decimal } from 'decimal.js';
import * as dates from '../dsl/dates.js';
import type { Expr, RoundingMode } from '../dsl/index.js';
import type { Policy } from '../policy/index.js';
import { memberId } from '../policy/payers.js';
import { EvalError } from './errors.js';
import { compare } from './operators.js';

const ROUNDING: Record<RoundingMode, Decimal.Rounding> = {
  half_up: Decimal.ROUND_HALF_UP,
  half_even: Decimal.ROUND_HALF_EVEN,
  half_down: Decimal.ROUND_HALF_DOWN,
  up: Decimal.ROUND_UP,
  down: Decimal.ROUND_DOWN,
  ceiling: Decimal.ROUND_CEIL,
  floor: Decimal.ROUND_FLOOR,
};

/** Rounds to a multiple of `unit` with a named mode. */
export function roundTo(x: Decimal, unit: Decimal, mode: RoundingMode): Decimal {
  return x.div(unit).toDecimalPlaces(0, ROUNDING[mode]).times(unit);
}

function asDecimal(v: unknown): Decimal {
  return Decimal.isDecimal(v) ? (v as Decimal) : new Decimal(v as number);
}

type Impl = (args: unknown[], call: Extract<Expr, { kind: 'call' }>) => unknown;

/** A whole number where a decimal is expected (min(1, 2.5)) becomes a decimal. */
function asType(v: unknown, call: Extract<Expr, { kind: 'call' }>): unknown {
  return call.type?.kind === 'decimal' && typeof v === 'number' ? new Decimal(v) : v;
}

const BUILTIN_IMPLS: Readonly<Record<string, Impl>> = {
  age: ([birth, at]) => dates.age(birth as number, at as number),
  year: ([d]) => dates.yearOf(d as number),
  month_of: ([d]) => dates.monthOf(d as number),
  day: ([d]) => dates.dayOf(d as number),
  month_start: ([d]) => dates.monthStart(d as number),
  month_end: ([d]) => dates.monthEnd(d as number),
  add_days: ([d, n]) => dates.addDays(d as number, n as number),
  add_months: ([d, n]) => dates.addMonths(d as number, n as number),
  add_years: ([d, n]) => dates.addMonths(d as number, 12 * (n as number)),
  min: (args, call) => asType(args.reduce((a, b) => (compare(b, a) < 0 ? b : a)), call),
  max: (args, call) => asType(args.reduce((a, b) => (compare(b, a) > 0 ? b : a)), call),
  abs: ([x]) => (typeof x === 'number' ? Math.abs(x) : (x as Decimal).abs()),
  round: ([x, mode, unit], call) => {
    const isMoney = call.args[0]!.type?.kind === 'money';
    const step = unit === undefined ? new Decimal(isMoney ? '0.01' : '1') : asDecimal(unit);
    if (step.lte(0)) throw new EvalError('E-EVAL-ROUND-UNIT', `cannot round to a unit of ${step.toString()}`, call.args[2]?.span);
    const r = roundTo(asDecimal(x), step, mode as RoundingMode);
    return call.type?.kind === 'integer' ? r.toNumber() : r;
  },
  exists: ([x]) => x !== undefined,
  default: ([x, d]) => (x === undefined ? d : x),
};

/** Ids kept a family: beyond them (a family of a free text field) each id is made anew. */
const PAYER_IDS_KEPT = 4096;

/**
 * A payer family's members: `family(value)` is the payer `family:value`. Each id is made once
 * and the same text given again (the values are an enumeration's, as a rule), so that texts
 * compared or looked up later are one and the same.
 */
export class PayerFamily {
  private readonly ids = new Map<string, string>();

  constructor(readonly family: string) {}

  member(value: string): string {
    let id = this.ids.get(value);
    if (id !== undefined) return id;
    id = memberId(this.family, value);
    if (this.ids.size < PAYER_IDS_KEPT) this.ids.set(value, id);
    return id;
  }
}

const families = new Map<string, PayerFamily>();

/** The members of the payer family of this name (one for every policy: a member's id depends on nothing else). */
export function payerFamily(family: string): PayerFamily {
  let f = families.get(family);
  if (!f) families.set(family, (f = new PayerFamily(family)));
  return f;
}

const payerOfFamily: Impl = ([v], call) => payerFamily(call.callee).member(v as string);

/** Whether a call is of one of the policy's payer families, `family(value)`. */
export function isPayerFamily(policy: Pick<Policy, 'payers'>, callee: string): boolean {
  return !(callee in BUILTIN_IMPLS) && policy.payers.some((p) => p.id === callee && p.each !== undefined);
}

/** The runtime of a call that is not a definition: a built-in function, or one of the policy's payer families. */
export function builtinImpl(policy: Pick<Policy, 'payers'>, callee: string): Impl | undefined {
  return BUILTIN_IMPLS[callee] ?? (isPayerFamily(policy, callee) ? payerOfFamily : undefined);
}

/** Whether a name is one of the policy's single payers, whose value is its own id. */
export function isPayerName(policy: Pick<Policy, 'payers'>, name: string): boolean {
  return policy.payers.some((p) => p.id === name && p.each === undefined);
}
