/**
 * Boundary values taken from policies, so that generated households sit on the thresholds:
 * every date literal and date parameter (and the day before and after), every month a
 * parameter changes, and the ages the policies test (integer parameters counted in years).
 */
import { Decimal } from 'decimal.js';
import { dates, walk, type CivilDate } from '../dsl/index.js';
import { isShare, policyExpressions, UNSET, type Policy } from '../policy/index.js';

export interface Hints {
  /** Dates on or next to a threshold. */
  readonly dates: readonly CivilDate[];
  /** Ages (years) the policies compare with. */
  readonly ages: readonly number[];
  /** Months worth evaluating: around every dated change, from the first to the last. */
  readonly months: readonly CivilDate[];
  /** Amounts of money the policies name (and a fen either side), in CNY, for money fields. */
  readonly amounts: readonly string[];
}


export function hintsFrom(...policies: Policy[]): Hints {
  const ds = new Set<CivilDate>();
  const ages = new Set<number>();
  const months = new Set<CivilDate>();
  const amounts = new Set<number>([0]);
  // Amounts in fen, so that a fen either side is exact; generated as CNY.
  const addAmount = (fen: number) => {
    for (const y of [fen - 1, fen, fen + 1]) if (y >= 0) amounts.add(y);
  };
  const add = (d: CivilDate) => {
    if (d < dates.ymd(1900, 1, 1) || d > dates.ymd(2100, 12, 31)) return;
    for (const x of [dates.addDays(d, -1), d, dates.addDays(d, 1)]) ds.add(x);
    for (const m of [-1, 0, 1]) months.add(dates.monthStart(dates.addMonths(d, m)));
  };
  for (const policy of policies) {
    for (const { expr: e } of policyExpressions(policy)) {
      for (const n of walk(e)) {
        if (n.kind === 'date') add(n.value);
        if (n.kind === 'money') addAmount(new Decimal(n.text).times(100).toNumber());
      }
    }
    for (const p of policy.parameters.values()) {
      for (const v of p.values) {
        if (v.from > dates.ymd(1950, 1, 1)) add(v.from);
        if (v.value === null || v.value === UNSET || isShare(v.value)) continue;
        if (p.type.kind === 'date' && typeof v.value === 'number') add(v.value);
        if (p.type.kind === 'money' && Decimal.isDecimal(v.value)) addAmount((v.value as Decimal).times(100).toNumber());
        if (p.type.kind === 'integer' && typeof v.value === 'number' && /year/.test(p.unit ?? '') && v.value > 0 && v.value < 120) ages.add(v.value);
      }
    }
  }
  // Months from the earliest change to a few years past the last, so that later reforms are seen.
  const sorted = [...months].sort((a, b) => a - b);
  const first = sorted.find((m) => m >= dates.ymd(2000, 1, 1)) ?? dates.ymd(2018, 1, 1);
  const last = dates.addMonths(sorted[sorted.length - 1] ?? first, 36);
  for (let m = first; m <= last && months.size < 400; m = dates.addMonths(m, 1)) months.add(m);
  return {
    dates: [...ds].sort((a, b) => a - b),
    ages: [...ages].sort((a, b) => a - b),
    months: [...months].filter((m) => m >= dates.ymd(2000, 1, 1)).sort((a, b) => a - b),
    amounts: [...amounts].sort((a, b) => a - b).map((fen) => new Decimal(fen).div(100).toString()),
  };
}
