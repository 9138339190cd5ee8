import { readFileSync, writeFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { renderToString } from 'ink';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { run } from '../cli/main.js';
import { SimulationView } from '../cli/views/SimulationView.js';
import { applyScenarioFile, dates, generatePopulation, simulate, simulationJson, simulationTables, type PopulationSpec, type SimulationResult } from '../src/index.js';
import { readYamlFile } from '../src/policy/index.js';
import { deathCouple, shippedPolicy, tempFile } from './helpers.js';

const from = dates.ymd(2019, 1, 1);
const to = dates.ymd(2019, 12, 31);
type Money = { amount: string; payers: Record<string, string> };
type Json = {
  population: { households: number; rejected: number; records: number; weighted_households?: number };
  baseline: { totals: Money; items: Record<string, Money & { recipients: number; person_months: number }>; years: Record<string, Money>; counties: Record<string, Money>; categories: Record<string, Money>; recipients: number };
  delta?: { totals: Money; years: Record<string, Money> };
  households?: { gain: number | string; lose: number | string; same: number | string };
  rejections?: { line: number; id: string; code: string }[];
};

function jsonl(...households: unknown[]): string {
  return tempFile('pop.jsonl', households.map((h) => JSON.stringify(h)).join('\n') + '\n');
}

async function sim(path: string, scenarios: string[] = [], range = { from, to }): Promise<{ result: SimulationResult; json: Json }> {
  const policy = shippedPolicy();
  const s = scenarios.map((p) => {
    const r = applyScenarioFile(policy, p);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
    return { id: r.scenario.id, title: r.scenario.title, policy: r.policy };
  });
  const result = await simulate(policy, path, { ...range, scenarios: s });
  return { result, json: simulationJson(result) as Json };
}

const sum = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Decimal(0));
const disabled = { id: 'D', hukou: { county: '450223', type: 'rural' }, wife: { birth_date: '1965-01-10' }, children: [{ birth_date: '1990-04-01', disability_grade: 2 }] };
const ineligible = { id: 'X', hukou: { county: 'outside', type: 'urban' }, wife: { birth_date: '1960-01-01' }, children: [] };

describe('aggregation', () => {
  it('matches hand-computed totals, weights included', async () => {
    // deathCouple: 2 × 650 × 12 allowance + 2 × 100 accident insurance = 15800, weight 2.
    // disabled (Luzhai, rural, no insurance flags): 600 × 12 + 100 = 7300, weight 0.5.
    const path = jsonl({ ...deathCouple, weight: 2 }, { ...disabled, weight: 0.5 }, ineligible);
    const { json } = await sim(path);
    expect(json.population).toEqual({ households: 3, rejected: 0, records: 3, weighted_households: 3.5 });
    expect(json.baseline.totals.amount).toBe(new Decimal(15800).times(2).plus(new Decimal(7300).times(0.5)).toFixed(2));
    expect(json.baseline.totals.payers).toEqual({ city: '21450.00', 'county:450205': '12400.00', 'county:450223': '1400.00' });
    expect(json.baseline.items.allowance).toMatchObject({ amount: '34800.00', recipients: 4.5, person_months: 54 });
    expect(json.baseline.categories.death!.amount).toBe('31600.00');
    expect(json.baseline.counties['450223']!.amount).toBe('3650.00');
    expect(json.baseline.recipients).toBe(4.5);
  });

  it('breakdowns add up to the totals, payer by payer', async () => {
    const { json } = await sim('policy/populations/liuzhou-sample.jsonl', ['policy/scenarios/reform-2019.yaml']);
    const b = json.baseline;
    for (const breakdown of [b.items, b.years, b.counties, b.categories]) {
      const parts = Object.values(breakdown);
      expect(sum(parts.map((p) => p.amount)).toFixed(2)).toBe(b.totals.amount);
      for (const payer of Object.keys(b.totals.payers)) expect(sum(parts.map((p) => p.payers[payer] ?? '0')).toFixed(2)).toBe(b.totals.payers[payer]);
    }
    expect(sum(Object.values(b.totals.payers)).toFixed(2)).toBe(b.totals.amount);
  });
});

describe('scenarios over a population', () => {
  it('a change to the current value has zero delta and no gainers or losers', async () => {
    const same = tempFile('same.yaml', 'scenario: same\ntitle: { zh: 不变, en: no change }\nchanges:\n  - { parameter: allowance.death.rate, from: 2019-01-01, value: 650 }\n');
    const { json } = await sim('policy/populations/liuzhou-sample.jsonl', [same]);
    expect(json.delta!.totals.amount).toBe('0.00');
    expect(Object.values(json.delta!.totals.payers).every((v) => v === '0.00')).toBe(true);
    expect(json.households).toEqual({ gain: 0, lose: 0, same: 2000 });
  });

  it('a reform dated in the future leaves the earlier year unchanged', async () => {
    const { json } = await sim(jsonl(deathCouple, disabled), ['policy/scenarios/death-800.yaml'], { from, to: dates.ymd(2020, 12, 31) });
    expect(json.delta!.years['2019']!.amount).toBe('0.00');
    expect(json.delta!.years['2020']!.amount).toBe(new Decimal(150).times(2).times(12).toFixed(2));
  });

  it('moving shares between payers changes payers, not totals', async () => {
    const { json } = await sim(jsonl(deathCouple), ['policy/scenarios/city-60-percent.yaml'], { from: dates.ymd(2020, 1, 1), to: dates.ymd(2020, 12, 31) });
    expect(json.delta!.totals.amount).toBe('0.00');
    expect(json.delta!.totals.payers).toEqual({ city: '-240.00', 'county:450205': '240.00' });
    expect(json.households).toEqual({ gain: 0, lose: 0, same: 1 });
  });
});

describe('population files', () => {
  it('reports invalid rows with their line numbers and household ids, and counts them', async () => {
    const path = tempFile('bad.jsonl', [JSON.stringify(deathCouple), '{not json', JSON.stringify({ ...disabled, wife: { birth_date: '2019-02-30' } }), '', JSON.stringify(ineligible)].join('\n'));
    const { json } = await sim(path);
    expect(json.population).toMatchObject({ households: 2, rejected: 2, records: 4 });
    expect(json.rejections!.map((r) => [r.line, r.id, r.code])).toEqual([
      [2, '(unreadable)', 'E-POP-RECORD'],
      [3, 'D', 'E-HH-DATE'],
    ]);
  });

  it('fails without --skip-invalid, and counts the skipped with it', async () => {
    const path = tempFile('bad.jsonl', [JSON.stringify(deathCouple), JSON.stringify({ ...disabled, hukou: { county: '柳北', type: 'urban' } })].join('\n'));
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    expect(await run(['simulate', '--population', path, '--from', '2019-01', '--to', '2019-12'], io)).toBe(1);
    expect(err.join('\n')).toContain('bad.jsonl:2: household D, field hukou.county: E-HH-ENUM');
    out.length = 0;
    expect(await run(['simulate', '--population', path, '--from', '2019-01', '--to', '2019-12', '--skip-invalid'], io)).toBe(0);
    expect(out.join('\n')).toContain('1 households evaluated; 1 invalid records skipped');
  });

  it('reads CSV with flattened columns and JSON lists as it reads JSONL', async () => {
    const csv = tempFile(
      'pop.csv',
      [
        'id,weight,hukou.county,hukou.type,wife.birth_date,wife.chronic,husband.birth_date,children.0.birth_date,children.0.death_date,children.0.disability_grade',
        'LZ-0001,2,450205,urban,1963-05-20,,1960-02-11,1988-09-01,2014-03-02,',
        'D,0.5,鹿寨县,rural,1965-01-10,hypertension;type2_diabetes,,1990-04-01,,2',
      ].join('\n'),
    );
    const fromJsonl = await sim(jsonl({ ...deathCouple, weight: 2 }, { ...disabled, weight: 0.5, wife: { birth_date: '1965-01-10', chronic: ['hypertension', 'type2_diabetes'] } }));
    const fromCsv = await sim(csv);
    expect(fromCsv.json.baseline).toEqual(fromJsonl.json.baseline);
    const list = tempFile('pop.json', JSON.stringify([{ ...deathCouple, weight: 2 }, { ...disabled, weight: 0.5, wife: { birth_date: '1965-01-10', chronic: ['hypertension', 'type2_diabetes'] } }], null, 2));
    expect((await sim(list)).json.baseline).toEqual(fromJsonl.json.baseline);
  });
});

describe('synthetic populations', () => {
  const read = readYamlFile('policy/populations/liuzhou-synthetic.spec.yaml');
  const spec = (read.ok ? read.file.data : undefined) as PopulationSpec;

  it('are reproducible to the byte for a seed, and the shipped sample is what its seed gives', () => {
    const text = (seed: number, n: number) => [...generatePopulation(spec, n, seed)].map((h) => JSON.stringify(h) + '\n').join('');
    expect(text(7, 200)).toBe(text(7, 200));
    expect(text(7, 200)).not.toBe(text(8, 200));
    expect(readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8')).toBe(text(2018, 2000));
  });

  it('say in their spec that every figure is synthetic, with a source for each', () => {
    const raw = readFileSync('policy/populations/liuzhou-synthetic.spec.yaml', 'utf8');
    expect(raw).toContain('synthetic: true');
    for (const a of Object.values(spec.assumptions)) expect((a as { source?: string }).source).toBeTruthy();
  });

  it('follow the spec: shares of categories and counties come out near their assumptions', () => {
    const hs = [...generatePopulation(spec, 4000, 1)] as { hukou: { county: string }; children: { death_date?: string }[] }[];
    const death = hs.filter((h) => h.children[0]!.death_date !== undefined).length / hs.length;
    expect(death).toBeGreaterThan(0.55);
    expect(death).toBeLessThan(0.65);
    const outside = hs.filter((h) => h.hukou.county === 'outside').length / hs.length;
    expect(outside).toBeLessThan(0.04);
  });
});

describe('reports', () => {
  it('renders the tables for a terminal with ink, without a terminal', async () => {
    const { result } = await sim(jsonl(deathCouple), ['policy/scenarios/reform-2019.yaml']);
    const tables = simulationTables(shippedPolicy(), result, 'en');
    const text = renderToString(createElement(SimulationView, { summary: 'summary line', tables }), { columns: 160 });
    expect(text).toContain('summary line');
    expect(text).toContain('Baseline — Budget by payer');
    expect(text).toMatch(/total\s+15,800\.00/);
    expect(text).toMatch(/reform-2019: change by item[\s\S]*Monthly allowance\s+15,600\.00\s+19,200\.00\s+\+3,600\.00\s+\+23\.1%/);
  });

  it('writes CSV, Markdown and an HTML report with charts', async () => {
    const dir = tempFile('x', '').replace(/x$/, '');
    const io = { out: () => undefined, err: () => undefined };
    const code = await run(['simulate', '--population', jsonl(deathCouple, disabled), '--from', '2019-01', '--to', '2019-12', '--scenario', 'policy/scenarios/reform-2019.yaml', '--csv', `${dir}csv`, '--md', `${dir}r.md`, '--report', `${dir}r.html`], io);
    expect(code).toBe(0);
    expect(readFileSync(`${dir}csv/items.csv`, 'utf8')).toContain('Monthly allowance,22800.00,');
    expect(readFileSync(`${dir}r.md`, 'utf8')).toContain('| total | 23,100.00 |');
    const html = readFileSync(`${dir}r.html`, 'utf8');
    expect(html.match(/<svg/g)!.length).toBe(3);
    expect(html).not.toMatch(/<script|src="http/);
    writeFileSync(`${dir}keep.txt`, '');
  });
});

describe('output files', () => {
  it('are written into folders that do not exist yet, as npm start does from a fresh clone', async () => {
    const dir = tempFile('x', '').replace(/x$/, 'not/yet/there');
    const io = { out: () => undefined, err: () => undefined };
    expect(await run(['simulate', '--population', jsonl(deathCouple), '--from', '2019-01', '--to', '2019-01', '--report', `${dir}/report.html`, '--md', `${dir}/r.md`], io)).toBe(0);
    expect(readFileSync(`${dir}/report.html`, 'utf8')).toContain('<svg');
    expect(await run(['generate', '--households', '3', '--seed', '1', '--out', `${dir}/deeper/pop.jsonl`], io)).toBe(0);
    expect(readFileSync(`${dir}/deeper/pop.jsonl`, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('that cannot be written give a clear error, not a stack trace', async () => {
    const err: string[] = [];
    const file = tempFile('plain-file', '');
    const code = await run(['generate', '--households', '3', '--seed', '1', '--out', `${file}/pop.jsonl`], { out: () => undefined, err: (t) => err.push(t) });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/^fuzhu generate: cannot use .*plain-file.*: (a part of the path is not a folder|it already exists)/);
    expect(err.join('\n')).not.toContain('    at ');
  });
});

describe('population checks', () => {
  it('rejects a household id used twice, counting it', async () => {
    const { json } = await sim(jsonl(deathCouple, { ...disabled, id: deathCouple.id }));
    expect(json.population).toMatchObject({ households: 1, rejected: 1 });
    expect(json.rejections!.map((r) => [r.line, r.code])).toEqual([[2, 'E-POP-DUPLICATE-ID']]);
  });

  it('reads a CSV row without children cells as a household with no children', async () => {
    const csv = tempFile('pop.csv', ['id,hukou.county,hukou.type,wife.birth_date,children.0.birth_date', 'N,450205,urban,1960-01-01,'].join('\n'));
    const { json } = await sim(csv);
    expect(json.population).toMatchObject({ households: 1, rejected: 0 });
  });

  it('gives weighted counts as JSON numbers, fractional where the weights are', async () => {
    const { json } = await sim(jsonl({ ...deathCouple, weight: 2.5 }));
    expect(json.baseline.recipients).toBe(5);
    expect(json.baseline.items.allowance!.recipients).toBe(5);
    const half = await sim(jsonl({ ...deathCouple, weight: 0.5 }, { ...disabled, weight: 1.25 }));
    expect(half.json.population).toMatchObject({ weighted_households: 1.75 });
  });

  it('refuses an empty population and a folder with a clear message', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => err.push(t) };
    expect(await run(['simulate', '--population', tempFile('empty.jsonl', ''), '--from', '2019-01', '--to', '2019-12'], io)).toBe(1);
    expect(err.join('\n')).toContain('holds no household');
    expect(await run(['simulate', '--population', 'policy', '--from', '2019-01', '--to', '2019-12'], io)).toBe(2);
    expect(err.join('\n')).toContain('is a folder');
    expect(await run(['simulate', '--population', jsonl(deathCouple), '--project', '2019..2020', '--from', '2019-01'], io)).toBe(2);
    expect(err.join('\n')).toContain('not both');
  });
});

describe('CSV columns', () => {
  it('refuses a row where two columns make one field both a value and a record', async () => {
    const csv = tempFile('c.csv', ['id,hukou,hukou.county,hukou.type,wife.birth_date', 'A,x,450205,urban,1960-01-01'].join('\n'));
    const { json } = await sim(csv);
    expect(json.rejections!.map((r) => r.code)).toEqual(['E-POP-RECORD']);
    expect(JSON.stringify(json.rejections)).toContain('both give hukou');
  });

  it('refuses a header that would reach an object prototype', async () => {
    const csv = tempFile('p.csv', ['id,__proto__.weight,hukou.county,hukou.type,wife.birth_date', 'A,1000,450205,urban,1960-01-01'].join('\n'));
    // The header itself is refused: the run stops at the column, whatever --skip-invalid says.
    await expect(sim(csv)).rejects.toMatchObject({ diagnostic: { code: 'E-CSV-HEADER', message: expect.stringContaining('__proto__.weight') } });
  });
});

describe('changes of zero', () => {
  it('are neither gains nor losses, in any breakdown', async () => {
    const { result } = await sim(jsonl(deathCouple, { ...deathCouple, id: 'X2', hukou: { county: 'outside', type: 'urban' } }), ['policy/scenarios/death-800.yaml'], { from: dates.ymd(2020, 1, 1), to: dates.ymd(2020, 12, 31) });
    const c = result.scenarios[0]!.comparison;
    expect([c.gain.toNumber(), c.lose.toNumber(), c.same.toNumber()]).toEqual([1, 0, 1]);
    for (const g of c.byGroup.values()) if (g.delta.isZero()) expect(g.gain.toNumber()).toBe(0);
    expect(c.largestGains.map((h) => h.id)).toEqual(['LZ-0001']);
  });
});

describe('fuzhu generate --out FILE.csv', () => {
  it('writes every field the generator draws (dated disabilities, adoptions, parents, a third child), so CSV and JSONL give the same results', async () => {
    const io = { out: () => undefined, err: () => undefined };
    const csv = tempFile('pop.csv', '');
    const lines = tempFile('pop.jsonl', '');
    expect(await run(['generate', '--households', '600', '--seed', '2018', '--out', csv], io)).toBe(0);
    expect(await run(['generate', '--households', '600', '--seed', '2018', '--out', lines], io)).toBe(0);
    const header = readFileSync(csv, 'utf8').split('\n')[0]!.split(',');
    for (const c of ['children.0.disability_certified', 'children.0.disability_ended', 'children.0.parents', 'children.2.adoption_date']) expect(header).toContain(c);
    const [a, b] = [await sim(csv), await sim(lines)];
    expect(a.json.baseline).toEqual(b.json.baseline);
  });
});
