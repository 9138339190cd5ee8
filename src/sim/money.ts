/** Sums of money by key (payer, item, county …), exact. */
import { Decimal } from 'decimal.js';

/**
 * Sums over a population keep every digit: a weight such as 441.8883441 times a million
 * households needs more than decimal.js's default 20 significant digits, and a sum that rounds
 * would depend on the order it was added in (and so on the number of worker threads).
 */
export const Exact = Decimal.clone({ precision: 80 });

export const ZERO: Decimal = new Exact(0);

export class Sums {
  readonly byKey = new Map<string, Decimal>();

  add(key: string, v: Decimal): void {
    this.byKey.set(key, (this.byKey.get(key) ?? ZERO).plus(v));
  }

  get(key: string): Decimal {
    return this.byKey.get(key) ?? ZERO;
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }
}

/** An amount with the payers that bear it. */
export class Breakdown {
  amount = ZERO;
  readonly payers = new Sums();

  add(amount: Decimal, payers: ReadonlyMap<string, Decimal>): void {
    this.amount = this.amount.plus(amount);
    for (const [p, v] of payers) this.payers.add(p, v);
  }

  /** this − other, payer by payer. */
  minus(other: Breakdown): Breakdown {
    const d = new Breakdown();
    d.amount = this.amount.minus(other.amount);
    for (const k of new Set([...this.payers.keys(), ...other.payers.keys()])) d.payers.byKey.set(k, this.payers.get(k).minus(other.payers.get(k)));
    return d;
  }
}
