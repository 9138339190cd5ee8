/**
 * The hand-written benchmark program's totals over a population, in dense arrays of integer
 * fen: by payer, item (with recipients and person-months), year, county and category, and the
 * household-by-household comparison of a scenario with the baseline; printed in the shape of
 * `fuzhu simulate --json` so that the two can be compared figure by figure.
 */
import type { Sink } from './evaluate.js';
import { HUSBAND, WIFE, type Household } from './household.js';
import { CATEGORIES, COUNTIES, countyPayer, ITEMS, NO_CATEGORY, PAYERS, payerId } from './payers.js';

type Payers = Float64Array;

/** `12345` fen as "123.45". */
export function money(fen: number): string {
  const a = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

function sum(p: Payers): number {
  let s = 0;
  for (const v of p) s += v;
  return s;
}

/** A breakdown as the JSON has it: the payers with a figure (non-zero in either of two runs, for a difference). */
function breakdownJson(p: Payers, other?: Payers): { amount: string; payers: Record<string, string> } {
  const payers: Record<string, string> = {};
  for (let i = 0; i < PAYERS; i++) if (p[i] !== 0 || (other && other[i] !== 0)) payers[payerId(i)] = money(p[i]! - (other?.[i] ?? 0));
  return { amount: money(sum(p) - (other ? sum(other) : 0)), payers };
}

const none = new Float64Array(PAYERS);

export class Totals implements Sink {
  readonly totals = new Float64Array(PAYERS);
  readonly items = ITEMS.map(() => new Float64Array(PAYERS));
  readonly recipients = new Float64Array(ITEMS.length);
  readonly personMonths = new Float64Array(ITEMS.length);
  readonly years = new Map<number, Payers>();
  readonly counties = COUNTIES.map(() => new Float64Array(PAYERS));
  readonly categories = CATEGORIES.map(() => new Float64Array(PAYERS));
  readonly unsetCount = new Float64Array(ITEMS.length);
  households = 0;
  paidHouseholds = 0;
  personsPaid = 0;
  eligiblePersonMonths = 0;

  // The household being added.
  private county = -1;
  private paidRoles = 0;
  private itemRoles = [0, 0, 0];
  /** The household's total in fen, and its category in the last month it had one. */
  own = 0;
  lastCategory = NO_CATEGORY;

  begin(h: Household): void {
    this.county = countyPayer(h.county) - 1;
    this.paidRoles = 0;
    this.itemRoles[0] = this.itemRoles[1] = this.itemRoles[2] = 0;
    this.own = 0;
    this.lastCategory = NO_CATEGORY;
    this.households++;
  }

  end(): void {
    if (this.paidRoles) this.paidHouseholds++;
    this.personsPaid += (this.paidRoles & (1 << WIFE) ? 1 : 0) + (this.paidRoles & (1 << HUSBAND) ? 1 : 0);
  }

  month(eligible: number, category: number): void {
    this.eligiblePersonMonths += eligible;
    if (category !== NO_CATEGORY) this.lastCategory = category;
  }

  unset(item: number): void {
    this.unsetCount[item]++;
  }

  line(item: number, role: number, year: number, category: number, payerA: number, fenA: number, payerB: number, fenB: number): void {
    const amount = fenA + fenB;
    this.own += amount;
    let y = this.years.get(year);
    if (!y) this.years.set(year, (y = new Float64Array(PAYERS)));
    const it = this.items[item]!;
    const county = this.counties[this.county]!;
    const cat = this.categories[category]!;
    this.pay(it, y, county, cat, payerA, fenA);
    this.pay(it, y, county, cat, payerB, fenB);
    if (ITEMS[item]!.monthly) this.personMonths[item]++;
    if (!(this.itemRoles[role]! & (1 << item))) {
      this.itemRoles[role]! |= 1 << item;
      this.recipients[item]++;
    }
    this.paidRoles |= 1 << role;
  }

  private pay(item: Payers, year: Payers, county: Payers, category: Payers, payer: number, fen: number): void {
    if (payer < 0 || fen === 0) return;
    this.totals[payer] += fen;
    item[payer] += fen;
    year[payer] += fen;
    county[payer] += fen;
    category[payer] += fen;
  }

  json(): Record<string, unknown> {
    const items: Record<string, unknown> = {};
    ITEMS.forEach((info, i) => {
      if (sum(this.items[i]!) !== 0) items[info.id] = { ...breakdownJson(this.items[i]!), recipients: this.recipients[i], person_months: this.personMonths[i], provisional: info.provisional };
    });
    const unset: Record<string, number> = {};
    ITEMS.forEach((info, i) => {
      if (this.unsetCount[i]) unset[info.id] = this.unsetCount[i]!;
    });
    return {
      totals: breakdownJson(this.totals),
      items: sortedKeys(items),
      years: Object.fromEntries([...this.years].sort(([a], [b]) => a - b).map(([y, p]) => [String(y), breakdownJson(p)])),
      counties: present(COUNTIES, this.counties, (p) => breakdownJson(p)),
      categories: present(CATEGORIES, this.categories, (p) => breakdownJson(p)),
      households: this.households,
      paid_households: this.paidHouseholds,
      recipients: this.personsPaid,
      eligible_person_months: this.eligiblePersonMonths,
      ...(Object.keys(unset).length ? { unset } : {}),
    };
  }

  /** This run minus the baseline, in the shape of the JSON's `delta`. */
  deltaJson(base: Totals): Record<string, unknown> {
    const items: Record<string, unknown> = {};
    ITEMS.forEach((info, i) => {
      if (sum(this.items[i]!) !== 0 || sum(base.items[i]!) !== 0) items[info.id] = { ...breakdownJson(this.items[i]!, base.items[i]!), recipients: this.recipients[i]! - base.recipients[i]! };
    });
    const years = [...new Set([...this.years.keys(), ...base.years.keys()])].sort((a, b) => a - b);
    const pair = (mine: readonly Payers[], theirs: readonly Payers[], keys: readonly string[]) =>
      Object.fromEntries(keys.flatMap((k, i) => (sum(mine[i]!) || sum(theirs[i]!) ? [[k, breakdownJson(mine[i]!, theirs[i]!)]] : [])));
    return {
      totals: breakdownJson(this.totals, base.totals),
      items: sortedKeys(items),
      years: Object.fromEntries(years.map((y) => [String(y), breakdownJson(this.years.get(y) ?? none, base.years.get(y) ?? none)])),
      counties: pair(this.counties, base.counties, COUNTIES),
      categories: pair(this.categories, base.categories, CATEGORIES),
      recipients: this.personsPaid - base.personsPaid,
    };
  }
}

function sortedKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

function present(keys: readonly string[], rows: readonly Payers[], f: (p: Payers) => unknown): Record<string, unknown> {
  return Object.fromEntries(keys.flatMap((k, i) => (sum(rows[i]!) !== 0 ? [[k, f(rows[i]!)]] : [])));
}
