/**
 * The what-if's pass kept between runs (`fuzhu explore` opened again): the second opening on the
 * same policy, file and range reads no household and prices as the first, to the fen; a byte
 * changed in the file, another range, another policy, or no `cache` asked, and the pass is made
 * anew. The cache is a folder of this test's own.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyScenarioFile, WhatIf, type Policy } from '../src/index.js';
import { dates } from '../src/dsl/index.js';
import { shippedPolicy, tempFile, whatIfJson } from './helpers.js';

const policy = shippedPolicy();
const from = dates.ymd(2019, 1, 1);
const to = dates.ymd(2019, 12, 1);
const lines = readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8').split('\n').filter(Boolean);
const POPULATION = tempFile('whatif-cache.jsonl', `${lines.join('\n')}\n`);
/** The same households but one, whose county of registration is another: one byte apart. */
const CHANGED = tempFile('whatif-cache-changed.jsonl', `${[lines[0]!.replace(/"county":"(\d+)"/, (_m, c: string) => `"county":"${c === '450202' ? '450203' : '450202'}"`), ...lines.slice(1)].join('\n')}\n`);

function scenario(path: string): { id: string; title: { zh: string; en: string }; policy: Policy } {
  const r = applyScenarioFile(policy, path);
  if (!r.ok) throw new Error(path);
  return { id: r.policy.scenarios.at(-1)!, title: { zh: path, en: path }, policy: r.policy };
}

/** The what-if, and how many records its pass reported reading. */
async function opened(population: string, options: { cache?: boolean; to?: number; policy?: Policy } = {}): Promise<{ w: WhatIf; read: number }> {
  let read = 0;
  const w = await WhatIf.of(options.policy ?? policy, population, from, options.to ?? to, { ...(options.cache === undefined ? {} : { cache: options.cache }), onProgress: (n) => (read = n) });
  return { w, read };
}

describe('the what-if kept between runs', () => {
  let folder: string;
  const before = process.env.FUZHU_CACHE_DIR;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'fuzhu-whatif-cache-'));
    process.env.FUZHU_CACHE_DIR = folder;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.FUZHU_CACHE_DIR;
    else process.env.FUZHU_CACHE_DIR = before;
    rmSync(folder, { recursive: true, force: true });
  });

  it('opens again from the kept pass, reading no household, with the same figures', { timeout: 60_000 }, async () => {
    const first = await opened(POPULATION, { cache: true });
    expect(first.w.cached).toBe(false);
    // Its 2,000 households read (progress comes every thousand).
    expect(first.read).toBe(2000);
    expect(readdirSync(folder).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    const again = await opened(POPULATION, { cache: true });
    expect(again.w.cached).toBe(true);
    expect(again.read).toBe(0);
    expect([again.w.records, again.w.rejected, again.w.groups]).toEqual([first.w.records, first.w.rejected, first.w.groups]);
    for (const path of ['policy/scenarios/death-800.yaml', 'policy/scenarios/city-60-percent.yaml']) {
      const s = scenario(path);
      expect(whatIfJson(again.w, s, from, to), path).toBe(whatIfJson(first.w, s, from, to));
    }
  });

  it('makes the pass anew for a byte changed in the file, another range, another policy, or no cache asked', { timeout: 60_000 }, async () => {
    await opened(POPULATION, { cache: true });
    expect((await opened(POPULATION, { cache: true })).w.cached).toBe(true);
    const changed = await opened(CHANGED, { cache: true });
    expect(changed.w.cached).toBe(false);
    expect(changed.read).toBeGreaterThan(0);
    expect((await opened(POPULATION, { cache: true, to: dates.ymd(2019, 6, 1) })).w.cached).toBe(false);
    expect((await opened(POPULATION, { cache: true, policy: scenario('policy/scenarios/death-800.yaml').policy })).w.cached).toBe(false);
    expect((await opened(POPULATION)).w.cached).toBe(false);
  });
});
