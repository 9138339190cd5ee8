/**
 * The expression cases: every string literal of the expression-level tests that is a
 * well-typed expression of a policy (with or without `person` in scope), and every expression
 * example of docs/language.md with its household, month, person and scenario. Each is
 * evaluated with the reference interpreter and with another month-level evaluator, and the
 * two results (value and type, or error code and place) compared.
 */
import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import ts from 'typescript';
import { typeName, type CivilDate } from '../../src/dsl/index.js';
import { checkExpression, evaluateChecked, type CheckedExpression, type ExpressionResult, type Household, type MonthEvaluatorKind } from '../../src/eval/index.js';
import type { Policy } from '../../src/policy/index.js';

export type Checked = Extract<CheckedExpression, { ok: true }>;

/** An expression of a test, checked against the policy; `person` when it needs that variable. */
export interface ExpressionCase {
  readonly text: string;
  readonly where: string;
  readonly checked: Checked;
  readonly person: boolean;
}

/** The string literals of a TypeScript file, with their lines. */
function stringLiterals(path: string): { text: string; line: number }[] {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: { text: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push({ text: node.text, line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** The literals of the files that check as expressions of the policy, each once. */
export function expressionCases(policy: Policy, files: readonly string[]): ExpressionCase[] {
  const seen = new Set<string>();
  const out: ExpressionCase[] = [];
  for (const path of files) {
    for (const { text, line } of stringLiterals(path)) {
      if (seen.has(text) || text.trim() === '') continue;
      seen.add(text);
      const alone = checkExpression(policy, text);
      const withPerson = alone.ok ? alone : checkExpression(policy, text, true);
      if (withPerson.ok) out.push({ text, where: `${path}:${line}`, checked: withPerson, person: !alone.ok });
    }
  }
  return out;
}

/** A value as plain data that keeps its kind: decimals apart from numbers, none apart from false. */
function canonical(v: unknown): unknown {
  if (v === undefined) return { none: true };
  if (Decimal.isDecimal(v)) return { decimal: (v as Decimal).toString() };
  if (Array.isArray(v)) return v.map(canonical);
  if (v instanceof Map) return { map: [...v].map(([k, x]) => [k, canonical(x)]) };
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canonical(x)]));
  return v;
}

/** What a result says, for comparison: the value and its type, or each diagnostic's code and place. */
export function resultText(r: ExpressionResult): string {
  if (r.ok) return `${JSON.stringify(canonical(r.value))} : ${typeName(r.type)}`;
  return r.diagnostics.map((d) => `${d.code} at ${d.span ? `${d.span.start}-${d.span.end}` : 'no span'}`).join('; ');
}

/**
 * The expression for a household in a month by the interpreter and by `evaluator`: undefined
 * when they agree, else what each gave.
 */
export function expressionDifference(policy: Policy, household: Household, month: CivilDate, checked: Checked, person: string | undefined, evaluator: MonthEvaluatorKind): string | undefined {
  const reference = resultText(evaluateChecked(policy, household, month, checked, person, 'interpreter'));
  const other = resultText(evaluateChecked(policy, household, month, checked, person, evaluator));
  return reference === other ? undefined : `interpreter ${reference}, ${evaluator} ${other}`;
}
