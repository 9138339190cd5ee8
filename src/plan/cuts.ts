/**
 * The months from which a policy's parameters may read differently: for each date a value
 * starts, its month (a value read on a month's last day changes there) and the next (a value
 * read on a date within the month, e.g. a person's judgement day, may change there instead).
 * An engine that evaluates once per stretch of months never lets a stretch cross one.
 */
import { dates, type CivilDate } from '../dsl/index.js';
import type { Policy } from '../policy/index.js';

const byPolicy = new WeakMap<Policy, readonly CivilDate[]>();

/** First days of the months at which a parameter value may change, in order. */
export function parameterCutMonths(policy: Policy): readonly CivilDate[] {
  let cuts = byPolicy.get(policy);
  if (!cuts) {
    const months = new Set<CivilDate>();
    for (const p of policy.parameters.values()) {
      for (const v of p.values) {
        const m = dates.monthStart(v.from);
        months.add(m);
        months.add(dates.addMonths(m, 1));
      }
    }
    cuts = [...months].sort((a, b) => a - b);
    byPolicy.set(policy, cuts);
  }
  return cuts;
}

/** The first cut after `month`, or undefined. */
export function nextCut(cuts: readonly CivilDate[], month: CivilDate): CivilDate | undefined {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]! <= month) lo = mid + 1;
    else hi = mid;
  }
  return cuts[lo];
}
