/**
 * A second city's policy (test/fixtures/hexi-2020: two districts, payers `district(…)` then
 * `province`, registration in `registration.district`, persons `mother` and `father`, the weight
 * in `households`) runs through check, test, eval, simulate, diff and prop unchanged, with
 * figures worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { fuzhu } from './cliRun.js';

const POLICY = 'test/fixtures/hexi-2020';
const SCENARIO = 'test/fixtures/hexi-scenarios/raise-600.yaml';
const POPULATION = 'test/fixtures/hexi-population.jsonl';
const HOUSEHOLD = 'test/fixtures/hexi-household.yaml';

describe('a second policy, from another city', () => {
  it('checks clean and passes its own tests', async () => {
    const check = await fuzhu('check', POLICY);
    expect(check.code).toBe(0);
    expect(check.out).toContain('2 items');
    const tests = await fuzhu('test', POLICY);
    expect(tests.code).toBe(0);
    expect(tests.out).toContain('3 passed, 0 failed');
  });

  it('evaluates a household with its own persons and payers, in the order it declares them', async () => {
    const r = await fuzhu('eval', HOUSEHOLD, '--policy', POLICY, '--period', '2021-02', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { persons: Record<string, unknown>; totals: { amount: string; payers: Record<string, string> } };
    expect(Object.keys(json.persons)).toEqual(['mother', 'father']);
    // 2 × 500 allowance (300 district, 200 province) and the 80 of winter heating (province).
    expect(json.totals).toEqual({ amount: '1080.00', payers: { 'district:990101': '600.00', province: '480.00' } });
    const text = await fuzhu('eval', HOUSEHOLD, '--policy', POLICY, '--period', '2021-02');
    expect(text.out).toMatch(/amount\s+990101 Dongcheng District\s+province/);
  });

  it('simulates a weighted population with a scenario: totals by payer and by district', async () => {
    const r = await fuzhu('simulate', '--policy', POLICY, '--population', POPULATION, '--from', '2021-01', '--to', '2021-12', '--scenario', SCENARIO, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    // H1 (weight 2, both parents eligible all year): 2 × 2 × 12 × 500 = 24000 (district 14400,
    // province 9600) and heating 2 × 3 × 80 = 480; H2 (the mother turns 60 in July): 6 × 500 = 3000
    // (district 1800, province 1200); H3 (child alive): nothing.
    expect(json.baseline.totals).toEqual({ amount: '27480.00', payers: { 'district:990101': '14400.00', 'district:990102': '1800.00', province: '11280.00' } });
    expect(json.baseline.counties).toEqual({
      '990101': { amount: '24480.00', payers: { 'district:990101': '14400.00', province: '10080.00' } },
      '990102': { amount: '3000.00', payers: { 'district:990102': '1800.00', province: '1200.00' } },
    });
    expect(json.population.weighted_households).toBe(4);
    // From July the allowance is 600, the district still paying 300: the province pays 100 more
    // for each of 2 × 2 × 6 + 6 = 30 person-months.
    expect(json.delta.totals).toEqual({ amount: '3000.00', payers: { 'district:990101': '0.00', 'district:990102': '0.00', province: '3000.00' } });
    expect(json.households).toEqual({ gain: 3, lose: 0, same: 1 });
    expect(json.scenarios[0].changes.largest_gains).toEqual([
      { household: 'H1', district: '990101', category: 'bereaved', change: '1200.00' },
      { household: 'H2', district: '990102', category: 'bereaved', change: '600.00' },
    ]);
    const text = await fuzhu('simulate', '--policy', POLICY, '--population', POPULATION, '--from', '2021-01', '--to', '2021-12');
    expect(text.out).toContain('By district of registration');
    expect(text.out).toMatch(/990101 Dongcheng District\s+14,400\.00\n990102 Xicheng District\s+1,800\.00\nprovince\s+11,280\.00/);
    expect(text.out).toMatch(/item\s+amount\s+districts\s+province/);
  });

  it('diffs the scenario: the province pays more, the districts the same', async () => {
    const r = await fuzhu('diff', POLICY, '--scenario', SCENARIO, '--population', POPULATION, '--from', '2021-01', '--to', '2021-12');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Monthly allowance, paid by province\s+pays more/);
    expect(r.out).toMatch(/Monthly allowance, paid by districts\s+equivalent/);
    expect(r.out).toContain('total change 3,000.00 (province 3,000.00)');
  });

  it('keeps every invariant and the scenario relation under prop', async () => {
    const r = await fuzhu('prop', POLICY, '--seed', '3', '--runs', '40', '--scenario', SCENARIO);
    expect(r.code).toBe(0);
    expect(r.out).toContain('payouts_never_lower [under raise-600]');
    expect(r.out).toMatch(/\d+ passed, 0 failed/);
  });
});
