/**
 * Dates and periods as the library takes them: the values Fuzhu works with (a CivilDate number,
 * a Period) or ISO strings ('2019-03-15', '2019-03', '2019'), within the years every command
 * accepts; anything else is refused with a DateInputError that names the argument.
 */
import * as dates from '../dsl/dates.js';
import type { CivilDate } from '../dsl/index.js';
import { excerpt } from '../diag/excerpt.js';
import { parsePeriod, type Period } from './period.js';

/** A date: a CivilDate (20190315), 'YYYY-MM-DD', or 'YYYY-MM' for the first day of the month. */
export type DateInput = CivilDate | string;

/** A period: a Period, 'YYYY-MM' for a month or 'YYYY' for a year. */
export type PeriodInput = Period | string;

/** An argument of the library that is not a date or period it can read. */
export class DateInputError extends RangeError {
  readonly code = 'E-API-DATE';

  constructor(message: string) {
    super(message);
    this.name = 'DateInputError';
  }
}

const YEARS = 'between 1900 and 2199';

function shown(value: unknown): string {
  return typeof value === 'string' ? `'${excerpt(value)}'` : excerpt(String(value));
}

/** The CivilDate an argument names; `what` names the argument in the error. */
export function civilDateOf(value: DateInput, what: string): CivilDate {
  if (typeof value === 'string') {
    const month = /^\d{4}-\d{2}$/.test(value) ? parsePeriod(value) : undefined;
    const date = month?.kind === 'month' ? dates.ymd(month.year, month.month, 1) : dates.parseDate(value);
    if (date !== undefined && inYears(date)) return date;
  } else if (typeof value === 'number' && Number.isInteger(value) && inYears(value) && dates.isRealDate(dates.yearOf(value), dates.monthOf(value), dates.dayOf(value))) {
    return value;
  }
  throw new DateInputError(`${what}: ${shown(value)} is not a date ${YEARS}; give 'YYYY-MM-DD', 'YYYY-MM' (the month's first day) or a CivilDate such as 20190301`);
}

/** The Period an argument names; `what` names the argument in the error. */
export function periodOf(value: PeriodInput, what: string): Period {
  if (typeof value !== 'string') return value;
  const p = parsePeriod(value);
  if (p && /^\d{4}(-\d{2})?$/.test(value)) return p;
  throw new DateInputError(`${what}: ${shown(value)} is neither a month ('2019-03') nor a year ('2019') ${YEARS}`);
}

function inYears(d: CivilDate): boolean {
  const y = dates.yearOf(d);
  return y >= 1900 && y <= 2199;
}
