/**
 * Projection over years: the population is aged year by year (parents' deaths from a stated
 * mortality law, children's deaths and newly certified disabilities at stated rates), then
 * evaluated on the fast engine under the baseline and each scenario. Repeated with seeds (each
 * household's draws seeded by the run and its place in the file, so that worker threads may
 * share the households), it gives the mean and a 90% interval of each year's totals. Couples
 * enter as they reach the policy's age and students graduate by the dates they carry; a reform
 * dated in the future changes only the years after its date.
 */
import { Decimal } from 'decimal.js';
import * as dates from '../dsl/dates.js';
import { EvalError } from '../eval/errors.js';
import type { Household } from '../eval/household.js';
import type { Label, Policy } from '../policy/index.js';
import { payerDecl, weightOf } from '../policy/payers.js';
import { fastEngine } from '../engines/fast.js';
import type { PreparedEngine } from '../engines/engine.js';
import { weightedShares } from './aggregate.js';
import { fromFen, Weight, ZERO } from './money.js';
import { batchText, WorkerPool, workerScript } from './pool.js';
import { addYear, ProjectionTotals } from './projectionTotals.js';
import { drawEvents, eventText, withEvents, type ProjectionAssumptions } from './ageing.js';
import { Random } from './random.js';
import { readPopulation, type PopulationReading, type RawRecord } from './readers.js';
import { householdOf, keepRejection, mergeRejections, type Rejected } from './simulate.js';

export { ageHousehold, type ProjectionAssumptions } from './ageing.js';

export interface Interval {
  readonly mean: Decimal;
  readonly low: Decimal;
  readonly high: Decimal;
}

export interface ProjectedYear {
  readonly year: number;
  /** Run id (baseline, then scenarios) → total, city and counties, each over the runs. */
  readonly runs: ReadonlyMap<string, { total: Interval; city: Interval; counties: Interval }>;
}

export interface ProjectionResult {
  readonly policy: string;
  readonly fromYear: number;
  readonly toYear: number;
  readonly runs: number;
  readonly seed: number;
  readonly households: number;
  readonly rejected: number;
  readonly rejections: Rejected[];
  readonly scenarios: readonly { id: string; title: Label }[];
  readonly years: ProjectedYear[];
  readonly assumptions: ProjectionAssumptions;
}

/** Linear interpolation between order statistics (the usual sample quantile). */
function quantile(sorted: readonly Decimal[], q: number): Decimal {
  if (sorted.length === 1) return sorted[0]!;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const frac = new Decimal(pos - lo);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a.plus(b.minus(a).times(frac)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

function interval(values: readonly Decimal[]): Interval {
  const sorted = [...values].sort((x, y) => x.cmp(y));
  const mean = values.reduce((s, v) => s.plus(v), ZERO).div(values.length).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return { mean, low: quantile(sorted, 0.05), high: quantile(sorted, 0.95) };
}

export interface ProjectionOptions extends PopulationReading {
  readonly fromYear: number;
  readonly toYear: number;
  readonly runs: number;
  readonly seed: number;
  readonly assumptions: ProjectionAssumptions;
  readonly scenarios?: readonly { id: string; title: Label; policy: Policy }[];
  /** Worker threads to share the households among (1: none); each runs every seeded run of its households. */
  readonly jobs?: number;
  /** Called as households are done (each over every run), with the number the file holds. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What a projection worker is started with besides the policies. */
export type ProjectionSetup = Pick<ProjectionOptions, 'fromYear' | 'toYear' | 'runs' | 'seed' | 'assumptions'>;

/** One thread's share of a projection, as it crosses threads. */
export interface WireProjection {
  readonly fen: Float64Array;
  readonly households: number;
  readonly rejected: number;
  readonly rejections: Rejected[];
}


/**
 * A 32-bit seed for one household in one run, mixed from the projection's seed, the run and the
 * record's place in the file: each household's draws are its own, whatever the other households,
 * the order they are evaluated in or the thread that evaluates them.
 */
export function householdSeed(seed: number, run: number, record: number): number {
  let h = 0x9e3779b9;
  for (const word of [seed, run, record]) {
    h = Math.imul(h ^ (word >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * One thread's share of a projection: each household's events drawn for every run, and each
 * year evaluated on the fast engine once for the runs that drew the same events by its end
 * (a year's figures follow from the household as it stands then), its sums added to each run's
 * totals. A run whose household cannot be evaluated in some year counts in none of its years.
 */
export class ProjectionRuns {
  readonly totals: ProjectionTotals;
  households = 0;
  rejected = 0;
  readonly rejections: Rejected[] = [];
  /** Per year, then per policy: the engine of that year's months. */
  private readonly engines: PreparedEngine[][];
  /** Per policy, whether a payer is its first (the city), by payer. */
  private readonly firstPayer: Map<string, boolean>[];
  private readonly years: number;

  constructor(
    private readonly policies: readonly Policy[],
    private readonly o: ProjectionSetup,
  ) {
    this.years = o.toYear - o.fromYear + 1;
    this.engines = Array.from({ length: this.years }, (_, y) => policies.map((p) => fastEngine.prepare(p, dates.ymd(o.fromYear + y, 1, 1), dates.ymd(o.fromYear + y, 12, 1), { amountsOnly: true })));
    this.firstPayer = policies.map(() => new Map());
    this.totals = new ProjectionTotals(o.runs, policies.length, this.years);
  }

  add(rec: RawRecord & { record: number }): void {
    const hh = householdOf(this.policies[0]!, rec);
    if (!hh.ok) return this.reject(hh.rejected);
    this.households++;
    const h = hh.household;
    const drawn = Array.from({ length: this.o.runs }, (_, run) => drawEvents(h, this.o.fromYear, this.o.toYear, this.o.assumptions, new Random(householdSeed(this.o.seed, run, rec.record))));
    const weight = Weight.of(weightOf(this.policies[0]!, h));
    const sums = drawn.map(() => new Float64Array(ProjectionTotals.runSize(this.policies.length, this.years)));
    /** Per run, the first evaluation error (by policy, then year, as one run evaluated alone meets them). */
    const failures: ({ policy: number; year: number; error: EvalError } | undefined)[] = drawn.map(() => undefined);
    const keys = drawn.map(() => '');
    const taken = drawn.map(() => 0);
    for (let y = 0; y < this.years; y++) {
      const groups = new Map<string, number[]>();
      drawn.forEach((events, run) => {
        while (taken[run]! < events.length && events[taken[run]!]!.year === this.o.fromYear + y) keys[run] += eventText(events[taken[run]++]!);
        const group = groups.get(keys[run]!);
        if (group) group.push(run);
        else groups.set(keys[run]!, [run]);
      });
      for (const runs of groups.values()) {
        const household = withEvents(h, this.o.assumptions, drawn[runs[0]!]!.slice(0, taken[runs[0]!]));
        this.engines[y]!.forEach((engine, i) => {
          if (runs.every((run) => failures[run] && failures[run]!.policy <= i)) return;
          let year: { amount: number; city: number };
          try {
            year = this.yearSums(engine, i, household, weight);
          } catch (e) {
            if (!(e instanceof EvalError)) throw e;
            for (const run of runs) if (!failures[run] || failures[run]!.policy > i) failures[run] = { policy: i, year: y, error: e };
            return;
          }
          for (const run of runs) addYear(sums[run]!, ProjectionTotals.slot(i, this.years, y), year.amount, year.city);
        });
      }
    }
    sums.forEach((s, run) => {
      if (!failures[run]) this.totals.addRun(run, s);
    });
    const failed = failures.find((f) => f !== undefined)?.error;
    if (failed) this.reject({ line: rec.line, record: rec.record, id: h.id, code: failed.code, message: failed.message });
  }

  /** A household's sums of one year under policy `i`: the amount, and the city's part of it. */
  private yearSums(engine: PreparedEngine, i: number, household: Household, weight: Weight): { amount: number; city: number } {
    let amount = 0;
    let city = 0;
    for (const { length, evaluation } of engine.evaluate(household)) {
      for (const line of evaluation.lines) {
        const times = line.every === 'month' ? length : 1;
        for (const [payer, fen] of weightedShares(line, weight)) {
          amount += fen * times;
          if (this.isFirstPayer(i, payer)) city += fen * times;
        }
      }
    }
    return { amount, city };
  }

  private isFirstPayer(i: number, payer: string): boolean {
    let first = this.firstPayer[i]!.get(payer);
    if (first === undefined) this.firstPayer[i]!.set(payer, (first = payerDecl(this.policies[i]!, payer) === this.policies[i]!.payers[0]));
    return first;
  }

  private reject(r: Rejected): void {
    this.rejected++;
    keepRejection(this.rejections, r);
  }

  toWire(): WireProjection {
    return { fen: this.totals.fen, households: this.households, rejected: this.rejected, rejections: this.rejections };
  }

  merge(w: WireProjection): void {
    this.totals.merge(w.fen);
    this.households += w.households;
    this.rejected += w.rejected;
    mergeRejections(this.rejections, w.rejections);
  }
}

/** The number of records of a population file, read once before a projection so that progress can say how far it is. */
async function recordCount(populationPath: string, policy: Policy, reading: PopulationReading): Promise<number> {
  let n = 0;
  for await (const _ of readPopulation(populationPath, policy, reading)) n++;
  return n;
}

/**
 * Projects the population over the years, each seeded run ageing every household anew. With
 * `jobs` above 1, households are shared among worker threads in batches, each worker given the
 * policies as prepared here and running every run of its households; the result is the same as
 * with one thread.
 */
export async function project(baseline: Policy, populationPath: string, o: ProjectionOptions): Promise<ProjectionResult> {
  const runIds = ['baseline', ...(o.scenarios ?? []).map((s) => s.id)];
  const policies = [baseline, ...(o.scenarios ?? []).map((s) => s.policy)];
  const setup: ProjectionSetup = { fromYear: o.fromYear, toYear: o.toYear, runs: o.runs, seed: o.seed, assumptions: o.assumptions };
  const main = new ProjectionRuns(policies, setup);
  const total = o.onProgress ? await recordCount(populationPath, baseline, o) : 0;
  let done = 0;
  const progress = (records: number) => {
    done += records;
    o.onProgress?.(done, total);
  };
  const jobs = o.jobs ?? 1;
  const pool = jobs > 1 ? WorkerPool.start<WireProjection>(workerScript('projectWorker'), jobs, policies, setup, { onProgress: progress }) : undefined;
  // Each household costs a run's evaluation for every run: batches of about 500 evaluations.
  const batchSize = Math.max(5, Math.ceil(500 / o.runs));
  let batch: (RawRecord & { record: number })[] = [];
  let record = 0;
  try {
    for await (const rec of readPopulation(populationPath, baseline, o)) {
      batch.push({ ...rec, record: ++record });
      if (batch.length < batchSize) continue;
      if (pool) await pool.send(batch, batchText(batch));
      else {
        for (const r of batch) main.add(r);
        progress(batch.length);
      }
      batch = [];
    }
    if (pool) {
      if (batch.length) await pool.send(batch, batchText(batch));
      for (const wire of await pool.results()) main.merge(wire);
    } else {
      for (const r of batch) main.add(r);
      progress(batch.length);
    }
  } finally {
    await pool?.close();
  }
  const fen = main.totals;
  const years: ProjectedYear[] = [];
  for (let y = o.fromYear; y <= o.toYear; y++) {
    const runs = new Map<string, { total: Interval; city: Interval; counties: Interval }>();
    runIds.forEach((id, i) => {
      const per = Array.from({ length: o.runs }, (_, run) => ({ total: fen.total(run, i, y - o.fromYear), city: fen.city(run, i, y - o.fromYear) }));
      runs.set(id, {
        total: interval(per.map((r) => fromFen(r.total))),
        city: interval(per.map((r) => fromFen(r.city))),
        counties: interval(per.map((r) => fromFen(r.total - r.city))),
      });
    });
    years.push({ year: y, runs });
  }
  return {
    policy: baseline.meta.id,
    fromYear: o.fromYear,
    toYear: o.toYear,
    runs: o.runs,
    seed: o.seed,
    households: main.households,
    rejected: main.rejected,
    rejections: main.rejections,
    scenarios: (o.scenarios ?? []).map((s) => ({ id: s.id, title: s.title })),
    years,
    assumptions: o.assumptions,
  };
}
