/**
 * Worker threads of `simulate`: the same result as one thread, to the byte, and a clear error
 * when a worker fails. They run the compiled worker (dist/), which the global setup builds;
 * vitest runs this file alone, after the others, since its tests use both cores.
 */
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyScenarioFile, dates, simulate, simulationJson } from '../src/index.js';
import { shippedPolicy, tempFile } from './helpers.js';

const WORKER = 'dist/src/sim/worker.js';
const from = dates.ymd(2019, 1, 1);
const to = dates.ymd(2019, 12, 31);
/** A year of 2,000 households on one thread and then two takes 7–12 s on a loaded 2-core machine. */
const BUDGET = 90_000;

describe('worker threads', () => {
  beforeAll(() => {
    // Never a silent skip: without the build these tests would test nothing.
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: the worker threads run the build; run \`npm run build\` (vitest's global setup test/setup/build.ts does it)`);
  });

  it('give the same result as one thread, to the byte', async () => {
    const policy = shippedPolicy();
    const s = applyScenarioFile(policy, 'policy/scenarios/reform-2019.yaml');
    if (!s.ok) throw new Error('scenario');
    const run = (jobs: number) =>
      simulate(policy, 'policy/populations/liuzhou-sample.jsonl', {
        from,
        to,
        scenarios: [{ id: s.scenario.id, title: s.scenario.title, policy: s.policy }],
        jobs,
        sources: { policyDir: 'policy/liuzhou-2018', scenarios: [{ path: s.scenario.path, text: s.scenario.text }] },
      });
    const [one, two] = [await run(1), await run(2)];
    expect(JSON.stringify(simulationJson(two))).toBe(JSON.stringify(simulationJson(one)));
  }, BUDGET);

  it('keep every digit of fractional weights, whatever the order of the sums', async () => {
    const lines = readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8').trim().split('\n').slice(0, 1200);
    const weighted = tempFile('w.jsonl', lines.map((l, i) => JSON.stringify({ ...JSON.parse(l), weight: 1 + ((i * 7919) % 1000) / 997 })).join('\n'));
    const run = (jobs: number) => simulate(shippedPolicy(), weighted, { from, to, jobs, sources: { policyDir: 'policy/liuzhou-2018', scenarios: [] } });
    expect(JSON.stringify(simulationJson(await run(2)))).toBe(JSON.stringify(simulationJson(await run(1))));
  }, BUDGET);

  it('stop with a clear error when a worker cannot load the policy, without hanging', async () => {
    const started = Date.now();
    const run = simulate(shippedPolicy(), 'policy/populations/liuzhou-sample.jsonl', { from, to, jobs: 2, sources: { policyDir: '/no/such/policy', scenarios: [] } });
    await expect(run).rejects.toThrow(/a worker thread failed: \/no\/such\/policy does not load/);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);
});
