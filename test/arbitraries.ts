/** fast-check generators of households in the exchange format, biased toward edge dates. */
import fc from 'fast-check';
import { dates } from '../src/dsl/index.js';

const COUNTIES = ['450202', '450203', '450204', '450205', '450206', '450222', '450223', '450224', '450225', '450226', 'outside', '柳北区', '融水苗族自治县'];

/** A real date between two years, often the first or last day of a month or 29 February. */
export function date(fromYear: number, toYear: number): fc.Arbitrary<string> {
  const plain = fc.record({ y: fc.integer({ min: fromYear, max: toYear }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) }).map(({ y, m, d }) => dates.ymd(y, m, Math.min(d, dates.daysInMonth(y, m))));
  const edge = fc.record({ y: fc.integer({ min: fromYear, max: toYear }), m: fc.integer({ min: 1, max: 12 }), last: fc.boolean() }).map(({ y, m, last }) => dates.ymd(y, m, last ? dates.daysInMonth(y, m) : 1));
  const leap = fc.integer({ min: Math.ceil(fromYear / 4), max: Math.floor(toYear / 4) }).map((q) => q * 4).filter((y) => dates.isLeapYear(y)).map((y) => dates.ymd(y, 2, 29));
  return fc.oneof({ weight: 3, arbitrary: plain }, { weight: 2, arbitrary: edge }, { weight: 1, arbitrary: leap }).map(dates.formatDate);
}

const person = fc.record(
  {
    birth_date: date(1928, 1985),
    death_date: date(2015, 2022),
    resident_medical_insurance: fc.boolean(),
  },
  { requiredKeys: ['birth_date'] },
).map((p) => (p.death_date !== undefined && p.death_date < p.birth_date ? { ...p, death_date: undefined } : p));

const child = fc
  .record(
    {
      birth_date: date(1950, 2018),
      death_date: date(1960, 2022),
      disability_grade: fc.integer({ min: 1, max: 4 }),
    },
    { requiredKeys: ['birth_date'] },
  )
  .map((c) => (c.death_date !== undefined && c.death_date < c.birth_date ? { ...c, death_date: undefined } : c));

/** A valid household; `id` is fixed so that shrinking keeps it readable. */
export const household = fc
  .record({
    county: fc.constantFrom(...COUNTIES),
    type: fc.constantFrom('urban', 'rural'),
    wife: fc.option(person, { nil: undefined }),
    husband: fc.option(person, { nil: undefined }),
    children: fc.array(child, { minLength: 0, maxLength: 3 }),
  })
  .filter((h) => h.wife !== undefined || h.husband !== undefined)
  .map((h) => {
    const strip = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
    return {
      id: 'GEN-1',
      hukou: { county: h.county, type: h.type },
      ...(h.wife ? { wife: strip(h.wife) } : {}),
      ...(h.husband ? { husband: strip(h.husband) } : {}),
      children: h.children.map(strip),
    };
  });

export const month = fc.record({ y: fc.integer({ min: 2017, max: 2023 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`);
