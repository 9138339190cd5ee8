/**
 * Who receives what: the row one household's result makes, shared by `eval --out` and
 * `simulate --households`. For each policy (the baseline, then each scenario) a row holds
 * whether the policy was in force, the category, each person's months eligible, each item's and
 * each payer's amount and the total, summed over the row's months in whole fen, one household's
 * own figures (not weighted: the weight is beside them). Rows are plain data, so that worker
 * threads can send them back.
 */
import { monthByMonth } from '../engines/range.js';
import type { Stretch } from '../engines/engine.js';
import { formatPeriod, monthPeriod, type Period } from '../eval/period.js';
import { personRoles } from '../eval/evaluate.js';
import type { Household } from '../eval/household.js';
import type { Policy } from '../policy/index.js';
import { memberId, weightOf } from '../policy/payers.js';
import { toFen } from './money.js';

/**
 * An amount of a row in fen as the contract writes money: exact, two decimals. In integers (a
 * row's cells are many, a million rows' more so): the remainder and the quotient of a whole
 * number of fen by 100 are exact.
 */
export function fenText(fen: number): string {
  if (fen === 0) return '0.00';
  const abs = Math.abs(fen);
  const cents = abs % 100;
  return `${fen < 0 ? '-' : ''}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

/** One policy's figures for a household over the row's months. */
export interface RowFigures {
  readonly inForce: boolean;
  /** The category of the last month with one (as `eval` reports a year), or null. */
  readonly category: string | null;
  /** Per person role of the columns: months eligible, or null when the household has no such person. */
  readonly eligible: readonly (number | null)[];
  /** Per item of the columns, in fen. */
  readonly items: readonly number[];
  /** Per payer of the columns, in fen. */
  readonly payers: readonly number[];
  /** In fen: the sum of the items, and of the payers. */
  readonly total: number;
}

export interface HouseholdRow {
  /** The record's place in the population (1 for the first). */
  readonly record: number;
  readonly household: string;
  /** How many real households the record stands for (the policy's weight field), exactly. */
  readonly weight: string;
  /** The row's month or year (`2019-03`, `2019`); absent for a simulation's whole range. */
  readonly period?: string;
  /** Months the row covers. */
  readonly months: number;
  /** The baseline's figures, then each scenario's. */
  readonly results: readonly RowFigures[];
}

/**
 * The columns of rows for a baseline and its scenarios: the baseline's person roles, every item
 * of any of the policies (the baseline's first, in the policy's order) and every payer they
 * declare (a family's members by the values of its enumeration), whether or not a household
 * has anything from it, so that every row has the same columns.
 */
export class RowColumns {
  readonly roles: readonly string[];
  readonly items: readonly string[];
  readonly payers: readonly string[];
  private readonly itemAt: Map<string, number>;
  private readonly payerAt: Map<string, number>;

  constructor(readonly policies: readonly Policy[]) {
    const baseline = policies[0]!;
    this.roles = personRoles(baseline);
    this.items = [...new Set(policies.flatMap((p) => p.items.map((i) => i.id)))];
    this.payers = [...new Set(policies.flatMap((p) => p.payers.flatMap((d) => (d.each === undefined ? [d.id] : (p.household.enums.get(d.each)?.values ?? []).map((v) => memberId(d.id, v))))))];
    this.itemAt = new Map(this.items.map((id, i) => [id, i]));
    this.payerAt = new Map(this.payers.map((id, i) => [id, i]));
  }

  /** The figures of stretches of months; `yearly` false leaves yearly items out (a month's query, as `eval` reads one). */
  figures(stretches: readonly Stretch[], yearly = true): RowFigures {
    const items = this.items.map(() => 0);
    const payers = this.payers.map(() => 0);
    const eligible: (number | null)[] = this.roles.map(() => null);
    let inForce = false;
    let category: string | null = null;
    let total = 0;
    for (const { length, evaluation: m } of stretches) {
      if (m.inForce) inForce = true;
      if (m.category !== null) category = m.category;
      this.roles.forEach((role, r) => {
        const e = m.persons.get(role);
        if (e !== undefined) eligible[r] = (eligible[r] ?? 0) + (e ? length : 0);
      });
      for (const line of m.lines) {
        if (line.every === 'year' && !yearly) continue;
        const times = line.every === 'month' ? length : 1;
        const item = this.itemAt.get(line.item)!;
        // The amount is the sum of the payers' shares in fen, as the simulation's totals are.
        for (const [payer, share] of line.payers) {
          const at = this.payerAt.get(payer);
          if (at === undefined) throw new Error(`payer '${payer}' of item '${line.item}' is not one the policy declares`);
          const fen = toFen(share) * times;
          payers[at] += fen;
          items[item] += fen;
          total += fen;
        }
      }
    }
    return { inForce, category, eligible, items, payers, total };
  }

  /** A simulation's row: each policy's stretches over the whole range. */
  rangeRow(record: number, household: Household, months: number, stretches: readonly (readonly Stretch[])[]): HouseholdRow {
    return { record, household: household.id, weight: weightOf(this.policies[0]!, household).toString(), months, results: stretches.map((s) => this.figures(s)) };
  }

  /**
   * `eval`'s rows of the baseline's stretches over a period: one for the period, or with
   * `monthly` one per month of a year (a yearly item in the month it falls due, so that the
   * twelve add up to the year's row).
   */
  periodRows(record: number, household: Household, period: Period, stretches: readonly Stretch[], monthly: boolean): HouseholdRow[] {
    const weight = weightOf(this.policies[0]!, household).toString();
    const row = (p: string, months: number, s: readonly Stretch[], yearly: boolean): HouseholdRow => ({ record, household: household.id, weight, period: p, months, results: [this.figures(s, yearly)] });
    if (period.kind === 'month') return [row(formatPeriod(period), 1, stretches, false)];
    if (!monthly) return [row(formatPeriod(period), 12, stretches, true)];
    return monthByMonth(stretches).map((m) => row(formatPeriod(monthPeriod(m.month)), 1, [{ month: m.month, length: 1, evaluation: m }], true));
  }
}

