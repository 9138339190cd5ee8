import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyScenarioFile, dates, evaluate, evaluationJson, hintsFrom, householdArbitrary, parsePeriod, testCorpus, type EvalError, type Period } from '../src/index.js';
import { checkExpression, CompiledMonth, itemLine, type Line } from '../src/eval/index.js';
import { ShareCache } from '../src/eval/figures.js';
import type { Item } from '../src/policy/index.js';
import { deathCouple, household, shippedPolicy, tempFile } from './helpers.js';

type Json = {
  in_force: boolean;
  category: string | null;
  persons: Record<string, { eligible: boolean }>;
  lines: { item: string; person: string | null; amount: string; payers: Record<string, string> }[];
  totals: { amount: string; payers: Record<string, string> };
};

const period = (text: string) => parsePeriod(text) as Period;

// The same generators as `fuzhu prop`: households from the input schema and the policy's test
// corpus, near the thresholds, each with a month to evaluate.
const generated = householdArbitrary(shippedPolicy(), hintsFrom(shippedPolicy()), testCorpus(shippedPolicy()));
const householdArb = generated.map((g) => g.raw);
const monthArb = generated.map((g) => dates.formatDate(g.month).slice(0, 7));
const run = (raw: unknown, p: string) => evaluationJson(evaluate(shippedPolicy(), household(raw), period(p))) as Json;
const sum = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Decimal(0));

describe('evaluation laws on generated households', () => {
  it('payer shares sum exactly to each line, and lines to the totals', () => {
    fc.assert(
      fc.property(householdArb, monthArb, (h, m) => {
        const json = run(h, m);
        for (const l of json.lines) expect(sum(Object.values(l.payers)).eq(l.amount)).toBe(true);
        expect(sum(json.lines.map((l) => l.amount)).eq(json.totals.amount)).toBe(true);
        for (const payer of Object.keys(json.totals.payers)) {
          expect(sum(json.lines.map((l) => l.payers[payer] ?? '0')).eq(json.totals.payers[payer]!)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 20181 },
    );
  });

  it('a year is the sum of its twelve months plus the yearly items due', () => {
    const yearly = new Set(shippedPolicy().items.filter((i) => i.every === 'year').map((i) => i.id));
    fc.assert(
      fc.property(householdArb, fc.integer({ min: 2017, max: 2022 }), (h, y) => {
        const year = run(h, String(y));
        const months = Array.from({ length: 12 }, (_, i) => run(h, `${y}-${String(i + 1).padStart(2, '0')}`));
        const yearlyLines = year.lines.filter((l) => yearly.has(l.item));
        expect(sum(months.map((m) => m.totals.amount)).plus(sum(yearlyLines.map((l) => l.amount))).eq(year.totals.amount)).toBe(true);
        // Each yearly item is due at most once per person a year.
        expect(new Set(yearlyLines.map((l) => `${l.item}|${l.person}`)).size).toBe(yearlyLines.length);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(householdArb, monthArb, (h, m) => {
        expect(run(h, m)).toEqual(run(h, m));
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('pays nobody before the scheme is in force, and nobody born before 1933', () => {
    fc.assert(
      fc.property(householdArb, monthArb, (h, m) => {
        const json = run(h, m);
        if (m < '2018-07') expect(json.lines).toEqual([]);
        for (const l of json.lines.filter((x) => x.person !== null)) {
          const p = (h as unknown as Record<string, { birth_date: string }>)[l.person!]!;
          expect(p.birth_date >= '1933-01-01').toBe(true);
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('category is null exactly when nobody is eligible', () => {
    fc.assert(
      fc.property(householdArb, monthArb, (h, m) => {
        const json = run(h, m);
        const anyone = Object.values(json.persons).some((p) => p.eligible);
        expect(json.category === null).toBe(!anyone);
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe('evaluation output', () => {
  it('follows the contract for a month', () => {
    const json = run(deathCouple, '2019-03') as Json & Record<string, unknown>;
    expect(json).toMatchObject({
      household: 'LZ-0001',
      period: '2019-03',
      in_force: true,
      category: 'death',
      persons: { wife: { eligible: true }, husband: { eligible: true } },
      totals: { amount: '1300.00', payers: { city: '800.00', 'county:450205': '500.00' } },
    });
    expect(json.lines[0]).toMatchObject({ item: 'allowance', person: 'wife', amount: '650.00', payers: { city: '400.00', 'county:450205': '250.00' }, cite: '三（一）', provisional: false });
  });

  it('lists persons only for recorded spouses', () => {
    const { husband: _, ...single } = deathCouple;
    expect(Object.keys(run(single, '2019-03').persons)).toEqual(['wife']);
  });

  it('reports months for a year with their categories', () => {
    const raw = { ...deathCouple, children: [{ birth_date: '1989-10-10', disability_grade: 1, death_date: '2019-06-30' }] };
    const json = run(raw, '2019') as Json & { months: { period: string; category: string }[] };
    expect(json.months.map((m) => m.category)).toEqual([...Array(5).fill('disability'), ...Array(7).fill('death')]);
    const allowance = json.lines.filter((l) => l.item === 'allowance');
    expect(sum(allowance.map((l) => l.amount)).toFixed(2)).toBe(new Decimal(600).times(5).plus(new Decimal(650).times(7)).times(2).toFixed(2));
    expect(json.category).toBe('death');
  });
});

describe('the compiled evaluator', () => {
  const policies = [shippedPolicy(), ...['policy/scenarios/reform-2019.yaml', 'policy/liuzhou-2018/scenarios/test-judgement-month-start.yaml', 'policy/liuzhou-2018/scenarios/test-not-paid-in-death-month.yaml'].map((p) => {
    const r = applyScenarioFile(shippedPolicy(), p);
    if (!r.ok) throw new Error(p);
    return r.policy;
  })];

  it('gives exactly what the reference interpreter gives, on generated households', () => {
    fc.assert(
      fc.property(householdArb, fc.integer({ min: 2017, max: 2023 }), fc.integer({ min: 0, max: policies.length - 1 }), (raw, y, i) => {
        const policy = policies[i]!;
        const h = household(raw, policy);
        const compiled = evaluationJson(evaluate(policy, h, period(String(y)), { engine: 'compiled' }));
        const reference = evaluationJson(evaluate(policy, h, period(String(y)), { engine: 'interpreter' }));
        expect(compiled).toEqual(reference);
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it('reports the same errors as the interpreter, at the same place', () => {
    const path = tempFile(
      's.yaml',
      [
        'scenario: divide',
        'title: { zh: 除零, en: divide by zero }',
        'changes:',
        '  - item: broken',
        '    definition:',
        '      label: { zh: 错, en: broken }',
        '      cite: 三（一）',
        '      per: household',
        '      every: month',
        '      amount: 650 CNY / (count(c in children) - 1)',
        '      payers: [{ payer: city, share: rest }]',
        '',
      ].join('\n'),
    );
    const r = applyScenarioFile(shippedPolicy(), path);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
    const failure = (engine: 'compiled' | 'interpreter') => {
      try {
        evaluate(r.policy, household(deathCouple, r.policy), period('2019-03'), { engine });
      } catch (e) {
        return e as EvalError;
      }
      throw new Error('no error');
    };
    const [a, b] = [failure('compiled'), failure('interpreter')];
    expect(a.code).toBe('E-EVAL-DIV-ZERO');
    expect([a.code, a.message, a.span?.start, a.span?.end]).toEqual([b.code, b.message, b.span?.start, b.span?.end]);
  });
});

describe('payer shares kept by the fast engine', () => {
  const policy = shippedPolicy();
  const expr = (text: string) => {
    const c = checkExpression(policy, text, true);
    if (!c.ok) throw new Error(c.diagnostics.map((d) => d.message).join('; '));
    return c.expr;
  };
  // The same share (one literal, the very same value each time) of amounts that differ by person: the rest differs.
  const allowance = policy.items.find((i) => i.id === 'allowance')!;
  const span = allowance.payers[0]!.span;
  const item: Item = {
    ...allowance,
    amount: expr('if person.birth_date < 1962-01-01 then 800 CNY else 700 CNY'),
    payers: [
      { payer: expr('city'), share: expr('100 CNY'), span },
      { payer: expr('county(hukou.county)'), share: 'rest', span },
    ],
  };
  const h = household(deathCouple);
  const month = new CompiledMonth(policy, h, dates.ymd(2019, 3, 1));
  const line = (role: 'wife' | 'husband', cache?: ShareCache) => itemLine(item, role, month, new Map([['person', h[role]]]), cache) as Line;
  const shares = (l: Line) => Object.fromEntries([...l.payers].map(([p, v]) => [p, v.toFixed(2)]));

  it('are those of the amount read with them: another amount of the same share has its own rest', () => {
    const cache = new ShareCache();
    const husband = line('husband', cache);
    expect(shares(husband)).toEqual({ city: '100.00', 'county:450205': '700.00' });
    expect(shares(line('wife', cache))).toEqual({ city: '100.00', 'county:450205': '600.00' });
    expect(shares(line('wife', cache))).toEqual(shares(line('wife')));
    // Kept: the same values read again give the very same shares.
    expect(line('husband', cache).payers).toBe(husband.payers);
  });
});
