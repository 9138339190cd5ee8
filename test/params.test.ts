/**
 * `fuzhu params`: every parameter of the policy, in the order of the clauses it cites, with its
 * values by date or the one in force on --at, provisional values marked with their source, the
 * scenario that changed each value, a table in the chosen language and exact values in --json.
 */
import { describe, expect, it } from 'vitest';
import { dates, valueEntryAt } from '../src/index.js';
import { fuzhu } from './cliRun.js';
import { shippedPolicy } from './helpers.js';

interface Listed {
  id: string;
  label: { zh: string; en: string };
  clause: string;
  unit: string | null;
  provisional: boolean;
  changedBy: string[];
  values: { from: string; value: unknown; provisional: boolean; source: string | null; scenario: string | null }[];
}

async function listed(...args: string[]): Promise<{ at: string | null; scenarios: string[]; parameters: Listed[] }> {
  const r = await fuzhu('params', '--json', ...args);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

const byId = (ps: Listed[], id: string) => ps.find((p) => p.id === id)!;

describe('fuzhu params --json', () => {
  it('lists every parameter of the policy once, in the order of the clauses it cites', async () => {
    const policy = shippedPolicy();
    const { parameters } = await listed('policy/liuzhou-2018');
    expect(parameters.map((p) => p.id).sort()).toEqual([...policy.parameters.keys()].sort());
    const order = [...policy.clauses.keys()];
    const ranks = parameters.map((p) => order.indexOf(p.clause));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (const p of parameters) expect(p.clause).toBe(policy.parameters.get(p.id)!.cite);
  });

  it('gives every value by date, exactly, and marks the provisional ones with their source', async () => {
    const policy = shippedPolicy();
    const { parameters } = await listed();
    for (const p of parameters) {
      const declared = policy.parameters.get(p.id)!;
      expect(p.values.map((v) => v.from)).toEqual(declared.values.map((v) => dates.formatDate(v.from)));
      expect(p.provisional).toBe(declared.values.some((v) => v.provisional));
    }
    expect(byId(parameters, 'allowance.death.rate')).toMatchObject({ provisional: false, unit: 'CNY per person per month', values: [{ from: '2018-07-01', value: '650.00', provisional: false, source: null }] });
    expect(byId(parameters, 'home_care.cost').values[0]).toMatchObject({ value: '2400.00', provisional: true, source: 'assumed' });
    expect(byId(parameters, 'medical.premium').values[1]!.source).toMatch(/^national minimum individual contribution for 2019/);
    expect(byId(parameters, 'one_time_subsidy.amount').values[0]!.value).toBe('unset');
    expect(byId(parameters, 'interpretation.paid_in_death_month').values[0]!.value).toBe(true);
    expect(byId(parameters, 'eligibility.min_birth_date').values[0]!.value).toBe('1933-01-01');
  });

  it('--at picks the value in force on that day', async () => {
    const policy = shippedPolicy();
    for (const day of ['2018-12-31', '2019-01-01', '2021-06-30']) {
      const { at, parameters } = await listed('--at', day);
      expect(at).toBe(day);
      const premium = byId(parameters, 'medical.premium');
      const inForce = valueEntryAt(policy.parameters.get('medical.premium')!, dates.parseDate(day)!)!;
      expect(premium.values).toHaveLength(1);
      expect(premium.values[0]!.from).toBe(dates.formatDate(inForce.from));
    }
    expect(byId((await listed('--at', '2019-01-01')).parameters, 'medical.premium').values[0]!.value).toBe('250.00');
    expect(byId((await listed('--at', '2018-12-31')).parameters, 'medical.premium').values[0]!.value).toBe('220.00');
  });

  it('says which scenario changed a value: a file, then --set', async () => {
    const { scenarios, parameters } = await listed('--scenario', 'policy/scenarios/death-800.yaml', '--set', 'allowance.death.city=60%@2021-01-01', '--set', 'medical.premium=300');
    expect(scenarios).toEqual(['death-800', 'set']);
    const city = byId(parameters, 'allowance.death.city');
    expect(city.changedBy).toEqual(['death-800', 'set']);
    expect(city.values.map((v) => [v.from, v.value, v.scenario])).toEqual([
      ['2018-07-01', '400.00', null],
      ['2020-01-01', '500.00', 'death-800'],
      ['2021-01-01', '60%', 'set'],
    ]);
    expect(byId(parameters, 'allowance.death.county').values.at(-1)).toMatchObject({ from: '2021-01-01', value: 'rest', scenario: 'set' });
    // Without @DATE: from the first date, replacing every value; still provisional, as the figure it replaces.
    expect(byId(parameters, 'medical.premium').values).toEqual([{ from: '2018-01-01', value: '300.00', provisional: true, source: 'assumed', scenario: 'set' }]);
  });
});

describe('fuzhu params as a table', () => {
  it('--lang zh: Chinese headings, labels and units, with thousands separators', async () => {
    const policy = shippedPolicy();
    const r = await fuzhu('params', '--lang', 'zh');
    expect(r.code).toBe(0);
    const provisional = [...policy.parameters.values()].filter((p) => p.values.some((v) => v.provisional)).length;
    expect(r.out.split('\n')[0]).toBe(`柳政规〔2018〕41号（liuzhou-2018）参数：共${policy.parameters.size}项，其中暂定${provisional}项`);
    expect(r.out).toMatch(/^参数 +名称 +单位 +起始日期 +取值 +暂定 +方案$/m);
    expect(r.out).toContain('三（一） 经济扶助');
    expect(r.out).toMatch(/^allowance\.death\.rate +独生子女死亡家庭扶助金标准 +元\/人\/月 +2018-07-01 +650\.00$/m);
    expect(r.out).toMatch(/^home_care\.cost +居家养老服务费用 +元\/人\/年 +2018-07-01 +2,400\.00 +暂定：假定$/m);
    expect(r.out).not.toMatch(/\b(parameter|label|unit|provisional|scenario|from)\b/);
  });

  it('--lang en, --at: one value a parameter, the day named', async () => {
    const r = await fuzhu('params', '--lang', 'en', '--at', '2020-01-01', '--set', 'education.grant=1500@2020-01-01');
    expect(r.code).toBe(0);
    expect(r.out).toContain('values in force on 2020-01-01 · changed by scenarios: set');
    expect(r.out).toMatch(/^parameter +label +unit +from +value +provisional +scenario$/m);
    expect(r.out).toMatch(/^medical\.premium +.* +CNY per person per year +2020-01-01 +280\.00 +provisional: national minimum individual contribution for 2020/m);
    expect(r.out).toMatch(/^education\.grant +One-off education grant +CNY per student +2020-01-01 +1,500\.00 +set$/m);
    expect(r.out).not.toContain('2019-01-01');
  });

  it('refuses a day that is not in the calendar, exit 2', async () => {
    for (const day of ['2020-02-30', '2020', 'tomorrow']) {
      const r = await fuzhu('params', '--lang', 'en', '--at', day);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--at '${day}': expected a date that exists, written YYYY-MM-DD`);
    }
  });

  it('a misspelt --set is refused as in eval, exit 1', async () => {
    const r = await fuzhu('params', '--set', 'education.grnt=1500');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain("Did you mean 'education.grant'?");
  });
});
