/**
 * A simulation stopped by its signal (a newer question made it moot, as in `fuzhu explore`):
 * on one thread and on two, it rejects with the signal's reason soon after the abort, and a
 * run that is not stopped gives its figures as before. Threaded:
 * vitest runs it with the other worker-thread files, alone.
 */
import { describe, expect, it } from 'vitest';
import { simulate, simulationJson } from '../src/index.js';
import { dates } from '../src/dsl/index.js';
import { shippedPolicy } from './helpers.js';

const policy = shippedPolicy();
const SAMPLE = 'policy/populations/liuzhou-sample.jsonl';
const range = { from: dates.ymd(2018, 1, 1), to: dates.ymd(2030, 12, 1) };

class Moot extends Error {}

describe('a simulation stopped by its signal', () => {
  it.each([1, 2])('rejects with the reason on %i thread(s), once some households are done, not at the end of the file', { timeout: 120_000 }, async (jobs) => {
    const controller = new AbortController();
    let seen = 0;
    const run = simulate(policy, SAMPLE, {
      ...range,
      jobs,
      sliceBytes: 64 << 10,
      signal: controller.signal,
      onProgress: (done) => {
        seen = done;
        if (done >= 500) controller.abort(new Moot('a newer edit'));
      },
    });
    await expect(run).rejects.toBeInstanceOf(Moot);
    // Stopped where it was, not at the end of the file (2,000 households).
    expect(seen).toBeLessThan(2000);
  });

  it('refuses at once a signal already aborted, and a run not stopped gives its figures', { timeout: 120_000 }, async () => {
    await expect(simulate(policy, SAMPLE, { ...range, signal: AbortSignal.abort(new Moot('before')) })).rejects.toBeInstanceOf(Moot);
    const controller = new AbortController();
    const plain = await simulate(policy, SAMPLE, { ...range, jobs: 2 });
    const watched = await simulate(policy, SAMPLE, { ...range, jobs: 2, signal: controller.signal });
    expect(JSON.stringify(simulationJson(watched, policy))).toBe(JSON.stringify(simulationJson(plain, policy)));
  });
});
