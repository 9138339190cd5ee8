import { describe, expect, it } from 'vitest';
import { run } from '../cli/main.js';
import { applyScenarioFile, dates, evaluate, evaluationJson, parsePeriod, readHousehold, semanticDiff, structuralDiff, type Period, type Policy } from '../src/index.js';
import { shippedPolicy, tempFile } from './helpers.js';

function scenario(name: string, changes: string): { path: string; policy: Policy } {
  const path = tempFile(`${name}.yaml`, `scenario: ${name}\ntitle: { zh: 测试, en: test }\nchanges:\n${changes}`);
  const r = applyScenarioFile(shippedPolicy(), path);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return { path, policy: r.policy };
}

const age50 = scenario('min-age-50', '  - { parameter: eligibility.wife_min_age, from: 2020-01-01, value: 50 }\n');
const same = scenario('same-value', '  - { parameter: allowance.death.rate, from: 2020-01-01, value: 650 }\n');
const move50 = scenario('move-50', '  - { parameter: allowance.death.city, from: 2020-01-01, value: 450 }\n  - { parameter: allowance.death.county, from: 2020-01-01, value: 200 }\n');

function evaluateWitness(policy: Policy, raw: unknown, period: string) {
  const h = readHousehold(policy, raw);
  if (!h.ok) throw new Error('witness is not a valid household');
  return evaluationJson(evaluate(policy, h.household, parsePeriod(period) as Period));
}

describe('fuzhu diff', () => {
  it('finds a witness at the threshold when the minimum age rises to 50, which eval reproduces', () => {
    const d = semanticDiff(shippedPolicy(), age50.policy, { seed: 1, runs: 500 });
    const eligibility = d.outputs.find((o) => o.output === 'eligibility')!;
    expect(eligibility.verdict).toBe('less generous');
    const w = d.witnesses[eligibility.witness! - 1]!;
    // The deciding parent is 49 in the witness month: paid before, not after.
    const raw = w.household as { wife?: { birth_date: string }; husband?: { birth_date: string } };
    const parent = raw.wife ?? raw.husband!;
    const [y, m] = w.period.split('-').map(Number) as [number, number];
    expect(dates.age(dates.parseDate(parent.birth_date)!, dates.monthEnd(dates.ymd(y, m, 1)))).toBe(49);
    const before = evaluateWitness(shippedPolicy(), w.household, w.period) as { totals: { amount: string } };
    const after = evaluateWitness(age50.policy, w.household, w.period) as { totals: { amount: string } };
    expect(before.totals.amount).not.toBe(after.totals.amount);
    expect(w.conditions.map((c) => c.name)).toContain('param(eligibility.wife_min_age)');
  });

  it('reports a parameter set to its current value as equivalent, with no witness', () => {
    expect(structuralDiff(shippedPolicy(), same.policy)).toEqual([]);
    const d = semanticDiff(shippedPolicy(), same.policy, { seed: 1, runs: 300 });
    expect(d.witnesses).toEqual([]);
    expect(new Set(d.outputs.map((o) => o.verdict))).toEqual(new Set(['equivalent']));
    expect(d.searched.households).toBeGreaterThanOrEqual(300);
  });

  it('shows a share moved between payers as a change in each payer and none in any total', () => {
    const d = semanticDiff(shippedPolicy(), move50.policy, { seed: 1, runs: 500 });
    const changed = d.outputs.filter((o) => o.verdict !== 'equivalent').map((o) => `${o.output}: ${o.verdict}`);
    expect(changed).toEqual(['item allowance paid by city: pays more', 'item allowance paid by county: pays less']);
    const w = d.witnesses[0]!;
    const before = evaluateWitness(shippedPolicy(), w.household, w.period) as { totals: { amount: string; payers: Record<string, string> } };
    const after = evaluateWitness(move50.policy, w.household, w.period) as { totals: { amount: string; payers: Record<string, string> } };
    expect(after.totals.amount).toBe(before.totals.amount);
    expect(Number(after.totals.payers.city) - Number(before.totals.payers.city)).toBeGreaterThan(0);
  });

  it('lists structural changes with the clause, old and new values, and expression text side by side', () => {
    const rule = scenario('rule', "  - { rule: registered_in_liuzhou, expr: \"hukou.county != 'outside' and hukou.type = 'urban'\" }\n");
    const changes = structuralDiff(shippedPolicy(), rule.policy);
    expect(changes).toEqual([
      { kind: 'definition', id: 'registered_in_liuzhou', change: 'changed', cite: '二', details: ["expression:\n    before: hukou.county != 'outside'\n    after:  hukou.county != 'outside' and hukou.type = 'urban'"] },
    ]);
    expect(structuralDiff(shippedPolicy(), age50.policy)).toEqual([{ kind: 'parameter', id: 'eligibility.wife_min_age', change: 'changed', cite: '二（二）', details: ['value from 2020-01-01: 49 → 50'] }]);
  });

  it('gives it all as JSON, with witnesses in the household format and the impact on a population', async () => {
    const out: string[] = [];
    const code = await run(['diff', 'policy/liuzhou-2018', '--scenario', move50.path, '--runs', '300', '--population', 'policy/populations/liuzhou-sample.jsonl', '--from', '2020-01', '--to', '2020-12', '--json'], { out: (t) => out.push(t), err: () => undefined });
    expect(code).toBe(0);
    const json = JSON.parse(out.join('')) as { meaning: { witnesses: { household: unknown }[] }; impact: { delta: { totals: { amount: string; payers: Record<string, string> } }; households: Record<string, number> } };
    expect(readHousehold(shippedPolicy(), json.meaning.witnesses[0]!.household).ok).toBe(true);
    expect(json.impact.delta.totals.amount).toBe('0.00');
    expect(Number(json.impact.delta.totals.payers.city)).toBeGreaterThan(0);
    expect(json.impact.households).toEqual({ gain: 0, lose: 0, same: 2000 });
  });
});

describe('fuzhu diff on yearly items', () => {
  it('finds a change to a yearly item (premiums, checks, discounts), not only to monthly ones', () => {
    const cap = scenario('cap', '  - { parameter: family_doctor.cap, from: 2018-07-01, value: 100 }\n');
    const d = semanticDiff(shippedPolicy(), cap.policy, { seed: 1, runs: 500 });
    const fd = d.outputs.find((o) => o.output === 'item family_doctor')!;
    expect(fd.verdict).toBe('less generous');
    const w = d.witnesses[fd.witness! - 1]!;
    expect(w.differences.some((x) => x.key.startsWith('family_doctor') && Number(x.a) > Number(x.b))).toBe(true);
    // Only a yearly item differs, so the witness is given as a year, which `fuzhu eval` shows.
    expect(w.period).toMatch(/^\d{4}$/);
    const before = evaluateWitness(shippedPolicy(), w.household, w.period) as { lines: { item: string; amount: string }[] };
    const after = evaluateWitness(cap.policy, w.household, w.period) as { lines: { item: string; amount: string }[] };
    const fdAmount = (j: typeof before) => j.lines.filter((l) => l.item === 'family_doctor').reduce((s, l) => s + Number(l.amount), 0);
    expect(fdAmount(after)).toBeLessThan(fdAmount(before));
  });
});
