/**
 * Full renderings of diagnostics, kept in test/golden/*.txt. Run with UPDATE_GOLDEN=1 to
 * rewrite the files after a deliberate change, then read the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { displayWidth, error, renderDiagnostic, Source, span, type Diagnostic } from '../../src/diag/index.js';
import { Checker, parseExpression, T, type Type } from '../../src/dsl/index.js';
import { parseYaml, type PathSegment, type YamlFile } from '../../src/policy/index.js';
import { single, testEnv } from './helpers.js';

const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function expectGolden(name: string, rendered: string): void {
  const file = join(GOLDEN_DIR, `${name}.txt`);
  const text = `${rendered}\n`;
  if (UPDATE) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, text);
  }
  expect(existsSync(file), `missing ${file}; run the tests with UPDATE_GOLDEN=1 to create it`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

/** A small rules file whose expressions each hold one mistake. */
const RULES = `# Rules with one mistake each, for the renderings.
definitions:
  eligible:
    label: { zh: 扶助对象, en: Eligible for assistance }
    expr: >-
      exists(category)
      and alive_in_month(p) and
      and reached_min_age(p)
  widowed:
    expr: "exists(wife) amd flag"
  double_rate:
    expr: "param(allowance.death.rate) * param(allowance.death.rate)"
  has_amount:
    expr: exists(wife) and amout > 0 CNY
  liubei: { zh: 柳北区户籍, expr: "hukou.county = '柳北去'" }
  amount:
    expr: |-
      if flag
        then 650
        else 600
`;

const source = new Source('policy/test/rules.yaml', RULES);
const file: YamlFile = (() => {
  const r = parseYaml(source);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.file;
})();

/** Parses the expression at a path of the rules file and checks it; returns every diagnostic. */
function diagnose(path: readonly PathSegment[], expected?: Type, what?: string): Diagnostic[] {
  const node = file.node(path) as { value?: unknown } | undefined;
  const parsed = parseExpression(String(node?.value), source, file.offsetMap(path));
  if (!parsed.ok) return parsed.diagnostics;
  const checker = new Checker(testEnv);
  checker.check(parsed.expr, { ...(expected ? { expected } : {}), ...(what ? { what } : {}) });
  return checker.diagnostics;
}

describe('golden renderings', () => {
  it('a syntax error inside a folded YAML expression points at its line in the file', () => {
    const d = single(diagnose(['definitions', 'eligible', 'expr']));
    expect(d.code).toBe('E-SYNTAX-EXPECTED');
    expectGolden('syntax-in-yaml', renderDiagnostic(d));
  });

  it('trailing text with a keyword suggestion and help', () => {
    const d = single(diagnose(['definitions', 'widowed', 'expr']));
    expect(d.code).toBe('E-SYNTAX-TRAILING');
    expectGolden('trailing-keyword', renderDiagnostic(d));
  });

  it('a type mismatch with help', () => {
    const d = single(diagnose(['definitions', 'double_rate', 'expr']));
    expect(d.code).toBe('E-TYPE-MISMATCH');
    expectGolden('type-mismatch-help', renderDiagnostic(d));
  });

  it('an unknown name with did-you-mean', () => {
    const d = single(diagnose(['definitions', 'has_amount', 'expr']));
    expect(d.code).toBe('E-NAME-UNKNOWN');
    expectGolden('unknown-name', renderDiagnostic(d));
  });

  it('Chinese text before the error on the same line: the caret lines up', () => {
    const d = single(diagnose(['definitions', 'liubei', 'expr']));
    expect(d.code).toBe('E-ENUM-UNKNOWN');
    const rendered = renderDiagnostic(d);
    expectGolden('cjk-caret', rendered);
    // Independently of the golden file: the carets start under the quote of '柳北去' when wide
    // characters take two columns, and there are as many as the literal is wide.
    const lines = rendered.split('\n');
    const codeLine = lines.findIndex((l) => /^\s*\d+ \| /.test(l) && l.includes("'柳北去'"));
    expect(codeLine).toBeGreaterThan(0);
    const code = lines[codeLine]!;
    const carets = lines[codeLine + 1]!;
    const quoteAt = code.indexOf("'柳北去'");
    expect(carets.indexOf('^')).toBe(displayWidth(code.slice(0, quoteAt)));
    expect(carets.slice(carets.indexOf('^'))).toBe('^'.repeat(displayWidth("'柳北去'")));
  });

  it('a span over several lines is framed line by line', () => {
    const d = single(diagnose(['definitions', 'amount', 'expr'], T.money, "definition 'amount'"));
    expect(d.code).toBe('E-TYPE-EXPECTED');
    expectGolden('multi-line-span', renderDiagnostic(d));
  });

  it('related spans are rendered as notes with their own frames', () => {
    const at = (text: string) => {
      const start = RULES.indexOf(text);
      return span(source, start, start + text.length);
    };
    const d = error('E-DEF-CYCLE', 'definitions depend on each other in a cycle: eligible → widowed → eligible', at('alive_in_month'), {
      related: [{ span: at('exists(wife)'), message: "'widowed' is used here" }],
      help: 'a definition cannot depend on itself, directly or through others',
    });
    expectGolden('related-note', renderDiagnostic(d));
  });
});
