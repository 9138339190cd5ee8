/** "Did you mean …?": the nearest valid name to a misspelt one. */
import type { Lang } from '../messages/lang.js';
import { USAGE } from '../messages/usage.js';

/** Edit distance (insert, delete, substitute, swap of neighbours). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Longest name a suggestion is looked for: beyond it, a value is not a misspelt name. */
export const MAX_SUGGESTED_LENGTH = 64;

/** Most edits a plausible typo of a name this long (or of a candidate this long) makes. */
function allowed(a: number, b: number): number {
  return Math.max(1, Math.floor(Math.max(a, b) / 3));
}

/**
 * The closest candidate, if it is close enough to be a plausible typo. Bounded in time: a value
 * longer than any name is not searched, and a candidate whose length alone puts it out of reach
 * is skipped without computing its distance.
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > MAX_SUGGESTED_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c.length > MAX_SUGGESTED_LENGTH || Math.abs(c.length - name.length) > allowed(name.length, c.length)) continue;
    const dist = editDistance(lower, c.toLowerCase());
    if (dist < bestDistance && dist <= allowed(name.length, c.length)) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/** ` Did you mean 'x'?` (是否想用“x”？ in Chinese) or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>, lang: Lang = 'en'): string {
  const n = nearest(name, candidates);
  return n === undefined ? '' : USAGE[lang].didYouMean(n);
}
