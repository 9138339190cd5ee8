/** Evaluation: households, the interpreter, periods, results, traces and explanations. */
export { readHousehold, type Household, type HouseholdResult, type Locator } from './household.js';
export { readHouseholdFiles, type HouseholdsRead } from './householdFile.js';
export { Interpreter, monthRecord, type EvalContext, type Scope } from './interpreter.js';
export { evaluate, evaluateMonth, evaluateMonthUntil, personRoles, type Evaluation, type MonthEvaluation, type Line, type EntitlementLine, type UnsetLine } from './evaluate.js';
export { evaluationJson, money, totals, orderPayers } from './result.js';
export { parsePeriod, formatPeriod, monthsOf, monthPeriod, type Period } from './period.js';
export { Tracer, type TraceNode } from './trace.js';
export { explain } from './explain.js';
export { WORDS, type Lang } from './messages.js';
export { evaluationScope, provisionalFigures, scopeOf, scopeJson, scopeText, figureText, sourceText, dateText, sinceText, type ProvisionalFigure, type ResultScope } from './scope.js';
export { EvalError } from './errors.js';
export { roundTo } from './builtins.js';
export { evaluateExpression, type ExpressionResult } from './expression.js';
export { runPolicyTests, testFiles, type TestOutcome, type TestRun } from './policyTests.js';
export { Coverage, coverageReport, coverageTargets, describeTarget, type CoverageReport, type CoverageTarget } from './coverage.js';
export type { EvaluateOptions } from './evaluate.js';
export { checkItemShares } from './itemShares.js';
export { CompiledMonth } from './compiled.js';
