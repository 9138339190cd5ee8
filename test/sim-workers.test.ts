/**
 * Worker threads of `simulate` and of projections: given the prepared policies, the same result as
 * one thread, to the byte, and a clear error when a worker fails. They run the compiled worker (dist/), which the global setup builds;
 * vitest runs this file alone, after the others, since its tests use both cores.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyScenarioFile, dates, loadPolicy, project, projectionJson, simulate, simulationJson, type ProjectionAssumptions } from '../src/index.js';
import { readYamlFile } from '../src/policy/index.js';
import { WorkerPool } from '../src/sim/pool.js';
import { shippedPolicy, tempFile } from './helpers.js';

const WORKER = 'dist/src/sim/worker.js';
const from = dates.ymd(2019, 1, 1);
const to = dates.ymd(2019, 12, 31);
/** A year of 2,000 households on one thread and then two takes 7–12 s on a loaded 2-core machine. */
const BUDGET = 90_000;
const read = readYamlFile('policy/populations/projection.yaml');
const assumptions = (read.ok ? read.file.data : undefined) as ProjectionAssumptions;

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
      });
    const [one, two] = [await run(1), await run(2)];
    expect(JSON.stringify(simulationJson(two))).toBe(JSON.stringify(simulationJson(one)));
  }, BUDGET);

  it('keep every digit of fractional weights, whatever the order of the sums', async () => {
    const lines = readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8').trim().split('\n').slice(0, 1200);
    const weighted = tempFile('w.jsonl', lines.map((l, i) => JSON.stringify({ ...JSON.parse(l), weight: 1 + ((i * 7919) % 1000) / 997 })).join('\n'));
    const run = (jobs: number) => simulate(shippedPolicy(), weighted, { from, to, jobs });
    expect(JSON.stringify(simulationJson(await run(2)))).toBe(JSON.stringify(simulationJson(await run(1))));
  }, BUDGET);

  it('are given the prepared policies: a policy whose folder is gone runs on two threads as on one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzhu-policy-'));
    cpSync('policy/liuzhou-2018', dir, { recursive: true });
    const loaded = loadPolicy(dir);
    rmSync(dir, { recursive: true });
    if (!loaded.ok) throw new Error('policy');
    const lines = readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8').trim().split('\n').slice(0, 600);
    const population = tempFile('p.jsonl', lines.join('\n'));
    const run = (jobs: number) => simulate(loaded.policy, population, { from, to, jobs });
    expect(JSON.stringify(simulationJson(await run(2)))).toBe(JSON.stringify(simulationJson(await run(1))));
  }, BUDGET);

  it('stop with a clear error when a worker fails, without hanging', async () => {
    const script = tempFile('broken.mjs', "throw new Error('broken on purpose');");
    const started = Date.now();
    const pool = WorkerPool.start(script, 2, [shippedPolicy()], {});
    if (!pool) throw new Error('no pool');
    try {
      await expect(pool.send([1]).then(() => pool.send([2])).then(() => pool.results())).rejects.toThrow(/a worker thread failed: broken on purpose/);
    } finally {
      await pool.close();
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);
});

describe('projection on worker threads', () => {
  it('gives the same result as one thread, to the byte, with progress up to every household', async () => {
    const lines = readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8').trim().split('\n').slice(0, 300);
    const population = tempFile('p.jsonl', [...lines, '{"id": 1}'].join('\n'));
    const s = applyScenarioFile(shippedPolicy(), 'policy/scenarios/reform-2019.yaml');
    if (!s.ok) throw new Error('scenario');
    const seen: [number, number][] = [];
    const run = (jobs: number) =>
      project(shippedPolicy(), population, {
        fromYear: 2019,
        toYear: 2023,
        runs: 4,
        seed: 11,
        jobs,
        assumptions,
        scenarios: [{ id: s.scenario.id, title: s.scenario.title, policy: s.policy }],
        onProgress: (done, total) => seen.push([done, total]),
      });
    const one = projectionJson(await run(1));
    const two = projectionJson(await run(2));
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect((one as { population: { rejected: number } }).population.rejected).toBe(1);
    expect(seen.at(-1)).toEqual([301, 301]);
  }, BUDGET);
});
