/** Fuzhu's public library API: load and check a policy, apply scenarios, read households, evaluate and explain. */
export * from './diag/index.js';
export { parseExpression, printExpr, Checker, BUILTINS, ROUNDING_MODES, dates, type Expr, type Type, type CivilDate } from './dsl/index.js';
export * from './policy/index.js';
export * from './eval/index.js';
export * from './loading.js';
export { literateView, toMarkdown, toHtml, escapeHtml } from './literate/index.js';
export { ENGINES, engineById, referenceEngine, fastEngine, monthByMonth, type Engine, type EngineId, type PreparedEngine, type PrepareOptions, type Stretch, type HouseholdOutcome } from './engines/index.js';
export { repricingPlan, repriceable, type RepricingPlan } from './plan/repricing.js';
export * from './sim/index.js';
export * from './prop/index.js';
export * from './diff/index.js';
