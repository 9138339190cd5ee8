/** The library takes ISO strings where it takes a date or a period, the same as the values, and refuses others by name. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilDateOf, DateInputError, dates, evaluate, evaluateExpression, evaluationJson, parsePeriod, periodOf, WhatIf, type Period } from '../src/index.js';
import { deathCouple, household, shippedPolicy, tempFile } from './helpers.js';

const SEEDS = [1, 7, 2018, Date.now() % 100000];

const civil = fc.record({ y: fc.integer({ min: 1900, max: 2199 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) }).map(({ y, m, d }) => dates.ymd(y, m, Math.min(d, dates.daysInMonth(y, m))));

function refusal(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DateInputError);
    return { code: (e as DateInputError).code, message: (e as Error).message };
  }
  throw new Error('not refused');
}

describe('dates at the API', () => {
  it.each(SEEDS)('reads a date, its ISO string and its month the same (seed %i)', (seed) => {
    fc.assert(
      fc.property(civil, (d) => {
        expect(civilDateOf(d, 'from')).toBe(d);
        expect(civilDateOf(dates.formatDate(d), 'from')).toBe(d);
        expect(civilDateOf(dates.formatDate(d).slice(0, 7), 'from')).toBe(dates.monthStart(d));
        const month = dates.formatDate(d).slice(0, 7);
        expect(periodOf(month, 'period')).toEqual(parsePeriod(month));
      }),
      { seed, numRuns: 200 },
    );
  });

  it('refuses what is not a date between 1900 and 2199, naming the argument', () => {
    for (const bad of ['2019-02-30', '2019-13', '2019-3', ' 2019-03', '1899-12-31', '2200-01', 'March 2019', '']) {
      const r = refusal(() => civilDateOf(bad, 'from'));
      expect(r.code).toBe('E-API-DATE');
      expect(r.message).toBe(`from: '${bad}' is not a date between 1900 and 2199; give 'YYYY-MM-DD', 'YYYY-MM' (the month's first day) or a CivilDate such as 20190301`);
    }
    for (const bad of [20190230, 2019.5, 201903, 22000101, Number.NaN]) expect(refusal(() => civilDateOf(bad, 'to')).message).toMatch(/^to: .* is not a date between 1900 and 2199;/);
    expect(refusal(() => periodOf('2019-03-01', 'period')).message).toBe("period: '2019-03-01' is neither a month ('2019-03') nor a year ('2019') between 1900 and 2199");
    expect(refusal(() => periodOf(' 2019', 'period')).code).toBe('E-API-DATE');
  });

  it('evaluate takes its period as a string, the same as the Period', () => {
    const h = household(deathCouple);
    for (const text of ['2019-03', '2019']) {
      expect(evaluationJson(evaluate(shippedPolicy(), h, text))).toEqual(evaluationJson(evaluate(shippedPolicy(), h, parsePeriod(text) as Period)));
    }
    expect(refusal(() => evaluate(shippedPolicy(), h, '2019-3')).message).toMatch(/^period: '2019-3' is neither a month/);
  });

  it('evaluateExpression takes its month as a string', () => {
    const h = household(deathCouple);
    const byString = evaluateExpression(shippedPolicy(), h, '2020-01', 'param(allowance.death.rate)');
    const byNumber = evaluateExpression(shippedPolicy(), h, dates.ymd(2020, 1, 1), 'param(allowance.death.rate)');
    expect(byString).toEqual(byNumber);
    expect(byString.ok).toBe(true);
  });

  it('WhatIf.of takes its range as strings, the same as CivilDates', async () => {
    const population = tempFile('p.jsonl', `${JSON.stringify(deathCouple)}\n`);
    const byString = await WhatIf.of(shippedPolicy(), population, '2019-01', '2019-12-01');
    const byNumber = await WhatIf.of(shippedPolicy(), population, dates.ymd(2019, 1, 1), dates.ymd(2019, 12, 1));
    expect([byString.from, byString.to]).toEqual([byNumber.from, byNumber.to]);
    expect(byString.base).toEqual(byNumber.base);
    await expect(WhatIf.of(shippedPolicy(), population, '2019-01', '2019/12')).rejects.toThrow("to: '2019/12' is not a date");
  });
});
