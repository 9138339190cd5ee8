/**
 * Walks a household through a range of months in stretches. A yearly item is due in the first
 * month of its year in which it applies, so each year is walked from January and only the
 * range's own months are kept; a stretch never crosses a year, the range's first month or a
 * parameter cut, and otherwise lasts as long as the month evaluated says nothing changes.
 */
import * as dates from '../dsl/dates.js';
import type { CivilDate } from '../dsl/dates.js';
import type { MonthEvaluation } from '../eval/index.js';
import { nextCut } from '../plan/cuts.js';
import type { Stretch } from './engine.js';

/**
 * One month's evaluation with the first later month from which it may differ (the next month
 * for an engine that cannot tell). `due` holds the yearly items already paid this year.
 */
export type MonthStep = (month: CivilDate, due: Set<string>) => { evaluation: MonthEvaluation; until: CivilDate };

export function walkRange(from: CivilDate, to: CivilDate, cuts: readonly CivilDate[], step: MonthStep): Stretch[] {
  const first = dates.monthStart(from);
  const last = dates.monthStart(to);
  const out: Stretch[] = [];
  for (let year = dates.yearOf(first); year <= dates.yearOf(last); year++) {
    const due = new Set<string>();
    const end = year === dates.yearOf(last) ? dates.addMonths(last, 1) : dates.ymd(year + 1, 1, 1);
    let m = dates.ymd(year, 1, 1);
    while (m < end) {
      const { evaluation, until } = step(m, due);
      let next = Math.min(until, end, nextCut(cuts, m) ?? end);
      if (m < first && next > first) next = first;
      if (m >= first) out.push({ month: m, length: dates.monthsBetween(m, next), evaluation });
      m = next;
    }
  }
  return out;
}


/** The stretches as one evaluation per month, as the reference gives them: for comparisons. */
export function monthByMonth(stretches: readonly Stretch[]): MonthEvaluation[] {
  const out: MonthEvaluation[] = [];
  for (const s of stretches) {
    out.push(s.evaluation);
    const monthly = s.evaluation.lines.filter((l) => l.every === 'month');
    for (let i = 1; i < s.length; i++) out.push({ ...s.evaluation, month: dates.addMonths(s.month, i), lines: monthly });
  }
  return out;
}
