/**
 * Aggregates as plain data (dense typed arrays of fen), to cross from a worker thread to the
 * main one, and merged there.
 * Every figure is a sum (or a bounded list of the largest), so merging in any order gives the
 * same result as one thread would.
 */
import { Decimal } from 'decimal.js';
import { Aggregate } from './aggregate.js';
import { Comparison, type HouseholdChange } from './compare.js';
import { Breakdown, Exact, ZERO } from './money.js';
import { Numbering } from './numbering.js';

/**
 * An aggregate as dense tables: its names numbered, the fen of every breakdown in one typed
 * array (a row each: the totals, then each item, year, county and category; a column for each
 * payer and one for the amount), and weighted counts as exact decimals.
 */
export interface WireAggregate {
  payers: string[];
  items: string[];
  years: number[];
  counties: string[];
  categories: string[];
  /** Fen by row and column (payers, then the amount); NaN where a payer has no share in that breakdown. */
  fen: Float64Array;
  /** By item: weighted recipients and person-months, and whether some line was provisional. */
  itemRecipients: string[];
  personMonths: string[];
  provisional: Uint8Array;
  households: string;
  paid: string;
  recipients: string;
  eligiblePersonMonths: string;
  unset: [string, string][];
}

export interface WireComparison {
  gain: string;
  lose: string;
  same: string;
  distribution: string[];
  groups: [string, { place: string; category: string; delta: string; gain: string; lose: string }][];
  gains: { id: string; place: string; category: string; delta: string }[];
  losses: { id: string; place: string; category: string; delta: string }[];
}

const d = (x: Decimal) => x.toString();
const D = (x: string) => new Exact(x);

/** The breakdowns of an aggregate, in the order of the rows of its wire form. */
function rows(a: Aggregate): Breakdown[] {
  return [a.totals, ...[...a.items.values()].map((it) => it.breakdown), ...a.years.values(), ...a.counties.values(), ...a.categories.values()];
}

export function aggregateToWire(a: Aggregate): WireAggregate {
  const breakdowns = rows(a);
  const payers = new Numbering<string>();
  for (const b of breakdowns) for (const p of b.payers.keys()) payers.of(p);
  const width = payers.size + 1;
  const fen = new Float64Array(breakdowns.length * width).fill(NaN);
  breakdowns.forEach((b, row) => {
    for (const [p, v] of b.payers.fen) fen[row * width + payers.of(p)] = v;
    fen[row * width + width - 1] = b.fen;
  });
  const items = [...a.items.values()];
  return {
    payers: payers.keys,
    items: [...a.items.keys()],
    years: [...a.years.keys()],
    counties: [...a.counties.keys()],
    categories: [...a.categories.keys()],
    fen,
    itemRecipients: items.map((it) => d(it.recipients)),
    personMonths: items.map((it) => d(it.personMonths)),
    provisional: Uint8Array.from(items, (it) => (it.provisional ? 1 : 0)),
    households: d(a.households),
    paid: d(a.paidHouseholds),
    recipients: d(a.recipients),
    eligiblePersonMonths: d(a.eligiblePersonMonths),
    unset: [...a.unset].map(([k, v]) => [k, d(v)]),
  };
}

function into<K>(map: Map<K, Breakdown>, key: K): Breakdown {
  let b = map.get(key);
  if (!b) map.set(key, (b = new Breakdown()));
  return b;
}

/** Adds the sums of an aggregate sent by a worker. */
export function mergeAggregate(to: Aggregate, w: WireAggregate): void {
  const items = w.items.map((id) => to.item(id));
  const breakdowns = [to.totals, ...items.map((it) => it.breakdown), ...w.years.map((y) => into(to.years, y)), ...w.counties.map((c) => into(to.counties, c)), ...w.categories.map((c) => into(to.categories, c))];
  const width = w.payers.length + 1;
  breakdowns.forEach((b, row) => {
    // A breakdown's amount is the sum of its payers' shares: adding the shares adds it.
    for (let p = 0; p < w.payers.length; p++) {
      const fen = w.fen[row * width + p]!;
      if (!Number.isNaN(fen)) b.addPayer(w.payers[p]!, fen);
    }
  });
  items.forEach((it, i) => {
    it.recipients = it.recipients.plus(w.itemRecipients[i]!);
    it.personMonths = it.personMonths.plus(w.personMonths[i]!);
    it.provisional ||= w.provisional[i] === 1;
  });
  to.households = to.households.plus(w.households);
  to.paidHouseholds = to.paidHouseholds.plus(w.paid);
  to.recipients = to.recipients.plus(w.recipients);
  to.eligiblePersonMonths = to.eligiblePersonMonths.plus(w.eligiblePersonMonths);
  for (const [k, v] of w.unset) to.unset.set(k, (to.unset.get(k) ?? ZERO).plus(v));
}

const wireChange = (c: HouseholdChange) => ({ id: c.id, place: c.place, category: c.category, delta: d(c.delta) });
const fromWireChange = (c: { id: string; place: string; category: string; delta: string }): HouseholdChange => ({ ...c, delta: D(c.delta) });

export function comparisonToWire(c: Comparison): WireComparison {
  return {
    gain: d(c.gain),
    lose: d(c.lose),
    same: d(c.same),
    distribution: c.distribution.map(d),
    groups: [...c.byGroup].map(([k, g]) => [k, { place: g.place, category: g.category, delta: d(g.delta), gain: d(g.gain), lose: d(g.lose) }]),
    gains: c.largestGains.map(wireChange),
    losses: c.largestLosses.map(wireChange),
  };
}

export function mergeComparison(into: Comparison, w: WireComparison): void {
  into.gain = into.gain.plus(w.gain);
  into.lose = into.lose.plus(w.lose);
  into.same = into.same.plus(w.same);
  w.distribution.forEach((n, i) => (into.distribution[i] = into.distribution[i]!.plus(n)));
  for (const [k, g] of w.groups) {
    const had = into.byGroup.get(k);
    into.byGroup.set(k, {
      place: g.place,
      category: g.category,
      delta: (had?.delta ?? ZERO).plus(g.delta),
      gain: (had?.gain ?? ZERO).plus(g.gain),
      lose: (had?.lose ?? ZERO).plus(g.lose),
    });
  }
  into.keepLargest(w.gains.map(fromWireChange), w.losses.map(fromWireChange));
}
