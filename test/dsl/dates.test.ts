/** Calendar dates: age on and around birthdays, 29 February, month arithmetic, parsing; with properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dates } from '../../src/dsl/index.js';

const { addDays, addMonths, age, daysInMonth, formatDate, isLeapYear, monthEnd, monthStart, parseDate, ymd } = dates;

/** `YYYY-MM-DD` → yyyymmdd, failing on a bad date. */
function d(text: string): number {
  const v = parseDate(text);
  if (v === undefined) throw new Error(`bad test date ${text}`);
  return v;
}

/** Real calendar dates in the years given. */
function civilDate(minYear = 1, maxYear = 9999): fc.Arbitrary<number> {
  return fc
    .record({ y: fc.integer({ min: minYear, max: maxYear }), m: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
    .map(({ y, m, day }) => ymd(y, m, Math.min(day, daysInMonth(y, m))));
}

const SEED = 20180701;

describe('age', () => {
  const birth = d('1969-07-15');

  it('is reached on the birthday itself, not the day before', () => {
    expect(age(birth, d('2018-07-14'))).toBe(48);
    expect(age(birth, d('2018-07-15'))).toBe(49);
    expect(age(birth, d('2018-07-16'))).toBe(49);
  });

  it('counts whole years across year ends', () => {
    expect(age(birth, d('2018-12-31'))).toBe(49);
    expect(age(birth, d('2019-01-01'))).toBe(49);
    expect(age(birth, d('2019-07-14'))).toBe(49);
  });

  it('is 0 on the day of birth and during the first year', () => {
    expect(age(birth, birth)).toBe(0);
    expect(age(birth, d('1970-07-14'))).toBe(0);
    expect(age(birth, d('1970-07-15'))).toBe(1);
  });

  it('29 February: the birthday counts on 28 February in a common year', () => {
    const leapling = d('2000-02-29');
    expect(age(leapling, d('2001-02-27'))).toBe(0);
    expect(age(leapling, d('2001-02-28'))).toBe(1);
    expect(age(leapling, d('2001-03-01'))).toBe(1);
    expect(age(leapling, d('2049-02-27'))).toBe(48);
    expect(age(leapling, d('2049-02-28'))).toBe(49);
  });

  it('29 February: in a leap year the birthday is 29 February itself', () => {
    const leapling = d('2000-02-29');
    expect(age(leapling, d('2004-02-28'))).toBe(3);
    expect(age(leapling, d('2004-02-29'))).toBe(4);
    // 2100 is not a leap year: 28 February again.
    expect(age(leapling, d('2100-02-27'))).toBe(99);
    expect(age(leapling, d('2100-02-28'))).toBe(100);
  });

  it('a birthday on 28 February in a leap year is not moved', () => {
    expect(age(d('2003-02-28'), d('2004-02-27'))).toBe(0);
    expect(age(d('2003-02-28'), d('2004-02-28'))).toBe(1);
  });

  it('property: monotone in the date it is taken on', () => {
    fc.assert(
      fc.property(civilDate(), civilDate(), civilDate(), (b, x, y) => {
        const [early, late] = x <= y ? [x, y] : [y, x];
        return age(b, early) <= age(b, late);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('property: age(b, the nth anniversary) = n', () => {
    fc.assert(
      fc.property(civilDate(1, 9000), fc.integer({ min: 0, max: 150 }), (b, n) => age(b, addMonths(b, 12 * n)) === n),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('property: the day before the nth anniversary is still n - 1', () => {
    fc.assert(
      fc.property(civilDate(1000, 9000), fc.integer({ min: 1, max: 150 }), (b, n) => age(b, addDays(addMonths(b, 12 * n), -1)) === n - 1),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe('month arithmetic', () => {
  it('addMonths keeps the day when the target month has it', () => {
    expect(addMonths(d('2019-01-15'), 1)).toBe(d('2019-02-15'));
    expect(addMonths(d('2019-11-30'), 2)).toBe(d('2020-01-30'));
    expect(addMonths(d('2019-03-31'), -1)).toBe(d('2019-02-28'));
    expect(addMonths(d('2019-01-01'), -1)).toBe(d('2018-12-01'));
    expect(addMonths(d('2019-05-20'), 0)).toBe(d('2019-05-20'));
  });

  it('addMonths clamps to the last day of a shorter month', () => {
    expect(addMonths(d('2019-01-31'), 1)).toBe(d('2019-02-28'));
    expect(addMonths(d('2020-01-31'), 1)).toBe(d('2020-02-29'));
    expect(addMonths(d('2019-03-31'), 1)).toBe(d('2019-04-30'));
    expect(addMonths(d('2019-08-31'), 1)).toBe(d('2019-09-30'));
    expect(addMonths(d('2020-02-29'), 12)).toBe(d('2021-02-28'));
    expect(addMonths(d('2020-02-29'), 48)).toBe(d('2024-02-29'));
  });

  it('monthStart and monthEnd', () => {
    expect(monthStart(d('2019-03-17'))).toBe(d('2019-03-01'));
    expect(monthEnd(d('2019-02-10'))).toBe(d('2019-02-28'));
    expect(monthEnd(d('2020-02-10'))).toBe(d('2020-02-29'));
    expect(monthEnd(d('1900-02-01'))).toBe(d('1900-02-28'));
    expect(monthEnd(d('2000-02-01'))).toBe(d('2000-02-29'));
    expect(monthEnd(d('2019-04-30'))).toBe(d('2019-04-30'));
    expect(monthEnd(d('2019-12-01'))).toBe(d('2019-12-31'));
  });

  it('leap years', () => {
    expect([1900, 2000, 2019, 2020, 2100, 2400].map(isLeapYear)).toEqual([false, true, false, true, false, true]);
  });

  it('addDays across month, year and leap-day boundaries', () => {
    expect(addDays(d('2019-12-31'), 1)).toBe(d('2020-01-01'));
    expect(addDays(d('2020-02-28'), 1)).toBe(d('2020-02-29'));
    expect(addDays(d('2019-02-28'), 1)).toBe(d('2019-03-01'));
    expect(addDays(d('2019-03-01'), -1)).toBe(d('2019-02-28'));
    expect(addDays(d('2019-01-01'), 365)).toBe(d('2020-01-01'));
  });

  it('property: addMonths lands in the right month, never past its end', () => {
    fc.assert(
      fc.property(civilDate(100, 9000), fc.integer({ min: -1200, max: 1200 }), (from, n) => {
        const to = addMonths(from, n);
        const months = (dates.yearOf(to) - dates.yearOf(from)) * 12 + dates.monthOf(to) - dates.monthOf(from);
        return months === n && dates.dayOf(to) === Math.min(dates.dayOf(from), daysInMonth(dates.yearOf(to), dates.monthOf(to)));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  // Regression: Date.UTC maps years 0–99 to 1900–1999, so any day arithmetic on a date in the years 0001–0099 (which parseDate accepts) jumps 1900 years: addDays(0050…
  it('addDays works in the years 0001–0099 that parseDate accepts', () => {
    expect(addDays(d('0050-01-01'), 1)).toBe(d('0050-01-02'));
  });
});

describe('parseDate and formatDate', () => {
  it('reads real dates', () => {
    expect(parseDate('2019-03-01')).toBe(20190301);
    expect(parseDate('2020-02-29')).toBe(20200229);
    expect(parseDate('0001-01-01')).toBe(10101);
    expect(parseDate('9999-12-31')).toBe(99991231);
  });

  it.each(['2019-02-30', '2019-02-29', '2019-13-01', '2019-00-10', '2019-04-31', '2019-01-00', '0000-01-01', '2019-3-1', '20190301', '2019-03-01 ', 'x'])(
    'rejects %j',
    (text) => {
      expect(parseDate(text)).toBeUndefined();
    },
  );

  it('formats with zero padding', () => {
    expect(formatDate(20190301)).toBe('2019-03-01');
    expect(formatDate(10101)).toBe('0001-01-01');
  });

  it('property: parseDate(formatDate(d)) = d for real dates', () => {
    fc.assert(
      fc.property(civilDate(), (x) => parseDate(formatDate(x)) === x),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
