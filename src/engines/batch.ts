/** A batch of households through one engine: each its stretches, or the evaluation error that stopped it. */
import { EvalError } from '../eval/errors.js';
import type { Household } from '../eval/household.js';
import type { HouseholdOutcome, Stretch } from './engine.js';

export function batchOf(evaluate: (household: Household) => Stretch[]): (households: readonly Household[]) => HouseholdOutcome[] {
  return (households) =>
    households.map((h) => {
      try {
        return { ok: true, stretches: evaluate(h) };
      } catch (e) {
        if (e instanceof EvalError) return { ok: false, error: e };
        throw e;
      }
    });
}
