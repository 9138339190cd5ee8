/**
 * Simulation: every household of a population, every month of a range, under the baseline and
 * each scenario, aggregated (shared/contracts/simulation.md). Streams the population: memory
 * holds the aggregates, not the households.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Decimal } from 'decimal.js';
import { dates, type CivilDate } from '../dsl/index.js';
import { evaluateMonth, EvalError, readHousehold, type Household, type MonthEvaluation } from '../eval/index.js';
import { packageRoot, type Label, type Policy } from '../policy/index.js';
import { Aggregate } from './aggregate.js';
import { Comparison } from './compare.js';
import { readPopulation, type RawRecord } from './readers.js';
import { aggregateToWire, comparisonToWire, mergeAggregate, mergeComparison, type WireAggregate, type WireComparison } from './wire.js';

export interface Rejected {
  readonly line: number;
  /** The column where the record starts, in a format with several records on a line (a JSON list). */
  readonly column?: number;
  /** The record's place in the file (1 for the first), to order rejections as the file does. */
  readonly record: number;
  readonly id: string;
  /** The household and field the error is about (`household X, field hukou.county`), when known. */
  readonly at?: string;
  readonly code: string;
  readonly message: string;
}

/** A record read as a household of the policy, or the rejection that says why it is not one. */
export function householdOf(policy: Policy, rec: RawRecord & { record: number }): { ok: true; household: Household } | { ok: false; rejected: Rejected } {
  const place = { line: rec.line, ...(rec.column !== undefined ? { column: rec.column } : {}), record: rec.record };
  if (rec.error !== undefined) return { ok: false, rejected: { ...place, id: '(unreadable)', code: rec.code ?? 'E-POP-RECORD', message: rec.error } };
  const hh = readHousehold(policy, rec.data);
  if (hh.ok) return hh;
  const d = hh.diagnostics[0]!;
  const more = hh.diagnostics.length > 1 ? ` (and ${hh.diagnostics.length - 1} more)` : '';
  return { ok: false, rejected: { ...place, id: hh.id, ...(d.at ? { at: d.at } : {}), code: d.code, message: `${d.message}${more}` } };
}

/** One rejection as a line: `pop.csv:2: household X, field hukou.county: E-HH-ENUM unknown county …`. */
export function rejectionText(populationPath: string, r: Rejected): string {
  const where = `${populationPath}:${r.line}${r.column !== undefined ? `:${r.column}` : ''}`;
  const what = r.at ?? (r.id === '(unreadable)' ? undefined : `household ${r.id}`);
  return `${where}: ${what ? `${what}: ` : ''}${r.code} ${r.message}`;
}

export interface ScenarioRun {
  readonly id: string;
  readonly title: Label;
  readonly policy: Policy;
  readonly result: Aggregate;
  readonly comparison: Comparison;
}

export interface SimulationResult {
  readonly policy: string;
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly records: number;
  readonly evaluated: number;
  readonly rejected: number;
  /** The first rejected records, in detail (all are counted). */
  readonly rejections: Rejected[];
  readonly baseline: Aggregate;
  readonly scenarios: ScenarioRun[];
}

export interface SimulationOptions {
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly scenarios?: readonly { id: string; title: Label; policy: Policy }[];
  /** Worker threads to share the households among (1: none); needs `sources`. */
  readonly jobs?: number;
  /** The files the policies were loaded from, so that workers can load them too. */
  readonly sources?: SimulationSources;
  /** Called every so many records, for a progress display. */
  readonly onProgress?: (records: number) => void;
}

const MAX_REJECTIONS_KEPT = 1000;

/**
 * Household ids seen, kept as 53-bit hashes so that a million ids take a few megabytes; two
 * different ids sharing a hash (about one chance in ten billion per pair) would be taken as
 * a duplicate.
 */
export class SeenIds {
  private readonly seen = new Set<number>();

  /** True when the id was seen before. */
  add(id: string): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    const key = (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) & 0x1fffff);
    if (this.seen.has(key)) return true;
    this.seen.add(key);
    return false;
  }
}

/** The months from `from` to `to` (first days), grouped by year. */
function monthsByYear(from: CivilDate, to: CivilDate): Map<number, CivilDate[]> {
  const out = new Map<number, CivilDate[]>();
  for (let m = dates.monthStart(from); m <= to; m = dates.addMonths(m, 1)) {
    const y = dates.yearOf(m);
    out.set(y, [...(out.get(y) ?? []), m]);
  }
  return out;
}

/**
 * The months of the range for one household. A yearly item is due in the first month of its
 * year in which it applies, so a range that starts within a year is evaluated from January
 * and only its own months are kept.
 */
export function evaluateRange(policy: Policy, household: Household, byYear: Map<number, CivilDate[]>): MonthEvaluation[] {
  const out: MonthEvaluation[] = [];
  for (const [year, months] of byYear) {
    const due = new Set<string>();
    const first = months[0]!;
    for (let m = dates.ymd(year, 1, 1); m < first; m = dates.addMonths(m, 1)) evaluateMonth(policy, household, m, {}, due);
    for (const m of months) out.push(evaluateMonth(policy, household, m, {}, due));
  }
  return out;
}

function lastCategory(months: readonly MonthEvaluation[]): string {
  for (let i = months.length - 1; i >= 0; i--) if (months[i]!.category) return months[i]!.category!;
  return 'none';
}

/**
 * What the policies of a run were made from, for worker threads to make the same: the policy
 * folder, and each scenario's text as it was read (a file may not be readable twice).
 */
export interface SimulationSources {
  readonly policyDir: string;
  readonly scenarios: readonly { readonly path: string; readonly text: string }[];
}

/** One thread's share of a simulation: households evaluated and added to the aggregates. */
export class Accumulator {
  readonly base = new Aggregate();
  readonly results: Aggregate[];
  readonly comparisons: Comparison[];
  readonly rejections: Rejected[] = [];
  evaluated = 0;
  rejected = 0;
  private readonly byYear: Map<number, CivilDate[]>;

  constructor(
    private readonly baseline: Policy,
    private readonly scenarios: readonly Policy[],
    from: CivilDate,
    to: CivilDate,
  ) {
    this.byYear = monthsByYear(from, to);
    this.results = scenarios.map(() => new Aggregate());
    this.comparisons = scenarios.map(() => new Comparison());
  }

  reject(r: Rejected): void {
    this.rejected++;
    if (this.rejections.length < MAX_REJECTIONS_KEPT) this.rejections.push(r);
  }

  add(rec: RawRecord & { record: number }): void {
    const hh = householdOf(this.baseline, rec);
    if (!hh.ok) {
      this.reject(hh.rejected);
      return;
    }
    const h = hh.household;
    let months: MonthEvaluation[];
    let scenarioMonths: MonthEvaluation[][];
    try {
      // Everything is evaluated before anything is added, so that a household that fails
      // under one policy is counted under none.
      months = evaluateRange(this.baseline, h, this.byYear);
      scenarioMonths = this.scenarios.map((p) => evaluateRange(p, h, this.byYear));
    } catch (e) {
      // The household passed the input schema: what fails is the policy or a scenario, and
      // counting it against the row would hide it (every household would be "invalid").
      if (!(e instanceof EvalError)) throw e;
      throw new EvalError(e.code, `${e.message} (found evaluating household ${h.id}, line ${rec.line}, which is valid: the policy or a scenario is at fault, and the run stops)`, e.span, e.help);
    }
    const baseTotal = this.base.add(h, months);
    const county = (h.hukou as { county: string }).county;
    const category = lastCategory(months);
    scenarioMonths.forEach((m, i) => {
      const total = this.results[i]!.add(h, m);
      this.comparisons[i]!.add({ id: h.id, county, category, delta: total.own.minus(baseTotal.own) }, h.weight as Decimal, total.weighted.minus(baseTotal.weighted));
    });
    this.evaluated++;
  }

  toWire(): WireAccumulator {
    return {
      base: aggregateToWire(this.base),
      results: this.results.map(aggregateToWire),
      comparisons: this.comparisons.map(comparisonToWire),
      rejections: this.rejections,
      evaluated: this.evaluated,
      rejected: this.rejected,
    };
  }

  merge(w: WireAccumulator): void {
    mergeAggregate(this.base, w.base);
    w.results.forEach((r, i) => mergeAggregate(this.results[i]!, r));
    w.comparisons.forEach((c, i) => mergeComparison(this.comparisons[i]!, c));
    this.rejections.push(...w.rejections);
    this.rejections.sort((a, b) => a.record - b.record);
    this.rejections.length = Math.min(this.rejections.length, MAX_REJECTIONS_KEPT);
    this.evaluated += w.evaluated;
    this.rejected += w.rejected;
  }
}

export interface WireAccumulator {
  base: WireAggregate;
  results: WireAggregate[];
  comparisons: WireComparison[];
  rejections: Rejected[];
  evaluated: number;
  rejected: number;
}

/** Records sent to a worker at a time. */
const BATCH = 500;

/** The compiled worker script, where there is one (not when running from TypeScript sources). */
function workerScript(): string | undefined {
  const path = join(packageRoot(), 'dist', 'src', 'sim', 'worker.js');
  return existsSync(path) ? path : undefined;
}

/**
 * Runs every household through the baseline and each scenario. With `jobs` above 1 and the
 * policy's files given, households are shared among worker threads in batches; the result is
 * the same as with one thread.
 */
export async function simulate(baseline: Policy, populationPath: string, options: SimulationOptions): Promise<SimulationResult> {
  const scenarios = options.scenarios ?? [];
  const main = new Accumulator(baseline, scenarios.map((s) => s.policy), options.from, options.to);
  const script = workerScript();
  const setup: WorkerSetup | undefined = options.sources && { ...options.sources, from: options.from, to: options.to };
  const jobs = options.jobs !== undefined && options.jobs > 1 && setup && script ? options.jobs : 1;
  const workers = jobs > 1 ? Array.from({ length: jobs }, () => new Worker(script!, { workerData: setup })) : [];
  // Each worker has at most two batches in hand, so that memory holds a few batches, not the
  // file: reading waits while the workers are busy. A worker that fails stops the whole run.
  const inFlight = workers.map(() => 0);
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const fail = (e: Error) => {
    failure ??= e;
    wake?.();
  };
  const finished = workers.map(
    (w, i) =>
      new Promise<WireAccumulator | undefined>((resolve) => {
        w.on('message', (m: FromWorker) => {
          if (m === 'done-batch') {
            inFlight[i]!--;
            wake?.();
          } else if ('failed' in m) {
            fail(new WorkerFailure(m.failed));
            resolve(undefined);
          } else if ('evalError' in m) {
            fail(evalErrorFromWire(m.evalError, [baseline, ...scenarios.map((s) => s.policy)]));
            resolve(undefined);
          } else resolve(m);
        });
        w.on('error', (e) => {
          fail(new WorkerFailure(e.message));
          resolve(undefined);
        });
        w.on('exit', () => resolve(undefined));
      }),
  );
  const ids = new SeenIds();
  let records = 0;
  let batch: RawRecord[] = [];
  const flush = async () => {
    if (!batch.length) return;
    while (!failure && Math.min(...inFlight) >= 2) await new Promise<void>((resolve) => (wake = resolve));
    if (failure) return;
    const i = inFlight.indexOf(Math.min(...inFlight));
    inFlight[i]!++;
    workers[i]!.postMessage(batch);
    batch = [];
  };
  try {
    for await (const read of readPopulation(populationPath, baseline)) {
      if (failure) break;
      const rec = { ...read, record: ++records };
      if (options.onProgress && records % 1000 === 0) options.onProgress(records);
      const id = (rec.data as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string' && id !== '' && ids.add(id)) {
        main.reject({ line: rec.line, record: rec.record, id, code: 'E-POP-DUPLICATE-ID', message: 'the id is used by an earlier record; ids are unique within a population' });
        continue;
      }
      if (!workers.length) main.add(rec);
      else {
        batch.push(rec);
        if (batch.length >= BATCH) await flush();
      }
    }
    await flush();
    for (const w of workers) w.postMessage(null);
    const wires = await Promise.all(finished);
    if (failure) throw failure;
    for (const wire of wires) main.merge(wire!);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return {
    policy: baseline.meta.id,
    from: options.from,
    to: options.to,
    records,
    evaluated: main.evaluated,
    rejected: main.rejected,
    rejections: main.rejections,
    baseline: main.base,
    scenarios: scenarios.map((s, i) => ({ ...s, result: main.results[i]!, comparison: main.comparisons[i]! })),
  };
}

/** A worker thread could not do its share (its policy would not load, or it crashed). */
export class WorkerFailure extends Error {
  constructor(message: string) {
    super(`a worker thread failed: ${message}`);
    this.name = 'WorkerFailure';
  }
}

/** An evaluation error as a worker sends it: its span by file path and offsets. */
export interface WireEvalError {
  readonly code: string;
  readonly message: string;
  readonly help?: string;
  readonly span?: { readonly path: string; readonly start: number; readonly end: number };
}

export function evalErrorToWire(e: EvalError): WireEvalError {
  return { code: e.code, message: e.message, ...(e.help ? { help: e.help } : {}), ...(e.span ? { span: { path: e.span.source.path, start: e.span.start, end: e.span.end } } : {}) };
}

/** The same error on the main thread, its span in the main thread's copy of the file. */
function evalErrorFromWire(w: WireEvalError, policies: readonly Policy[]): EvalError {
  const source = w.span && policies.flatMap((p) => p.sources).find((s) => s.path === w.span!.path);
  return new EvalError(w.code, w.message, source && w.span ? { source, start: w.span.start, end: w.span.end } : undefined, w.help);
}

/** What a worker sends back: a batch done, its share at the end, why it failed, or the evaluation error that stops the run. */
export type FromWorker = 'done-batch' | WireAccumulator | { failed: string } | { evalError: WireEvalError };

/** What a worker needs to load the same policies as the main thread. */
export interface WorkerSetup extends SimulationSources {
  readonly from: CivilDate;
  readonly to: CivilDate;
}
