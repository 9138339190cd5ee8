/**
 * The household input format (shared/contracts/household.md) as readHousehold and
 * readHouseholdFiles accept and refuse it, against the shipped liuzhou-2018 policy.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, describe, expect, it } from 'vitest';
import { location, type Diagnostic } from '../src/diag/index.js';
import { readHousehold, type Household } from '../src/eval/household.js';
import { readHouseholdFiles } from '../src/eval/householdFile.js';
import { LIMITS, loadPolicy, type Policy } from '../src/policy/index.js';

function shippedPolicy(): Policy {
  const loaded = loadPolicy('policy/liuzhou-2018');
  if (!loaded.ok) throw new Error(`the shipped policy does not load:\n${loaded.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}`);
  return loaded.policy;
}

const policy = shippedPolicy();

type Raw = Record<string, unknown>;

/** A valid household: a Liubei couple whose only child died in 2014. */
function valid(overrides: Raw = {}): Raw {
  return {
    id: 'H1',
    hukou: { county: '450205', type: 'urban' },
    wife: { birth_date: '1963-05-20' },
    husband: { birth_date: '1960-02-11' },
    children: [{ birth_date: '1988-09-01', death_date: '2014-03-02' }],
    ...overrides,
  };
}

function accept(raw: unknown): Household & Raw {
  const r = readHousehold(policy, raw);
  if (!r.ok) throw new Error(`expected the household to be accepted, got:\n${r.diagnostics.map((d) => `${d.code} ${d.at}: ${d.message}`).join('\n')}`);
  expect(r.diagnostics).toEqual([]);
  return r.household as Household & Raw;
}

function refuse(raw: unknown): Diagnostic[] {
  const r = readHousehold(policy, raw);
  expect(r.ok).toBe(false);
  expect(r.diagnostics.length).toBeGreaterThan(0);
  return r.diagnostics;
}

/** The single diagnostic of a refused household, which must carry `code`. */
function refuseWith(raw: unknown, code: string): Diagnostic {
  const ds = refuse(raw);
  expect(ds.map((d) => d.code)).toEqual([code]);
  expect(ds[0]!.severity).toBe('error');
  return ds[0]!;
}

const rec = (v: unknown): Raw => v as Raw;

describe('readHousehold: accepted spellings and defaults', () => {
  it('reads a valid household into runtime values', () => {
    const h = accept(valid());
    expect(h.id).toBe('H1');
    expect(rec(h.hukou)).toEqual({ county: '450205', type: 'urban' });
    expect(rec(h.wife).birth_date).toBe(19630520);
    expect(rec(h.husband).birth_date).toBe(19600211);
    const child = rec((h.children as unknown[])[0]);
    expect(child.birth_date).toBe(19880901);
    expect(child.death_date).toBe(20140302);
  });

  it('accepts the county as a code string', () => {
    expect(rec(accept(valid({ hukou: { county: '450226', type: 'rural' } })).hukou).county).toBe('450226');
  });

  it('accepts the county as its Chinese name and stores the code', () => {
    const h = accept(valid({ hukou: { county: '柳北区', type: 'urban' }, residence: '三江侗族自治县' }));
    expect(rec(h.hukou).county).toBe('450205');
    expect(h.residence).toBe('450226');
  });

  it('accepts "outside" and its Chinese name 柳州市外', () => {
    expect(rec(accept(valid({ hukou: { county: 'outside', type: 'urban' } })).hukou).county).toBe('outside');
    expect(rec(accept(valid({ hukou: { county: '柳州市外', type: 'urban' } })).hukou).county).toBe('outside');
  });

  it('accepts the county as a number (unquoted 450205 in YAML) and stores the code string', () => {
    const h = accept(valid({ hukou: { county: 450205, type: 'urban' }, residence: 450204 }));
    expect(rec(h.hukou).county).toBe('450205');
    expect(h.residence).toBe('450204');
  });

  it('defaults residence to hukou.county, whatever spelling the county was given in', () => {
    expect(accept(valid()).residence).toBe('450205');
    expect(accept(valid({ hukou: { county: '鹿寨县', type: 'rural' } })).residence).toBe('450223');
    expect(accept(valid({ hukou: { county: 450222, type: 'rural' }, residence: null })).residence).toBe('450222');
  });

  it('keeps a residence that differs from the hukou county', () => {
    const h = accept(valid({ residence: '柳南区' }));
    expect(h.residence).toBe('450204');
    expect(rec(h.hukou).county).toBe('450205');
  });

  it('fills the documented defaults of a person', () => {
    const wife = rec(accept(valid()).wife);
    expect(wife.chronic).toEqual([]);
    expect(wife.care_need).toBe('none');
    expect(wife.resident_medical_insurance).toBe(false);
    expect(wife.resident_pension_contributor).toBe(false);
    expect(wife.wants_work).toBe(false);
    expect(wife.death_date).toBeUndefined();
    expect(wife.family_doctor_package).toBeUndefined();
  });

  it('fills the documented defaults of a child', () => {
    const child = rec((accept(valid({ children: [{ birth_date: '1988-09-01' }] })).children as unknown[])[0]);
    expect(child.adopted).toBe(false);
    expect(child.adoption_date).toBeUndefined();
    expect(child.disability_grade).toBeUndefined();
    expect(child.college).toBeUndefined();
  });

  it('defaults weight to 1 as an exact Decimal', () => {
    const w = accept(valid()).weight;
    expect(Decimal.isDecimal(w)).toBe(true);
    expect((w as Decimal).equals(1)).toBe(true);
  });

  it('reads a given weight exactly (0.1 stays 0.1, "2.5" is 2.5)', () => {
    const a = accept(valid({ weight: 0.1 })).weight as Decimal;
    expect(Decimal.isDecimal(a)).toBe(true);
    expect(a.toString()).toBe('0.1');
    expect(a.times(3).toString()).toBe('0.3');
    expect((accept(valid({ weight: '2.5' })).weight as Decimal).toString()).toBe('2.5');
  });

  it('reads the optional person fields when given', () => {
    const wife = rec(
      accept(
        valid({
          wife: {
            birth_date: '1963-05-20',
            death_date: '2021-02-11',
            chronic: ['type2_diabetes', 'hypertension'],
            care_need: 'nursing',
            resident_medical_insurance: true,
            resident_pension_contributor: true,
            family_doctor_package: 320,
            wants_work: true,
          },
        }),
      ).wife,
    );
    expect(wife.death_date).toBe(20210211);
    expect(wife.chronic).toEqual(['type2_diabetes', 'hypertension']);
    expect(wife.care_need).toBe('nursing');
    expect(wife.resident_medical_insurance).toBe(true);
    expect(wife.resident_pension_contributor).toBe(true);
    expect(wife.wants_work).toBe(true);
    expect(Decimal.isDecimal(wife.family_doctor_package)).toBe(true);
    expect((wife.family_doctor_package as Decimal).equals(320)).toBe(true);
  });

  it('reads an adopted, disabled child with college dates', () => {
    const child = rec(
      (
        accept(
          valid({
            children: [{ birth_date: '1998-09-01', adopted: true, adoption_date: '1999-01-05', disability_grade: 2, college: { admitted: '2019-09-01', graduates: '2023-06-30' } }],
          }),
        ).children as unknown[]
      )[0],
    );
    expect(child.adopted).toBe(true);
    expect(child.adoption_date).toBe(19990105);
    expect(child.disability_grade).toBe(2);
    expect(rec(child.college)).toEqual({ admitted: 20190901, graduates: 20230630 });
  });

  it('accepts the disability grade bounds 1 and 4', () => {
    for (const g of [1, 4]) {
      const child = rec((accept(valid({ children: [{ birth_date: '1988-09-01', disability_grade: g }] })).children as unknown[])[0]);
      expect(child.disability_grade).toBe(g);
    }
  });

  it('treats wife: null as no wife', () => {
    const h = accept(valid({ wife: null }));
    expect(h.wife).toBeUndefined();
    expect(rec(h.husband).birth_date).toBe(19600211);
  });

  it('accepts a household with a wife and no husband, and an empty children list', () => {
    const h = accept(valid({ husband: undefined, children: [] }));
    expect(h.husband).toBeUndefined();
    expect(h.children).toEqual([]);
  });

  it('accepts a death on the day of birth and 29 February in a leap year', () => {
    const h = accept(valid({ wife: { birth_date: '1964-02-29' }, children: [{ birth_date: '1988-09-01', death_date: '1988-09-01' }] }));
    expect(rec(h.wife).birth_date).toBe(19640229);
  });
});

describe('readHousehold: refused input names the household, the field and what was expected', () => {
  it('an unknown field, with the nearest field name suggested', () => {
    const d = refuseWith(valid({ wife: { birth_date: '1963-05-20', birth_dat: '1963-05-20' } }), 'E-HH-UNKNOWN-FIELD');
    expect(d.at).toBe('household H1, field wife.birth_dat');
    expect(d.message).toContain("'birth_dat'");
    expect(d.message).toContain("Did you mean 'birth_date'?");
    expect(d.help).toContain('birth_date');
  });

  it('an unknown field with a very long name is quoted in part, in the message and the place', () => {
    const name = `b${'x'.repeat(70_000)}`;
    const d = refuseWith(valid({ wife: { birth_date: '1963-05-20', [name]: 1 } }), 'E-HH-UNKNOWN-FIELD');
    expect(d.message.length).toBeLessThan(300);
    expect(d.at!.length).toBeLessThan(200);
    expect(d.message).toContain('(70001 characters)');
  });

  it('an unknown top-level field, with a suggestion', () => {
    const d = refuseWith(valid({ husbnd: { birth_date: '1960-02-11' } }), 'E-HH-UNKNOWN-FIELD');
    expect(d.at).toBe('household H1, field husbnd');
    expect(d.message).toContain("Did you mean 'husband'?");
  });

  it('an unknown field in a child names the child by index', () => {
    const d = refuseWith(valid({ children: [{ birth_date: '1988-09-01' }, { birth_date: '1990-01-01', disabilty_grade: 2 }] }), 'E-HH-UNKNOWN-FIELD');
    expect(d.at).toBe('household H1, field children[1].disabilty_grade');
    expect(d.message).toContain("Did you mean 'disability_grade'?");
  });

  it('a date that does not exist (2019-02-30)', () => {
    const d = refuseWith(valid({ wife: { birth_date: '2019-02-30' } }), 'E-HH-DATE');
    expect(d.at).toBe('household H1, field wife.birth_date');
    expect(d.message).toContain('2019-02-30');
    expect(d.message).toContain('a date that exists in the calendar');
  });

  it('29 February in a common year (1900 is not a leap year)', () => {
    const d = refuseWith(valid({ children: [{ birth_date: '1900-02-29' }] }), 'E-HH-DATE');
    expect(d.at).toBe('household H1, field children[0].birth_date');
  });

  it('a date not written YYYY-MM-DD', () => {
    const d = refuseWith(valid({ husband: { birth_date: '11/02/1960' } }), 'E-HH-DATE');
    expect(d.at).toBe('household H1, field husband.birth_date');
    expect(d.message).toContain('YYYY-MM-DD');
  });

  it('a person who dies before being born', () => {
    const d = refuseWith(valid({ husband: { birth_date: '1960-02-11', death_date: '1960-02-10' } }), 'E-HH-DEATH-BEFORE-BIRTH');
    expect(d.at).toBe('household H1, field husband.death_date');
  });

  it('a child who dies before being born', () => {
    const d = refuseWith(valid({ children: [{ birth_date: '1988-09-01', death_date: '1987-01-01' }] }), 'E-HH-DEATH-BEFORE-BIRTH');
    expect(d.at).toBe('household H1, field children[0].death_date');
  });

  it('a disability grade of 0 is out of range', () => {
    const d = refuseWith(valid({ children: [{ birth_date: '1988-09-01', disability_grade: 0 }] }), 'E-HH-RANGE');
    expect(d.at).toBe('household H1, field children[0].disability_grade');
    expect(d.message).toContain('1..4');
  });

  it('a disability grade of 5 is out of range', () => {
    const d = refuseWith(valid({ children: [{ birth_date: '1988-09-01', disability_grade: 5 }] }), 'E-HH-RANGE');
    expect(d.at).toBe('household H1, field children[0].disability_grade');
    expect(d.message).toContain('1..4');
  });

  it('a disability grade of 2.5 is not a whole number', () => {
    const d = refuseWith(valid({ children: [{ birth_date: '1988-09-01', disability_grade: 2.5 }] }), 'E-HH-TYPE');
    expect(d.at).toBe('household H1, field children[0].disability_grade');
    expect(d.message).toContain('whole number');
  });

  it('a negative weight or package price is out of range', () => {
    expect(refuseWith(valid({ weight: -1 }), 'E-HH-RANGE').at).toBe('household H1, field weight');
    expect(refuseWith(valid({ wife: { birth_date: '1963-05-20', family_doctor_package: -3 } }), 'E-HH-RANGE').at).toBe('household H1, field wife.family_doctor_package');
  });

  it('an adopted child without adoption_date', () => {
    const d = refuseWith(valid({ children: [{ birth_date: '1988-09-01', adopted: true }] }), 'E-HH-ADOPTION-DATE');
    expect(d.at).toBe('household H1, field children[0].adoption_date');
  });

  it('an adoption_date on a child not marked adopted', () => {
    const d = refuseWith(valid({ children: [{ birth_date: '1988-09-01', adoption_date: '1990-01-01' }] }), 'E-HH-ADOPTION-FLAG');
    expect(d.at).toBe('household H1, field children[0].adopted');
  });

  it('an unknown county, spelt as a misspelt Chinese name, suggests the nearest name', () => {
    const d = refuseWith(valid({ hukou: { county: '柳北', type: 'urban' } }), 'E-HH-ENUM');
    expect(d.at).toBe('household H1, field hukou.county');
    expect(d.message).toContain("'柳北'");
    expect(d.message).toContain("Did you mean '柳北区'?");
  });

  it('an unknown county with nothing near lists the valid codes', () => {
    const d = refuseWith(valid({ residence: 'Liubei' }), 'E-HH-ENUM');
    expect(d.at).toBe('household H1, field residence');
    for (const code of ['450202', '450203', '450204', '450205', '450206', '450222', '450223', '450224', '450225', '450226', 'outside']) expect(d.message).toContain(code);
    expect(d.message).not.toContain('Did you mean');
  });

  it('an enum value in the wrong case suggests the canonical spelling', () => {
    const d = refuseWith(valid({ wife: { birth_date: '1963-05-20', care_need: 'Nursing' } }), 'E-HH-ENUM');
    expect(d.at).toBe('household H1, field wife.care_need');
    expect(d.message).toContain("Did you mean 'nursing'?");
  });

  it('missing id, hukou and children are each reported', () => {
    const ds = refuse({ wife: { birth_date: '1963-05-20' } });
    expect(ds.map((d) => d.code)).toEqual(['E-HH-MISSING-FIELD', 'E-HH-MISSING-FIELD', 'E-HH-MISSING-FIELD']);
    expect(ds.map((d) => d.at)).toEqual(['household (no id), field id', 'household (no id), field hukou', 'household (no id), field children']);
    expect(ds[0]!.message).toContain("'id'");
  });

  it('a missing field inside a record names its full path', () => {
    const ds = refuse(valid({ hukou: { county: '450205' }, wife: { death_date: '2020-01-01' } }));
    expect(ds.map((d) => [d.code, d.at])).toEqual([
      ['E-HH-MISSING-FIELD', 'household H1, field hukou.type'],
      ['E-HH-MISSING-FIELD', 'household H1, field wife.birth_date'],
    ]);
  });

  it('no spouse at all', () => {
    const d = refuseWith(valid({ wife: undefined, husband: undefined }), 'E-HH-NO-SPOUSE');
    expect(d.at).toBe('household H1, field wife');
  });

  it('wife: null and husband: null is no spouse', () => {
    expect(refuseWith(valid({ wife: null, husband: null }), 'E-HH-NO-SPOUSE').at).toBe('household H1, field wife');
  });

  it('a string where a boolean is expected', () => {
    const d = refuseWith(valid({ wife: { birth_date: '1963-05-20', wants_work: 'yes' } }), 'E-HH-TYPE');
    expect(d.at).toBe('household H1, field wife.wants_work');
    expect(d.message).toContain('true or false');
    expect(d.message).toContain("'yes'");
  });

  it('a list where a record is expected', () => {
    const d = refuseWith(valid({ hukou: ['450205', 'urban'] }), 'E-HH-TYPE');
    expect(d.at).toBe('household H1, field hukou');
    expect(d.message).toContain('hukou record');
    expect(d.message).toContain('a list');
  });

  it('a record where a list is expected', () => {
    const d = refuseWith(valid({ children: { birth_date: '1988-09-01' } }), 'E-HH-TYPE');
    expect(d.at).toBe('household H1, field children');
    expect(d.message).toContain('expected a list');
  });

  it('a single value where a list of values is expected', () => {
    const d = refuseWith(valid({ wife: { birth_date: '1963-05-20', chronic: 'hypertension' } }), 'E-HH-TYPE');
    expect(d.at).toBe('household H1, field wife.chronic');
  });

  it('a number where the id text is expected', () => {
    const d = refuseWith(valid({ id: 7 }), 'E-HH-TYPE');
    expect(d.at).toBe('household 7, field id');
  });

  it('a household that is not a mapping at all', () => {
    const d = refuseWith([valid()], 'E-HH-TYPE');
    expect(d.at).toBe('household (no id)');
    expect(d.message).toContain('household record');
  });

  it('more children than the limit', () => {
    const d = refuseWith(valid({ children: Array.from({ length: LIMITS.maxChildren + 1 }, () => ({ birth_date: '1988-09-01' })) }), 'E-HH-TOO-MANY');
    expect(d.at).toBe('household H1, field children');
  });

  it('reports every error of a household, not just the first', () => {
    const ds = refuse({
      id: 'H9',
      hukou: { county: 'nowhere', type: 'urbn' },
      wife: { birth_date: '2019-02-30', chronic: ['flu'] },
      husbnd: { birth_date: '1960-02-11' },
      children: [{ birth_date: '1988-09-01', disability_grade: 7 }, { birth_date: '1990-13-01' }],
    });
    expect(ds.map((d) => [d.code, d.at])).toEqual([
      ['E-HH-UNKNOWN-FIELD', 'household H9, field husbnd'],
      ['E-HH-ENUM', 'household H9, field hukou.county'],
      ['E-HH-ENUM', 'household H9, field hukou.type'],
      ['E-HH-DATE', 'household H9, field wife.birth_date'],
      ['E-HH-ENUM', 'household H9, field wife.chronic[0]'],
      ['E-HH-RANGE', 'household H9, field children[0].disability_grade'],
      ['E-HH-DATE', 'household H9, field children[1].birth_date'],
    ]);
    expect(ds[2]!.message).toContain("Did you mean 'urban'?");
  });

  it('reports every constraint that fails, across records', () => {
    const ds = refuse(
      valid({
        wife: { birth_date: '1963-05-20', death_date: '1963-05-19' },
        children: [
          { birth_date: '1988-09-01', death_date: '1988-08-31' },
          { birth_date: '1990-01-01', adopted: true },
          { birth_date: '1990-01-01', college: { admitted: '2010-09-01', graduates: '2009-06-30' } },
        ],
      }),
    );
    expect(ds.map((d) => [d.code, d.at])).toEqual([
      ['E-HH-DEATH-BEFORE-BIRTH', 'household H1, field wife.death_date'],
      ['E-HH-DEATH-BEFORE-BIRTH', 'household H1, field children[0].death_date'],
      ['E-HH-ADOPTION-DATE', 'household H1, field children[1].adoption_date'],
      ['E-HH-COLLEGE-DATES', 'household H1, field children[2].college.graduates'],
    ]);
  });

  // Regression: constraints run only when no field error was found, so a household with an unknown field in the wife and a husband who died before birth reports only…
  it('reports a constraint error together with a field error in another record', () => {
    const ds = refuse(valid({ wife: { birth_date: '1963-05-20', birth_dat: 'x' }, husband: { birth_date: '1960-02-11', death_date: '1950-01-01' } }));
    expect(ds.map((d) => d.code).sort()).toEqual(['E-HH-DEATH-BEFORE-BIRTH', 'E-HH-UNKNOWN-FIELD']);
  });

  // Regression: an empty id is reported as missing, but `at` reads "household , field id".
  it('names a household with an empty id as (no id)', () => {
    const d = refuseWith(valid({ id: '' }), 'E-HH-MISSING-FIELD');
    expect(d.at).toBe('household (no id), field id');
  });
});

// ---------------------------------------------------------------------------------------------
// Files: the diagnostic points at file:line:column.

const FIXTURES = 'test/fixtures/households';

function fixture(name: string): string {
  return `${FIXTURES}/${name}`;
}

/** `path:line:column` of the first appearance of `needle` in a fixture, moved on by `skip` characters. */
function positionOf(name: string, needle: string, skip = 0): string {
  const text = readFileSync(fixture(name), 'utf8');
  const found = text.indexOf(needle);
  if (found < 0) throw new Error(`'${needle}' not found in ${name}`);
  const at = found + skip;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - (before.lastIndexOf('\n') + 1) + 1;
  return `${fixture(name)}:${line}:${column}`;
}

function readFixture(name: string) {
  return readHouseholdFiles(policy, fixture(name));
}

function where(d: Diagnostic): string {
  if (!d.span) throw new Error(`${d.code} has no span`);
  return location(d.span);
}

describe('readHouseholdFiles: errors point at file:line:column', () => {
  it('reads a valid file with a YAML-number county and a chronic list', () => {
    const r = readFixture('good.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.households.map((h) => h.id)).toEqual(['FX-GOOD']);
    expect(rec(r.households[0]!.hukou).county).toBe('450205');
    expect(rec(r.households[0]!.wife).chronic).toEqual(['hypertension']);
  });

  it('reads the shipped example', () => {
    const r = readHouseholdFiles(policy, 'policy/liuzhou-2018/examples/death-couple.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.households.map((h) => h.id)).toEqual(['LZ-0001']);
  });

  it('an unknown field: code, suggestion, household, field path and line', () => {
    const r = readFixture('unknown-field.yaml');
    expect(r.households).toEqual([]);
    const d = r.diagnostics.find((x) => x.code === 'E-HH-UNKNOWN-FIELD')!;
    expect(d).toBeDefined();
    expect(d.message).toContain("Did you mean 'birth_date'?");
    expect(d.at).toBe(`household FX-UNKNOWN, field wife.birth_dat (${fixture('unknown-field.yaml')})`);
    expect(where(d).startsWith(`${fixture('unknown-field.yaml')}:5:`)).toBe(true);
    // The misspelling also leaves birth_date missing; that is reported at the wife's mapping.
    const missing = r.diagnostics.find((x) => x.code === 'E-HH-MISSING-FIELD')!;
    expect(missing.at).toContain('field wife.birth_date');
    expect(where(missing)).toBe(positionOf('unknown-field.yaml', 'birth_dat'));
  });

  // Regression: the span of an unknown field is its value (5:14), not the misspelt key (5:3); YamlFile.keySpan exists for this but the household locator only uses spa…
  it('an unknown field points at the misspelt key', () => {
    const d = readFixture('unknown-field.yaml').diagnostics.find((x) => x.code === 'E-HH-UNKNOWN-FIELD')!;
    expect(where(d)).toBe(positionOf('unknown-field.yaml', 'birth_dat'));
  });

  it('a date that does not exist', () => {
    const [d, ...rest] = readFixture('bad-date.yaml').diagnostics;
    expect(rest).toEqual([]);
    expect(d!.code).toBe('E-HH-DATE');
    expect(d!.at).toBe(`household FX-DATE, field wife.birth_date (${fixture('bad-date.yaml')})`);
    expect(where(d!)).toBe(positionOf('bad-date.yaml', '2019-02-30'));
    expect(where(d!)).toBe(`${fixture('bad-date.yaml')}:5:15`);
  });

  it('a death before birth, for a person and for a child', () => {
    const ds = readFixture('death-before-birth.yaml').diagnostics;
    expect(ds.map((d) => [d.code, d.at, where(d)])).toEqual([
      ['E-HH-DEATH-BEFORE-BIRTH', `household FX-DEATH, field husband.death_date (${fixture('death-before-birth.yaml')})`, positionOf('death-before-birth.yaml', '1959-12-31')],
      ['E-HH-DEATH-BEFORE-BIRTH', `household FX-DEATH, field children[0].death_date (${fixture('death-before-birth.yaml')})`, positionOf('death-before-birth.yaml', '1987-01-01')],
    ]);
  });

  it('disability grades 0, 5 and 2.5 in flow mappings', () => {
    const ds = readFixture('bad-grade.yaml').diagnostics;
    expect(ds.map((d) => [d.code, d.at, where(d)])).toEqual([
      ['E-HH-RANGE', `household FX-GRADE, field children[0].disability_grade (${fixture('bad-grade.yaml')})`, positionOf('bad-grade.yaml', 'grade: 0', 7)],
      ['E-HH-RANGE', `household FX-GRADE, field children[1].disability_grade (${fixture('bad-grade.yaml')})`, positionOf('bad-grade.yaml', 'grade: 5', 7)],
      ['E-HH-TYPE', `household FX-GRADE, field children[2].disability_grade (${fixture('bad-grade.yaml')})`, positionOf('bad-grade.yaml', 'grade: 2.5', 7)],
    ]);
    expect(where(ds[0]!)).toBe(`${fixture('bad-grade.yaml')}:6:49`);
  });

  it('an adopted child without adoption_date points at the child', () => {
    const [d, ...rest] = readFixture('adopted-no-date.yaml').diagnostics;
    expect(rest).toEqual([]);
    expect(d!.code).toBe('E-HH-ADOPTION-DATE');
    expect(d!.at).toBe(`household FX-ADOPT, field children[0].adoption_date (${fixture('adopted-no-date.yaml')})`);
    expect(where(d!)).toBe(positionOf('adopted-no-date.yaml', 'birth_date: 1988'));
  });

  it('an unknown county in Chinese, with a suggestion', () => {
    const [d, ...rest] = readFixture('unknown-county.yaml').diagnostics;
    expect(rest).toEqual([]);
    expect(d!.code).toBe('E-HH-ENUM');
    expect(d!.message).toContain("Did you mean '柳北区'?");
    expect(d!.at).toBe(`household FX-COUNTY, field hukou.county (${fixture('unknown-county.yaml')})`);
    expect(where(d!)).toBe(`${fixture('unknown-county.yaml')}:3:11`);
  });

  it('missing id, hukou and children in a JSON file point at the top-level mapping', () => {
    const ds = readFixture('missing-fields.json').diagnostics;
    expect(ds.map((d) => d.code)).toEqual(['E-HH-MISSING-FIELD', 'E-HH-MISSING-FIELD', 'E-HH-MISSING-FIELD']);
    expect(ds.map((d) => d.at)).toEqual(['id', 'hukou', 'children'].map((f) => `household (no id), field ${f} (${fixture('missing-fields.json')})`));
    for (const d of ds) expect(where(d)).toBe(`${fixture('missing-fields.json')}:1:1`);
  });

  it('no spouse (wife: null)', () => {
    const [d, ...rest] = readFixture('no-spouse.yaml').diagnostics;
    expect(rest).toEqual([]);
    expect(d!.code).toBe('E-HH-NO-SPOUSE');
    expect(d!.at).toBe(`household FX-NOSPOUSE, field wife (${fixture('no-spouse.yaml')})`);
    expect(where(d!)).toBe(positionOf('no-spouse.yaml', 'null'));
  });

  it('wrong types in a JSON file', () => {
    const ds = readFixture('wrong-types.json').diagnostics;
    expect(ds.map((d) => [d.code, d.at, where(d)])).toEqual([
      ['E-HH-TYPE', `household FX-TYPES, field hukou (${fixture('wrong-types.json')})`, positionOf('wrong-types.json', '["450205"')],
      ['E-HH-TYPE', `household FX-TYPES, field wife.wants_work (${fixture('wrong-types.json')})`, positionOf('wrong-types.json', '"yes"')],
    ]);
  });

  it('several errors in one file are all reported, each at its own line', () => {
    const ds = readFixture('several-errors.yaml').diagnostics;
    const f = fixture('several-errors.yaml');
    expect(ds.map((d) => [d.code, d.at])).toEqual([
      ['E-HH-UNKNOWN-FIELD', `household FX-SEVERAL, field husbnd (${f})`],
      ['E-HH-ENUM', `household FX-SEVERAL, field hukou.county (${f})`],
      ['E-HH-ENUM', `household FX-SEVERAL, field hukou.type (${f})`],
      ['E-HH-DATE', `household FX-SEVERAL, field wife.birth_date (${f})`],
      ['E-HH-ENUM', `household FX-SEVERAL, field wife.chronic[0] (${f})`],
      ['E-HH-RANGE', `household FX-SEVERAL, field children[0].disability_grade (${f})`],
    ]);
    expect(ds.slice(1).map(where)).toEqual([
      positionOf('several-errors.yaml', 'nowhere'),
      positionOf('several-errors.yaml', 'urbn'),
      positionOf('several-errors.yaml', '2019-02-30'),
      positionOf('several-errors.yaml', 'flu'),
      positionOf('several-errors.yaml', 'grade: 7', 7),
    ]);
    expect(where(ds[0]!).split(':')[1]).toBe('7');
  });

  it('a list of households in one file: the good one is read, the bad one reported by id', () => {
    const r = readFixture('list.yaml');
    expect(r.households.map((h) => h.id)).toEqual(['FX-LIST-1']);
    expect(r.diagnostics.map((d) => [d.code, d.at, where(d)])).toEqual([['E-HH-DATE', `household FX-LIST-2, field wife.birth_date (${fixture('list.yaml')})`, positionOf('list.yaml', '1963-13-20')]]);
  });

  it('a folder: every file is read and every bad one reported', () => {
    const r = readHouseholdFiles(policy, FIXTURES);
    expect(r.households.map((h) => h.id).sort()).toEqual(['FX-GOOD', 'FX-LIST-1']);
    const files = new Set(r.diagnostics.map((d) => (d.span ? d.span.source.path : d.at)));
    for (const name of ['unknown-field.yaml', 'bad-date.yaml', 'death-before-birth.yaml', 'bad-grade.yaml', 'adopted-no-date.yaml', 'unknown-county.yaml', 'missing-fields.json', 'no-spouse.yaml', 'wrong-types.json', 'syntax-error.yaml', 'several-errors.yaml', 'list.yaml']) {
      expect(files.has(fixture(name))).toBe(true);
    }
  });

  it('a YAML syntax error gives E-YAML-SYNTAX at its line', () => {
    const r = readFixture('syntax-error.yaml');
    expect(r.households).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E-YAML-SYNTAX']);
    const text = readFileSync(fixture('syntax-error.yaml'), 'utf8');
    const stray = text.lastIndexOf(']');
    expect(where(r.diagnostics[0]!)).toBe(`${fixture('syntax-error.yaml')}:4:${stray - text.lastIndexOf('\n', stray)}`);
  });

  it('a missing file gives E-FILE-MISSING', () => {
    const r = readHouseholdFiles(policy, fixture('no-such-household.yaml'));
    expect(r.households).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E-FILE-MISSING']);
    expect(r.diagnostics[0]!.message).toContain('no-such-household.yaml');
  });
});

// ---------------------------------------------------------------------------------------------
// Untrusted input: written to a temporary folder, never into the repository.

describe('readHouseholdFiles: untrusted input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fuzhu-household-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const HEAD = 'id: U1\nhukou: { county: "450205", type: urban }\nwife: { birth_date: 1963-05-20 }\nchildren: []\n';

  function write(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  function codes(path: string): string[] {
    const r = readHouseholdFiles(policy, path);
    if (r.diagnostics.length) expect(r.households).toEqual([]);
    return r.diagnostics.map((d) => d.code);
  }

  it('a billion-laughs alias bomb is refused with E-YAML-ALIAS', () => {
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
    const path = write('bomb.yaml', HEAD + lines.join('\n') + '\n');
    const started = Date.now();
    const r = readHouseholdFiles(policy, path);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.households).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E-YAML-ALIAS']);
    expect(r.diagnostics[0]!.message).toContain(String(LIMITS.maxAliases));
  });

  it('an ordinary anchor and alias is still accepted', () => {
    const path = write('alias.yaml', 'id: U2\nhukou: { county: "450205", type: urban }\nwife: &p { birth_date: 1963-05-20 }\nhusband: *p\nchildren: []\n');
    const r = readHouseholdFiles(policy, path);
    expect(r.diagnostics).toEqual([]);
    expect(rec(r.households[0]!.husband).birth_date).toBe(19630520);
  });

  /** A household whose field x holds `levels - 1` nested lists: `levels` levels with the top mapping. */
  const nested = (levels: number) => `${HEAD}x: ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}\n`;

  it('nesting deeper than the limit is refused with E-YAML-TOO-DEEP', () => {
    expect(codes(write('deep.yaml', nested(LIMITS.maxDepth + 1)))).toEqual(['E-YAML-TOO-DEEP']);
    expect(codes(write('deeper.yaml', nested(LIMITS.maxDepth + 20)))).toEqual(['E-YAML-TOO-DEEP']);
  });

  it('nesting exactly at the limit is parsed (and then refused for its unknown field only)', () => {
    expect(codes(write('at-limit.yaml', nested(LIMITS.maxDepth)))).toEqual(['E-HH-UNKNOWN-FIELD']);
  });

  it('far deeper nesting (200 levels, flow or block) is still refused with E-YAML-TOO-DEEP', () => {
    expect(codes(write('deep-flow.yaml', nested(200)))).toEqual(['E-YAML-TOO-DEEP']);
    const block = `${HEAD}x:\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} 1\n`;
    expect(codes(write('deep-block.yaml', block))).toEqual(['E-YAML-TOO-DEEP']);
  });

  // Nesting deep enough to overflow the yaml parser's stack (about 1000 levels on the main
  // thread) is tested in a separate process in cli.test.ts: in a worker thread a repeated
  // overflow can abort the whole process, which would take the test runner with it.

  it('a file over 2 MiB is refused with E-FILE-TOO-LARGE before it is parsed', () => {
    expect(LIMITS.maxFileBytes).toBe(2 * 1024 * 1024);
    const filler = LIMITS.maxFileBytes - HEAD.length; // one byte over, with the comment's '#' and '\n'
    const path = write('large.yaml', `${HEAD}#${'x'.repeat(filler - 1)}\n`);
    const r = readHouseholdFiles(policy, path);
    expect(r.households).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E-FILE-TOO-LARGE']);
    expect(r.diagnostics[0]!.message).toContain(String(LIMITS.maxFileBytes));
  });

  it('a file of exactly 2 MiB is read', () => {
    const filler = LIMITS.maxFileBytes - HEAD.length - 2;
    const path = write('limit.yaml', `${HEAD}#${'x'.repeat(filler)}\n`);
    const r = readHouseholdFiles(policy, path);
    expect(r.diagnostics).toEqual([]);
    expect(r.households.map((h) => h.id)).toEqual(['U1']);
  });

  it('a YAML syntax error gives E-YAML-SYNTAX with its line', () => {
    const path = write('syntax.yaml', 'id: U3\nhukou: { county: "450205", type: urban }\nwife: "1963-05-20\nchildren: []\n');
    const r = readHouseholdFiles(policy, path);
    expect(r.diagnostics.map((d) => d.code)).toContain('E-YAML-SYNTAX');
    expect(r.households).toEqual([]);
    const path2 = write('syntax2.yaml', 'id: U4\nhukou: { county: "450205", type: urban }\nwife: { birth_date: 1963-05-20 }\n  children: []\n');
    const [d] = readHouseholdFiles(policy, path2).diagnostics;
    expect(d!.code).toBe('E-YAML-SYNTAX');
    expect(d!.span!.source.position(d!.span!.start).line).toBe(4);
  });

  it('a duplicated key is refused, not silently overwritten', () => {
    const path = write('dup.yaml', 'id: U5\nid: U6\nhukou: { county: "450205", type: urban }\nwife: { birth_date: 1963-05-20 }\nchildren: []\n');
    expect(codes(path)).toEqual(['E-YAML-DUPLICATE-KEY']);
  });

  it('a __proto__ key in JSON is an unknown field, not a prototype', () => {
    const path = write('proto.json', '{"id": "P", "__proto__": {"polluted": 1}, "hukou": {"county": "450205", "type": "urban"}, "wife": {"birth_date": "1963-05-20"}, "children": []}');
    expect(codes(path)).toEqual(['E-HH-UNKNOWN-FIELD']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('money fields and dates of birth', () => {
  it('refuses an amount with fractions of a fen, naming the field', () => {
    const r = readHousehold(shippedPolicyForMoney(), { id: 'M', hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '1960-01-01', family_doctor_package: 123.456 }, children: [] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0]!.code).toBe('E-HH-TYPE');
    expect(r.diagnostics[0]!.at).toBe('household M, field wife.family_doctor_package');
  });
});

function shippedPolicyForMoney() {
  const r = loadPolicy('policy/liuzhou-2018');
  if (!r.ok) throw new Error('policy');
  return r.policy;
}

// ---------------------------------------------------------------------------------------------
// Dated facts and parents (household contract): each new field has its located error.

describe('dated disabilities and parents', () => {
  const disabled = (child: Raw) => valid({ children: [{ birth_date: '1990-01-01', disability_grade: 2, ...child }] });

  it('accepts a dated disability and a child of the husband only', () => {
    const h = accept(valid({ children: [{ birth_date: '1990-01-01', disability_grade: 2, disability_certified: '2016-04-01', disability_ended: '2022-01-01', parents: ['husband'] }] }));
    const child = rec((h.children as unknown[])[0]);
    expect(child.parents).toEqual(['husband']);
    expect(child.disability_certified).toBe(20160401);
    // A certificate that lapses on the day it was issued is not a disability ending before it began.
    accept(disabled({ disability_certified: '2016-04-01', disability_ended: '2016-04-01' }));
  });

  it('refuses a disability that ends before it was certified, at disability_ended', () => {
    const d = refuseWith(disabled({ disability_certified: '2020-05-15', disability_ended: '2019-01-01' }), 'E-HH-DISABILITY-DATES');
    expect(d.at).toBe('household H1, field children[0].disability_ended');
  });

  it('refuses a disability certified before the child was born, at disability_certified', () => {
    const d = refuseWith(disabled({ disability_certified: '1980-01-01' }), 'E-HH-CERTIFIED-BEFORE-BIRTH');
    expect(d.at).toBe('household H1, field children[0].disability_certified');
  });

  it('refuses certification dates without a grade', () => {
    const d = refuseWith(valid({ children: [{ birth_date: '1990-01-01', disability_certified: '2020-05-15' }] }), 'E-HH-DISABILITY-NO-GRADE');
    expect(d.at).toBe('household H1, field children[0].disability_grade');
  });

  it('refuses a parent who is not a recorded spouse, and an empty parents list', () => {
    const noWife = { ...valid(), wife: undefined };
    const d = refuseWith({ ...noWife, children: [{ birth_date: '1988-09-01', death_date: '2014-03-02', parents: ['wife'] }] }, 'E-HH-PARENT-NOT-SPOUSE');
    expect(d.at).toBe('household H1, field children[0].parents');
    expect(refuseWith(valid({ children: [{ birth_date: '1988-09-01', parents: [] }] }), 'E-HH-NO-PARENT').at).toBe('household H1, field children[0].parents');
    const e = refuseWith(valid({ children: [{ birth_date: '1988-09-01', parents: ['wif'] }] }), 'E-HH-ENUM');
    expect(e.message).toContain("Did you mean 'wife'?");
  });

  it('points at the parents of the child in the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzhu-parents-'));
    const path = join(dir, 'h.yaml');
    writeFileSync(path, 'id: P1\nhukou: { county: "450205", type: urban }\nhusband: { birth_date: 1960-03-01 }\nchildren:\n  - { birth_date: 1985-06-01, parents: [wife] }\n');
    const [d, ...rest] = readHouseholdFiles(policy, path).diagnostics;
    rmSync(dir, { recursive: true, force: true });
    expect(rest).toEqual([]);
    expect(d!.code).toBe('E-HH-PARENT-NOT-SPOUSE');
    expect(where(d!)).toBe(`${path}:5:40`);
  });
});
