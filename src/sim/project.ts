/**
 * Projection over years: the population is aged year by year (parents' deaths from a stated
 * mortality law, children's deaths and newly certified disabilities at stated rates), then
 * evaluated on the fast engine under the baseline and each scenario. Repeated with seeds (each
 * household's draws seeded by the run and its place in the file, so that worker threads may
 * share the households), it gives the mean and a 90% interval of each year's totals. Couples enter as they reach the policy's age and
 * students graduate by the dates they carry; a reform dated in the future changes only the
 * years after its date.
 */
import { Decimal } from 'decimal.js';
import { dates, type CivilDate } from '../dsl/index.js';
import { EvalError, type Household } from '../eval/index.js';
import { payerDecl, weightOf, type Label, type Policy } from '../policy/index.js';
import { fastEngine, type PreparedEngine } from '../engines/index.js';
import { weightedShares } from './aggregate.js';
import { fromFen, Weight, ZERO } from './money.js';
import { WorkerPool, workerScript } from './pool.js';
import { addYear, ProjectionTotals } from './projectionTotals.js';
import { Random } from './random.js';
import { readPopulation, type PopulationReading, type RawRecord } from './readers.js';
import { householdOf, keepRejection, mergeRejections, type Rejected } from './simulate.js';

export interface ProjectionAssumptions {
  readonly projection: string;
  readonly mortality: { readonly women: { a: number; b: number }; readonly men: { a: number; b: number }; readonly persons: Readonly<Record<string, 'women' | 'men'>>; readonly source: string };
  readonly children: { readonly death: number; readonly disability: number; readonly source: string };
}

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

function randomDateIn(r: Random, year: number, notBefore: CivilDate): CivilDate {
  const start = Math.max(dates.ymd(year, 1, 1), notBefore);
  const days = dates.toDayNumber(dates.ymd(year, 12, 31)) - dates.toDayNumber(start);
  return dates.addDays(start, r.int(0, Math.max(0, days)));
}

/** The household with the events of the years drawn for one run; the original is not changed. */
export function ageHousehold(h: Household, fromYear: number, toYear: number, a: ProjectionAssumptions, r: Random): Household {
  type Person = { birth_date: CivilDate; death_date?: CivilDate };
  type Child = Person & { disability_grade?: number; disability_certified?: CivilDate };
  const out: Record<string, unknown> = { ...h };
  const people = Object.entries(a.mortality.persons).map(([role, law]): [string, { a: number; b: number }] => [role, a.mortality[law]]);
  const persons = people.filter(([role]) => h[role] !== undefined).map(([role, law]) => ({ role, law, p: { ...(h[role] as Person) } as Person }));
  const children = ((h.children as Child[]) ?? []).map((c) => ({ ...c }));
  for (let year = fromYear; year <= toYear; year++) {
    for (const { law, p } of persons) {
      if (p.death_date !== undefined || p.birth_date > dates.ymd(year, 12, 31)) continue;
      const age = year - dates.yearOf(p.birth_date);
      if (r.chance(Math.min(1, law.a * Math.exp(law.b * age)))) p.death_date = randomDateIn(r, year, p.birth_date);
    }
    for (const c of children) {
      if (c.death_date !== undefined || c.birth_date > dates.ymd(year, 12, 31)) continue;
      if (r.chance(a.children.death)) c.death_date = randomDateIn(r, year, c.birth_date);
      else if (c.disability_grade === undefined && r.chance(a.children.disability)) {
        // Dated, so that the new disability counts from its certification, not for past months.
        c.disability_grade = r.int(1, 4);
        c.disability_certified = randomDateIn(r, year, c.birth_date);
      }
    }
  }
  for (const { role, p } of persons) out[role] = p;
  out.children = children;
  return out as Household;
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
function householdSeed(seed: number, run: number, record: number): number {
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
 * One thread's share of a projection: each household aged for every run, the runs that drew the
 * same events evaluated once on the fast engine, and each year's sums added to each run's totals.
 */
export class ProjectionRuns {
  readonly totals: ProjectionTotals;
  households = 0;
  rejected = 0;
  readonly rejections: Rejected[] = [];
  private readonly engines: PreparedEngine[];
  private readonly years: number;

  constructor(
    private readonly policies: readonly Policy[],
    private readonly o: ProjectionSetup,
  ) {
    this.years = o.toYear - o.fromYear + 1;
    this.engines = policies.map((p) => fastEngine.prepare(p, dates.ymd(o.fromYear, 1, 1), dates.ymd(o.toYear, 12, 1), { amountsOnly: true }));
    this.totals = new ProjectionTotals(o.runs, policies.length, this.years);
  }

  add(rec: RawRecord & { record: number }): void {
    const hh = householdOf(this.policies[0]!, rec);
    if (!hh.ok) return this.reject(hh.rejected);
    this.households++;
    const variants = new Map<string, { household: Household; runs: number[] }>();
    for (let run = 0; run < this.o.runs; run++) {
      const aged = ageHousehold(hh.household, this.o.fromYear, this.o.toYear, this.o.assumptions, new Random(householdSeed(this.o.seed, run, rec.record)));
      const key = JSON.stringify(aged);
      const v = variants.get(key);
      if (v) v.runs.push(run);
      else variants.set(key, { household: aged, runs: [run] });
    }
    let failed: EvalError | undefined;
    for (const { household, runs } of variants.values()) {
      let sums: Float64Array;
      try {
        sums = this.yearSums(household);
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        failed ??= e;
        continue;
      }
      for (const run of runs) this.totals.addRun(run, sums);
    }
    if (failed) this.reject({ line: rec.line, record: rec.record, id: hh.household.id, code: failed.code, message: failed.message });
  }

  /** A household's sums by policy and year, in the shape of one run's block of the totals. */
  private yearSums(household: Household): Float64Array {
    const sums = new Float64Array(ProjectionTotals.runSize(this.policies.length, this.years));
    const weight = Weight.of(weightOf(this.policies[0]!, household));
    this.engines.forEach((engine, i) => {
      const first = this.policies[i]!.payers[0];
      for (const { month, length, evaluation } of engine.evaluate(household)) {
        let amount = 0;
        let city = 0;
        for (const line of evaluation.lines) {
          const times = line.every === 'month' ? length : 1;
          for (const [payer, fen] of weightedShares(line, weight)) {
            amount += fen * times;
            if (payerDecl(this.policies[i]!, payer) === first) city += fen * times;
          }
        }
        addYear(sums, ProjectionTotals.slot(i, this.years, dates.yearOf(month) - this.o.fromYear), amount, city);
      }
    });
    return sums;
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
  const pool = jobs > 1 ? WorkerPool.start<WireProjection>(workerScript('projectWorker'), jobs, policies, setup, progress) : undefined;
  // Each household costs a run's evaluation for every run: batches of about 500 evaluations.
  const batchSize = Math.max(5, Math.ceil(500 / o.runs));
  let batch: (RawRecord & { record: number })[] = [];
  let record = 0;
  try {
    for await (const rec of readPopulation(populationPath, baseline, o)) {
      batch.push({ ...rec, record: ++record });
      if (batch.length < batchSize) continue;
      if (pool) await pool.send(batch);
      else {
        for (const r of batch) main.add(r);
        progress(batch.length);
      }
      batch = [];
    }
    if (pool) {
      if (batch.length) await pool.send(batch);
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
