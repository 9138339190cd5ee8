/**
 * A projection evaluates each year once for the runs that drew the same events by its end: its
 * totals must equal those of every run aged over all the years and evaluated over the whole
 * range, household by household, to the fen (generated households, raised event rates so that
 * runs part early and often, several seeds).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyScenarioFile, dates, hintsFrom, householdArbitrary, Random, testCorpus, type ProjectionAssumptions } from '../src/index.js';
import { fastEngine } from '../src/engines/index.js';
import { payerDecl, readYamlFile, weightOf, type Policy } from '../src/policy/index.js';
import { drawEvents } from '../src/sim/ageing.js';
import { weightedShares } from '../src/sim/aggregate.js';
import { Weight } from '../src/sim/money.js';
import { ageHousehold, householdSeed, ProjectionRuns } from '../src/sim/project.js';
import type { Household } from '../src/eval/index.js';
import { shippedPolicy } from './helpers.js';

const read = readYamlFile('policy/populations/projection.yaml');
const shipped = (read.ok ? read.file.data : undefined) as ProjectionAssumptions;
/** Deaths and disabilities ten to a hundred times as likely as the shipped laws make them. */
const eventful: ProjectionAssumptions = { ...shipped, mortality: { ...shipped.mortality, women: { a: 0.01, b: 0.05 }, men: { a: 0.02, b: 0.05 } }, children: { ...shipped.children, death: 0.1, disability: 0.15 } };
const FROM = 2018;
const TO = 2026;
const RUNS = 6;
const HOUSEHOLDS = 12;

/** Each run's sums by policy and year, as a projection worked them out before it shared years: every run aged to the last year and evaluated over the whole range. */
function runAlone(policies: readonly Policy[], h: Household, seed: number, run: number, record: number): number[] {
  const aged = ageHousehold(h, FROM, TO, eventful, new Random(householdSeed(seed, run, record)));
  const weight = Weight.of(weightOf(policies[0]!, aged));
  const out: number[] = [];
  for (const policy of policies) {
    const years = Array.from({ length: TO - FROM + 1 }, () => [0, 0]);
    for (const { month, length, evaluation } of fastEngine.prepare(policy, dates.ymd(FROM, 1, 1), dates.ymd(TO, 12, 1), { amountsOnly: true }).evaluate(aged)) {
      for (const line of evaluation.lines) {
        const times = line.every === 'month' ? length : 1;
        for (const [payer, fen] of weightedShares(line, weight)) {
          years[dates.yearOf(month) - FROM]![0]! += fen * times;
          if (payerDecl(policy, payer) === policy.payers[0]) years[dates.yearOf(month) - FROM]![1]! += fen * times;
        }
      }
    }
    out.push(...years.flat());
  }
  return out;
}

describe('a projection sharing years among runs', () => {
  const policy = shippedPolicy();
  const scenario = applyScenarioFile(policy, 'policy/scenarios/reform-2019.yaml');
  if (!scenario.ok) throw new Error('scenario');
  const policies = [policy, scenario.policy];
  const generated = householdArbitrary(policy, hintsFrom(policy), testCorpus(policy));

  for (const seed of [1, 7, 2018]) {
    it(`gives every run's totals of runs evaluated alone over the whole range (seed ${seed})`, () => {
      const sample = fc.sample(generated, { numRuns: HOUSEHOLDS, seed });
      const households = sample.map((g) => g.household);
      const runs = new ProjectionRuns(policies, { fromYear: FROM, toYear: TO, runs: RUNS, seed, assumptions: eventful });
      sample.forEach((g, i) => runs.add({ line: i + 1, record: i + 1, data: g.raw }));
      let events = 0;
      for (let run = 0; run < RUNS; run++) {
        const alone = households.map((h, i) => runAlone(policies, h, seed, run, i + 1));
        events += households.reduce((n, h, i) => n + drawEvents(h, FROM, TO, eventful, new Random(householdSeed(seed, run, i + 1))).length, 0);
        const expected = alone[0]!.map((_, k) => alone.reduce((sum, a) => sum + a[k]!, 0));
        const got = policies.flatMap((_, p) => Array.from({ length: TO - FROM + 1 }, (_, y) => [runs.totals.total(run, p, y), runs.totals.city(run, p, y)]).flat());
        expect(got).toEqual(expected);
      }
      expect(runs.rejected).toBe(0);
      // The runs did part: events were drawn, so years were shared by some runs and not others.
      expect(events).toBeGreaterThan(HOUSEHOLDS);
    });
  }

  it('draws the same events for the years up to one, whatever the last year drawn', () => {
    fc.assert(
      fc.property(generated, fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: FROM, max: TO }), (g, seed, last) => {
        const all = drawEvents(g.household, FROM, TO, eventful, new Random(seed));
        expect(drawEvents(g.household, FROM, last, eventful, new Random(seed))).toEqual(all.filter((e) => e.year <= last));
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
