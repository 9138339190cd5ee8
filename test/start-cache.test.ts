/**
 * Instant start: a checked policy restored from the cache is the policy a fresh load gives, a
 * changed byte in any policy or scenario file is seen by the next run, and `check` and `eval`
 * load none of the heavy libraries when the policy is cached.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompared } from '../src/cache/checked.js';
import { decode, encode } from '../src/cache/codec.js';
import { repriceable } from '../src/plan/repricing.js';
import { evaluate, evaluationJson, loadWithScenarios, parsePeriod, readHouseholdFiles, Source, UNSET, type Policy } from '../src/index.js';
import { fuzhu, fuzhuProcess, tempDir } from './cliRun.js';

const POLICY = 'policy/liuzhou-2018';
const EXAMPLES = `${POLICY}/examples`;
const DIST = join(process.cwd(), 'dist');
const SCENARIO = 'policy/scenarios/reform-2019.yaml';

/**
 * Whether two graphs are the same shape object for object: equal primitives, the same
 * prototypes, keys, Map and Set entries in order, and the same sharing (an object met twice in
 * one is the same object met twice in the other). Each pair is visited once, so that a policy's
 * many shared spans and types cost nothing more.
 */
function sameGraph(a: unknown, b: unknown, pairs = new Map<object, object>()): boolean {
  if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') return Object.is(a, b) || (typeof a === 'function' && a === b);
  const met = pairs.get(a);
  if (met) return met === b;
  pairs.set(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Map || a instanceof Set) {
    const x = [...a.entries()];
    const y = [...(b as Map<unknown, unknown>).entries()];
    return x.length === y.length && x.every(([k, v], i) => sameGraph(k, y[i]![0], pairs) && sameGraph(v, y[i]![1], pairs));
  }
  const keys = Object.getOwnPropertyNames(a).sort();
  const other = Object.getOwnPropertyNames(b).sort();
  return keys.join('\0') === other.join('\0') && keys.every((k) => sameGraph((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], pairs));
}

function loaded(scenarios: string[] = []): Policy {
  const r = loadWithScenarios(POLICY, scenarios);
  if (!r.ok) throw new Error('the shipped policy does not load');
  return r.policy;
}

describe('the cache codec', () => {
  it('restores a checked policy with a scenario exactly: classes, Maps, shared objects and UNSET', () => {
    const policy = loaded([SCENARIO]);
    const bytes = encode(policy);
    expect(bytes).toBeDefined();
    const back = decode(bytes!) as Policy;
    expect(sameGraph(back, policy)).toBe(true);
    expect(sameGraph(back, loaded())).toBe(false);
    const value = [...back.parameters.values()].flatMap((p) => p.values).find((v) => v.value instanceof Decimal)!.value as Decimal;
    expect(value.plus(1).minus(1).equals(value)).toBe(true);
    expect([...back.parameters.values()].some((p) => p.values.some((v) => v.value === UNSET))).toBe(true);
    expect(back.sources[0]).toBeInstanceOf(Source);
    expect(back.sources[0]!.position(0)).toEqual({ line: 1, column: 1 });
    // A span's source is the same object as the policy's source, as it was before.
    const definition = [...back.definitions.values()][0]!;
    expect(back.sources).toContain(definition.span.source);
  });

  it('gives the same evaluation of every example, month and year, as a fresh load', () => {
    const policy = loaded([SCENARIO]);
    const back = decode(encode(policy)!) as Policy;
    for (const period of ['2019-03', '2020']) {
      const p = parsePeriod(period)!;
      const fresh = readHouseholdFiles(policy, EXAMPLES).households.map((h) => evaluationJson(evaluate(policy, h, p), policy));
      const restored = readHouseholdFiles(back, EXAMPLES).households.map((h) => evaluationJson(evaluate(back, h, p), back));
      expect(restored.length).toBeGreaterThan(1);
      expect(restored).toStrictEqual(fresh);
    }
  });

  it('refuses what it could not bring back: a function, another class, a symbol key', () => {
    expect(encode({ f: () => 1 })).toBeUndefined();
    expect(encode({ d: new Date(0) })).toBeUndefined();
    expect(encode({ [Symbol('s')]: 1 })).toBeUndefined();
    expect(encode({ e: new (Decimal.clone({ precision: 80 }))(1) })).toBeUndefined();
    expect(decode(encode({ ok: [1, 'two', new Map([[3, new Set([4])]])] })!)).toStrictEqual({ ok: [1, 'two', new Map([[3, new Set([4])]])] });
    expect(encode({ view: new DataView(new ArrayBuffer(4)) })).toBeUndefined();
  });

  it('carries typed arrays as they are (the what-if\'s profiles travel between threads so)', () => {
    const columns = { count: Float64Array.of(1.5, 2), weight: Int32Array.of(-3), marks: Uint8Array.of(255) };
    const back = decode(encode(columns)!) as typeof columns;
    expect(back.count).toBeInstanceOf(Float64Array);
    expect(back.weight).toBeInstanceOf(Int32Array);
    expect(back).toStrictEqual(columns);
  });
});

describe('the policy cache of the command line', () => {
  let cache: string;
  const before = process.env.FUZHU_CACHE_DIR;
  beforeAll(() => {
    cache = tempDir();
    process.env.FUZHU_CACHE_DIR = cache;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.FUZHU_CACHE_DIR;
    else process.env.FUZHU_CACHE_DIR = before;
  });
  const entries = () => readdirSync(cache).filter((f) => f.endsWith('.bin')).length;

  it('sees a change to a policy file made after a cached check, and the change undone', async () => {
    const dir = tempDir();
    cpSync(POLICY, dir, { recursive: true });
    const first = await fuzhu('check', dir);
    expect(first.code).toBe(0);
    const stored = entries();
    expect(stored).toBe(1);
    const again = await fuzhu('check', dir);
    expect(again).toStrictEqual(first);
    expect(entries()).toBe(stored);

    const rules = join(dir, 'rules.yaml');
    const text = readFileSync(rules, 'utf8');
    writeFileSync(rules, text.replace('param(scheme.start_date)', 'param(scheme.start_dat)'));
    const broken = await fuzhu('check', dir);
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('E-PARAM-UNKNOWN');
    expect(broken.err).toMatch(/rules\.yaml:\d+:\d+/);

    writeFileSync(rules, text);
    expect(await fuzhu('check', dir)).toStrictEqual(first);
  });

  it('sees a changed parameter in eval, and a changed scenario file', async () => {
    const dir = tempDir();
    cpSync(POLICY, dir, { recursive: true });
    const household = join(dir, 'examples', 'death-couple.yaml');
    const base = await fuzhu('eval', household, '--period', '2019-03', '--policy', dir, '--json');
    expect(base.code).toBe(0);
    const parameters = join(dir, 'parameters.yaml');
    writeFileSync(parameters, readFileSync(parameters, 'utf8').replace('2018-07-01: 49', '2018-07-01: 99'));
    const changed = await fuzhu('eval', household, '--period', '2019-03', '--policy', dir, '--json');
    expect(changed.code).toBe(0);
    expect(JSON.parse(changed.out)).not.toStrictEqual(JSON.parse(base.out));

    const scenario = join(tempDir(), 'reform.yaml');
    cpSync(SCENARIO, scenario);
    const withScenario = await fuzhu('eval', household, '--period', '2019-03', '--policy', dir, '--scenario', scenario, '--json');
    expect(withScenario.code).toBe(0);
    appendFileSync(scenario, '\nnot_a_field: 1\n');
    const refused = await fuzhu('eval', household, '--period', '2019-03', '--policy', dir, '--scenario', scenario, '--json');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('E-SCHEMA-UNKNOWN-FIELD');
  });

  it('keeps a baseline with its scenarios for simulate: restored, a price scenario is still priced from profiles; a changed scenario is seen', async () => {
    const scenario = join(tempDir(), 'reform.yaml');
    cpSync(SCENARIO, scenario);
    const made = await loadCompared(POLICY, [scenario]);
    const stored = entries();
    const restored = await loadCompared(POLICY, [scenario]);
    expect(entries()).toBe(stored);
    expect(restored).not.toBe(made);
    for (const run of [made, restored]) {
      expect(run.loaded.ok && run.applied?.ok).toBe(true);
      if (!run.loaded.ok || !run.applied?.ok) continue;
      // Re-pricing knows a price-only scenario by the items it shares with the baseline.
      expect(repriceable(run.loaded.policy, run.applied.scenarios[0]!.policy)).toBe(true);
    }
    const args = ['simulate', '--population', 'policy/populations/liuzhou-sample.jsonl', '--from', '2019-01', '--to', '2019-12', '--scenario', scenario, '--json', '--jobs', '1'];
    const first = await fuzhu(...args);
    expect(first.code).toBe(0);
    expect(await fuzhu(...args)).toStrictEqual(first);
    writeFileSync(scenario, readFileSync(scenario, 'utf8').replace('value: 800', 'value: 900'));
    const changed = await fuzhu(...args);
    expect(changed.code).toBe(0);
    const totals = (out: string) => (JSON.parse(out) as { scenarios: { result: { totals: { amount: string } } }[] }).scenarios[0]!.result.totals.amount;
    expect(Number(totals(changed.out))).toBeGreaterThan(Number(totals(first.out)));
  });

  it('is passed over when its folder cannot be written', async () => {
    process.env.FUZHU_CACHE_DIR = '/proc/fuzhu-cache';
    try {
      const r = await fuzhu('check');
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
    } finally {
      process.env.FUZHU_CACHE_DIR = cache;
    }
  });
});

/** The options that make a Node process log every URL it loads to `log`, by a module hook. */
function loggingLoads(log: string, cache: string) {
  writeFileSync(log, '');
  const hooks = `import { appendFileSync } from 'node:fs'; let log; export function initialize(d) { log = d; } export async function load(u, c, n) { appendFileSync(log, u + '\\n'); return n(u, c); }`;
  const register = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}), { data: ${JSON.stringify(log)} });`;
  return { env: { ...process.env, FUZHU_CACHE_DIR: cache, NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(register)}` } };
}

/** The packages named in a log of URLs loaded. */
function packagesOf(log: string): Set<string> {
  const names = readFileSync(log, 'utf8')
    .split('\n')
    .map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]);
  return new Set(names.filter((n): n is string => n !== undefined));
}

/** The packages a run of the built program loads. */
function packagesLoaded(args: string[], cache: string): Set<string> {
  const log = join(tempDir(), 'modules.log');
  const r = fuzhuProcess(args, loggingLoads(log, cache));
  expect(r.status, String(r.stderr)).toBe(0);
  return packagesOf(log);
}

describe('what a cached start loads', () => {
  const HEAVY = ['chevrotain', 'ajv', 'ink', 'react', 'vega', 'vega-lite', 'fast-check', 'csv-parse', '@streamparser/json', 'exceljs'];

  it('check loads none of the parser, schema, terminal, chart or property libraries, nor the YAML reader', () => {
    const cache = tempDir();
    // The first run parses and validates, as the hook sees; the second starts from the cache.
    const cold = packagesLoaded(['check'], cache);
    expect(cold.has('chevrotain') && cold.has('ajv')).toBe(true);
    const loaded = packagesLoaded(['check'], cache);
    expect([...loaded].filter((p) => HEAVY.includes(p) || p === 'yaml')).toEqual([]);
  });

  it('eval of one household loads only the YAML reader besides decimal.js', () => {
    const cache = tempDir();
    const args = ['eval', `${EXAMPLES}/death-couple.yaml`, '--period', '2019-03'];
    packagesLoaded(args, cache);
    const loaded = packagesLoaded(args, cache);
    expect([...loaded].filter((p) => HEAVY.includes(p))).toEqual([]);
    expect(loaded.has('yaml')).toBe(true);
  });

  it('simulate to a pipe loads no parser, schema, terminal, chart, workbook or property library; --xlsx loads exceljs', () => {
    const cache = tempDir();
    const args = ['simulate', '--population', 'policy/populations/liuzhou-sample.jsonl', '--from', '2019-01', '--to', '2019-03', '--scenario', 'policy/scenarios/reform-2019.yaml', '--jobs', '1', '--json'];
    packagesLoaded(args, cache);
    const loaded = packagesLoaded(args, cache);
    expect([...loaded].filter((p) => ['chevrotain', 'lodash-es', 'ajv', 'ink', 'react', 'yoga-layout', 'vega', 'vega-lite', 'fast-check', 'exceljs'].includes(p))).toEqual([]);
    expect(packagesLoaded([...args, '--xlsx', join(tempDir(), 'budget.xlsx')], cache).has('exceljs')).toBe(true);
  });

  it('a simulation worker thread loads no parser or schema library: it is given checked policies', () => {
    // What src/sim/worker.ts imports, loaded as a worker thread loads them (without serving).
    const log = join(tempDir(), 'modules.log');
    const modules = ['simulate', 'pool', 'readers', 'slices'].map((m) => pathToFileURL(join(DIST, 'src', 'sim', `${m}.js`)).href);
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', modules.map((u) => `await import(${JSON.stringify(u)});`).join('')], { encoding: 'utf8', timeout: 60_000, ...loggingLoads(log, tempDir()) });
    expect(r.status, String(r.stderr)).toBe(0);
    const loaded = packagesOf(log);
    expect(loaded.has('decimal.js')).toBe(true);
    expect([...loaded].filter((p) => ['chevrotain', 'lodash-es', 'ajv', 'ink', 'react', 'vega', 'vega-lite', 'fast-check', 'exceljs'].includes(p))).toEqual([]);
  });
});
