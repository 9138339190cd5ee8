/**
 * How a value depends on the month being evaluated, for evaluation once per stretch of months.
 * A value is `fixed` when it is the same in every month of a stretch (household facts,
 * parameters, which change only at the cuts of plan/cuts.ts, and whatever is worked out from
 * them), `inMonth` when it is a date within the month (month.start, month.end, a judgement
 * day chosen between them), and `mixed` when, within a stretch, it is one or the other (a
 * person's death day in the month of death, the judgement day otherwise).
 *
 * Where a value may be either, the compiled code says at run time which it is this month.
 *
 * A comparison of a date within the month with a fixed date d turns out the same in every
 * month before d's month, and in every month after it: it can only change in d's month and
 * the next, which are noted as cuts (`date`). An age on a date within the month changes only
 * around a birthday (`anniversary`). Anything else that reads the month (arithmetic on it,
 * its day, two dates of the month compared) is not classified, and the month is evaluated
 * alone (`nextMonth`).
 */
export const FIXED = 0;
export const IN_MONTH = 1;
export const MIXED = 2;
/** The `month` record itself, whose fields are dates within the month. */
export const MONTH_RECORD = 3;
/**
 * An age on a date of the month, of a fixed birth date: compared with a fixed number of years
 * it can change only at that birthday (and the next); used otherwise, at any birthday.
 */
export const AGE = 4;
export type MonthKind = typeof FIXED | typeof IN_MONTH | typeof MIXED | typeof MONTH_RECORD | typeof AGE;

/** What a compiled operation notes when it runs, so that the stretch ends where it may change. */
export type Cut = 'none' | 'date' | 'anniversary' | 'extremum' | 'nextMonth';

/** The kind of a value that is one of two (the branches of an if, a default). */
export function join(a: MonthKind, b: MonthKind): MonthKind {
  if (a === b) return a;
  if (a === AGE || b === AGE) return FIXED;
  if (a === MONTH_RECORD || b === MONTH_RECORD) return MIXED;
  return a === FIXED && b === FIXED ? FIXED : MIXED;
}

/** True for a date within the month, or one that may be. */
export function readsMonth(k: MonthKind): boolean {
  return k !== FIXED;
}

/**
 * A comparison (=, <, …): fixed with fixed needs nothing; a date of the month with a fixed date
 * cuts at it. (An age is settled first, or compared with its threshold: see the compiler.)
 */
export function comparison(l: MonthKind, r: MonthKind): { kind: MonthKind; cut: Cut; fixedSide?: 'left' | 'right' } {
  if (l === FIXED && r === FIXED) return { kind: FIXED, cut: 'none' };
  if ((l === IN_MONTH || l === MIXED) && r === FIXED) return { kind: FIXED, cut: 'date', fixedSide: 'right' };
  if (l === FIXED && (r === IN_MONTH || r === MIXED)) return { kind: FIXED, cut: 'date', fixedSide: 'left' };
  return { kind: FIXED, cut: 'nextMonth' };
}

/** Built-ins that keep a date of the month one (its month's first or last day), or read only its year. */
const KEEPS = new Set(['month_start', 'month_end']);
const YEAR_ONLY = new Set(['year']);

/** The kind of a built-in's result from its arguments' kinds, and what it must note. */
export function builtin(callee: string, args: readonly MonthKind[]): { kind: MonthKind; cut: Cut } {
  if (args.every((a) => a === FIXED)) return { kind: FIXED, cut: 'none' };
  if (KEEPS.has(callee) && args.length === 1 && args[0] !== MONTH_RECORD) return { kind: args[0]!, cut: 'none' };
  // A stretch never crosses a year (plan's walk), so the year of a date in the month is fixed.
  if (YEAR_ONLY.has(callee) && args[0] !== MONTH_RECORD) return { kind: FIXED, cut: 'none' };
  // exists() of a date within the month is true; of a mixed one, fixed within a stretch.
  if (callee === 'exists') return { kind: FIXED, cut: 'none' };
  if (callee === 'default' && args.length === 2) return { kind: join(args[0]!, args[1]!), cut: 'none' };
  // The least (or greatest) of fixed dates and dates of the month: a fixed one from its month on.
  if ((callee === 'min' || callee === 'max') && !args.includes(MONTH_RECORD)) return { kind: args.every((a) => a === IN_MONTH) ? IN_MONTH : MIXED, cut: 'extremum' };
  if (callee === 'age' && args[0] === FIXED && (args[1] === IN_MONTH || args[1] === MIXED)) return { kind: AGE, cut: 'anniversary' };
  return { kind: FIXED, cut: 'nextMonth' };
}
