/**
 * The interactive what-if: one pass over a population under the baseline keeps its eligibility
 * profiles; then any scenario that changes only prices (rates, amounts, payer shares) is priced
 * from them at once, exactly as full evaluation would give it. A scenario that changes who is
 * paid or when is refused here (undefined): it must be simulated. The pass is simulate's, on
 * worker threads if asked: each thread's profiles come back as data and are priced one by one.
 */
import type { CivilDate } from '../dsl/index.js';
import { civilDateOf, type DateInput } from '../eval/dateInput.js';
import type { Household } from '../eval/household.js';
import { fastEngine } from '../engines/fast.js';
import type { PreparedEngine, Stretch } from '../engines/engine.js';
import { repriceable } from '../plan/repricing.js';
import type { Policy } from '../policy/index.js';
import { weightOf } from '../policy/payers.js';
import { Aggregate } from './aggregate.js';
import { Comparison } from './compare.js';
import { preparePricing } from './pricing.js';
import { addHouseholdChange, Profiles } from './profiles.js';
import { householdOf, simulate, type Unkept } from './simulate.js';
import { passKey, readPass, writePass } from './whatIfCache.js';
import { aggregateToWire, comparisonToWire, mergeAggregate, mergeComparison } from './wire.js';

/** A household whose figures cannot be priced from leaves: it is evaluated under each scenario. */
interface Evaluated {
  readonly household: Household;
  readonly base: { readonly weighted: number; readonly own: number };
  readonly place: string;
  readonly category: string;
}

/** The households the profiles cannot carry, read again for evaluation under each scenario. */
function evaluatedOf(baseline: Policy, unkept: readonly Unkept[]): Evaluated[] {
  return unkept.map((u): Evaluated => {
    const hh = householdOf(baseline, u.record);
    if (!hh.ok) throw new Error(`internal: household of line ${u.record.line} read twice, not alike`);
    return { household: hh.household, base: u.base, place: u.place, category: u.category };
  });
}

/** How the one pass of a what-if runs: on worker threads (each keeps its share's profiles), reporting progress, stopped by a signal. */
export interface WhatIfOptions {
  readonly jobs?: number;
  /** Keep the pass between runs, and start from a kept one when the policy, the file and the range are the same (whatIfCache.ts). */
  readonly cache?: boolean;
  readonly onProgress?: (records: number) => void;
  readonly signal?: AbortSignal;
}

export class WhatIf {
  private constructor(
    readonly baseline: Policy,
    readonly from: CivilDate,
    readonly to: CivilDate,
    /** The baseline's aggregate over the population. */
    readonly base: Aggregate,
    /** The profiles, one part per thread of the pass, each priced alone and the results added. */
    private readonly parts: readonly Profiles[],
    private readonly evaluated: readonly Evaluated[],
    /** Records read, and those that are not households (or repeat an id) and were left out. */
    readonly records: number,
    readonly rejected: number,
    /** Whether the pass was one kept from an earlier run (options.cache). */
    readonly cached = false,
  ) {
    // What every pricing needs of the baseline, worked out now, while the screen waits for the pass anyway.
    for (const part of parts) preparePricing(part);
  }

  /**
   * Reads the population once under the baseline, keeping its profiles; months from `fromInput`
   * to `toInput` (CivilDates or ISO strings). With `jobs` above 1 the pass is shared among worker
   * threads as `simulate` shares it, with the same figures.
   */
  static async of(baseline: Policy, populationPath: string, fromInput: DateInput, toInput: DateInput, options: WhatIfOptions = {}): Promise<WhatIf> {
    const from = civilDateOf(fromInput, 'from');
    const to = civilDateOf(toInput, 'to');
    const key = options.cache ? await passKey(baseline, populationPath, from, to) : undefined;
    const kept = key === undefined ? undefined : readPass(key);
    if (kept) {
      const base = new Aggregate(baseline);
      mergeAggregate(base, kept.base);
      return new WhatIf(baseline, from, to, base, kept.parts.map((b) => Profiles.restore(baseline, b)), evaluatedOf(baseline, kept.unkept), kept.records, kept.rejected, true);
    }
    const pass = (jobs: number) => simulate(baseline, populationPath, { from, to, jobs, keepProfiles: true, ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    let r = await pass(options.jobs ?? 1);
    // A thread whose profiles could not be sent (a leaf of a kind that does not travel): once more, here.
    if (r.kept!.parts.includes(undefined)) r = await pass(1);
    const parts = r.kept!.parts as Profiles[];
    const { unkept } = r.kept!;
    if (key !== undefined) {
      const bytes = parts.map((p) => p.toBytes());
      if (!bytes.includes(undefined)) writePass(key, { parts: bytes as Uint8Array[], base: aggregateToWire(r.baseline), unkept, records: r.records, rejected: r.rejected });
    }
    return new WhatIf(baseline, from, to, r.baseline, parts, evaluatedOf(baseline, unkept), r.records, r.rejected);
  }

  /** Shares of the profiles, one a thread of the pass that kept households. */
  get shares(): number {
    return this.parts.length;
  }

  /** Groups of households priced once each (a measure of the pricing's work). */
  get groups(): number {
    return this.parts.reduce((n, p) => n + p.size, 0);
  }

  /** The scenario's aggregate and comparison with the baseline, or undefined when it changes more than prices. */
  price(scenario: Policy): { result: Aggregate; comparison: Comparison } | undefined {
    if (!repriceable(this.baseline, scenario)) return undefined;
    const result = new Aggregate(scenario);
    const comparison = new Comparison();
    for (const part of this.parts) {
      const priced = part.price(scenario)!;
      mergeAggregate(result, aggregateToWire(priced.result));
      mergeComparison(comparison, comparisonToWire(priced.comparison));
    }
    if (!this.evaluated.length) return { result, comparison };
    const engine: PreparedEngine = fastEngine.prepare(scenario, this.from, this.to, { amountsOnly: true });
    const rest = new Aggregate(scenario);
    for (const e of this.evaluated) {
      const stretches: Stretch[] = engine.evaluate(e.household);
      addHouseholdChange(comparison, e.household, weightOf(this.baseline, e.household), e.place, e.category, e.base, rest.add(e.household, stretches));
    }
    mergeAggregate(result, aggregateToWire(rest));
    return { result, comparison };
  }
}
