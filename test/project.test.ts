import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ageHousehold, applyScenarioFile, dates, project, projectionJson, Random, type ProjectionAssumptions } from '../src/index.js';
import { readYamlFile } from '../src/policy/index.js';
import { deathCouple, household, shippedPolicy, tempFile } from './helpers.js';
import { ProjectionRuns } from '../src/sim/project.js';
import { progressText, textProgress } from '../cli/views/progressText.js';

const read = readYamlFile('policy/populations/projection.yaml');
const assumptions = (read.ok ? read.file.data : undefined) as ProjectionAssumptions;

type Year = Record<string, { total: { mean: string; low: string; high: string } }>;

describe('projection over years', () => {
  const population = tempFile(
    'pop.jsonl',
    Array.from({ length: 40 }, (_, i) => JSON.stringify({ ...deathCouple, id: `P${i}`, wife: { birth_date: `19${40 + (i % 30)}-05-20` }, husband: { birth_date: `19${38 + (i % 30)}-02-11` } })).join('\n'),
  );
  const scenario = applyScenarioFile(shippedPolicy(), 'policy/scenarios/death-800.yaml');
  if (!scenario.ok) throw new Error('scenario');
  const options = { fromYear: 2019, toYear: 2026, runs: 5, seed: 3, assumptions, scenarios: [{ id: 'death-800', title: scenario.scenario.title, policy: scenario.policy }] };
  /** One projection (40 households, 8 years, 5 runs, a scenario) takes 3–6 s on a loaded 2-core machine. */
  const BUDGET = 60_000;

  it('is reproducible for a seed', async () => {
    const a = projectionJson(await project(shippedPolicy(), population, options));
    const b = projectionJson(await project(shippedPolicy(), population, options));
    expect(a).toEqual(b);
  }, BUDGET);

  it('gives each year a mean within its 90% interval, and deaths lower the totals over time', async () => {
    const json = projectionJson(await project(shippedPolicy(), population, options)) as { years: Record<string, Year> };
    for (const y of Object.values(json.years)) {
      const t = y.baseline!.total;
      expect(new Decimal(t.low).lte(t.mean) && new Decimal(t.mean).lte(t.high)).toBe(true);
    }
    // Everyone is eligible in 2019 (40 couples × 2 × 650 × 12, plus insurance); parents die after.
    expect(new Decimal(json.years['2026']!.baseline!.total.mean).lt(json.years['2019']!.baseline!.total.mean)).toBe(true);
  }, BUDGET);

  it('changes nothing before a reform takes effect, in every run', async () => {
    const json = projectionJson(await project(shippedPolicy(), population, options)) as { years: Record<string, Year> };
    expect(json.years['2019']!['death-800']).toEqual(json.years['2019']!.baseline);
    expect(new Decimal(json.years['2020']!['death-800']!.total.mean).gt(json.years['2020']!.baseline!.total.mean)).toBe(true);
  }, BUDGET);

  it('ages a household with stated laws: a certain death and no child events at rate zero', () => {
    const h = household(deathCouple);
    const sure = { ...assumptions, mortality: { ...assumptions.mortality, women: { a: 1, b: 0 } }, children: { death: 0, disability: 0, source: 'test' } };
    const aged = ageHousehold(h, 2019, 2020, sure, new Random(1)) as Record<string, { death_date?: number }>;
    expect(dates.yearOf(aged.wife!.death_date!)).toBe(2019);
    expect((h as Record<string, { death_date?: number }>).wife!.death_date).toBeUndefined();
  });
});

describe('seeded runs', () => {
  const policy = shippedPolicy();
  const setup = (runs: number) => ({ fromYear: 2019, toYear: 2030, runs, seed: 5, assumptions });
  const records = Array.from({ length: 30 }, (_, i) => ({ line: i + 1, record: i + 1, data: { ...deathCouple, id: `R${i}`, wife: { birth_date: `19${45 + (i % 20)}-05-20` }, husband: { birth_date: `19${40 + (i % 20)}-02-11` } } }));
  const totals = (runs: number, order: typeof records) => {
    const r = new ProjectionRuns([policy], setup(runs));
    for (const rec of order) r.add(rec);
    return r.totals;
  };

  it('each give the same totals whatever the number of runs and the order the households are evaluated in', () => {
    const one = totals(1, records);
    const six = totals(6, [...records].reverse());
    for (let y = 0; y < 12; y++) {
      expect(six.total(0, 0, y)).toBe(one.total(0, 0, y));
      expect(six.city(0, 0, y)).toBe(one.city(0, 0, y));
    }
  });

  it('draw their own events: runs differ, and a run shared by households evaluated once equals each household alone', () => {
    const six = totals(6, records);
    const last = (run: number) => six.total(run, 0, 11);
    expect(new Set([0, 1, 2, 3, 4, 5].map(last)).size).toBeGreaterThan(1);
    const alone = records.map((rec) => totals(6, [rec]));
    for (let run = 0; run < 6; run++) expect(alone.reduce((sum, t) => sum + t.total(run, 0, 11), 0)).toBe(last(run));
  });
});

describe('projected disabilities', () => {
  it('are dated in the year drawn, so they change nothing before it', () => {
    const sure = { ...assumptions, mortality: { ...assumptions.mortality, women: { a: 0, b: 0 }, men: { a: 0, b: 0 }, source: 'test' }, children: { death: 0, disability: 1, source: 'test' } } as typeof assumptions;
    const h = household({ ...deathCouple, children: [{ birth_date: '1990-01-01' }] });
    const aged = ageHousehold(h, 2021, 2021, sure, new Random(3)) as unknown as { children: { disability_grade?: number; disability_certified?: number }[] };
    expect(aged.children[0]!.disability_grade).toBeGreaterThanOrEqual(1);
    expect(dates.yearOf(aged.children[0]!.disability_certified!)).toBe(2021);
  });
});

describe('projection progress', () => {
  it('says the households done, of how many, and the time left at the pace so far', () => {
    expect(progressText('projecting', 500, 2000, 3000, 'en')).toBe('projecting: 500 of 2,000 households, about 9 s left');
    expect(progressText('projecting', 10, 2000, 1000, 'en')).toBe('projecting: 10 of 2,000 households, about 3 min 19 s left');
    expect(progressText('预测中', 10, 2000, 1000, 'zh')).toBe('预测中：10／2,000户，约剩3分19秒');
    expect(progressText('simulating', 3000, undefined, 1000, 'en')).toBe('simulating: 3,000 households');
  });

  it('writes a plain line now and then when stderr is not a terminal, none for a short run', () => {
    const lines: string[] = [];
    const quick = textProgress((t) => lines.push(t), 'projecting', 'en');
    quick.update(1, 2);
    expect(lines).toEqual([]);
    const every = textProgress((t) => lines.push(t), 'projecting', 'en', 0);
    every.update(1, 2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^projecting: 1 of 2 households, about \d+ s left$/);
  });
});
