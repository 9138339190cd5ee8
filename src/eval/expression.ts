/**
 * Evaluates one expression written outside a policy file (documentation examples, `fuzhu`
 * one-liners, tests) against a policy, a household and a month: parse, check, evaluate, with
 * the reference interpreter or, to compare the two, the compiled evaluator.
 */
import { error, Source, type Diagnostic } from '../diag/index.js';
import { Checker, dates, parseExpression, type CivilDate, type Expr, type Type } from '../dsl/index.js';
import { formatValue, policyEnv, type Policy } from '../policy/index.js';
import { CompiledMonth } from './compiled.js';
import { EvalError } from './errors.js';
import type { Household } from './household.js';
import { Interpreter, monthRecord, type Engine } from './interpreter.js';
import { civilDateOf, type DateInput } from './dateInput.js';

export type ExpressionResult = { ok: true; value: unknown; type: Type; text: string } | { ok: false; diagnostics: Diagnostic[] };

/** An expression parsed and checked once, to evaluate for many households and months. */
export type CheckedExpression = { ok: true; expr: Expr; type: Type } | { ok: false; diagnostics: Diagnostic[] };

/** The month-level evaluator: the reference interpreter or the compiled evaluator. */
export type MonthEvaluatorKind = 'interpreter' | 'compiled';

/** Parses and checks an expression; with `person`, the variable `person` is in scope. */
export function checkExpression(policy: Policy, text: string, person = false): CheckedExpression {
  const parsed = parseExpression(text, new Source('<expression>', text));
  if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics };
  const checker = new Checker(policyEnv(policy));
  const personType = policy.household.records.get('person')!.type;
  const type = checker.check(parsed.expr, { scope: new Map<string, Type>(person ? [['person', personType]] : []) });
  if (checker.diagnostics.length) return { ok: false, diagnostics: checker.diagnostics };
  return { ok: true, expr: parsed.expr, type };
}

/**
 * Evaluates a checked expression for a household in a month. `person` names the role (mother,
 * father) bound to the variable `person`, as in an item evaluated for that person; it must be
 * given exactly when the expression was checked with `person` in scope.
 */
export function evaluateChecked(
  policy: Policy,
  household: Household,
  month: CivilDate,
  checked: Extract<CheckedExpression, { ok: true }>,
  person?: string,
  evaluator: MonthEvaluatorKind = 'interpreter',
): ExpressionResult {
  const missing = noPerson(household, person);
  if (missing) return missing;
  const engine: Engine =
    evaluator === 'compiled'
      ? new CompiledMonth(policy, household, month)
      : new Interpreter({ policy, globals: new Map<string, unknown>([...Object.entries(household), ['month', monthRecord(month)]]), date: dates.monthEnd(month), memo: new Map(), provisional: false, scenariosUsed: new Set() });
  try {
    const value = engine.eval(checked.expr, new Map(person ? [['person', household[person]]] : []));
    return { ok: true, value, type: checked.type, text: formatValue(value, checked.type) };
  } catch (e) {
    if (e instanceof EvalError) return { ok: false, diagnostics: [e.toDiagnostic()] };
    throw e;
  }
}

/** The error of a role the household does not have, bound to `person`. */
function noPerson(household: Household, person: string | undefined): ExpressionResult | undefined {
  if (person === undefined || household[person] !== undefined) return undefined;
  return { ok: false, diagnostics: [error('E-EVAL-NO-PERSON', `household ${household.id} has no ${person}, so 'person' has no value`, undefined, { at: `household ${household.id}` })] };
}

/**
 * `person`, when given, names the role (mother, father) bound to the variable `person`, as in
 * an item evaluated for that person.
 */
export function evaluateExpression(policy: Policy, household: Household, month: DateInput, text: string, person?: string, evaluator: MonthEvaluatorKind = 'interpreter'): ExpressionResult {
  const missing = noPerson(household, person);
  if (missing) return missing;
  const checked = checkExpression(policy, text, person !== undefined);
  return checked.ok ? evaluateChecked(policy, household, civilDateOf(month, 'month'), checked, person, evaluator) : checked;
}
