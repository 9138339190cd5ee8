/**
 * Worker threads of `simulate` and of projections: given the prepared policies, the same result as
 * one thread, to the byte, and a clear error when a worker fails; a JSONL population read by the
 * workers themselves, slice by slice, with the same records, lines, rejections and duplicates.
 * They run the compiled worker (dist/), which the global setup builds;
 * vitest runs this file alone, after the others, since its tests use both cores.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyScenarioFile, dates, loadPolicy, project, projectionJson, readPopulation, simulate, simulationJson, type ProjectionAssumptions } from '../src/index.js';
import { LIMITS, readYamlFile } from '../src/policy/index.js';
import { WorkerPool } from '../src/sim/pool.js';
import { readJsonlRange } from '../src/sim/readers.js';
import { lineSlices } from '../src/sim/slices.js';
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

const SAMPLE = readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8').trim().split('\n').slice(0, 40);
const withId = (i: number, change: object) => JSON.stringify({ ...JSON.parse(SAMPLE[i]!), ...change });
const TOO_LARGE = withId(0, { note: 'x'.repeat(LIMITS.maxRecordBytes) });
/** A line that starts with a byte-order mark, as where two files were joined. */
const BOM = `\uFEFF${SAMPLE[5]}`;
const reform = () => {
  const s = applyScenarioFile(shippedPolicy(), 'policy/scenarios/reform-2019.yaml');
  if (!s.ok) throw new Error('scenario');
  return [{ id: s.scenario.id, title: s.scenario.title, policy: s.policy }];
};

/** The parts of a simulation's JSON read here. */
type Json = { population: { records: number; households: number }; rejections?: { line: number; record: number; code: string }[] };

/** The simulation JSON of a population on one thread, and on two reading it in slices of each size given (with the progress they report). */
async function slicedAsOne(text: string, sizes: readonly number[], jobs = 2): Promise<{ one: Json; progress: number[][] }> {
  const path = tempFile('p.jsonl', text);
  const options = { from, to, scenarios: reform() };
  const one = JSON.stringify(simulationJson(await simulate(shippedPolicy(), path, { ...options, jobs: 1 })));
  const progress: number[][] = [];
  for (const sliceBytes of sizes) {
    const seen: number[] = [];
    const sliced = await simulate(shippedPolicy(), path, { ...options, jobs, sliceBytes, onProgress: (n) => seen.push(n) });
    expect(JSON.stringify(simulationJson(sliced)), `slices of ${sliceBytes} bytes`).toBe(one);
    progress.push(seen);
  }
  return { one: JSON.parse(one) as Json, progress };
}

const rejections = (json: Json) => (json.rejections ?? []).map((r) => [r.line, r.record, r.code]);

describe('a JSONL population read by the workers in slices', () => {
  it('finds the rejections of every slice and the ids repeated within a slice and across slices, numbered as one thread does', async () => {
    const lines = [
      ...SAMPLE.slice(0, 4),
      '{"id": "broken"',
      '',
      withId(6, { wife: { birth_date: '1963-02-30' } }),
      `${SAMPLE[7]}\r`,
      SAMPLE[2]!,
      ...SAMPLE.slice(8, 12),
      SAMPLE[9]!,
      SAMPLE[6]!,
      '   ',
      SAMPLE[2]!,
      ...SAMPLE.slice(12, 30),
    ];
    const { one, progress } = await slicedAsOne(lines.join('\n') + '\n', [1, 700, 4000]);
    expect(rejections(one)).toEqual([
      [5, 5, 'E-POP-RECORD'],
      [7, 6, 'E-HH-DATE'],
      [9, 8, 'E-POP-DUPLICATE-ID'],
      [14, 13, 'E-POP-DUPLICATE-ID'],
      // The first record of this id was refused, yet it holds the id.
      [15, 14, 'E-POP-DUPLICATE-ID'],
      [17, 15, 'E-POP-DUPLICATE-ID'],
    ]);
    for (const seen of progress) {
      expect(seen.at(-1)).toBe(one.population.records);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    }
  }, BUDGET);

  it('reads a byte-order mark and a record too large at a slice boundary, and a last line without a newline, as one thread does', async () => {
    const lines = [`\uFEFF${SAMPLE[0]}`, SAMPLE[1]!, BOM, SAMPLE[2]!, TOO_LARGE, SAMPLE[3]!, SAMPLE[4]!];
    const before = (i: number) => Buffer.byteLength(lines.slice(0, i).join('\n')) + 1;
    const { one } = await slicedAsOne(lines.join('\n'), [1, before(2), before(4), before(5)]);
    expect(rejections(one)).toEqual([
      [3, 3, 'E-POP-RECORD'],
      [5, 5, 'E-POP-TOO-LARGE'],
    ]);
    expect(one.population.households).toBe(5);
  }, BUDGET);

  it('gives a file of fewer lines than workers, and one of blank lines only, as one thread does', async () => {
    expect((await slicedAsOne(SAMPLE[0]!, [1], 3)).one.population.households).toBe(1);
    expect((await slicedAsOne('\n  \n', [1])).one.population.records).toBe(0);
  }, BUDGET);

  it('gives any mix of households, repeated ids, faults and blank lines, in slices of any size, as one thread does', async () => {
    const pieces = [...SAMPLE.slice(0, 6), '', ' \r', '{"id": "SYN-0000001"', BOM, `${SAMPLE[1]}\r`, withId(3, { hukou: { county: '999999', type: 'urban' } })];
    const files = fc.record({
      picks: fc.array(fc.integer({ min: 0, max: pieces.length - 1 }), { minLength: 1, maxLength: 30 }),
      finalNewline: fc.boolean(),
      sliceBytes: fc.integer({ min: 1, max: 3000 }),
    });
    for (const seed of [3, 17, 2024]) {
      await fc.assert(
        fc.asyncProperty(files, async ({ picks, finalNewline, sliceBytes }) => {
          await slicedAsOne(picks.map((i) => pieces[i]).join('\n') + (finalNewline ? '\n' : ''), [sliceBytes]);
        }),
        { seed, numRuns: 2 },
      );
    }
  }, BUDGET);
});

describe('slices of a JSONL file', () => {
  it('read one after another, give the records of the whole file, at the same lines', async () => {
    const lineOf = fc.oneof(fc.constantFrom(...SAMPLE.slice(0, 3), '', '  ', '\uFEFF', BOM, TOO_LARGE, '{"id":', 'é\r'), fc.string());
    const files = fc.record({ lines: fc.array(lineOf, { maxLength: 25 }), bom: fc.boolean(), finalNewline: fc.boolean(), sliceBytes: fc.integer({ min: 1, max: 2 * LIMITS.maxRecordBytes }) });
    const all = async <T>(it: AsyncIterable<T>) => {
      const out: T[] = [];
      for await (const x of it) out.push(x);
      return out;
    };
    for (const seed of [5, 99, 31337]) {
      await fc.assert(
        fc.asyncProperty(files, async ({ lines, bom, finalNewline, sliceBytes }) => {
          const path = tempFile('p.jsonl', (bom ? '\uFEFF' : '') + lines.join('\n') + (finalNewline ? '\n' : ''));
          const whole = await all(readPopulation(path, shippedPolicy()));
          const slices = await all(lineSlices(path, () => sliceBytes));
          slices.forEach((s, i) => expect(s.start).toBe(i === 0 ? 0 : slices[i - 1]!.end));
          const sliced = (await Promise.all(slices.map((s) => all(readJsonlRange(path, s))))).flat();
          expect(sliced).toEqual(whole);
        }),
        { seed, numRuns: 40 },
      );
    }
  }, 60_000);
});

describe('a population read on the main thread, households sent to the workers', () => {
  it('from a workbook: the same result as one thread, its rejections located by sheet, row and column', async () => {
    const { flatRows, sample, writeWorkbook } = await import('./populationFiles.js');
    const { header, rows } = flatRows(sample(600));
    const county = header.indexOf('hukou.county');
    const path = join(mkdtempSync(join(tmpdir(), 'fuzhu-')), 'pop.xlsx');
    await writeWorkbook(path, [{ name: '户籍', rows: [header, ...rows, rows[0]!.map((v, i) => (i === 0 ? 'BAD-1' : i === county ? 'Liubei' : v))] }]);
    const run = async (jobs: number) => simulationJson(await simulate(shippedPolicy(), path, { from, to, jobs }));
    const one = await run(1);
    expect(await run(2)).toEqual(one);
    expect(one.rejections).toEqual([expect.objectContaining({ line: 602, code: 'E-HH-ENUM', sheet: { name: '户籍', column: String.fromCharCode(65 + county), field: 'hukou.county' } })]);
  }, BUDGET);

  it('refuses an encoding a JSONL file does not have, as one thread does', async () => {
    const e = await simulate(shippedPolicy(), 'policy/populations/liuzhou-sample.jsonl', { from, to, jobs: 2, encoding: 'gbk' }).catch((x: unknown) => x);
    expect((e as { diagnostic?: { code: string } }).diagnostic?.code).toBe('E-POP-ENCODING');
  }, BUDGET);
});
