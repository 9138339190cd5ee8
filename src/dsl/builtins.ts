/** The built-in functions: their names, arities and type rules. Their runtime lives in eval. */
import type { Expr } from './ast.js';
import { nameTable } from './names.js';
import { T, isNumeric, stripOptional, typeName, unify, type Type } from './types.js';

/** Rounding modes, named as the policy names them. */
export const ROUNDING_MODES = ['half_up', 'half_even', 'half_down', 'up', 'down', 'ceiling', 'floor'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export interface BuiltinCheck {
  /** Reports a problem with one argument (or the call when `arg` is undefined). */
  fail(code: string, message: string, arg?: Expr, help?: string): Type;
}

export interface Builtin {
  readonly arity: readonly [min: number, max: number];
  readonly signature: string;
  readonly doc: string;
  /** The result type, given the argument types (already checked themselves). */
  readonly type: (args: readonly Expr[], types: readonly Type[], c: BuiltinCheck) => Type;
}

function expect(t: Type, want: Type['kind'], arg: Expr, c: BuiltinCheck): boolean {
  if (t.kind === 'error' || t.kind === want) return true;
  if (want === 'decimal' && t.kind === 'integer') return true;
  if (t.kind === 'optional' && t.of.kind === want) {
    c.fail('E-TYPE-OPTIONAL', `this ${typeName(t.of)} may be absent`, arg, 'test it with exists(…) first, or give a fallback with default(…, …)');
    return false;
  }
  c.fail('E-TYPE-MISMATCH', `expected ${want} but found ${typeName(t)}`, arg);
  return false;
}

function dateFn(doc: string, signature: string, result: Type, extra: Type['kind'][] = []): Builtin {
  return {
    arity: [1 + extra.length, 1 + extra.length],
    signature,
    doc,
    type: (args, types, c) => {
      expect(types[0]!, 'date', args[0]!, c);
      extra.forEach((k, i) => expect(types[i + 1]!, k, args[i + 1]!, c));
      return result;
    },
  };
}

/** The comparable kind shared by all arguments of min/max. */
function extremum(args: readonly Expr[], types: readonly Type[], c: BuiltinCheck): Type {
  let acc: Type = types[0]!;
  for (let i = 0; i < types.length; i++) {
    const t = types[i]!;
    if (t.kind === 'optional') return c.fail('E-TYPE-OPTIONAL', `this ${typeName(t.of)} may be absent`, args[i], 'test it with exists(…) first, or use default(…, …)');
    if (!(isNumeric(t) || t.kind === 'money' || t.kind === 'date' || t.kind === 'error'))
      return c.fail('E-TYPE-MISMATCH', `min and max take numbers, money or dates, not ${typeName(t)}`, args[i]);
    const u = unify(acc, t);
    if (!u) return c.fail('E-TYPE-MISMATCH', `cannot compare ${typeName(acc)} with ${typeName(t)}`, args[i]);
    acc = u;
  }
  return acc;
}

export const BUILTINS: Readonly<Record<string, Builtin>> = nameTable({
  age: dateFn('Completed years of age on a date: age(birth_date, on). The Nth birthday counts on its day; 29 February counts on 28 February in a common year.', 'age(date, date) -> integer', T.integer, ['date']),
  year: dateFn('The year of a date.', 'year(date) -> integer', T.integer),
  month_of: dateFn('The month (1..12) of a date.', 'month_of(date) -> integer', T.integer),
  day: dateFn('The day of the month of a date.', 'day(date) -> integer', T.integer),
  month_start: dateFn('The first day of the month of a date.', 'month_start(date) -> date', T.date),
  month_end: dateFn('The last day of the month of a date.', 'month_end(date) -> date', T.date),
  add_days: dateFn('A date plus a number of days (negative to go back).', 'add_days(date, integer) -> date', T.date, ['integer']),
  add_months: dateFn('A date plus whole months; a day the target month lacks becomes its last day.', 'add_months(date, integer) -> date', T.date, ['integer']),
  add_years: dateFn('A date plus whole years; 29 February becomes 28 February in a common year.', 'add_years(date, integer) -> date', T.date, ['integer']),
  min: { arity: [2, 16], signature: 'min(x, y, …) -> same type', doc: 'The smallest of numbers, amounts of money or dates of one kind.', type: extremum },
  max: { arity: [2, 16], signature: 'max(x, y, …) -> same type', doc: 'The largest of numbers, amounts of money or dates of one kind.', type: extremum },
  abs: {
    arity: [1, 1],
    signature: 'abs(number or money) -> same type',
    doc: 'The absolute value.',
    type: (args, [t], c) => (isNumeric(t!) || t!.kind === 'money' || t!.kind === 'error' ? t! : c.fail('E-TYPE-MISMATCH', `abs takes a number or money, not ${typeName(t!)}`, args[0])),
  },
  round: {
    arity: [2, 3],
    signature: "round(x, 'mode'[, unit]) -> same type",
    doc: "Rounds money (to the fen by default) or a decimal (to a whole number by default) with a named mode: half_up, half_even, half_down, up (away from zero), down (toward zero), ceiling, floor. The optional unit is what to round to: 1 CNY, 0.1, 100 CNY.",
    type: (args, types, c) => {
      const [x, , unit] = types as [Type, Type, Type | undefined];
      const modeArg = args[1]!;
      if (modeArg.kind !== 'string') c.fail('E-ROUND-MODE', 'the rounding mode must be written as a quoted name', modeArg, `one of ${ROUNDING_MODES.join(', ')}`);
      else if (!(ROUNDING_MODES as readonly string[]).includes(modeArg.value)) {
        c.fail('E-ROUND-MODE', `unknown rounding mode '${modeArg.value}'`, modeArg, `one of ${ROUNDING_MODES.join(', ')}`);
      }
      if (x.kind === 'error') return x;
      if (x.kind !== 'money' && !isNumeric(x)) return c.fail('E-TYPE-MISMATCH', `round takes money or a number, not ${typeName(x)}`, args[0]);
      if (unit && unit.kind !== 'error' && (x.kind === 'money') !== (unit.kind === 'money'))
        return c.fail('E-TYPE-MISMATCH', `the unit to round to must be ${x.kind === 'money' ? 'money' : 'a number'}, not ${typeName(unit)}`, args[2]);
      return x.kind === 'money' ? T.money : unit && unit.kind === 'decimal' ? T.decimal : T.integer;
    },
  },
  exists: {
    arity: [1, 1],
    signature: 'exists(x) -> boolean',
    doc: 'Whether an optional value is present (a recorded spouse, a death date).',
    type: () => T.boolean,
  },
  default: {
    arity: [2, 2],
    signature: 'default(x, fallback) -> type of fallback',
    doc: 'The value of an optional x if present, else the fallback.',
    type: (args, [x, d], c) => {
      const u = unify(stripOptional(x!), d!);
      if (!u) return c.fail('E-TYPE-MISMATCH', `the fallback is ${typeName(d!)} but the value is ${typeName(stripOptional(x!))}`, args[1]);
      return stripOptional(u);
    },
  },
});
