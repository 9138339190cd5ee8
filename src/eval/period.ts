/** Periods: a month (`2019-03`) or a year (`2019`). */
import * as dates from '../dsl/dates.js';
import type { CivilDate } from '../dsl/index.js';

export type Period = { readonly kind: 'month'; readonly year: number; readonly month: number } | { readonly kind: 'year'; readonly year: number };

export function parsePeriod(text: string): Period | undefined {
  const m = /^(\d{4})(?:-(\d{2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 1900 || year > 2199) return undefined;
  if (m[2] === undefined) return { kind: 'year', year };
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? { kind: 'month', year, month } : undefined;
}

export function formatPeriod(p: Period): string {
  return p.kind === 'year' ? String(p.year) : `${p.year}-${String(p.month).padStart(2, '0')}`;
}

/** The first day of each month of a period. */
export function monthsOf(p: Period): CivilDate[] {
  if (p.kind === 'month') return [dates.ymd(p.year, p.month, 1)];
  return Array.from({ length: 12 }, (_, i) => dates.ymd(p.year, i + 1, 1));
}

export function monthPeriod(d: CivilDate): Period {
  return { kind: 'month', year: dates.yearOf(d), month: dates.monthOf(d) };
}
