/** Baseline against a scenario, household by household: who gains, who loses, by how much, where (by the policy's breakdown field). */
import { TABLES } from '../messages/index.js';
import { Decimal } from 'decimal.js';
import { ZERO } from './money.js';

/** Upper bounds (CNY over the range, per household) of the buckets of the distribution of changes. */
export const CHANGE_BUCKETS = [-10000, -1000, -100, -0.005, 0.005, 100, 1000, 10000] as const;

export interface HouseholdChange {
  readonly id: string;
  /** The household's value of the policy's breakdown field. */
  readonly place: string;
  readonly category: string;
  readonly delta: Decimal;
}

export class Comparison {
  gain = ZERO;
  lose = ZERO;
  same = ZERO;
  /** Weighted households per bucket of change; the last bucket is above the last bound. */
  readonly distribution: Decimal[] = Array.from({ length: CHANGE_BUCKETS.length + 1 }, () => ZERO);
  /** Weighted change by the policy's breakdown field and category. */
  readonly byGroup = new Map<string, { place: string; category: string; delta: Decimal; gain: Decimal; lose: Decimal }>();
  readonly largestGains: HouseholdChange[] = [];
  readonly largestLosses: HouseholdChange[] = [];

  constructor(private readonly keep = 5) {}

  add(change: HouseholdChange, weight: Decimal, weightedDelta: Decimal): void {
    const d = change.delta;
    // Decimal counts zero as positive: compare with 0 instead.
    if (d.isZero()) this.same = this.same.plus(weight);
    else if (d.gt(0)) this.gain = this.gain.plus(weight);
    else this.lose = this.lose.plus(weight);
    const bucket = CHANGE_BUCKETS.findIndex((b) => d.lt(b));
    const i = bucket < 0 ? CHANGE_BUCKETS.length : bucket;
    this.distribution[i] = this.distribution[i]!.plus(weight);
    const key = `${change.place}|${change.category}`;
    const g = this.byGroup.get(key) ?? { place: change.place, category: change.category, delta: ZERO, gain: ZERO, lose: ZERO };
    g.delta = g.delta.plus(weightedDelta);
    if (d.gt(0)) g.gain = g.gain.plus(weight);
    if (d.lt(0)) g.lose = g.lose.plus(weight);
    this.byGroup.set(key, g);
    if (d.gt(0)) this.keepLargest([change], []);
    if (d.lt(0)) this.keepLargest([], [change]);
  }

  /** Keeps the largest gains and losses among those held and those given. */
  keepLargest(gains: readonly HouseholdChange[], losses: readonly HouseholdChange[]): void {
    for (const g of gains) insertTop(this.largestGains, g, this.keep, (a, b) => b.delta.cmp(a.delta) || a.id.localeCompare(b.id));
    for (const l of losses) insertTop(this.largestLosses, l, this.keep, (a, b) => a.delta.cmp(b.delta) || a.id.localeCompare(b.id));
  }
}

/** Keeps the `keep` first of a list under an order, in bounded memory. */
function insertTop<T>(list: T[], x: T, keep: number, order: (a: T, b: T) => number): void {
  list.push(x);
  list.sort(order);
  if (list.length > keep) list.length = keep;
}

/** The range of a bucket of change per household; `noChange` names the bucket around zero. */
export function bucketLabel(i: number, noChange: string = TABLES.en.noChange): string {
  const b = CHANGE_BUCKETS;
  if (i === 0) return `< ${b[0]}`;
  if (i === b.length) return `> ${b[b.length - 1]}`;
  const lo = b[i - 1]!;
  const hi = b[i]!;
  if (lo === -0.005 && hi === 0.005) return noChange;
  return `${Math.abs(lo) < 1 ? 0 : lo} … ${Math.abs(hi) < 1 ? 0 : hi}`;
}
