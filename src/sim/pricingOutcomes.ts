/**
 * How the households of priced profiles fare under a scenario: gain, lose or stay the same, by
 * how much (the distribution's buckets), where (the breakdown's gain, loss and weighted change)
 * and which change most. Groups are told one by one, each with its change in fen for one
 * household; a pricing that tells only the groups whose figures moved tells the rest as
 * unchanged at once (`restUnchanged`). Counts by weight index, in whole numbers.
 *
 * The largest changes are those full evaluation keeps: by size, then by id in its order (a
 * collator's). When a rate moves every household of a category alike, tens of thousands of
 * groups tie for the largest; rather than comparing each group's ids as it comes, the groups
 * that change are kept, the size at which the list fills found, and the groups of that size
 * visited in the order of their first ids (worked out with the table, on the thread that kept
 * the profiles), so that a handful of comparisons decide it.
 */
import { Decimal } from 'decimal.js';
import { CHANGE_BUCKETS } from './compare.js';
import { byId, type ProfileColumns } from './profileColumns.js';

/** Counts by weight (index in the profiles' table of weights). */
export type Counts = Float64Array;

/** Fen below which a change falls in each bucket of the distribution (fen < bound). */
const BOUNDS = CHANGE_BUCKETS.map((b) => new Decimal(b).times(100).ceil().toNumber());

const bucketOf = (delta: number): number => {
  let bucket = 0;
  while (bucket < BOUNDS.length && !(delta < BOUNDS[bucket]!)) bucket++;
  return bucket;
};

/** The bucket of no change. */
const UNCHANGED = bucketOf(0);

/** A household's change in fen, for the largest. */
export interface FenChange {
  readonly id: string;
  readonly place: string;
  readonly category: string;
  readonly delta: number;
}

export class Outcomes {
  readonly gain: Counts;
  readonly lose: Counts;
  readonly same: Counts;
  readonly distribution: Counts[];
  readonly breakdownDelta: Float64Array;
  readonly breakdownGain: Counts[];
  readonly breakdownLose: Counts[];
  /** The groups that gain and those that lose, with their change. */
  private readonly gainers: { groups: number[]; deltas: number[] } = { groups: [], deltas: [] };
  private readonly losers: { groups: number[]; deltas: number[] } = { groups: [], deltas: [] };
  /** Households told so far, by weight. */
  private readonly told: Counts;

  constructor(
    private readonly t: ProfileColumns,
    weights: number,
  ) {
    const zero = (): Counts => new Float64Array(weights);
    this.gain = zero();
    this.lose = zero();
    this.same = zero();
    this.told = zero();
    this.distribution = BOUNDS.concat([Infinity]).map(zero);
    this.breakdownDelta = new Float64Array(t.breakdowns.length);
    this.breakdownGain = t.breakdowns.map(zero);
    this.breakdownLose = t.breakdowns.map(zero);
  }

  /** Group g's households each change by `delta` fen (`weightedDelta` once weighted). */
  add(g: number, delta: number, weightedDelta: number): void {
    const { t } = this;
    const w = t.weight[g]!;
    const count = t.count[g]!;
    const b = t.breakdown[g]!;
    this.told[w]! += count;
    this.breakdownDelta[b]! += weightedDelta * count;
    if (delta === 0) {
      this.same[w]! += count;
      this.distribution[UNCHANGED]![w]! += count;
      return;
    }
    (delta > 0 ? this.gain : this.lose)[w]! += count;
    this.distribution[bucketOf(delta)]![w]! += count;
    (delta > 0 ? this.breakdownGain : this.breakdownLose)[b]![w]! += count;
    const changed = delta > 0 ? this.gainers : this.losers;
    changed.groups.push(g);
    changed.deltas.push(delta);
  }

  /** The few largest gains and losses, as full evaluation keeps them. */
  largest(keep = 5): { gains: FenChange[]; losses: FenChange[] } {
    return { gains: largestOf(this.t, this.gainers, (a, b) => b - a, keep), losses: largestOf(this.t, this.losers, (a, b) => a - b, keep) };
  }

  /** The households of `total` (by weight) not told are unchanged. */
  restUnchanged(total: Counts): void {
    total.forEach((k, w) => {
      const rest = k - this.told[w]!;
      this.same[w]! += rest;
      this.distribution[UNCHANGED]![w]! += rest;
      this.told[w] = k;
    });
  }
}

/**
 * The `keep` largest of the changes (first by `first` of their deltas, then by id). Every group
 * has a household, so the size at which the list fills is among the `keep` best sizes; the
 * groups better than it go in whole (they hold fewer than `keep` households, all of whose ids
 * the table keeps); those of that size are visited by first id until one cannot get in.
 */
function largestOf(t: ProfileColumns, changed: { groups: readonly number[]; deltas: readonly number[] }, first: (a: number, b: number) => number, keep: number): FenChange[] {
  const { groups, deltas } = changed;
  const best: number[] = [];
  for (const d of deltas) {
    if (best.length === keep && first(d, best[keep - 1]!) >= 0) continue;
    if (best.includes(d)) continue;
    best.push(d);
    best.sort(first);
    if (best.length > keep) best.length = keep;
  }
  if (!best.length) return [];
  const households = best.map(() => 0);
  deltas.forEach((d, i) => {
    const j = best.indexOf(d);
    if (j >= 0) households[j]! += t.count[groups[i]!]!;
  });
  let fills = best.length - 1;
  for (let j = 0, above = 0; j < best.length; above += households[j]!, j++) {
    if (above + households[j]! >= keep) {
      fills = j;
      break;
    }
  }
  const size = best[fills]!;
  const list = new Largest(first, keep);
  const offer = (g: number, delta: number): void => {
    const { place, category } = t.breakdowns[t.breakdown[g]!]!;
    // The ids are sorted: once one is not kept, none after it would be.
    for (const id of t.ids[g]!) if (!list.offer({ id, place, category, delta })) return;
  };
  const tied = new Uint8Array(t.count.length);
  deltas.forEach((d, i) => {
    if (d === size) tied[groups[i]!] = 1;
    else if (first(d, size) < 0) offer(groups[i]!, d);
  });
  for (const g of t.byFirstId) {
    if (!tied[g]) continue;
    // Groups after one whose first id cannot get in have none that could.
    if (!list.wants(size, t.ids[g]![0])) break;
    offer(g, size);
  }
  return list.list;
}

/** The few largest changes offered, in bounded memory: first by `first` of their deltas, then by id. */
class Largest {
  readonly list: FenChange[] = [];
  private readonly order: (a: FenChange, b: FenChange) => number;

  constructor(
    private readonly first: (a: number, b: number) => number,
    private readonly keep = 5,
  ) {
    this.order = (a, b) => first(a.delta, b.delta) || byId(a.id, b.id);
  }

  /** Whether a change of this delta, for this id if known, may be kept. */
  wants(delta: number, id: string | undefined): boolean {
    if (this.list.length < this.keep) return true;
    const last = this.list[this.list.length - 1]!;
    const c = this.first(delta, last.delta);
    return c < 0 || (c === 0 && (id === undefined || byId(id, last.id) < 0));
  }

  /** Keeps the change if it is among the largest; whether it was kept. */
  offer(c: FenChange): boolean {
    if (this.list.length >= this.keep && this.order(c, this.list[this.list.length - 1]!) >= 0) return false;
    this.list.push(c);
    this.list.sort(this.order);
    if (this.list.length > this.keep) this.list.length = this.keep;
    return true;
  }
}
