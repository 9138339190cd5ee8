/**
 * Compares the figures of two simulation results, figure by figure: each leaf of the first
 * (`fuzhu simulate --json`) against the same path in the second, and the other way round.
 * The Fuzhu result's first scenario's `changes` is compared with the other's top-level `changes`.
 */

type Json = unknown;

function leaves(v: Json, path: string, out: Map<string, string>): void {
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, Json>)) leaves(x, path ? `${path}.${k}` : k, out);
  } else out.set(path, JSON.stringify(v));
}

/** The sections both results have: populations, totals and breakdowns, the comparison. */
function figures(result: Record<string, Json>, fromFuzhu: boolean): Map<string, string> {
  const out = new Map<string, string>();
  const changes = fromFuzhu ? (result.scenarios as { changes: Json }[] | undefined)?.[0]?.changes : result.changes;
  for (const key of ['population', 'baseline', 'scenario', 'delta', 'households']) leaves(result[key], key, out);
  leaves(changes, 'changes', out);
  return out;
}

/**
 * The first figure that differs, as a sentence, or undefined when every figure is the same.
 * `only` limits the comparison to paths starting with one of the prefixes given.
 */
export function firstDifference(fuzhu: Record<string, Json>, other: Record<string, Json>, otherName: string, only?: readonly string[]): string | undefined {
  const a = figures(fuzhu, true);
  const b = figures(other, false);
  const wanted = (p: string) => !only || only.some((o) => p === o || p.startsWith(`${o}.`));
  for (const [path, v] of a) {
    if (!wanted(path)) continue;
    const w = b.get(path);
    if (w !== v) return `${path}: fuzhu ${v}, ${otherName} ${w ?? '(missing)'}`;
  }
  if (!only) for (const [path, w] of b) if (!a.has(path)) return `${path}: fuzhu (missing), ${otherName} ${w}`;
  return undefined;
}
