/**
 * Fuzzing the command line in process: mutated policies, households, scenarios and populations
 * must give diagnostics only (exit 0 or 1, an error that says where, never an internal error,
 * never a hang past the budget), and planted corruptions in a population are counted exactly,
 * the other rows giving the totals of a clean run restricted to them.
 *
 * Each run draws a new seed (printed by fast-check on failure); `FUZHU_FUZZ_SEED=N` replays one.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzhu as fuzhuInProcess, tempDir, type Ran } from './cliRun.js';

const SEED = process.env.FUZHU_FUZZ_SEED ? Number(process.env.FUZHU_FUZZ_SEED) : Date.now() % 1_000_000;
/** Longest one mutated input may take before it counts as a hang. */
const CASE_BUDGET_MS = 15_000;
/** Whole test budgets: the runs stop early rather than exceed them. */
const TEST_BUDGET_MS = 60_000;

const POLICY = 'policy/liuzhou-2018';

interface Timed extends Ran {
  ms: number;
}

async function fuzhu(...argv: string[]): Promise<Timed> {
  const start = performance.now();
  const r = await fuzhuInProcess(...argv);
  return { ...r, ms: performance.now() - start };
}

// ---- Mutations of a text file --------------------------------------------------------------

const NAMES_FROM_PROTOTYPES = ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__'];

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'delete-line'; at: number }
  | { kind: 'rename'; at: number; to: string }
  | { kind: 'number'; at: number; to: string }
  | { kind: 'nest'; at: number; depth: number }
  | { kind: 'long-string'; at: number; length: number }
  | { kind: 'bad-date'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: position }),
  fc.record({ kind: fc.constant('delete-line' as const), at: position }),
  fc.record({ kind: fc.constant('rename' as const), at: position, to: fc.oneof(fc.constantFrom(...NAMES_FROM_PROTOTYPES), fc.string({ minLength: 1, maxLength: 6 })) }),
  fc.record({ kind: fc.constant('number' as const), at: position, to: fc.constantFrom('-1', '0', '1e309', '99999999999999999999', '0.001', '-650') }),
  fc.record({ kind: fc.constant('nest' as const), at: position, depth: fc.integer({ min: 50, max: 400 }) }),
  fc.record({ kind: fc.constant('long-string' as const), at: position, length: fc.integer({ min: 10_000, max: 300_000 }) }),
  fc.record({ kind: fc.constant('bad-date' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.constantFrom('\uFEFF', '\u0000', ': :', '- [', '{', '"', "'", '&a *a', '!!timestamp ', '\t', '\n  x: 1\n', '柳北区', '%') }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
);

/** The index in `text` of the `at`-th (as a fraction) match of `re`, with the match; undefined when none. */
function nth(text: string, re: RegExp, at: number): { index: number; match: string } | undefined {
  const all = [...text.matchAll(re)];
  if (!all.length) return undefined;
  const m = all[Math.floor(at * all.length)]!;
  return { index: m.index!, match: m[0] };
}

function replaceAt(text: string, index: number, length: number, by: string): string {
  return text.slice(0, index) + by + text.slice(index + length);
}

function mutate(text: string, m: Mutation): string {
  const at = Math.floor(m.at * text.length);
  const lines = text.split('\n');
  const line = Math.floor(m.at * lines.length);
  switch (m.kind) {
    case 'delete':
      return replaceAt(text, at, m.length, '');
    case 'duplicate-line':
      return [...lines.slice(0, line + 1), lines[line]!, ...lines.slice(line + 1)].join('\n');
    case 'delete-line':
      return [...lines.slice(0, line), ...lines.slice(line + 1)].join('\n');
    case 'rename': {
      const hit = nth(text, /[A-Za-z_][A-Za-z_0-9]*/g, m.at);
      return hit ? replaceAt(text, hit.index, hit.match.length, m.to) : text;
    }
    case 'number': {
      const hit = nth(text, /\b\d+(\.\d+)?\b/g, m.at);
      return hit ? replaceAt(text, hit.index, hit.match.length, m.to) : text;
    }
    case 'nest':
      return replaceAt(text, at, 0, `${'('.repeat(m.depth)}1${')'.repeat(m.depth)}`);
    case 'long-string':
      return replaceAt(text, at, 0, 'x'.repeat(m.length));
    case 'bad-date': {
      const hit = nth(text, /\d{4}-\d{2}-\d{2}/g, m.at);
      return hit ? replaceAt(text, hit.index, hit.match.length, '2019-02-30') : text;
    }
    case 'insert':
      return replaceAt(text, at, 0, m.text);
    case 'truncate':
      return text.slice(0, at);
  }
}

/** What every run on mutated input must give: a diagnostic, not a crash, in time, short. */
function expectDiagnosticsOnly(r: Timed, input: string): void {
  const context = `${input}\n--- stderr ---\n${r.err.slice(0, 600)}`;
  expect(r.code, context).not.toBe(70);
  expect([0, 1], context).toContain(r.code);
  expect(r.ms, context).toBeLessThan(CASE_BUDGET_MS);
  if (r.code === 1) expect(r.err, context).toMatch(/:\d+(:\d+)?|line \d+|row \d+|household /);
  // An error quotes a code frame, never the whole of a large input.
  expect(r.err.length, context).toBeLessThan(20_000);
  expect(r.err, context).not.toMatch(/internal error|\n\s+at .+\(.+:\d+:\d+\)/);
}

function copyPolicy(): string {
  const dir = join(tempDir(), 'policy');
  cpSync(POLICY, dir, { recursive: true });
  return dir;
}

/** Runs fast-check with the fuzz seed, stopping early when the test's budget is spent. */
async function fuzz<T>(arb: fc.Arbitrary<T>, numRuns: number, body: (t: T) => Promise<void>): Promise<void> {
  const deadline = Date.now() + TEST_BUDGET_MS * 0.75;
  await fc.assert(
    fc.asyncProperty(arb, async (t) => {
      if (Date.now() > deadline) return;
      await body(t);
    }),
    { seed: SEED, numRuns, endOnFailure: true },
  );
}

describe(`fuzzing (seed ${SEED})`, () => {
  const policyFiles = readdirSync(POLICY).filter((f) => f.endsWith('.yaml'));

  it('a mutated policy file gives diagnostics, never a crash', { timeout: TEST_BUDGET_MS * 2 }, async () => {
    await fuzz(fc.record({ file: fc.constantFrom(...policyFiles), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) }), 40, async ({ file, mutations }) => {
      const dir = copyPolicy();
      const path = join(dir, file);
      writeFileSync(path, mutations.reduce(mutate, readFileSync(path, 'utf8')));
      const label = `${file} ${JSON.stringify(mutations).slice(0, 300)}`;
      expectDiagnosticsOnly(await fuzhu('check', dir), label);
      expectDiagnosticsOnly(await fuzhu('eval', `${POLICY}/examples/death-couple.yaml`, '--period', '2019', '--policy', dir), label);
    });
  });

  const examples = readdirSync(`${POLICY}/examples`).map((f) => `${POLICY}/examples/${f}`);

  it('a mutated household gives diagnostics, never a crash', { timeout: TEST_BUDGET_MS * 2 }, async () => {
    await fuzz(fc.record({ file: fc.constantFrom(...examples), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) }), 80, async ({ file, mutations }) => {
      const path = join(tempDir(), 'household.yaml');
      writeFileSync(path, mutations.reduce(mutate, readFileSync(file, 'utf8')));
      expectDiagnosticsOnly(await fuzhu('eval', path, '--period', '2019-06'), `${file} ${JSON.stringify(mutations).slice(0, 300)}`);
    });
  });

  const scenarios = ['policy/scenarios', `${POLICY}/scenarios`].flatMap((dir) => readdirSync(dir).map((f) => `${dir}/${f}`));

  it('a mutated scenario gives diagnostics, never a crash', { timeout: TEST_BUDGET_MS * 2 }, async () => {
    await fuzz(fc.record({ file: fc.constantFrom(...scenarios), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) }), 60, async ({ file, mutations }) => {
      const path = join(tempDir(), 'scenario.yaml');
      writeFileSync(path, mutations.reduce(mutate, readFileSync(file, 'utf8')));
      expectDiagnosticsOnly(await fuzhu('eval', `${POLICY}/examples/death-couple.yaml`, '--period', '2020', '--scenario', path), `${file} ${JSON.stringify(mutations).slice(0, 300)}`);
    });
  });
});

// ---- Planted corruptions in a population ---------------------------------------------------

type Household = Record<string, unknown> & { id: string };

/** Corruptions that make one household invalid whatever else it holds, as a change to its object. */
const RECORD_CORRUPTIONS: Record<string, (h: Household) => unknown> = {
  'unknown county': (h) => ({ ...h, hukou: { ...(h.hukou as object), county: 'Nowhere' } }),
  'impossible date': (h) => ({ ...h, children: [{ ...((h.children as object[])[0] ?? {}), birth_date: '2019-02-30' }] }),
  'unknown field': (h) => ({ ...h, wfie: { birth_date: '1960-01-01' } }),
  'missing id': ({ id: _, ...rest }) => rest,
  'blank id': (h) => ({ ...h, id: '  ' }),
  'empty death date': (h) => ({ ...h, husband: { birth_date: '1960-01-01', death_date: '' } }),
  'null weight': (h) => ({ ...h, weight: null }),
  'grade out of range': (h) => ({ ...h, children: [{ birth_date: '1990-01-01', disability_grade: 7 }] }),
  'death before birth': (h) => ({ ...h, wife: { birth_date: '1960-01-01', death_date: '1959-01-01' } }),
  'no spouse': ({ wife: _w, husband: _h, ...rest }) => rest,
};
const CORRUPTION_NAMES = Object.keys(RECORD_CORRUPTIONS);

/** Text-level corruptions of a JSONL line. */
const LINE_CORRUPTIONS: Record<string, (line: string) => string> = {
  'cut line': (l) => l.slice(0, Math.floor(l.length / 2)),
  'stray brace': (l) => `${l}}`,
  'not json': () => 'this is not a household',
};

const N = 40;
let population: Household[] | undefined;

async function samplePopulation(): Promise<Household[]> {
  if (!population) {
    const path = join(tempDir(), 'population.jsonl');
    const r = await fuzhu('generate', '--households', String(N), '--seed', '7', '--out', path);
    expect(r.code, r.err).toBe(0);
    population = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Household);
  }
  return population;
}

async function simulate(file: string, skip = true): Promise<{ code: number; json: { population: { households: number; rejected: number }; baseline: { totals: unknown; items: unknown } }; err: string }> {
  const r = await fuzhu('simulate', '--population', file, '--from', '2019-01', '--to', '2019-12', '--json', ...(skip ? ['--skip-invalid'] : []));
  return { code: r.code, json: r.code === 0 ? JSON.parse(r.out) : undefined, err: r.err };
}

/** Up to six distinct rows, each with one of the named corruptions. */
function planted(names: readonly string[]): fc.Arbitrary<Map<number, string>> {
  return fc
    .uniqueArray(fc.record({ row: fc.integer({ min: 0, max: N - 1 }), how: fc.constantFrom(...names) }), { minLength: 1, maxLength: 6, selector: (c) => c.row })
    .map((cs) => new Map(cs.map((c) => [c.row, c.how])));
}

/**
 * Writes the dirty and the clean population (with the file's extension), runs both with
 * --skip-invalid and requires each planted corruption counted once and the same totals.
 */
async function expectRestIsClean(ext: string, dirtyText: string, cleanText: string, planted: number): Promise<void> {
  const dir = tempDir();
  writeFileSync(join(dir, `dirty.${ext}`), dirtyText);
  writeFileSync(join(dir, `clean.${ext}`), cleanText);
  const strict = await simulate(join(dir, `dirty.${ext}`), false);
  expect(strict.code, strict.err).toBe(1);
  const dirty = await simulate(join(dir, `dirty.${ext}`));
  const clean = await simulate(join(dir, `clean.${ext}`));
  expect(dirty.code, dirty.err).toBe(0);
  expect(dirty.json.population).toMatchObject({ households: N - planted, rejected: planted });
  expect(dirty.json.baseline).toEqual(clean.json.baseline);
}

describe(`planted corruptions in a population (seed ${SEED})`, () => {
  it('are each counted once, in JSONL, and the rest total as a clean run of the rest', { timeout: TEST_BUDGET_MS * 2 }, async () => {
    const households = await samplePopulation();
    await fuzz(planted([...CORRUPTION_NAMES, ...Object.keys(LINE_CORRUPTIONS)]), 12, async (bad) => {
      const lines = households.map((h, i) => {
        const how = bad.get(i);
        if (how === undefined) return JSON.stringify(h);
        return how in LINE_CORRUPTIONS ? LINE_CORRUPTIONS[how]!(JSON.stringify(h)) : JSON.stringify(RECORD_CORRUPTIONS[how]!(h));
      });
      const clean = households.filter((_, i) => !bad.has(i)).map((h) => JSON.stringify(h));
      await expectRestIsClean('jsonl', `${lines.join('\n')}\n`, `${clean.join('\n')}\n`, bad.size);
    });
  });

  it('are each counted once in a JSON array', { timeout: TEST_BUDGET_MS * 2 }, async () => {
    const households = await samplePopulation();
    await fuzz(planted(CORRUPTION_NAMES), 10, async (bad) => {
      const dirty = households.map((h, i) => (bad.has(i) ? RECORD_CORRUPTIONS[bad.get(i)!]!(h) : h));
      await expectRestIsClean('json', JSON.stringify(dirty, null, 1), JSON.stringify(households.filter((_, i) => !bad.has(i))), bad.size);
    });
  });

  it('are each counted once in CSV, a short row among them', { timeout: TEST_BUDGET_MS * 2 }, async () => {
    const path = join(tempDir(), 'population.csv');
    expect((await fuzhu('generate', '--households', String(N), '--seed', '7', '--out', path)).code).toBe(0);
    const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
    const columns = header!.split(',');
    const county = columns.indexOf('hukou.county');
    const cellCorruptions: Record<string, (cells: string[]) => string[]> = {
      'unknown county': (cells) => cells.map((c, i) => (i === county ? 'Nowhere' : c)),
      'short row': (cells) => cells.slice(0, cells.length - 3),
      'long row': (cells) => [...cells, 'extra'],
      'impossible date': (cells) => cells.map((c, i) => (/^\d{4}-\d{2}-\d{2}$/.test(c) && i === cells.findIndex((x) => /^\d{4}-\d{2}-\d{2}$/.test(x)) ? '2019-02-30' : c)),
      'blank id': (cells) => ['', ...cells.slice(1)],
    };
    await fuzz(planted(Object.keys(cellCorruptions)), 10, async (bad) => {
      const dirtyRows = rows.map((r, i) => (bad.has(i) ? cellCorruptions[bad.get(i)!]!(r.split(',')).join(',') : r));
      const cleanRows = rows.filter((_, i) => !bad.has(i));
      await expectRestIsClean('csv', `${[header, ...dirtyRows].join('\n')}\n`, `${[header, ...cleanRows].join('\n')}\n`, bad.size);
    });
  });
});
