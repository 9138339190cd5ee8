/**
 * The what-if's one pass shared among worker threads (fuzhu explore opens with it): each thread
 * keeps its share's profiles, sent back as data, and a scenario is priced from every share and
 * the results added. The figures are those of one thread and of full evaluation, to the fen,
 * with the records, rejections and repeated ids of the file counted as simulate counts them.
 * Threaded: vitest runs it with the other worker-thread files, alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyScenarioFile, simulate, simulationJson, WhatIf, type Policy } from '../src/index.js';
import { dates } from '../src/dsl/index.js';
import { shippedPolicy, tempFile, whatIfJson } from './helpers.js';

const policy = shippedPolicy();
const from = dates.ymd(2019, 1, 1);
const to = dates.ymd(2020, 12, 1);
const lines = readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8').split('\n').filter(Boolean).slice(0, 800);
/** The sample's first 800 households, one of them twice (far apart), and a record that is no household. */
const POPULATION = tempFile('whatif-threads.jsonl', [...lines.slice(0, 600), '{"id": "broken"}', lines[3]!, ...lines.slice(600)].join('\n') + '\n');

function scenario(path: string): { id: string; title: { zh: string; en: string }; policy: Policy } {
  const r = applyScenarioFile(policy, path);
  if (!r.ok) throw new Error(path);
  return { id: r.policy.scenarios.at(-1)!, title: { zh: path, en: path }, policy: r.policy };
}

describe('the what-if on worker threads', () => {
  it('gives the figures of one thread and of full evaluation, for the bundled price scenarios', { timeout: 180_000 }, async () => {
    const one = await WhatIf.of(policy, POPULATION, from, to);
    const two = await WhatIf.of(policy, POPULATION, from, to, { jobs: 2 });
    // The profiles of the threads, sent back as data (not the pass done again on one thread); the
    // slices read again for the repeated id may make a third share.
    expect(one.shares).toBe(1);
    expect(two.shares).toBeGreaterThan(1);
    expect([two.records, two.rejected]).toEqual([802, 2]);
    expect([one.records, one.rejected]).toEqual([two.records, two.rejected]);
    for (const path of ['policy/scenarios/death-800.yaml', 'policy/scenarios/city-60-percent.yaml']) {
      const s = scenario(path);
      expect(whatIfJson(two, s, from, to), path).toBe(whatIfJson(one, s, from, to));
      const full = await simulate(policy, POPULATION, { from, to, scenarios: [s], reprice: false });
      const json = simulationJson(full, policy) as Record<string, unknown>;
      delete json.rejections;
      expect(whatIfJson(two, s, from, to), path).toBe(JSON.stringify(json));
    }
    // Each thread kept its own share: the groups of two shares, at least those of one.
    expect(two.groups).toBeGreaterThanOrEqual(one.groups);
  });

  it('prices the whole sample from two shares as full evaluation does', { timeout: 180_000 }, async () => {
    const sample = 'policy/populations/liuzhou-sample.jsonl';
    const two = await WhatIf.of(policy, sample, from, to, { jobs: 2 });
    expect(two.shares).toBe(2);
    const s = scenario('policy/scenarios/death-800.yaml');
    const full = await simulate(policy, sample, { from, to, scenarios: [s], reprice: false });
    const json = simulationJson(full, policy) as Record<string, unknown>;
    delete json.rejections;
    expect(whatIfJson(two, s, from, to)).toBe(JSON.stringify(json));
  });
});
