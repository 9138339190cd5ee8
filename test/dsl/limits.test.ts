/**
 * Untrusted expressions stay inside the limits: nesting and length refused at their place in
 * the file (never a stack overflow), inherited object names unknown like any other, and
 * suggestions bounded in time with short quotes.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { didYouMean, excerpt, location, nearest } from '../../src/diag/index.js';
import { EXPRESSION_LIMITS } from '../../src/dsl/index.js';
import { applyScenarioFile, displayPath, LIMITS, loadPolicy, type Diagnostic } from '../../src/index.js';
import { POLICY_DIR, shippedPolicy, tempFile } from '../helpers.js';
import { checkText, parse, parseErrors, range, single } from './helpers.js';

/** The diagnostics of a scenario replacing one rule's expression (written on line 3). */
function ruleDiagnostics(expr: string): { path: string; diagnostics: Diagnostic[] } {
  const path = tempFile('rule.yaml', `changes:\n  - rule: registered_in_liuzhou\n    expr: "${expr}"\n`);
  const r = applyScenarioFile(shippedPolicy(), path);
  expect(r.ok).toBe(false);
  return { path, diagnostics: r.diagnostics };
}

describe('nesting', () => {
  it('has one limit, in LIMITS', () => {
    expect(LIMITS.maxExpressionDepth).toBe(EXPRESSION_LIMITS.maxDepth);
    expect(LIMITS.maxExpressionLength).toBe(EXPRESSION_LIMITS.maxLength);
  });

  it.each([
    ['parentheses', '('.repeat(200) + '1' + ')'.repeat(200), 64],
    ['lists', '['.repeat(200) + '1' + ']'.repeat(200), 64],
    ['prefix operators', '-'.repeat(1990) + '1', 64],
    // Each level is two deep: the parenthesis and the not.
    ['not inside parentheses', '(not '.repeat(300) + 'true' + ')'.repeat(300), 160],
  ])('of %s is refused where the limit is crossed', (_, text, offset) => {
    const d = single(parseErrors(text));
    expect(d.code).toBe('E-EXPR-TOO-DEEP');
    expect(range(d.span)!.start).toBe(offset);
  });

  it('of a long chain of operators is refused too, within the expression', () => {
    const d = single(parseErrors('1' + ' + 1'.repeat(990)));
    expect(d.code).toBe('E-EXPR-TOO-DEEP');
    expect(range(d.span)!.start).toBeGreaterThan(0);
  });

  it('up to the limit parses', () => {
    expect(parse('('.repeat(63) + '1' + ')'.repeat(63)).kind).toBe('number');
    expect(parse('1' + ' + 1'.repeat(62)).kind).toBe('binary');
  });

  it('is reported at its line and column in the scenario file, not at 1:1', () => {
    const { path, diagnostics } = ruleDiagnostics('('.repeat(200) + 'true' + ')'.repeat(200));
    expect(diagnostics.map((d) => d.code)).toEqual(['E-EXPR-TOO-DEEP']);
    expect(location(diagnostics[0]!.span!)).toBe(`${path}:3:76`);
  });
});

describe('length', () => {
  it('is limited for a scenario rule, at the expression', () => {
    const { path, diagnostics } = ruleDiagnostics('true' + ' or true'.repeat(600));
    expect(diagnostics.map((d) => d.code)).toEqual(['E-EXPR-TOO-LONG']);
    expect(location(diagnostics[0]!.span!)).toBe(`${path}:3:12`);
  });

  it('is limited for a household constraint, at its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzhu-'));
    cpSync(POLICY_DIR, dir, { recursive: true });
    const file = join(dir, 'household.yaml');
    const text = readFileSync(file, 'utf8');
    const rule = 'rule: exists(wife) or exists(husband)';
    const line = text.slice(0, text.indexOf(rule)).split('\n').length;
    writeFileSync(file, text.replace(rule, `rule: exists(wife)${' or exists(husband)'.repeat(250)}`));
    const r = loadPolicy(dir);
    expect(r.ok).toBe(false);
    const d = r.diagnostics.find((x) => x.code === 'E-EXPR-TOO-LONG')!;
    expect(location(d.span!)).toBe(`${displayPath(file)}:${line}:11`);
  });

  it('is limited for an expression parsed on its own', () => {
    expect(single(parseErrors('1 + '.repeat(1100) + '1')).code).toBe('E-EXPR-TOO-LONG');
  });
});

describe('names an object inherits', () => {
  it.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__'])('%s is an unknown name, function, parameter and type', (name) => {
    expect(checkText(name).diagnostics.map((d) => d.code)).toEqual(['E-NAME-UNKNOWN']);
    expect(checkText(`${name}(1)`).diagnostics.map((d) => d.code)).toEqual(['E-CALL-UNKNOWN']);
    expect(checkText(`param(${name})`).diagnostics.map((d) => d.code)).toEqual(['E-PARAM-UNKNOWN']);
  });

  it('in a scenario rule, with the usual suggestion and span', () => {
    const { path, diagnostics } = ruleDiagnostics('toString');
    expect(diagnostics.map((d) => d.code)).toEqual(['E-NAME-UNKNOWN']);
    expect(location(diagnostics[0]!.span!)).toBe(`${path}:3:12`);
    const typo = ruleDiagnostics('one_child_onl').diagnostics[0]!;
    expect(typo.message).toContain("Did you mean 'one_child_only'");
  });

  it('as a scenario parameter or rule', () => {
    const p = tempFile('p.yaml', 'changes:\n  - { parameter: constructor, from: 2020-01-01, value: 1 }\n  - { rule: valueOf, expr: "true" }\n');
    const r = applyScenarioFile(shippedPolicy(), p);
    expect(r.diagnostics.map((d) => `${d.code} ${location(d.span!)}`)).toEqual([`E-SCENARIO-PARAM-UNKNOWN ${p}:2:18`, `E-SCENARIO-RULE-UNKNOWN ${p}:3:13`]);
  });
});

describe('suggestions for huge values', () => {
  const huge = 'x'.repeat(2_000_000);

  it('are not searched, so they take no time', () => {
    const start = performance.now();
    expect(nearest(huge, ['450205', '450202', 'allowance.death.rate'])).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(50);
    // Still found for a name of ordinary length.
    expect(didYouMean('450250', ['450205', '450202'])).toBe(" Did you mean '450205'?");
  });

  it('skip candidates too long or too short to be the name', () => {
    expect(nearest('ab', ['abcdefgh', 'abc'])).toBe('abc');
  });

  it('quote only a short excerpt', () => {
    expect(excerpt(huge)).toHaveLength(60 + '… (2000000 characters)'.length);
    const path = tempFile('huge.yaml', `changes:\n  - { parameter: "${'a'.repeat(100_000)}", from: 2020-01-01, value: 1 }\n`);
    const start = performance.now();
    const r = applyScenarioFile(shippedPolicy(), path);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E-SCENARIO-PARAM-UNKNOWN']);
    expect(r.diagnostics[0]!.message.length).toBeLessThan(200);
  });

  it('of a county in a parameter keyed by county quote a short excerpt', () => {
    const path = tempFile('county.yaml', `changes:\n  - parameter: one_time_subsidy.amount\n    from: 2020-01-01\n    value: { "${'4'.repeat(100_000)}": 100 }\n`);
    const r = applyScenarioFile(shippedPolicy(), path);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E-SCENARIO-VALUE']);
    expect(r.diagnostics[0]!.message.length).toBeLessThan(300);
  });
});
