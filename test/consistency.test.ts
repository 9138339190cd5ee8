import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicyDeeply, loadPolicy, location, type Diagnostic } from '../src/index.js';
import { POLICY_DIR, shippedPolicy } from './helpers.js';

/** A copy of the shipped policy with one file's text replaced; returns its diagnostics. */
function patched(file: string, from: string, to: string): { dir: string; diagnostics: Diagnostic[] } {
  const dir = mkdtempSync(join(tmpdir(), 'fuzhu-policy-'));
  cpSync(POLICY_DIR, dir, { recursive: true });
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(path, text.replace(from, to));
  const r = loadPolicy(dir);
  if (!r.ok) return { dir, diagnostics: r.diagnostics };
  return { dir, diagnostics: checkPolicyDeeply(r.policy) };
}

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

describe('consistency checks', () => {
  it('the shipped policy is clean', () => {
    expect(checkPolicyDeeply(shippedPolicy())).toEqual([]);
  });

  it('reports a parameter nobody uses, at its key', () => {
    const { dir, diagnostics } = patched('parameters.yaml', 'parameters:\n', 'parameters:\n  spare.figure:\n    label: { zh: 备用, en: spare }\n    cite: 五\n    type: integer\n    values: { 2018-07-01: 1 }\n');
    expect(codes(diagnostics)).toEqual(['W-PARAM-UNUSED']);
    const line = readFileSync(join(dir, 'parameters.yaml'), 'utf8').split('\n').indexOf('  spare.figure:') + 1;
    expect(location(diagnostics[0]!.span!)).toBe(`${join(dir, 'parameters.yaml')}:${line}:3`);
  });

  it('reports an item paying a provisional figure without saying so', () => {
    const { diagnostics } = patched('items.yaml', '    every: year\n    provisional: true\n    when: not param(accident_insurance.bought_higher_up)', '    every: year\n    when: not param(accident_insurance.bought_higher_up)');
    expect(codes(diagnostics)).toEqual(['W-PROVISIONAL-UNMARKED']);
    expect(diagnostics[0]!.message).toContain('accident_insurance.premium');
  });

  it('reports an item marked provisional that reads no provisional figure', () => {
    const { diagnostics } = patched('items.yaml', "    every: year\n    when: exists(person.family_doctor_package)", "    every: year\n    provisional: true\n    when: exists(person.family_doctor_package)");
    expect(codes(diagnostics)).toEqual(['W-PROVISIONAL-UNUSED']);
  });

  it('reports a condition whose parts contradict each other', () => {
    const { diagnostics } = patched('items.yaml', 'when: age_now(person) >= param(health_check.min_age) or', 'when: (age_now(person) >= param(health_check.min_age) and age_now(person) < 50) or');
    expect(codes(diagnostics)).toEqual(['W-NEVER']);
    expect(diagnostics[0]!.message).toContain("item 'health_check'");
  });

  it('reports a branch that an if/else chain makes unreachable (overlapping categories)', () => {
    const { diagnostics } = patched('rules.yaml', "else if any(c in children where child_disabled(c)) then 'disability'", "else if any(c in children where child_disabled(c)) then 'disability'\n      else if not (registered_in_liuzhou and one_child_only) then 'death'");
    expect(codes(diagnostics)).toContain('W-NEVER');
  });

  it('reports a category the category definition never gives', () => {
    const { diagnostics } = patched('rules.yaml', "else if any(c in children where child_disabled(c)) then 'disability'", '');
    expect(codes(diagnostics)).toContain('W-CATEGORY-GAP');
  });

  it('reports payer shares that do not sum to the item for some category and date', () => {
    const { diagnostics } = patched('items.yaml', "share: \"if category = 'death' then param(allowance.death.county) else param(allowance.disability.county)\"", "share: \"if category = 'death' then param(allowance.death.county) else param(allowance.death.county)\"");
    const d = diagnostics.find((x) => x.code === 'E-SHARES-ITEM')!;
    expect(d.message).toContain('category = disability');
    expect(d.message).toContain('625.00, not its amount 600.00');
  });

  it('reports share parameters that do not sum to their whole, at the value that changed', () => {
    const { diagnostics } = patched('parameters.yaml', '      2018-07-01: 650\n', '      2018-07-01: 650\n      2021-01-01: 700\n');
    expect(codes(diagnostics)).toEqual(['E-SHARES-SUM']);
    expect(diagnostics[0]!.message).toContain('from 2021-01-01');
  });
});

describe('conditions through named definitions', () => {
  it('sees through a definition without arguments', () => {
    const { diagnostics } = patched('items.yaml', 'when: rural and person.resident_medical_insurance', "when: rural and person.resident_medical_insurance and hukou.type = 'urban'");
    expect(codes(diagnostics)).toEqual(['W-NEVER']);
    expect(diagnostics[0]!.message).toContain("item 'medical_premium'");
  });
});
