/**
 * Aggregates as plain data, to cross from a worker thread to the main one, and merged there.
 * Every figure is a sum (or a bounded list of the largest), so merging in any order gives the
 * same result as one thread would.
 */
import { Decimal } from 'decimal.js';
import { Aggregate } from './aggregate.js';
import { Comparison, type HouseholdChange } from './compare.js';
import { Breakdown, Exact, ZERO } from './money.js';

type WireBreakdown = [string, [string, string][]];

export interface WireAggregate {
  totals: WireBreakdown;
  items: [string, { b: WireBreakdown; recipients: string; personMonths: string; provisional: boolean }][];
  years: [number, WireBreakdown][];
  counties: [string, WireBreakdown][];
  categories: [string, WireBreakdown][];
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

function wireBreakdown(b: Breakdown): WireBreakdown {
  return [d(b.amount), [...b.payers.byKey].map(([k, v]) => [k, d(v)])];
}

function addWire(into: Breakdown, w: WireBreakdown): void {
  into.add(D(w[0]), new Map(w[1].map(([k, v]) => [k, D(v)])));
}

export function aggregateToWire(a: Aggregate): WireAggregate {
  return {
    totals: wireBreakdown(a.totals),
    items: [...a.items].map(([id, it]) => [id, { b: wireBreakdown(it.breakdown), recipients: d(it.recipients), personMonths: d(it.personMonths), provisional: it.provisional }]),
    years: [...a.years].map(([k, b]) => [k, wireBreakdown(b)]),
    counties: [...a.counties].map(([k, b]) => [k, wireBreakdown(b)]),
    categories: [...a.categories].map(([k, b]) => [k, wireBreakdown(b)]),
    households: d(a.households),
    paid: d(a.paidHouseholds),
    recipients: d(a.recipients),
    eligiblePersonMonths: d(a.eligiblePersonMonths),
    unset: [...a.unset].map(([k, v]) => [k, d(v)]),
  };
}

function mergeInto<K>(map: Map<K, Breakdown>, entries: [K, WireBreakdown][]): void {
  for (const [k, w] of entries) {
    let b = map.get(k);
    if (!b) map.set(k, (b = new Breakdown()));
    addWire(b, w);
  }
}

/** Adds the sums of an aggregate sent by a worker. */
export function mergeAggregate(into: Aggregate, w: WireAggregate): void {
  addWire(into.totals, w.totals);
  for (const [id, it] of w.items) {
    let a = into.items.get(id);
    if (!a) into.items.set(id, (a = { breakdown: new Breakdown(), recipients: ZERO, personMonths: ZERO, provisional: false }));
    addWire(a.breakdown, it.b);
    a.recipients = a.recipients.plus(it.recipients);
    a.personMonths = a.personMonths.plus(it.personMonths);
    a.provisional ||= it.provisional;
  }
  mergeInto(into.years, w.years);
  mergeInto(into.counties, w.counties);
  mergeInto(into.categories, w.categories);
  into.households = into.households.plus(w.households);
  into.paidHouseholds = into.paidHouseholds.plus(w.paid);
  into.recipients = into.recipients.plus(w.recipients);
  into.eligiblePersonMonths = into.eligiblePersonMonths.plus(w.eligiblePersonMonths);
  for (const [k, v] of w.unset) into.unset.set(k, (into.unset.get(k) ?? ZERO).plus(v));
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
