/**
 * A projection's sums in one typed array of whole fen: for each seeded run, policy and year, the
 * total and the city's share. A worker's share crosses threads as one block, and shares add up
 * exactly whatever their order (integers below 2^53, checked).
 */
import { MoneyOverflow } from './money.js';

/** Figures kept for each run, policy and year: the total, and the city's share. */
const FIGURES = 2;

export class ProjectionTotals {
  readonly fen: Float64Array;

  constructor(
    readonly runs: number,
    readonly policies: number,
    readonly years: number,
  ) {
    this.fen = new Float64Array(runs * ProjectionTotals.runSize(policies, years));
  }

  /** The size of one run's block, which is also the shape of one household's sums. */
  static runSize(policies: number, years: number): number {
    return policies * years * FIGURES;
  }

  /** Where a household's sums (one run's block) keep a policy's year. */
  static slot(policy: number, years: number, year: number): number {
    return (policy * years + year) * FIGURES;
  }

  /** Adds one household's sums (a run's block: policies × years × figures) to a run. */
  addRun(run: number, sums: Float64Array): void {
    add(this.fen, sums, run * sums.length);
  }

  /** Adds another share of the same projection (its `fen`). */
  merge(fen: Float64Array): void {
    add(this.fen, fen, 0);
  }

  total(run: number, policy: number, year: number): number {
    return this.fen[this.at(run, policy, year)]!;
  }

  city(run: number, policy: number, year: number): number {
    return this.fen[this.at(run, policy, year) + 1]!;
  }

  private at(run: number, policy: number, year: number): number {
    return run * ProjectionTotals.runSize(this.policies, this.years) + ProjectionTotals.slot(policy, this.years, year);
  }
}

/** Adds a household's share of a year: its amount, and the city's part of it. */
export function addYear(sums: Float64Array, slot: number, amount: number, city: number): void {
  add(sums, [amount, city], slot);
}

function add(into: Float64Array, from: ArrayLike<number>, offset: number): void {
  for (let i = 0; i < from.length; i++) {
    const v = into[offset + i]! + from[i]!;
    if (!Number.isSafeInteger(v)) throw new MoneyOverflow();
    into[offset + i] = v;
  }
}
