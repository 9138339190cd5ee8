/**
 * Aggregation of evaluations over a population: totals, and breakdowns by item, payer, year,
 * county of registration and category, with recipients and person-months, all weighted.
 * Each household's line is weighted and rounded to the fen payer by payer (half up), and its
 * amount is the sum of its payers', so that every breakdown adds up exactly to the totals.
 * Money is summed in integer fen and weighted counts as exact whole numbers (money.ts), in
 * dense tables while households are added, worked into the breakdowns when they are read.
 */
import { Decimal } from 'decimal.js';
import * as dates from '../dsl/dates.js';
import type { Household, Line } from '../eval/index.js';
import type { Stretch } from '../engines/index.js';
import type { Policy } from '../policy/index.js';
import { breakdownValue, weightOf } from '../policy/payers.js';
import { Breakdown, fenOf, MoneyOverflow, Weight, WeightedSum, ZERO } from './money.js';
import { Numbering } from './numbering.js';

export interface ItemAggregate {
  readonly breakdown: Breakdown;
  /** Weighted persons (or households, for household items) with at least one line. */
  recipients: Decimal;
  /** Weighted count of monthly lines: months in which the item was paid to someone. */
  personMonths: Decimal;
  /** Set when some line rested on a provisional figure. */
  provisional: boolean;
}

/**
 * What was added since the breakdowns were last read, in dense tables keyed by small numbers:
 * fen by cell (year, place, category, item) and payer, and weighted counts as exact sums
 * (money.ts WeightedSum). Every figure is a sum, so whenever the breakdowns are worked out from
 * it, and whatever the order households came in, they are the same.
 */
class Pending {
  readonly payers = new Numbering<string>();
  readonly items = new Numbering<string>();
  readonly years = new Numbering<number>();
  readonly places = new Numbering<string>();
  readonly categories = new Numbering<string>();
  readonly unsetItems = new Numbering<string>();
  /** Where numbers by year, place and category; each where's cells by item. */
  private readonly whereAt: number[][][] = [];
  readonly wheres: { readonly year: number; readonly place: number; readonly category: number }[] = [];
  readonly cells: (number[] | undefined)[][] = [];
  /** Fen added, for the check against 2^53 (the largest sum: amounts are never negative). */
  fen = 0;
  readonly households = new WeightedSum();
  readonly paid = new WeightedSum();
  readonly recipients = new WeightedSum();
  readonly eligiblePersonMonths = new WeightedSum();
  readonly itemRecipients: WeightedSum[] = [];
  readonly itemPersonMonths: WeightedSum[] = [];
  readonly itemProvisional: boolean[] = [];
  readonly unset: WeightedSum[] = [];

  where(year: number, place: number, category: number): number {
    const byPlace = (this.whereAt[year] ??= []);
    const byCategory = (byPlace[place] ??= []);
    let w = byCategory[category];
    if (w === undefined) {
      w = byCategory[category] = this.wheres.length;
      this.wheres.push({ year, place, category });
      this.cells.push([]);
    }
    return w;
  }

  /** The fen by payer of an item in a where (a payer not met yet has none). */
  cell(where: number, item: number): number[] {
    return (this.cells[where]![item] ??= []);
  }

  /** Adds a payer's fen to a cell. */
  addFen(cell: number[], payer: string, fen: number, already: number): void {
    const p = this.payers.of(payer);
    const had = cell[p];
    cell[p] = had === undefined ? fen : had + fen;
    this.fen += fen;
    if (Math.abs(this.fen + already) > Number.MAX_SAFE_INTEGER) throw new MoneyOverflow();
  }

  /** The weighted sum of an item's recipients or person-months, made when first needed. */
  static sum(sums: WeightedSum[], i: number): WeightedSum {
    return (sums[i] ??= new WeightedSum());
  }
}

export class Aggregate {
  private readonly done = {
    totals: new Breakdown(),
    items: new Map<string, ItemAggregate>(),
    years: new Map<number, Breakdown>(),
    counties: new Map<string, Breakdown>(),
    categories: new Map<string, Breakdown>(),
    households: ZERO,
    paidHouseholds: ZERO,
    recipients: ZERO,
    eligiblePersonMonths: ZERO,
    unset: new Map<string, Decimal>(),
  };
  private pending: Pending | undefined;
  /** A household's items paid to whom and persons paid (null: the household), numbered: few, so looked through. */
  private readonly paidItems: number[] = [];
  private readonly paidPersons: (string | null)[] = [];
  private readonly paidTo: (string | null)[] = [];

  /** The policy says which field weights a household and which one the breakdown reads. */
  constructor(private readonly policy: Pick<Policy, 'weight' | 'breakdown'>) {}

  get totals(): Breakdown {
    return this.flushed().totals;
  }
  get items(): Map<string, ItemAggregate> {
    return this.flushed().items;
  }
  get years(): Map<number, Breakdown> {
    return this.flushed().years;
  }
  get counties(): Map<string, Breakdown> {
    return this.flushed().counties;
  }
  get categories(): Map<string, Breakdown> {
    return this.flushed().categories;
  }
  /** Item ids reported as unset for some household, with the weighted count. */
  get unset(): Map<string, Decimal> {
    return this.flushed().unset;
  }
  /** Weighted households evaluated, and those with a payment. */
  get households(): Decimal {
    return this.flushed().households;
  }
  set households(v: Decimal) {
    this.flushed().households = v;
  }
  get paidHouseholds(): Decimal {
    return this.flushed().paidHouseholds;
  }
  set paidHouseholds(v: Decimal) {
    this.flushed().paidHouseholds = v;
  }
  /** Weighted persons with any payment, and eligible person-months. */
  get recipients(): Decimal {
    return this.flushed().recipients;
  }
  set recipients(v: Decimal) {
    this.flushed().recipients = v;
  }
  get eligiblePersonMonths(): Decimal {
    return this.flushed().eligiblePersonMonths;
  }
  set eligiblePersonMonths(v: Decimal) {
    this.flushed().eligiblePersonMonths = v;
  }

  /** An item's aggregate, made when first needed. */
  item(id: string): ItemAggregate {
    return itemOf(this.flushed().items, id);
  }

  private static into<K>(map: Map<K, Breakdown>, key: K): Breakdown {
    let b = map.get(key);
    if (!b) {
      b = new Breakdown();
      map.set(key, b);
    }
    return b;
  }

  /** The sums with what was added since they were last read worked into them. */
  private flushed(): Aggregate['done'] {
    const p = this.pending;
    if (!p) return this.done;
    this.pending = undefined;
    const d = this.done;
    const items = p.items.keys.map((id) => itemOf(d.items, id));
    const years = p.years.keys.map((y) => Aggregate.into(d.years, y));
    const places = p.places.keys.map((c) => Aggregate.into(d.counties, c));
    const categories = p.categories.keys.map((c) => Aggregate.into(d.categories, c));
    p.wheres.forEach((w, i) => {
      p.cells[i]!.forEach((cell, item) => {
        if (!cell) return;
        const into = [d.totals, items[item]!.breakdown, years[w.year]!, places[w.place]!, categories[w.category]!];
        cell.forEach((fen, payer) => {
          for (const b of into) b.addPayer(p.payers.keys[payer]!, fen);
        });
      });
    });
    items.forEach((it, i) => {
      if (p.itemRecipients[i]) it.recipients = it.recipients.plus(p.itemRecipients[i]!.value);
      if (p.itemPersonMonths[i]) it.personMonths = it.personMonths.plus(p.itemPersonMonths[i]!.value);
      if (p.itemProvisional[i]) it.provisional = true;
    });
    d.households = d.households.plus(p.households.value);
    d.paidHouseholds = d.paidHouseholds.plus(p.paid.value);
    d.recipients = d.recipients.plus(p.recipients.value);
    d.eligiblePersonMonths = d.eligiblePersonMonths.plus(p.eligiblePersonMonths.value);
    p.unsetItems.keys.forEach((id, i) => d.unset.set(id, (d.unset.get(id) ?? ZERO).plus(p.unset[i]!.value)));
    return d;
  }

  private adding(): Pending {
    return (this.pending ??= new Pending());
  }

  /**
   * Adds weighted shares of one item `times` over into every breakdown: the money of lines
   * priced from profiles, whose counts are worked out apart.
   */
  addShares(item: string, year: number, place: string, category: string, shares: readonly (readonly [string, number])[], times: number, provisional: boolean): void {
    const p = this.adding();
    const i = p.items.of(item);
    const cell = p.cell(p.where(p.years.of(year), p.places.of(place), p.categories.of(category)), i);
    for (const [payer, fen] of shares) p.addFen(cell, payer, fen * times, this.done.totals.fen);
    if (provisional) p.itemProvisional[i] = true;
  }

  /**
   * Adds one household's stretches of months; returns its total in fen, weighted and not, for
   * comparisons. A monthly line counts once for each month of its stretch. `count` adds as
   * many households with the same facts (re-pricing from profiles); the totals returned are one's.
   */
  add(household: Household, stretches: readonly Stretch[], count = 1): { weighted: number; own: number } {
    const p = this.adding();
    const w = Weight.of(weightOf(this.policy, household));
    const already = this.done.totals.fen;
    const { paidItems, paidPersons, paidTo } = this;
    paidItems.length = paidPersons.length = paidTo.length = 0;
    let place = -1;
    let total = 0;
    let own = 0;
    p.households.add(w, count);
    for (const { month, length, evaluation: m } of stretches) {
      let eligible = 0;
      for (const e of m.persons.values()) if (e) eligible++;
      if (eligible) p.eligiblePersonMonths.add(w, eligible * length * count);
      for (const u of m.unset) Pending.sum(p.unset, p.unsetItems.of(u.item)).add(w, (u.every === 'month' ? length : 1) * count);
      if (!m.lines.length) continue;
      if (place < 0) place = p.places.of(breakdownValue(this.policy, household));
      const where = p.where(p.years.of(dates.yearOf(month)), place, p.categories.of(m.category ?? 'none'));
      for (const line of m.lines) {
        const monthly = line.every === 'month';
        const times = monthly ? length : 1;
        const all = times * count;
        const item = p.items.of(line.item);
        const cell = p.cell(where, item);
        let amount = 0;
        for (const [payer, v] of line.payers) {
          const fen = w.times(fenOf(v));
          amount += fen;
          p.addFen(cell, payer, fen * all, already);
        }
        total += amount * times;
        own += fenOf(line.amount) * times;
        if (line.provisional) p.itemProvisional[item] = true;
        if (monthly) Pending.sum(p.itemPersonMonths, item).add(w, length * count);
        if (!paidBefore(paidItems, paidPersons, item, line.person)) {
          paidItems.push(item);
          paidPersons.push(line.person);
          Pending.sum(p.itemRecipients, item).add(w, count);
        }
        if (!paidTo.includes(line.person)) paidTo.push(line.person);
      }
    }
    if (paidTo.length) {
      p.paid.add(w, count);
      const persons = paidTo.length - (paidTo.includes(null) ? 1 : 0);
      if (persons) p.recipients.add(w, count * persons);
    }
    return { weighted: total, own };
  }
}

/** Whether this household was already paid this item (by number) for this person. */
function paidBefore(items: readonly number[], persons: readonly (string | null)[], item: number, person: string | null): boolean {
  for (let i = 0; i < items.length; i++) if (items[i] === item && persons[i] === person) return true;
  return false;
}

/** An item's aggregate in a map of them, made when first needed. */
function itemOf(items: Map<string, ItemAggregate>, id: string): ItemAggregate {
  let a = items.get(id);
  if (!a) {
    a = { breakdown: new Breakdown(), recipients: ZERO, personMonths: ZERO, provisional: false };
    items.set(id, a);
  }
  return a;
}

/** A line's payers in fen times a weight, each rounded half up to the fen. */
export function weightedShares(line: Line, weight: Weight): [string, number][] {
  const shares: [string, number][] = [];
  for (const [p, v] of line.payers) shares.push([p, weight.times(fenOf(v))]);
  return shares;
}
