/**
 * Sums of money by key (payer, item, county …), exact: whole fen as JavaScript integers, which
 * are exact up to 2^53 fen (90 trillion CNY); a sum beyond that is refused, never rounded.
 * Figures leave as decimals (CNY), so that reports and JSON keep their exact form.
 */
import { Decimal } from 'decimal.js';
import { EvalError } from '../eval/errors.js';

/**
 * Weighted counts over a population keep every digit: a weight such as 441.8883441 times a
 * million households needs more than decimal.js's default 20 significant digits, and a sum
 * that rounds would depend on the order it was added in (and so on the number of threads).
 */
export const Exact = Decimal.clone({ precision: 80 });

export const ZERO: Decimal = new Exact(0);

/** A sum past 2^53 fen: not exact any more, so the run stops (E-SIM-MONEY-OVERFLOW). */
export class MoneyOverflow extends EvalError {
  constructor() {
    super('E-SIM-MONEY-OVERFLOW', `a sum of money passed ${Number.MAX_SAFE_INTEGER} fen (about 90 trillion CNY), beyond which it would not be exact`, undefined, 'check the weights of the population: a weight this large is likely a mistake');
    this.name = 'MoneyOverflow';
  }
}

function checked(fen: number): number {
  if (!Number.isSafeInteger(fen)) throw new MoneyOverflow();
  return fen;
}

/** Whole fen of an exact amount in CNY. */
export function toFen(cny: Decimal): number {
  return checked(cny.times(100).toNumber());
}

/**
 * Amounts in fen by the very value: the lines of a million households share the values of the
 * parameters they read (evaluation keeps them as read), converted once each.
 */
const fenOfValue = new WeakMap<Decimal, number>();

/** Whole fen of an exact amount in CNY, converted once for each value object. */
export function fenOf(cny: Decimal): number {
  let fen = fenOfValue.get(cny);
  if (fen === undefined) fenOfValue.set(cny, (fen = toFen(cny)));
  return fen;
}

export function fromFen(fen: number): Decimal {
  return new Exact(fen).div(100);
}

export class Sums {
  readonly fen = new Map<string, number>();

  addFen(key: string, fen: number): void {
    this.fen.set(key, checked((this.fen.get(key) ?? 0) + fen));
  }

  add(key: string, v: Decimal): void {
    this.addFen(key, toFen(v));
  }

  get(key: string): Decimal {
    return fromFen(this.fen.get(key) ?? 0);
  }

  /** The sums in CNY, by key. */
  get byKey(): Map<string, Decimal> {
    return new Map([...this.fen].map(([k, v]) => [k, fromFen(v)]));
  }

  keys(): string[] {
    return [...this.fen.keys()];
  }
}

/** An amount with the payers that bear it. */
export class Breakdown {
  fen = 0;
  readonly payers = new Sums();

  get amount(): Decimal {
    return fromFen(this.fen);
  }

  add(amount: Decimal, payers: ReadonlyMap<string, Decimal>): void {
    this.fen = checked(this.fen + toFen(amount));
    for (const [p, v] of payers) this.payers.add(p, v);
  }

  /** Adds one payer's share in fen to it and to the amount. */
  addPayer(payer: string, fen: number): void {
    this.fen = checked(this.fen + fen);
    this.payers.addFen(payer, fen);
  }

  /** Adds payers' shares in fen, `times` over; the amount is their sum. */
  addShares(shares: readonly (readonly [string, number])[], times: number): void {
    for (const [p, fen] of shares) {
      const v = checked(fen * times);
      this.fen = checked(this.fen + v);
      this.payers.addFen(p, v);
    }
  }

  /** this − other, payer by payer. */
  minus(other: Breakdown): Breakdown {
    const d = new Breakdown();
    d.fen = checked(this.fen - other.fen);
    for (const k of new Set([...this.payers.keys(), ...other.payers.keys()])) d.payers.fen.set(k, checked((this.payers.fen.get(k) ?? 0) - (other.payers.fen.get(k) ?? 0)));
    return d;
  }
}

/**
 * A household's weight, for weighting fen exactly: fen × weight rounded half up to the fen,
 * in integers (the weight as a whole number over a power of ten).
 */
export class Weight {
  readonly one: boolean;
  /** The weight's decimal places, and its digits as a whole number (NaN past 2^53): weight = units / 10^places. */
  readonly places: number;
  readonly units: number;
  private readonly numerator: bigint;
  private readonly denominator: bigint;
  private readonly small: { numerator: number; denominator: number } | undefined;

  private static readonly known = new Map<string, Weight>();
  /** The last weight asked for: households without a weight of their own share the default's value. */
  private static last: Weight | undefined;

  /** The weight of this value, made once for each value a population uses. */
  static of(value: Decimal): Weight {
    if (Weight.last?.value === value) return Weight.last;
    const key = value.toString();
    let w = Weight.known.get(key);
    if (!w) {
      w = new Weight(value);
      if (Weight.known.size < 10_000) Weight.known.set(key, w);
    }
    return (Weight.last = w);
  }

  constructor(readonly value: Decimal) {
    this.one = value.eq(1);
    const places = value.decimalPlaces();
    this.places = places;
    const numerator = value.times(new Decimal(10).pow(places));
    this.numerator = BigInt(numerator.toFixed(0));
    this.denominator = 10n ** BigInt(places);
    const n = numerator.toNumber();
    const d = 10 ** places;
    this.small = Number.isSafeInteger(n) && Number.isSafeInteger(d) ? { numerator: n, denominator: d } : undefined;
    this.units = Number.isSafeInteger(n) ? n : NaN;
  }

  /** The weight's digits as a whole number, exactly. */
  get bigUnits(): bigint {
    return this.numerator;
  }

  /** fen × weight, rounded half up (away from zero) to the fen. */
  times(fen: number): number {
    if (this.one) return fen;
    const sign = fen < 0 ? -1 : 1;
    const abs = Math.abs(fen);
    if (this.small) {
      const p = abs * this.small.numerator;
      if (Number.isSafeInteger(p + this.small.denominator)) {
        const d = this.small.denominator;
        const halfUp = p + Math.floor(d / 2);
        return sign * ((halfUp - (halfUp % d)) / d);
      }
    }
    const p = BigInt(abs) * this.numerator;
    return checked(sign * Number((p + this.denominator / 2n) / this.denominator));
  }
}

/**
 * A sum of weights times whole counts (weighted households, persons, months), exact whatever
 * the order it is added in: a whole number of units of 10^-places, a JavaScript number while
 * it is exact and a bigint past it, turned into a decimal only when read.
 */
export class WeightedSum {
  private places = 0;
  private units = 0;
  private big = 0n;

  /** Adds `weight` `times` over. */
  add(weight: Weight, times: number): void {
    if (weight.places > this.places) this.rescale(weight.places);
    const shift = this.places - weight.places;
    const term = weight.units * times * (shift ? 10 ** shift : 1);
    if (Number.isSafeInteger(term) && shift < 16) {
      const sum = this.units + term;
      if (Number.isSafeInteger(sum)) {
        this.units = sum;
        return;
      }
    }
    this.big += weight.bigUnits * BigInt(times) * 10n ** BigInt(shift);
  }

  /** The sum as an exact decimal. */
  get value(): Decimal {
    const whole = this.big === 0n ? new Exact(this.units) : new Exact((this.big + BigInt(this.units)).toString());
    return this.places ? whole.div(new Exact(10).pow(this.places)) : whole;
  }

  private rescale(places: number): void {
    const k = places - this.places;
    const factor = 10n ** BigInt(k);
    this.places = places;
    this.big *= factor;
    const scaled = this.units * 10 ** k;
    if (k < 16 && Number.isSafeInteger(scaled)) this.units = scaled;
    else {
      this.big += BigInt(this.units) * factor;
      this.units = 0;
    }
  }
}
