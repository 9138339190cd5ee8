import { describe, expect, it } from 'vitest';
import { applyScenario, applyScenarioFile, evaluate, evaluationJson, location, parsePeriod, parseYaml, Source, type Period } from '../src/index.js';
import { deathCouple, household, shippedPolicy, tempFile } from './helpers.js';

const month = (text: string) => parsePeriod(text) as Period;

function scenario(changes: string): string {
  return tempFile('s.yaml', `scenario: test\ntitle: { zh: 测试, en: test }\nchanges:\n${changes}`);
}

describe('scenarios', () => {
  it('applies dated parameter changes from their date only', () => {
    const r = applyScenarioFile(shippedPolicy(), 'policy/scenarios/death-800.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const h = household(deathCouple);
    const before = evaluationJson(evaluate(r.policy, h, month('2019-12'))) as { totals: { amount: string } };
    const after = evaluationJson(evaluate(r.policy, h, month('2020-01'))) as { totals: { amount: string; payers: Record<string, string> } };
    expect(before.totals.amount).toBe('1300.00');
    expect(after.totals).toEqual({ amount: '1600.00', payers: { city: '1000.00', 'county:450205': '600.00' } });
    expect(r.policy.scenarios).toEqual(['death-800']);
  });

  it('leaves the enacted policy untouched', () => {
    const policy = shippedPolicy();
    applyScenarioFile(policy, 'policy/scenarios/death-800.yaml');
    const json = evaluationJson(evaluate(policy, household(deathCouple), month('2020-01'))) as { totals: { amount: string } };
    expect(json.totals.amount).toBe('1300.00');
  });

  it('takes a share as a percentage and gives the other payer the rest', () => {
    const r = applyScenarioFile(shippedPolicy(), 'policy/scenarios/city-60-percent.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const json = evaluationJson(evaluate(r.policy, household(deathCouple), month('2020-06'))) as { lines: { payers: Record<string, string> }[] };
    expect(json.lines[0]!.payers).toEqual({ city: '390.00', 'county:450205': '260.00' });
  });

  it('carries a percentage share with a later rate change', () => {
    const path = scenario(`  - { parameter: allowance.death.city, from: 2020-01-01, value: 60% }\n  - { parameter: allowance.death.rate, from: 2021-01-01, value: 800 }\n`);
    const r = applyScenarioFile(shippedPolicy(), path);
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    const json = evaluationJson(evaluate(r.policy, household(deathCouple), month('2021-01'))) as { lines: { amount: string; payers: Record<string, string> }[] };
    expect(json.lines[0]).toMatchObject({ amount: '800.00', payers: { city: '480.00', 'county:450205': '320.00' } });
  });

  it('refuses an unknown parameter with its line and the nearest name', () => {
    const path = scenario(`  - parameter: allowance.deth.rate\n    from: 2020-01-01\n    value: 800\n`);
    const r = applyScenarioFile(shippedPolicy(), path);
    expect(r.ok).toBe(false);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe('E-SCENARIO-PARAM-UNKNOWN');
    expect(d.message).toContain("Did you mean 'allowance.death.rate'");
    expect(location(d.span!)).toBe(`${path}:4:16`);
  });

  it('refuses a value of the wrong type', () => {
    const path = scenario(`  - parameter: eligibility.wife_min_age\n    from: 2020-01-01\n    value: 2020-01-01\n`);
    const r = applyScenarioFile(shippedPolicy(), path);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E-SCENARIO-VALUE']);
    expect(location(r.diagnostics[0]!.span!)).toBe(`${path}:6:12`);
  });

  it('refuses a percentage for a parameter that is not a share', () => {
    const r = applyScenarioFile(shippedPolicy(), scenario(`  - { parameter: allowance.death.rate, from: 2020-01-01, value: 60% }\n`));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E-SCENARIO-VALUE']);
  });

  it('refuses shares that no longer sum to the rate, naming the parameter and line', () => {
    const path = scenario(`  - parameter: allowance.death.rate\n    from: 2020-01-01\n    value: 800\n`);
    const r = applyScenarioFile(shippedPolicy(), path);
    expect(r.ok).toBe(false);
    const d = r.diagnostics.find((x) => x.code === 'E-SHARES-SUM')!;
    expect(d.message).toContain("'allowance.death.rate'");
    expect(d.message).toContain('650.00, not 800.00');
    expect(location(d.span!)).toBe(`${path}:6:12`);
  });

  it('is refused whole: one bad change among good ones applies nothing', () => {
    const path = scenario(`  - { parameter: allowance.disability.rate, from: 2020-01-01, value: 700 }\n  - { parameter: nosuch, from: 2020-01-01, value: 1 }\n`);
    const r = applyScenarioFile(shippedPolicy(), path);
    expect(r.ok).toBe(false);
    expect('policy' in r).toBe(false);
  });

  it('replaces a rule, type-checking the new expression', () => {
    const good = applyScenarioFile(shippedPolicy(), scenario(`  - { rule: registered_in_liuzhou, expr: "hukou.county != 'outside' and hukou.type = 'urban'" }\n`));
    expect(good.ok).toBe(true);
    const bad = applyScenarioFile(shippedPolicy(), scenario(`  - { rule: registered_in_liuzhou, expr: "hukou.county" }\n`));
    expect(bad.diagnostics.map((d) => d.code)).toContain('E-TYPE-EXPECTED');
  });

  it('adds an item', () => {
    const path = scenario(
      [
        '  - item: winter_bonus',
        '    definition:',
        '      label: { zh: 冬季补贴, en: Winter bonus }',
        '      cite: 三（一）',
        '      per: person',
        '      every: month',
        "      when: month_of(month.start) = 1",
        '      amount: 100 CNY',
        '      payers:',
        '        - { payer: city, share: rest }',
        '',
      ].join('\n'),
    );
    const r = applyScenarioFile(shippedPolicy(), path);
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    const json = evaluationJson(evaluate(r.policy, household(deathCouple), month('2020-01'))) as { totals: { amount: string } };
    expect(json.totals.amount).toBe('1500.00');
  });

  it('is checked against its JSON Schema when applied from parsed text, not only from a file', () => {
    const read = parseYaml(new Source('<reform>', 'scenario: reform\nchange:\n  - { parameter: allowance.death.rate, from: 2020-01-01, value: 800 }\n'));
    if (!read.ok) throw new Error('the text parses');
    const r = applyScenario(shippedPolicy(), read.file);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, location(d.span!)])).toEqual([
      ['E-SCHEMA-MISSING-FIELD', '<reform>:1:1'],
      ['E-SCHEMA-UNKNOWN-FIELD', '<reform>:2:1'],
    ]);
  });
});
