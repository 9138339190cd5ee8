/** The expression language: grammar, AST, printer, types and type checker. */
export type * from './ast.js';
export { children, walk } from './ast.js';
export { parseExpression, type ParseResult } from './parse.js';
export { EXPRESSION_LIMITS, type ExpressionLimits } from './limits.js';
export type { OffsetMap } from './fromCst.js';
export { printExpr } from './print.js';
export { Checker, pathOf, type CheckEnv, type DefinitionSignature } from './check.js';
export { BUILTINS, ROUNDING_MODES, type RoundingMode, type Builtin } from './builtins.js';
export { T, typeName, assignable, unify, enumMember, stripOptional, isNumeric, type Type, type EnumType, type RecordType } from './types.js';
export * as dates from './dates.js';
export { nameTable } from './names.js';
export type { CivilDate } from './dates.js';
