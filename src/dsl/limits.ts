/**
 * Limits of the expression language for text from untrusted files. They live here because the
 * parser enforces them; `LIMITS` (policy/limits.ts) gathers them with the other limits.
 */
export const EXPRESSION_LIMITS = Object.freeze({
  /** Longest expression, in characters. */
  maxLength: 4000,
  /**
   * Deepest nesting: parentheses, lists and calls, `if`, `not` and unary minus, and each operator
   * of a chain (`a + b + c` is two deep); a formula deeper than this is better split into
   * named definitions, and a parser and checker that recurse stay far from the stack's end.
   */
  maxDepth: 64,
});

export type ExpressionLimits = { readonly maxLength: number; readonly maxDepth: number };
