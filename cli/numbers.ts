/**
 * Whole-number flags (--seed, --runs, --jobs, --households): digits only, within the range the
 * work can honour. A seed is at most 2^31 - 1, since the generators keep 32 bits of it and
 * fast-check a signed 32-bit integer: a larger one would give another seed's results, or a
 * replay command with a negative seed.
 */
import type { UsageWords } from '../src/messages/usage.js';
import { UsageError } from './args.js';

export const MAX_SEED = 2 ** 31 - 1;

/** Most runs of a projection: each is a whole projection of the population, held until the end. */
export const MAX_PROJECTION_RUNS = 10_000;

/** The flag's value as a number from min to max (the fallback when the flag is absent). */
export function wholeFlag(text: string | undefined, flag: string, min: number, max: number, fallback?: number): number {
  const number = (w: UsageWords) => w.wholeNumber(min, max < Number.MAX_SAFE_INTEGER ? max : undefined);
  if (text === undefined) {
    if (fallback === undefined) throw new UsageError((w) => w.wholeRequired(flag, number(w)));
    return fallback;
  }
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError((w) => w.wholeInvalid(flag, number(w), text));
  return Number(text);
}
