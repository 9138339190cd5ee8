/** Limits for untrusted policy, scenario and household files, in one place. */
import { EXPRESSION_LIMITS } from '../dsl/limits.js';

export const LIMITS = Object.freeze({
  /** Largest YAML or JSON file read whole (a policy file, a scenario, one household). */
  maxFileBytes: 2 * 1024 * 1024,
  /** Deepest nesting of mappings and sequences. */
  maxDepth: 32,
  /** Most alias expansions in one YAML document (stops "billion laughs"). */
  maxAliases: 100,
  /** Longest embedded expression, in characters (enforced by the parser). */
  maxExpressionLength: EXPRESSION_LIMITS.maxLength,
  /** Deepest nesting of an embedded expression (enforced by the parser; see dsl/limits.ts). */
  maxExpressionDepth: EXPRESSION_LIMITS.maxDepth,
  /** Most children one household may list. */
  maxChildren: 20,
  /**
   * Largest record of a population, in bytes: a JSONL line, a CSV record, an element of a JSON
   * list; counted while the file is read, so that a huge record is refused before it is parsed.
   */
  maxRecordBytes: 64 * 1024,
});
