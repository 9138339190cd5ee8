/** Integer-fen sums and weights: exact, the same as decimal.js rounding half up, and refused past 2^53 fen. */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Breakdown, Exact, MoneyOverflow, Weight, WeightedSum } from '../src/sim/money.js';
import { fuzhu, tempDir } from './cliRun.js';

const SEEDS = [1, 7, 2018, Date.now() % 100000];

describe('fen arithmetic', () => {
  it.each(SEEDS)('weights fen as decimal.js does, rounding half up (seed %i)', (seed) => {
    const weight = fc.tuple(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 9 })).map(([n, places]) => new Decimal(n).div(10 ** places));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 7 }), weight.filter((w) => w.lte(10 ** 5)), (fen, w) => {
        const expected = new Decimal(fen).div(100).times(w).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).times(100).toNumber();
        expect(new Weight(w).times(fen)).toBe(expected);
      }),
      { seed, numRuns: 2000 },
    );
  });

  it('rounds a half fen up, and a weight of many digits exactly (through big integers)', () => {
    expect(new Weight(new Decimal('0.5')).times(1)).toBe(1);
    expect(new Weight(new Decimal('0.5')).times(3)).toBe(2);
    expect(new Weight(new Decimal('1234567.123456789012')).times(65000)).toBe(
      new Decimal(65000).times('1234567.123456789012').toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber(),
    );
  });

  it.each(SEEDS)('sums weights times counts exactly, in any order, as decimal.js at 80 digits does (seed %i)', (seed) => {
    // Weights of up to 20 places and counts up to 10^9: past 2^53 units the sum goes on in big integers.
    const weight = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 20 })).map(([n, places]) => new Exact(n.toString()).div(new Exact(10).pow(places)));
    const terms = fc.array(fc.tuple(weight, fc.integer({ min: 0, max: 10 ** 9 })), { maxLength: 30 });
    fc.assert(
      fc.property(terms, (ts) => {
        const expected = ts.reduce((sum, [w, k]) => sum.plus(w.times(k)), new Exact(0));
        const forward = new WeightedSum();
        for (const [w, k] of ts) forward.add(new Weight(w), k);
        const backward = new WeightedSum();
        for (const [w, k] of [...ts].reverse()) backward.add(new Weight(w), k);
        expect(forward.value.toString()).toBe(expected.toString());
        expect(backward.value.toString()).toBe(expected.toString());
      }),
      { seed, numRuns: 300 },
    );
  });

  it('refuses a sum past 2^53 fen instead of rounding it', () => {
    const b = new Breakdown();
    b.addShares([['p', Number.MAX_SAFE_INTEGER - 1]], 1);
    expect(() => b.addShares([['p', 2]], 1)).toThrow(MoneyOverflow);
    expect(() => new Breakdown().addShares([['p', 2 ** 40]], 2 ** 14)).toThrow(MoneyOverflow);
  });

  it('keeps the payers adding up to the amount, and gives them back as exact CNY', () => {
    const b = new Breakdown();
    b.addShares([['a', 40000], ['b', 25001]], 12);
    expect(b.amount.toFixed(2)).toBe('7800.12');
    expect(b.payers.get('b').toFixed(2)).toBe('3000.12');
    expect(b.minus(b).amount.isZero()).toBe(true);
  });
});

describe('a simulation past exact money', () => {
  it('stops with E-SIM-MONEY-OVERFLOW and exit 1, not an internal error', async () => {
    const population = join(tempDir(), 'huge-weight.jsonl');
    const household = { id: 'BIG', weight: '100000000000000', hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '1960-05-20' }, husband: { birth_date: '1958-01-01' }, children: [{ birth_date: '1988-03-01', death_date: '2010-01-01' }] };
    writeFileSync(population, `${JSON.stringify(household)}\n`);
    const r = await fuzhu('simulate', '--population', population, '--from', '2019-01', '--to', '2019-12');
    expect(r.code).toBe(1);
    expect(r.err).toContain('E-SIM-MONEY-OVERFLOW');
    expect(r.err).not.toContain('internal error');
  });
});
