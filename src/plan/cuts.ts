/**
 * The months from which a policy's parameters may read differently: for each date a value
 * starts, its month (a value read on a month's last day changes there) and, for a parameter
 * read on a date an expression gives (which may be a day within the month), the next.
 * An engine that evaluates once per stretch of months never lets a stretch cross one.
 */
import { walk, type Expr } from '../dsl/ast.js';
import * as dates from '../dsl/dates.js';
import type { CivilDate } from '../dsl/dates.js';
import type { Item, Policy } from '../policy/index.js';

const byPolicy = new WeakMap<Policy, readonly CivilDate[]>();

/** Parameters read on a date an expression gives (`param(x, at)`), not on the month's last day. */
function readOnOtherDates(policy: Policy): Set<string> {
  const ids = new Set<string>();
  const exprs: Expr[] = [...[...policy.definitions.values()].map((d) => d.expr), ...policy.items.flatMap(itemExprs), ...policy.entitlements.flatMap((e) => (e.when ? [e.when] : []))];
  for (const e of exprs) for (const n of walk(e)) if (n.kind === 'param' && n.at) ids.add(n.id);
  return ids;
}

function itemExprs(item: Item): Expr[] {
  return [item.amount, ...(item.when ? [item.when] : []), ...(item.on ? [item.on] : []), ...item.payers.flatMap((p) => [p.payer, ...(p.share === 'rest' ? [] : [p.share])])];
}

/** First days of the months at which a parameter value may change, in order. */
export function parameterCutMonths(policy: Policy): readonly CivilDate[] {
  let cuts = byPolicy.get(policy);
  if (!cuts) {
    const onOtherDates = readOnOtherDates(policy);
    const months = new Set<CivilDate>();
    for (const p of policy.parameters.values()) {
      for (const v of p.values) {
        const m = dates.monthStart(v.from);
        months.add(m);
        if (onOtherDates.has(p.id)) months.add(dates.addMonths(m, 1));
      }
    }
    cuts = [...months].sort((a, b) => a - b);
    byPolicy.set(policy, cuts);
  }
  return cuts;
}

/** How many cuts are at or before `month`: which run of unchanged parameter values it is in. */
export function cutsUpTo(cuts: readonly CivilDate[], month: CivilDate): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]! <= month) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first cut after `month`, or undefined. */
export function nextCut(cuts: readonly CivilDate[], month: CivilDate): CivilDate | undefined {
  return cuts[cutsUpTo(cuts, month)];
}
