/**
 * The benchmark's hand-written program (bench/handwritten) against `fuzhu simulate`: every
 * figure equal on households generated near every threshold and date of the policy, on several
 * seeds, over three years (yearly items, the scheme's start, the reform's date). A difference
 * is either a bug of the program or of the policy encoding; the bench relies on none.
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstDifference } from '../bench/figures.js';
import { simulateHandwritten } from '../bench/handwritten/simulate.js';
import { applyScenarioFile, dates, hintsFrom, householdArbitrary, simulate, simulationJson, testCorpus } from '../src/index.js';
import { shippedPolicy, tempFile } from './helpers.js';

/** Generated households a seed, and the time a seed takes on a loaded 2-core machine. */
const RUNS = 300;
const BUDGET = 60_000;

describe('the hand-written benchmark program', () => {
  const policy = shippedPolicy();
  const reform = applyScenarioFile(policy, 'policy/scenarios/reform-2019.yaml');
  if (!reform.ok) throw new Error('reform-2019 does not apply');
  const generated = householdArbitrary(policy, hintsFrom(policy), testCorpus(policy));

  for (const seed of [1, 7, 2018]) {
    it(`gives every figure of fuzhu simulate on generated households (seed ${seed})`, async () => {
      // The program counts every household once (weight 1), as the benchmark populations do.
      const lines = fc.sample(generated, { numRuns: RUNS, seed }).map((g, i) => JSON.stringify({ ...g.raw, weight: undefined, id: `GEN-${i}` }));
      const path = tempFile('generated.jsonl', '');
      writeFileSync(path, `${lines.join('\n')}\n`);
      const fuzhu = simulationJson(
        await simulate(policy, path, { from: dates.ymd(2018, 1, 1), to: dates.ymd(2020, 12, 31), scenarios: [{ id: reform.scenario.id, title: reform.scenario.title, policy: reform.policy }] }),
      );
      const mine = await simulateHandwritten(path, 201801, 202012);
      expect((fuzhu.population as { households: number }).households).toBe(RUNS);
      expect(firstDifference(fuzhu, mine, 'hand-written')).toBeUndefined();
    }, BUDGET);
  }

  it('is compared figure by figure: a changed figure is named by its path', async () => {
    const mine = await simulateHandwritten('policy/populations/liuzhou-sample.jsonl', 201901, 201912);
    const altered = JSON.parse(JSON.stringify(mine)) as { baseline: { items: { allowance: { payers: Record<string, string> } } } };
    altered.baseline.items.allowance.payers.city = '0.00';
    const fuzhuShaped = { ...mine, scenarios: [{ changes: mine.changes }] };
    expect(firstDifference(fuzhuShaped, mine, 'hand-written')).toBeUndefined();
    expect(firstDifference(fuzhuShaped, altered, 'hand-written')).toMatch(/^baseline\.items\.allowance\.payers\.city: fuzhu "12419200\.00", hand-written "0\.00"$/);
  });
});
