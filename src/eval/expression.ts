/**
 * Evaluates one expression written outside a policy file (documentation examples, `fuzhu`
 * one-liners, tests) against a policy, a household and a month: parse, check, evaluate.
 */
import { error, Source, type Diagnostic } from '../diag/index.js';
import { Checker, dates, parseExpression, type CivilDate, type Type } from '../dsl/index.js';
import { formatValue, policyEnv, type Policy } from '../policy/index.js';
import { EvalError } from './errors.js';
import type { Household } from './household.js';
import { Interpreter, monthRecord } from './interpreter.js';

export type ExpressionResult = { ok: true; value: unknown; type: Type; text: string } | { ok: false; diagnostics: Diagnostic[] };

/**
 * `person`, when given, names the role (wife, husband) bound to the variable `person`, as in
 * an item evaluated for that person.
 */
export function evaluateExpression(policy: Policy, household: Household, month: CivilDate, text: string, person?: string): ExpressionResult {
  const source = new Source('<expression>', text);
  if (person !== undefined && household[person] === undefined) {
    return { ok: false, diagnostics: [error('E-EVAL-NO-PERSON', `household ${household.id} has no ${person}, so 'person' has no value`, undefined, { at: `household ${household.id}` })] };
  }
  const parsed = parseExpression(text, source);
  if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics };
  const checker = new Checker(policyEnv(policy));
  const personType = policy.household.records.get('person')!.type;
  const scope = new Map<string, Type>(person ? [['person', personType]] : []);
  const type = checker.check(parsed.expr, { scope });
  if (checker.diagnostics.length) return { ok: false, diagnostics: checker.diagnostics };
  const globals = new Map<string, unknown>(Object.entries(household));
  globals.set('month', monthRecord(month));
  const interp = new Interpreter({ policy, globals, date: dates.monthEnd(month), memo: new Map(), provisional: false, scenariosUsed: new Set() });
  try {
    const value = interp.eval(parsed.expr, new Map(person ? [['person', household[person]]] : []));
    return { ok: true, value, type, text: formatValue(value, type) };
  } catch (e) {
    if (e instanceof EvalError) return { ok: false, diagnostics: [e.toDiagnostic()] };
    throw e;
  }
}
