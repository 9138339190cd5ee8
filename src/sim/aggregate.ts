/**
 * Aggregation of evaluations over a population: totals, and breakdowns by item, payer, year,
 * county of registration and category, with recipients and person-months, all weighted.
 * Each household's line is weighted and rounded to the fen payer by payer (half up), and its
 * amount is the sum of its payers', so that every breakdown adds up exactly to the totals.
 * Money is summed in integer fen (money.ts); weighted counts of households stay decimals.
 */
import { Decimal } from 'decimal.js';
import { dates } from '../dsl/index.js';
import type { Household, Line } from '../eval/index.js';
import type { Stretch } from '../engines/index.js';
import { breakdownValue, weightOf, type Policy } from '../policy/index.js';
import { Breakdown, Exact, toFen, Weight, ZERO } from './money.js';

export interface ItemAggregate {
  readonly breakdown: Breakdown;
  /** Weighted persons (or households, for household items) with at least one line. */
  recipients: Decimal;
  /** Weighted count of monthly lines: months in which the item was paid to someone. */
  personMonths: Decimal;
  /** Set when some line rested on a provisional figure. */
  provisional: boolean;
}

export class Aggregate {
  readonly totals = new Breakdown();
  readonly items = new Map<string, ItemAggregate>();
  readonly years = new Map<number, Breakdown>();
  readonly counties = new Map<string, Breakdown>();
  readonly categories = new Map<string, Breakdown>();
  /** Weighted households evaluated, and those with a payment. */
  households = ZERO;
  paidHouseholds = ZERO;
  /** Weighted persons with any payment, and eligible person-months. */
  recipients = ZERO;
  eligiblePersonMonths = ZERO;
  /** Item ids reported as unset for some household, with the weighted count. */
  readonly unset = new Map<string, Decimal>();

  /** The policy says which field weights a household and which one the breakdown reads. */
  constructor(private readonly policy: Pick<Policy, 'weight' | 'breakdown'>) {}

  /** An item's aggregate, made when first needed. */
  item(id: string): ItemAggregate {
    let a = this.items.get(id);
    if (!a) {
      a = { breakdown: new Breakdown(), recipients: ZERO, personMonths: ZERO, provisional: false };
      this.items.set(id, a);
    }
    return a;
  }

  private static into<K>(map: Map<K, Breakdown>, key: K): Breakdown {
    let b = map.get(key);
    if (!b) {
      b = new Breakdown();
      map.set(key, b);
    }
    return b;
  }

  /**
   * Adds weighted shares of one item `times` over into every breakdown: the money of lines
   * priced from profiles, whose counts are worked out apart.
   */
  addShares(item: string, year: number, place: string, category: string, shares: readonly (readonly [string, number])[], times: number, provisional: boolean): void {
    this.totals.addShares(shares, times);
    const it = this.item(item);
    it.breakdown.addShares(shares, times);
    if (provisional) it.provisional = true;
    Aggregate.into(this.years, year).addShares(shares, times);
    Aggregate.into(this.counties, place).addShares(shares, times);
    Aggregate.into(this.categories, category).addShares(shares, times);
  }

  /**
   * Adds one household's stretches of months; returns its total in fen, weighted and not, for
   * comparisons. A monthly line counts once for each month of its stretch. `count` adds as
   * many households with the same facts (re-pricing from profiles); the totals returned are one's.
   */
  add(household: Household, stretches: readonly Stretch[], count = 1): { weighted: number; own: number } {
    const w = Weight.of(weightOf(this.policy, household));
    const weight = count === 1 ? w.value : new Exact(w.value).times(count);
    const county = breakdownValue(this.policy, household);
    const paidTo = new Set<string>();
    const itemRecipients = new Set<string>();
    let total = 0;
    let own = 0;
    this.households = this.households.plus(weight);
    for (const { month, length, evaluation: m } of stretches) {
      let eligible = 0;
      for (const e of m.persons.values()) if (e) eligible++;
      if (eligible) this.eligiblePersonMonths = this.eligiblePersonMonths.plus(weight.times(eligible * length));
      for (const u of m.unset) this.unset.set(u.item, (this.unset.get(u.item) ?? ZERO).plus(u.every === 'month' ? weight.times(length) : weight));
      if (!m.lines.length) continue;
      const year = Aggregate.into(this.years, dates.yearOf(month));
      const inCounty = Aggregate.into(this.counties, county);
      const inCategory = Aggregate.into(this.categories, m.category ?? 'none');
      for (const line of m.lines) {
        const times = line.every === 'month' ? length : 1;
        const fen = lineFen(line);
        const shares = weighted(fen.payers, w);
        let amount = 0;
        for (const [, fen] of shares) amount += fen;
        total += amount * times;
        own += fen.amount * times;
        const all = times * count;
        this.totals.addShares(shares, all);
        const it = this.item(line.item);
        it.breakdown.addShares(shares, all);
        if (line.provisional) it.provisional = true;
        if (line.every === 'month') it.personMonths = it.personMonths.plus(length === 1 ? weight : weight.times(length));
        const who = `${line.item}|${line.person}`;
        if (!itemRecipients.has(who)) {
          itemRecipients.add(who);
          it.recipients = it.recipients.plus(weight);
        }
        paidTo.add(line.person ?? '(household)');
        year.addShares(shares, all);
        inCounty.addShares(shares, all);
        inCategory.addShares(shares, all);
      }
    }
    if (paidTo.size) this.paidHouseholds = this.paidHouseholds.plus(weight);
    paidTo.delete('(household)');
    this.recipients = this.recipients.plus(weight.times(paidTo.size));
    return { weighted: total, own };
  }
}

/** A line's payers in fen times a weight, each rounded half up to the fen. */
export function weightedShares(line: Line, weight: Weight): [string, number][] {
  return weighted(lineFen(line).payers, weight);
}

function weighted(payers: [string, number][], weight: Weight): [string, number][] {
  if (weight.one) return payers;
  return payers.map(([p, fen]) => [p, weight.times(fen)]);
}

/** A line's amount and payers in fen. */
function lineFen(line: Line): { amount: number; payers: [string, number][] } {
  const payers: [string, number][] = [];
  for (const [p, v] of line.payers) payers.push([p, fenOf(v)]);
  return { amount: fenOf(line.amount), payers };
}

/**
 * Amounts in fen by the very value: the lines of a million households share the values of the
 * parameters they read (evaluation keeps them as read), converted once each.
 */
const fenOfValue = new WeakMap<Decimal, number>();

function fenOf(cny: Decimal): number {
  let fen = fenOfValue.get(cny);
  if (fen === undefined) fenOfValue.set(cny, (fen = toFen(cny)));
  return fen;
}
