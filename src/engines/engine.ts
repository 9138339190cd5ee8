/**
 * The one interface every engine offers: prepare a policy (with its scenarios applied) once for
 * a range of months, then evaluate households over that range. A result is a list of stretches:
 * runs of consecutive months whose evaluation is the same, so that an engine that can tell when
 * nothing changes evaluates once per stretch and the reference evaluates every month.
 */
import type { CivilDate } from '../dsl/index.js';
import type { EvalError, Household, MonthEvaluation } from '../eval/index.js';
import type { Policy } from '../policy/index.js';

/**
 * `length` consecutive months from `month` (a first day) with the same evaluation. Monthly
 * lines are due in each month of the stretch; yearly and one-off lines only in its first.
 */
export interface Stretch {
  readonly month: CivilDate;
  readonly length: number;
  readonly evaluation: MonthEvaluation;
}

/** A household's result over the range, or the evaluation error that stopped it. */
export type HouseholdOutcome = { readonly ok: true; readonly stretches: readonly Stretch[] } | { readonly ok: false; readonly error: EvalError };

export interface PreparedEngine {
  /** Every month of the range, in stretches; throws the EvalError that stops the household. */
  evaluate(household: Household): Stretch[];
  /** A batch of households, each with its stretches or its error. */
  evaluateBatch(households: readonly Household[]): HouseholdOutcome[];
}

export interface PrepareOptions {
  /**
   * Keep, with each month's evaluation, the due items whose figures read price parameters and
   * the values of their leaves (plan/repricing.ts), for re-pricing. The fast engine only.
   */
  readonly profiles?: boolean;
  /** Leave entitlements (which have no amount) out of each month's evaluation: a simulation counts money only. */
  readonly amountsOnly?: boolean;
}

export interface Engine {
  readonly id: EngineId;
  /** Prepares a checked policy for the months `from` to `to` (first days, both included). */
  prepare(policy: Policy, from: CivilDate, to: CivilDate, options?: PrepareOptions): PreparedEngine;
}

export type EngineId = 'interpreter' | 'fast';
