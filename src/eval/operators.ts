/** Equality, ordering and arithmetic on runtime values (see policy/values.ts for the representation). */
import { Decimal } from 'decimal.js';
import type { Expr } from '../dsl/index.js';

function isDecimal(v: unknown): v is Decimal {
  return Decimal.isDecimal(v);
}

export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Two texts (an enum's values, payers): equal only when the same, as just tested.
  if (typeof a === 'string' && typeof b === 'string') return false;
  if (isDecimal(a) || isDecimal(b)) {
    if (a === undefined || b === undefined) return false;
    return new Decimal(a as Decimal.Value).eq(b as Decimal.Value);
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equals(x, b[i]));
  return a === b;
}

/** Orders numbers, amounts and dates (dates are yyyymmdd numbers, so they order as numbers). */
export function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  // A decimal is compared as it is (copying it first would give the same order).
  return (isDecimal(a) ? a : new Decimal(a as Decimal.Value)).cmp(b as Decimal.Value);
}

export function arithmetic(op: '+' | '-' | '*' | '/', a: unknown, b: unknown, integerResult: boolean): unknown {
  if (integerResult && typeof a === 'number' && typeof b === 'number') {
    const r = op === '+' ? a + b : op === '-' ? a - b : a * b;
    if (!Number.isSafeInteger(r)) throw new RangeError(`the whole number ${a} ${op} ${b} is beyond ±${Number.MAX_SAFE_INTEGER}`);
    return r;
  }
  const x = new Decimal(a as Decimal.Value);
  const y = new Decimal(b as Decimal.Value);
  switch (op) {
    case '+':
      return x.plus(y);
    case '-':
      return x.minus(y);
    case '*':
      return x.times(y);
    case '/':
      return x.div(y);
  }
}

/** The value of a numeric literal: a whole number, a decimal, money, or a percentage as a fraction. */
export function literalValue(e: Extract<Expr, { kind: 'number' | 'money' | 'percent' }>): unknown {
  if (e.kind === 'percent') return new Decimal(e.text).div(100);
  return e.kind === 'number' && e.type?.kind === 'integer' ? Number(e.text) : new Decimal(e.text);
}
