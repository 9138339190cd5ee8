/**
 * Calendar dates as yyyymmdd integers for the hand-written benchmark program: they compare
 * with < and cost nothing to store. Written here on purpose (the benchmark imports no Fuzhu code).
 */

/** 0 stands for "no date" in the household records. */
export const NO_DATE = 0;

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** `2019-03-07` as 20190307; NaN when the text is not such a date. */
export function parseDate(text: unknown): number {
  if (typeof text !== 'string' || text.length !== 10 || text[4] !== '-' || text[7] !== '-') return NaN;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  if (!Number.isInteger(y) || !(m >= 1 && m <= 12) || !(d >= 1 && d <= daysInMonth(y, m))) return NaN;
  return y * 10000 + m * 100 + d;
}

export function monthEnd(ym: number): number {
  const y = Math.floor(ym / 100);
  return ym * 100 + daysInMonth(y, ym % 100);
}

/** The yyyymm month a yyyymmdd date falls in. */
export function monthOf(date: number): number {
  return Math.floor(date / 100);
}

/** The month after a yyyymm month. */
export function nextMonth(ym: number): number {
  return ym % 100 === 12 ? ym + 89 : ym + 1;
}

/** The same day n years later; 29 February falls on 28 February in a common year. */
export function addYears(date: number, n: number): number {
  const y = Math.floor(date / 10000) + n;
  const m = Math.floor(date / 100) % 100;
  return y * 10000 + m * 100 + Math.min(date % 100, daysInMonth(y, m));
}

/** Completed years of age on `at`. */
export function age(birth: number, at: number): number {
  let years = Math.floor(at / 10000) - Math.floor(birth / 10000);
  if (years <= 0) return years < 0 ? years : 0;
  if (addYears(birth, years) > at) years--;
  return years;
}
