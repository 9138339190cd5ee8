/**
 * Calendar dates as yyyymmdd integers: they compare with < and =, print without a time zone,
 * and cost nothing to store for a million households.
 */

export type CivilDate = number;

export function ymd(y: number, m: number, d: number): CivilDate {
  return y * 10000 + m * 100 + d;
}

export const yearOf = (d: CivilDate): number => Math.floor(d / 10000);
export const monthOf = (d: CivilDate): number => Math.floor(d / 100) % 100;
export const dayOf = (d: CivilDate): number => d % 100;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : DAYS_IN_MONTH[m - 1]!;
}

export function isRealDate(y: number, m: number, d: number): boolean {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Parses `YYYY-MM-DD`; undefined when it is not a real calendar date. */
export function parseDate(text: string): CivilDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(y, mo, d) ? ymd(y, mo, d) : undefined;
}

export function formatDate(d: CivilDate): string {
  return `${String(yearOf(d)).padStart(4, '0')}-${String(monthOf(d)).padStart(2, '0')}-${String(dayOf(d)).padStart(2, '0')}`;
}

export function monthStart(d: CivilDate): CivilDate {
  return ymd(yearOf(d), monthOf(d), 1);
}

export function monthEnd(d: CivilDate): CivilDate {
  const y = yearOf(d);
  const m = monthOf(d);
  return ymd(y, m, daysInMonth(y, m));
}

/**
 * Adds months; where the target month has no such day, its last day is taken
 * (民法典 第二百零二条), so 29 February plus a year is 28 February.
 */
export function addMonths(d: CivilDate, n: number): CivilDate {
  const total = yearOf(d) * 12 + (monthOf(d) - 1) + n;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return ymd(y, m, Math.min(dayOf(d), daysInMonth(y, m)));
}

/** Whole months from the month of `a` to the month of `b` (0 when the same). */
export function monthsBetween(a: CivilDate, b: CivilDate): number {
  return (yearOf(b) - yearOf(a)) * 12 + monthOf(b) - monthOf(a);
}

/** Days since 1970-01-01 (proleptic Gregorian), for day arithmetic. */
export function toDayNumber(d: CivilDate): number {
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  const t = new Date(0);
  t.setUTCFullYear(yearOf(d), monthOf(d) - 1, dayOf(d));
  return Math.round(t.getTime() / 86_400_000);
}

export function fromDayNumber(n: number): CivilDate {
  const t = new Date(n * 86_400_000);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addDays(d: CivilDate, n: number): CivilDate {
  return fromDayNumber(toDayNumber(d) + n);
}

/**
 * Completed years of age on `at`: the Nth birthday is reached on the day it falls, and a
 * birthday on 29 February falls on 28 February in a common year.
 */
export function age(birth: CivilDate, at: CivilDate): number {
  let years = yearOf(at) - yearOf(birth);
  if (years <= 0) return years < 0 ? years : 0;
  const birthday = addMonths(birth, years * 12);
  if (birthday > at) years--;
  return years;
}
