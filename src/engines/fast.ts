/**
 * The fast engine: the policy's expressions compiled once to generated JavaScript functions, and each household
 * evaluated once per stretch of months in which nothing its result depends on changes (the
 * compiled functions note, as they run, the months from which a comparison with the month could
 * turn out otherwise; see plan/monthDependence.ts).
 */
import type { CivilDate } from '../dsl/index.js';
import { MonthSteps } from '../eval/evaluate.js';
import type { Household } from '../eval/household.js';
import type { Policy } from '../policy/index.js';
import { parameterCutMonths } from '../plan/cuts.js';
import { batchOf } from './batch.js';
import type { Engine, PrepareOptions, PreparedEngine } from './engine.js';
import { repricingPlan } from '../plan/repricing.js';
import { walkRange } from './range.js';

export const fastEngine: Engine = {
  id: 'fast',
  prepare(policy: Policy, from: CivilDate, to: CivilDate, options: PrepareOptions = {}): PreparedEngine {
    const cuts = parameterCutMonths(policy);
    const profile = options.profiles ? repricingPlan(policy) : undefined;
    // One compiled state for every household: each month starts it afresh.
    const steps = new MonthSteps(policy, { profile, amountsOnly: options.amountsOnly ?? false });
    const evaluate = (household: Household) => walkRange(from, to, cuts, (month, due) => steps.step(household, month, due));
    return { evaluate, evaluateBatch: batchOf(evaluate) };
  },
};
