/**
 * The interactive what-if: one pass over a population under the baseline keeps its eligibility
 * profiles; then any scenario that changes only prices (rates, amounts, payer shares) is priced
 * from them at once, exactly as full evaluation would give it. A scenario that changes who is
 * paid or when is refused here (undefined): it must be simulated.
 */
import type { CivilDate } from '../dsl/index.js';
import { civilDateOf, type DateInput, type Household } from '../eval/index.js';
import { fastEngine, type PreparedEngine, type Stretch } from '../engines/index.js';
import { breakdownValue, weightOf, type Policy } from '../policy/index.js';
import { Aggregate } from './aggregate.js';
import { Comparison } from './compare.js';
import { addHouseholdChange, lastCategory, Profiles } from './profiles.js';
import { readPopulation } from './readers.js';
import { householdOf, SeenIds } from './simulate.js';
import { aggregateToWire, mergeAggregate } from './wire.js';

/** A household whose figures cannot be priced from leaves: it is evaluated under each scenario. */
interface Evaluated {
  readonly household: Household;
  readonly base: { readonly weighted: number; readonly own: number };
  readonly place: string;
  readonly category: string;
}

export class WhatIf {
  private constructor(
    readonly baseline: Policy,
    readonly from: CivilDate,
    readonly to: CivilDate,
    /** The baseline's aggregate over the population. */
    readonly base: Aggregate,
    private readonly profiles: Profiles,
    private readonly evaluated: readonly Evaluated[],
    /** Records read, and those that are not households (or repeat an id) and were left out. */
    readonly records: number,
    readonly rejected: number,
  ) {}

  /** Reads the population once under the baseline, keeping its profiles; months from `fromInput` to `toInput` (CivilDates or ISO strings). */
  static async of(baseline: Policy, populationPath: string, fromInput: DateInput, toInput: DateInput): Promise<WhatIf> {
    const from = civilDateOf(fromInput, 'from');
    const to = civilDateOf(toInput, 'to');
    const engine = fastEngine.prepare(baseline, from, to, { profiles: true, amountsOnly: true });
    const profiles = new Profiles(baseline);
    const base = new Aggregate(baseline);
    const evaluated: Evaluated[] = [];
    const ids = new SeenIds();
    let records = 0;
    let rejected = 0;
    for await (const read of readPopulation(populationPath, baseline)) {
      const hh = householdOf(baseline, { ...read, record: ++records });
      if (!hh.ok || ids.add(hh.household.id)) {
        rejected++;
        continue;
      }
      const h = hh.household;
      const stretches = engine.evaluate(h);
      const total = base.add(h, stretches);
      const place = breakdownValue(baseline, h);
      const category = lastCategory(stretches);
      const ticket = profiles.ticket(h, stretches, place, category);
      if (ticket) profiles.add(ticket, total);
      else evaluated.push({ household: h, base: total, place, category });
    }
    profiles.compact();
    return new WhatIf(baseline, from, to, base, profiles, evaluated, records, rejected);
  }

  /** Groups of households priced once each (a measure of the pricing's work). */
  get groups(): number {
    return this.profiles.size;
  }

  /** The scenario's aggregate and comparison with the baseline, or undefined when it changes more than prices. */
  price(scenario: Policy): { result: Aggregate; comparison: Comparison } | undefined {
    const priced = this.profiles.price(scenario);
    if (!priced || !this.evaluated.length) return priced;
    const engine: PreparedEngine = fastEngine.prepare(scenario, this.from, this.to, { amountsOnly: true });
    const rest = new Aggregate(scenario);
    for (const e of this.evaluated) {
      const stretches: Stretch[] = engine.evaluate(e.household);
      addHouseholdChange(priced.comparison, e.household, weightOf(this.baseline, e.household), e.place, e.category, e.base, rest.add(e.household, stretches));
    }
    mergeAggregate(priced.result, aggregateToWire(rest));
    return priced;
  }
}
