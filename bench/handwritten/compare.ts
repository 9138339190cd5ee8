/**
 * The hand-written benchmark program's comparison of a scenario with the baseline, household
 * by household: who gains, loses or stays the same, the distribution of changes, the change
 * by county and category, and the largest gains and losses, as `fuzhu simulate --json` has them.
 */
import { money } from './aggregate.js';
import { CATEGORIES } from './payers.js';

/** Upper bounds of the buckets of the distribution, in fen (a change below the bound falls in it). */
const BUCKETS = [-1000000, -100000, -10000, 0, 1, 10000, 100000, 1000000];
const LABELS = ['< -10000', '-10000 … -1000', '-1000 … -100', '-100 … 0', '0 (no change)', '0 … 100', '100 … 1000', '1000 … 10000', '> 10000'];
const KEEP = 5;

interface Change {
  readonly id: string;
  readonly county: string;
  readonly category: string;
  readonly fen: number;
}

export class Changes {
  gain = 0;
  lose = 0;
  same = 0;
  readonly distribution = new Float64Array(LABELS.length);
  /** By county of registration and category: change in fen, households gaining, losing. */
  private readonly groups = new Map<string, { county: string; category: string; fen: number; gain: number; lose: number }>();
  readonly largestGains: Change[] = [];
  readonly largestLosses: Change[] = [];

  add(id: string, county: string, category: number, fen: number): void {
    if (fen > 0) this.gain++;
    else if (fen < 0) this.lose++;
    else this.same++;
    let b = BUCKETS.findIndex((bound) => fen < bound);
    if (b < 0) b = BUCKETS.length;
    this.distribution[b]++;
    const cat = CATEGORIES[category]!;
    const key = `${county}|${cat}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { county, category: cat, fen: 0, gain: 0, lose: 0 }));
    g.fen += fen;
    if (fen > 0) g.gain++;
    if (fen < 0) g.lose++;
    if (fen > 0) keepTop(this.largestGains, { id, county, category: cat, fen }, (a, b) => b.fen - a.fen || a.id.localeCompare(b.id));
    if (fen < 0) keepTop(this.largestLosses, { id, county, category: cat, fen }, (a, b) => a.fen - b.fen || a.id.localeCompare(b.id));
  }

  json(): Record<string, unknown> {
    const change = (c: Change) => ({ household: c.id, county: c.county, category: c.category, change: money(c.fen) });
    return {
      households: { gain: this.gain, lose: this.lose, same: this.same },
      distribution: LABELS.map((change, i) => ({ change, households: this.distribution[i] })),
      by_county_category: [...this.groups.values()]
        .filter((g) => g.fen !== 0 || g.gain !== 0 || g.lose !== 0)
        .sort((a, b) => Math.abs(b.fen) - Math.abs(a.fen) || `${a.county}|${a.category}`.localeCompare(`${b.county}|${b.category}`))
        .map((g) => ({ county: g.county, category: g.category, change: money(g.fen), gain: g.gain, lose: g.lose })),
      largest_gains: this.largestGains.map(change),
      largest_losses: this.largestLosses.map(change),
    };
  }
}

/** Inserts into a list kept sorted and at most KEEP long; most changes are not among the largest. */
function keepTop(list: Change[], c: Change, order: (a: Change, b: Change) => number): void {
  if (list.length === KEEP && order(c, list[KEEP - 1]!) >= 0) return;
  let i = list.length;
  while (i > 0 && order(c, list[i - 1]!) < 0) i--;
  list.splice(i, 0, c);
  if (list.length > KEEP) list.length = KEEP;
}
