/**
 * `npm run bench`: Fuzhu against a hand-written program of the same job and against
 * json-rules-engine, side by side in one run on this machine (issue 11, item 8).
 * First checks that the three agree with Fuzhu (every figure of the hand-written program, the
 * allowance of json-rules-engine) on the bundled sample and on each generated population,
 * failing loudly with the first differing figure; then prints wall time and peak memory of
 * `fuzhu simulate`, the two others and their ratios, and the start-to-exit wall time of
 * `fuzhu check` and `fuzhu eval` of one household.
 * Sizes: 10,000 and 100,000 households (BENCH_SIZES="10000 100000" to choose; BENCH_LARGE=1
 * adds 1,000,000). Populations are generated with `fuzhu generate --seed 1`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstDifference } from './figures.js';

const FUZHU = 'dist/cli/main.js';
const HANDWRITTEN = 'dist/bench/handwritten/main.js';
const RULES = 'dist/bench/rules/main.js';
const REPRICE = 'dist/bench/reprice.js';
const SAMPLE = 'policy/populations/liuzhou-sample.jsonl';
const SCENARIO = 'policy/scenarios/reform-2019.yaml';
const TIME = '/usr/bin/time';
/** The figures json-rules-engine computes: the allowance under the baseline and the scenario. */
const ALLOWANCE = ['population', 'baseline', 'scenario'].flatMap((s) =>
  s === 'population' ? [s] : ['amount', 'payers', 'person_months', 'recipients'].map((f) => `${s}.items.allowance.${f}`),
);

interface Measured {
  readonly seconds: number;
  /** Peak resident memory in MiB, when /usr/bin/time is there to say. */
  readonly mib: number | undefined;
  readonly stdout: string;
}

class BenchFailure extends Error {}

const work = mkdtempSync(join(tmpdir(), 'fuzhu-bench-'));

/** Runs `node ARGS…` to its exit, timed; fails the bench when it fails. */
function measure(what: string, args: readonly string[]): Measured {
  process.stderr.write(`  ${what}…`);
  const timeFile = join(work, 'time');
  const timed = existsSync(TIME);
  const start = process.hrtime.bigint();
  const r = timed
    ? spawnSync(TIME, ['-f', '%e %M', '-o', timeFile, process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new BenchFailure(`${what} failed (exit ${r.status}): ${(r.stderr ?? '').trim().slice(0, 2000)}`);
  const [seconds, kib] = timed ? readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) : [wall, undefined];
  const m: Measured = { seconds: seconds!, mib: kib === undefined ? undefined : kib / 1024, stdout: r.stdout };
  process.stderr.write(` ${m.seconds.toFixed(2)} s, ${memory(m)}\n`);
  return m;
}

function simulateArgs(population: string): string[] {
  return [FUZHU, 'simulate', '--population', population, '--from', '2019-01', '--to', '2019-12', '--scenario', SCENARIO, '--json'];
}

/** Fails the bench, naming the first figure where a program and Fuzhu differ. */
function agree(population: string, fuzhu: Measured, other: Measured, name: string, only?: readonly string[]): void {
  const diff = firstDifference(JSON.parse(fuzhu.stdout), JSON.parse(other.stdout), name, only);
  if (diff) throw new BenchFailure(`${name} and fuzhu simulate differ on ${population}: ${diff}`);
  process.stderr.write(`  ${name} agrees with fuzhu simulate on ${population}${only ? ' (the allowance)' : ' (every figure)'}\n`);
}

interface Row {
  readonly households: number;
  readonly fuzhu: Measured;
  readonly handwritten: Measured;
  readonly rules: Measured;
  readonly reprice: Measured;
}

/** What bench/reprice.ts prints. */
interface Repricing {
  readonly firstPassMs: number;
  readonly groups: number;
  readonly pricingMs: Record<string, number>;
  readonly evaluatedMs: number;
}

/** Simulates one population with the three and checks that they agree. */
function compareOn(population: string, households: number): Row {
  process.stderr.write(`${households.toLocaleString('en')} households (${population})\n`);
  const fuzhu = measure('fuzhu simulate', simulateArgs(population));
  const handwritten = measure('the hand-written program', [HANDWRITTEN, population]);
  agree(population, fuzhu, handwritten, 'hand-written');
  const rules = measure('json-rules-engine', [RULES, population]);
  agree(population, fuzhu, rules, 'json-rules-engine', ALLOWANCE);
  const reprice = measure('re-pricing (WhatIf)', [REPRICE, population]);
  return { households, fuzhu, handwritten, rules, reprice };
}

const seconds = (m: Measured) => `${m.seconds.toFixed(2)} s`;
const memory = (m: Measured) => (m.mib === undefined ? 'n/a' : `${m.mib.toFixed(0)} MiB`);
const perHousehold = (m: Measured, n: number) => `${((m.seconds * 1e6) / n).toFixed(0)} µs`;
const ratio = (a: Measured, b: Measured) => `${(a.seconds / b.seconds).toFixed(2)}×`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`, ...rows.map(line)].join('\n');
}

function machine(): string {
  const model = /^model name\s*:\s*(.*)$/m.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const nproc = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim() || String(cpus().length);
  return `${new Date().toISOString().slice(0, 10)}, nproc ${nproc}, node ${process.version}, ${model}`;
}

function main(): void {
  const sizes = (process.env.BENCH_SIZES ?? '10000 100000').split(/\s+/).filter(Boolean).map(Number);
  if (process.env.BENCH_LARGE === '1' && !sizes.includes(1_000_000)) sizes.push(1_000_000);
  process.stderr.write(`machine: ${machine()}\n`);
  const sampleLines = readFileSync(SAMPLE, 'utf8').split('\n').filter((l) => l.trim()).length;
  compareOn(SAMPLE, sampleLines);
  const rows: Row[] = [];
  for (const n of sizes) {
    const population = join(work, `population-${n}.jsonl`);
    measure('fuzhu generate', [FUZHU, 'generate', '--households', String(n), '--seed', '1', '--out', population]);
    rows.push(compareOn(population, n));
    rmSync(population);
  }
  // A start is measured from the policy cache, as an analyst's second command finds it: the
  // first run after a build or a change of a policy file fills it.
  const evalArgs = [FUZHU, 'eval', 'policy/liuzhou-2018/examples/death-couple.yaml', '--period', '2019', '--json'];
  measure('fuzhu check (fills the cache)', [FUZHU, 'check']);
  measure('fuzhu eval (fills the cache)', evalArgs);
  const check = measure('fuzhu check', [FUZHU, 'check']);
  const evalOne = measure('fuzhu eval', evalArgs);
  const out = [
    `machine: ${machine()}`,
    '',
    'simulate 2019-01..2019-12, baseline and reform-2019 (per household: both policies, 12 months)',
    '',
    table(
      ['households', 'fuzhu', 'fuzhu per household', 'peak', 'hand-written', 'peak', 'json-rules-engine', 'peak', 'fuzhu / hand-written', 'json-rules-engine / fuzhu'],
      rows.map((r) => [
        r.households.toLocaleString('en'),
        seconds(r.fuzhu),
        perHousehold(r.fuzhu, r.households),
        memory(r.fuzhu),
        seconds(r.handwritten),
        memory(r.handwritten),
        seconds(r.rules),
        memory(r.rules),
        ratio(r.fuzhu, r.handwritten),
        ratio(r.rules, r.fuzhu),
      ]),
    ),
    '',
    'fuzhu simulate prices reform-2019 from the profiles of the baseline (it changes only prices); "every household evaluated" is the same run with the scenario evaluated for each household (library, reprice: false).',
    '',
    table(
      ['households', 'first pass (profiles)', 'groups priced', 'death-800 priced', 'city-60-percent priced', 'baseline + death-800, every household evaluated', 'peak'],
      rows.map((r) => {
        const p = JSON.parse(r.reprice.stdout) as Repricing;
        const ms = (x: number) => `${x.toFixed(1)} ms`;
        return [r.households.toLocaleString('en'), ms(p.firstPassMs), p.groups.toLocaleString('en'), ...Object.values(p.pricingMs).map(ms), ms(p.evaluatedMs), memory(r.reprice)];
      }),
    ),
    '',
    table(
      ['start to exit', 'wall', 'peak'],
      [
        ['fuzhu check', seconds(check), memory(check)],
        ['fuzhu eval (one household, a year)', seconds(evalOne), memory(evalOne)],
      ],
    ),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

try {
  main();
} catch (e) {
  if (!(e instanceof BenchFailure)) throw e;
  process.stderr.write(`bench: FAILED: ${e.message}\n`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
