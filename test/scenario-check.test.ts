/**
 * A scenario is checked whole before it is used: its defaults (id, title), ids distinct within a
 * run, changes in date order and never twice on one date, values in range, item shares on every
 * date, and an evaluation error it causes stops a simulation instead of being blamed on rows.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../cli/main.js';
import { applyScenarioFile, applyScenarioFiles, checkPolicyDeeply, dates, EvalError, loadWithScenarios, location, simulate, valueEntryAt, type Diagnostic } from '../src/index.js';
import { POLICY_DIR, shippedPolicy, tempFile } from './helpers.js';

function refused(path: string): Diagnostic[] {
  const r = applyScenarioFile(shippedPolicy(), path);
  expect(r.ok).toBe(false);
  return r.diagnostics;
}

const at = (d: Diagnostic) => location(d.span!);

describe('a scenario with only changes', () => {
  it('takes its id from the file name and its title from the id', () => {
    const path = tempFile('raise-min-age.yaml', 'changes:\n  - { parameter: eligibility.wife_min_age, from: 2020-01-01, value: 50 }\n');
    const r = applyScenarioFile(shippedPolicy(), path);
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    expect(r.scenario.id).toBe('raise-min-age');
    expect(r.scenario.title).toEqual({ zh: 'raise-min-age', en: 'raise-min-age' });
    expect(r.policy.scenarios).toEqual(['raise-min-age']);
  });
});

describe('two scenarios of one id in a run', () => {
  const first = tempFile('a.yaml', 'scenario: same\nchanges:\n  - { parameter: eligibility.wife_min_age, from: 2020-01-01, value: 50 }\n');
  const second = tempFile('b.yaml', 'scenario: same\nchanges:\n  - { parameter: eligibility.wife_min_age, from: 2021-01-01, value: 51 }\n');

  it('are refused with both file names, at the second id', () => {
    const r = applyScenarioFiles(shippedPolicy(), [first, second]);
    expect(r.ok).toBe(false);
    const d = r.diagnostics.find((x) => x.code === 'E-SCENARIO-ID-TWICE')!;
    expect(d.message).toContain(first);
    expect(d.message).toContain(second);
    expect(at(d)).toBe(`${second}:1:11`);
    expect(location(d.related![0]!.span)).toBe(`${first}:1:11`);
  });

  it('are refused when overlaid one on the other too', () => {
    const r = loadWithScenarios(POLICY_DIR, [first, second]);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toContain('E-SCENARIO-ID-TWICE');
  });

  it('clash by file name when they give no id', () => {
    const a = tempFile('reform.yaml', 'changes:\n  - { parameter: eligibility.wife_min_age, from: 2020-01-01, value: 50 }\n');
    const b = join(dirname(tempFile('x', '')), 'reform.json');
    writeFileSync(b, JSON.stringify({ changes: [{ parameter: 'eligibility.wife_min_age', from: '2021-01-01', value: 51 }] }));
    const r = applyScenarioFiles(shippedPolicy(), [a, b]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E-SCENARIO-ID-TWICE']);
  });
});

describe('changes of one parameter', () => {
  it('apply in date order whatever order they are written in', () => {
    const path = tempFile('order.yaml', 'changes:\n  - { parameter: eligibility.wife_min_age, from: 2021-01-01, value: 51 }\n  - { parameter: eligibility.wife_min_age, from: 2020-01-01, value: 50 }\n');
    const r = applyScenarioFile(shippedPolicy(), path);
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    const p = r.policy.parameters.get('eligibility.wife_min_age')!;
    expect(valueEntryAt(p, dates.ymd(2019, 6, 1))?.value).toBe(49);
    expect(valueEntryAt(p, dates.ymd(2020, 6, 1))?.value).toBe(50);
    expect(valueEntryAt(p, dates.ymd(2021, 6, 1))?.value).toBe(51);
  });

  it('are refused twice on one date, with both lines', () => {
    const path = tempFile('twice.yaml', 'changes:\n  - { parameter: eligibility.wife_min_age, from: 2020-01-01, value: 50 }\n  - { parameter: eligibility.wife_min_age, from: 2020-01-01, value: 51 }\n');
    const [d] = refused(path);
    expect(d!.code).toBe('E-SCENARIO-CHANGE-TWICE');
    expect(d!.message).toContain('lines 2 and 3');
    expect(at(d!)).toBe(`${path}:3:50`);
    expect(location(d!.related![0]!.span)).toBe(`${path}:2:50`);
  });
});

describe('values out of range', () => {
  it.each([
    ['a negative amount', 'allowance.death.rate', '-650'],
    ['a negative cap', 'family_doctor.cap', '-1'],
    ['a negative age', 'eligibility.wife_min_age', '-49'],
    ['a whole number beyond exact arithmetic', 'eligibility.wife_min_age', '9007199254740993'],
    ['an end to a parameter the policy reads', 'allowance.death.rate', 'null'],
  ])('are refused: %s', (_, parameter, value) => {
    const path = tempFile('range.yaml', `changes:\n  - parameter: ${parameter}\n    from: 2020-01-01\n    value: ${value}\n`);
    const [d] = refused(path);
    expect(d!.code).toBe('E-SCENARIO-VALUE');
    expect(at(d!)).toBe(`${path}:4:12`);
  });
});

describe('an added item whose shares do not sum', () => {
  const path = tempFile(
    'winter.yaml',
    [
      'changes:',
      '  - item: winter_bonus',
      '    definition:',
      '      label: { zh: 冬季补贴, en: Winter bonus }',
      '      cite: 三（一）',
      '      per: person',
      '      every: month',
      '      amount: 100 CNY',
      '      payers:',
      '        - { payer: city, share: 60 CNY }',
      '        - { payer: county(hukou.county), share: 30 CNY }',
      '',
    ].join('\n'),
  );

  it('is refused before any household is read, at the item, once', () => {
    const r = applyScenarioFiles(shippedPolicy(), [path]);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E-SHARES-ITEM']);
    expect(at(r.diagnostics[0]!)).toBe(`${path}:3:5`);
  });

  it('fails check --scenario', () => {
    const r = loadWithScenarios(POLICY_DIR, [path]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(checkPolicyDeeply(r.policy).map((d) => d.code)).toContain('E-SHARES-ITEM');
  });
});

describe('an evaluation error caused by a scenario', () => {
  // Passes every check without a household, fails for every household that is eligible.
  const path = tempFile(
    'negative.yaml',
    [
      'changes:',
      '  - item: clawback',
      '    definition:',
      '      label: { zh: 追回, en: Clawback }',
      '      cite: 三（一）',
      '      per: person',
      '      every: month',
      '      amount: 100 CNY - 200 CNY',
      '      payers:',
      '        - { payer: city, share: rest }',
      '',
    ].join('\n'),
  );

  it('stops the simulation with that error, located in the scenario, never counted against rows', async () => {
    const applied = applyScenarioFiles(shippedPolicy(), [path]);
    expect(applied.diagnostics).toEqual([]);
    if (!applied.ok) return;
    const month = dates.ymd(2019, 3, 1);
    const run = simulate(shippedPolicy(), 'policy/populations/liuzhou-sample.jsonl', { from: month, to: dates.monthEnd(month), scenarios: applied.scenarios });
    const e = await run.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(EvalError);
    const err = e as EvalError;
    expect(err.code).toBe('E-EVAL-NEGATIVE');
    expect(err.message).toMatch(/household \S+, line \d+, which is valid/);
    expect(err.span?.source.path).toBe(path);
  });

  it('stops it the same way when worker threads share the households, the span in the scenario file', async () => {
    const applied = applyScenarioFiles(shippedPolicy(), [path]);
    if (!applied.ok) throw new Error('refused');
    const month = dates.ymd(2019, 3, 1);
    const e = await simulate(shippedPolicy(), 'policy/populations/liuzhou-sample.jsonl', { from: month, to: dates.monthEnd(month), scenarios: applied.scenarios, jobs: 2 }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect((e as EvalError).code).toBe('E-EVAL-NEGATIVE');
    expect(location((e as EvalError).span!)).toBe(`${path}:8:15`);
  }, 60_000);

  it('makes fuzhu simulate exit 1 with the error, even with --skip-invalid', async () => {
    const err: string[] = [];
    const code = await run(['simulate', '--population', 'policy/populations/liuzhou-sample.jsonl', '--from', '2019-03', '--to', '2019-03', '--jobs', '1', '--skip-invalid', '--scenario', path], { out: () => undefined, err: (t) => err.push(t) });
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('E-EVAL-NEGATIVE');
    expect(err.join('\n')).toContain(`${path}:8:`);
    expect(err.join('\n')).not.toContain('rejected');
  });
});
