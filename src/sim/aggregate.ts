/**
 * Aggregation of evaluations over a population: totals, and breakdowns by item, payer, year,
 * county of registration and category, with recipients and person-months, all weighted.
 * Each household's line is weighted and rounded to the fen payer by payer (half up), and its
 * amount is the sum of its payers', so that every breakdown adds up exactly to the totals.
 */
import { Decimal } from 'decimal.js';
import { dates } from '../dsl/index.js';
import type { Household, Line, MonthEvaluation } from '../eval/index.js';
import { Breakdown, Exact, ZERO } from './money.js';

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

  private item(id: string): ItemAggregate {
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

  /** Adds one household's months; returns its total, weighted and not, for comparisons. */
  add(household: Household, months: readonly MonthEvaluation[]): { weighted: Decimal; own: Decimal } {
    const weight = household.weight as Decimal;
    const county = (household.hukou as { county: string }).county;
    const paidTo = new Set<string>();
    const itemRecipients = new Set<string>();
    let total = ZERO;
    let own = ZERO;
    this.households = this.households.plus(weight);
    for (const m of months) {
      for (const e of m.persons.values()) if (e) this.eligiblePersonMonths = this.eligiblePersonMonths.plus(weight);
      for (const u of m.unset) this.unset.set(u.item, (this.unset.get(u.item) ?? ZERO).plus(weight));
      for (const line of m.lines) {
        const { amount, payers } = weighted(line, weight);
        total = total.plus(amount);
        own = own.plus(line.amount);
        this.totals.add(amount, payers);
        const it = this.item(line.item);
        it.breakdown.add(amount, payers);
        if (line.provisional) it.provisional = true;
        if (line.every === 'month') it.personMonths = it.personMonths.plus(weight);
        const who = `${line.item}|${line.person}`;
        if (!itemRecipients.has(who)) {
          itemRecipients.add(who);
          it.recipients = it.recipients.plus(weight);
        }
        paidTo.add(line.person ?? '(household)');
        Aggregate.into(this.years, dates.yearOf(m.month)).add(amount, payers);
        Aggregate.into(this.counties, county).add(amount, payers);
        Aggregate.into(this.categories, m.category ?? 'none').add(amount, payers);
      }
    }
    if (paidTo.size) this.paidHouseholds = this.paidHouseholds.plus(weight);
    paidTo.delete('(household)');
    this.recipients = this.recipients.plus(weight.times(paidTo.size));
    return { weighted: total, own };
  }
}

/** A line times a weight, each payer rounded half up to the fen; the amount is their sum. */
export function weighted(line: Line, weight: Decimal): { amount: Decimal; payers: Map<string, Decimal> } {
  if (weight.eq(1)) return { amount: line.amount, payers: line.payers as Map<string, Decimal> };
  const payers = new Map<string, Decimal>();
  let amount = ZERO;
  for (const [p, v] of line.payers) {
    const w = new Exact(v).times(weight).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    payers.set(p, w);
    amount = amount.plus(w);
  }
  return { amount, payers };
}
