/** Limits for untrusted policy, scenario and household files, in one place. */
export const LIMITS = Object.freeze({
  /** Largest YAML or JSON file read whole (a policy file, a scenario, one household). */
  maxFileBytes: 2 * 1024 * 1024,
  /** Deepest nesting of mappings and sequences. */
  maxDepth: 32,
  /** Most alias expansions in one YAML document (stops "billion laughs"). */
  maxAliases: 100,
  /** Longest embedded expression, in characters. */
  maxExpressionLength: 4000,
  /** Most children one household may list. */
  maxChildren: 20,
  /** Longest line of a JSONL or CSV population. */
  maxLineBytes: 64 * 1024,
});
