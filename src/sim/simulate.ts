/**
 * Simulation: every household of a population, every month of a range, under the baseline and
 * each scenario, aggregated (shared/contracts/simulation.md). Streams the population: memory
 * holds the aggregates, not the households.
 */
import * as dates from '../dsl/dates.js';
import type { CivilDate } from '../dsl/dates.js';
import { civilDateOf, DateInputError, type DateInput } from '../eval/dateInput.js';
import { EvalError } from '../eval/errors.js';
import { readHouseholdReference, type Household } from '../eval/household.js';
import { readValidHousehold } from '../eval/householdReader.js';
import { fastEngine } from '../engines/fast.js';
import type { PreparedEngine, Stretch } from '../engines/engine.js';
import type { Label, Policy } from '../policy/index.js';
import { breakdownValue, weightOf } from '../policy/payers.js';
import { Aggregate } from './aggregate.js';
import { Comparison } from './compare.js';
import { RowColumns, type HouseholdRow } from './householdRows.js';
import { addHouseholdChange, lastCategory, Profiles, type Ticket } from './profiles.js';
import { RowOrder, type RowSink } from './rowOrder.js';

/**
 * Groups of households a thread keeps for pricing (about 3.5 KB each, so some 70 MB): when they
 * reach it, the scenarios are priced from them and they are dropped (pricing is a sum over
 * households, so priced in parts or at once it gives the same), which bounds memory whatever
 * the population.
 */
const MAX_GROUPS = 20_000;
import { repriceable } from '../plan/repricing.js';
import { SIMULATION_HEAP } from './heapBounds.js';
import { batchText, WorkerPool, workerScript } from './pool.js';
import { formatOf, readPopulationBatches, type PopulationReading, type RawRecord } from './readers.js';
import { recordId, SeenIds } from './ids.js';
import { SlicedRun } from './sliced.js';
import { sheetPlace, sheetPlaceText, type SheetPlace } from './xlsxPlace.js';
import { aggregateToWire, comparisonToWire, mergeAggregate, mergeComparison, type WireAggregate, type WireComparison } from './wire.js';

export interface Rejected {
  readonly line: number;
  /** The column where the record starts, in a format with several records on a line (a JSON list). */
  readonly column?: number;
  /** The record's place in the file (1 for the first), to order rejections as the file does. */
  readonly record: number;
  readonly id: string;
  /** The household and field the error is about (`household X, field registration.district`), when known. */
  readonly at?: string;
  /** For a row of a workbook: its sheet, and the column at fault when known (`line` is the row). */
  readonly sheet?: SheetPlace;
  readonly code: string;
  readonly message: string;
}

/** A record read as a household of the policy, or the rejection that says why it is not one. */
export function householdOf(policy: Policy, rec: RawRecord & { record: number }): { ok: true; household: Household } | { ok: false; rejected: Rejected } {
  const valid = rec.error === undefined ? readValidHousehold(policy, rec.data) : undefined;
  return valid ? { ok: true, household: valid as Household } : rejectedRecord(policy, rec);
}

/** Why a record is no household of the policy (an unreadable one, or one the schema refuses), as the reference reader says it. */
function rejectedRecord(policy: Policy, rec: RawRecord & { record: number }): { ok: true; household: Household } | { ok: false; rejected: Rejected } {
  const place = () => ({ line: rec.line, ...(rec.column !== undefined ? { column: rec.column } : {}), record: rec.record });
  if (rec.error !== undefined) return { ok: false, rejected: { ...place(), ...(rec.sheet ? { sheet: sheetPlace(rec.sheet) } : {}), id: '(unreadable)', code: rec.code ?? 'E-POP-RECORD', message: rec.error } };
  // A workbook's row names the column of the field at fault: the reader is asked where each is.
  const fields: (readonly (string | number)[])[] = [];
  const hh = readHouseholdReference(policy, rec.data, rec.sheet ? (path) => void fields.push(path) : undefined);
  if (hh.ok) return hh;
  const d = hh.diagnostics[0]!;
  const more = hh.diagnostics.length > 1 ? ` (and ${hh.diagnostics.length - 1} more)` : '';
  const sheet = rec.sheet ? sheetPlace(rec.sheet, fields[0]) : undefined;
  const at = sheet?.field ? `household ${hh.id}` : d.at;
  return { ok: false, rejected: { ...place(), id: hh.id, ...(at ? { at } : {}), ...(sheet ? { sheet } : {}), code: d.code, message: `${d.message}${more}` } };
}

/** One rejection as a line: `pop.csv:2: household X, field registration.district: E-HH-ENUM unknown county …`. */
export function rejectionText(populationPath: string, r: Rejected): string {
  const where = r.sheet ? sheetPlaceText(populationPath, r.line, r.sheet) : `${populationPath}:${r.line}${r.column !== undefined ? `:${r.column}` : ''}`;
  const what = r.at ?? (r.id === '(unreadable)' ? undefined : `household ${r.id}`);
  return `${where}: ${what ? `${what}: ` : ''}${r.code} ${r.message}`;
}

/**
 * What a valid household's evaluation threw, to stop the run with: an evaluation error says the
 * household and line it was found at. The household passed the input schema, so what fails is
 * the policy or a scenario, and counting it against the row would hide it (every household
 * would be "invalid").
 */
export function stoppedAt(e: unknown, id: string, line: number): unknown {
  if (!(e instanceof EvalError)) return e;
  return new EvalError(e.code, `${e.message} (found evaluating household ${id}, line ${line}, which is valid: the policy or a scenario is at fault, and the run stops)`, e.span, e.help);
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
  /** With keepProfiles: the baseline's profiles, for pricing scenarios later (WhatIf). */
  readonly kept?: KeptProfiles;
}

export interface SimulationOptions extends PopulationReading {
  /** The first and last months: CivilDates, or 'YYYY-MM' (also 'YYYY-MM-DD', for its month). */
  readonly from: DateInput;
  readonly to: DateInput;
  readonly scenarios?: readonly { id: string; title: Label; policy: Policy }[];
  /** Worker threads to share the households among (1: none); each is given the prepared policies. */
  readonly jobs?: number;
  /** Called every so many records, for a progress display (with worker threads, as they report them). */
  readonly onProgress?: (records: number) => void;
  /** The size of the slices of a JSONL file that worker threads read each (by default about sixteen per worker). */
  readonly sliceBytes?: number;
  /**
   * Price a scenario that changes only prices from the baseline's profiles (the default), or
   * evaluate every household under it (false: to compare, or to measure).
   */
  readonly reprice?: boolean;
  /** Groups of households each thread keeps for pricing (default 20,000), priced and dropped when they reach it: bounds memory. */
  readonly profileGroups?: number;
  /**
   * Called with households' rows (householdRows.ts: the baseline's and each scenario's figures
   * over the range), in the population's order whatever the number of threads, as they are done;
   * the run waits for each call. Every scenario is then evaluated household by household, none
   * priced from profiles, which give no household's figures.
   */
  readonly households?: RowSink;
  /**
   * Stops the run when aborted (a newer question made this one moot): its worker threads end,
   * nothing more is read, and the promise rejects with the signal's reason.
   */
  readonly signal?: AbortSignal;
  /** Keep the baseline's profiles in the result, for pricing later (WhatIf.of); the scenarios are then none. */
  readonly keepProfiles?: boolean;
}

const MAX_REJECTIONS_KEPT = 1000;

/** Keeps a rejection in detail while fewer than the first thousand are kept (all are counted). */
export function keepRejection(kept: Rejected[], r: Rejected): void {
  if (kept.length < MAX_REJECTIONS_KEPT) kept.push(r);
}

/** Adds another thread's rejections, keeping the first thousand in file order. */
export function mergeRejections(kept: Rejected[], more: readonly Rejected[]): void {
  kept.push(...more);
  kept.sort((a, b) => a.record - b.record);
  kept.length = Math.min(kept.length, MAX_REJECTIONS_KEPT);
}

/** The rejection of a record whose id an earlier record of the population has. */
export function duplicateId(rec: RawRecord & { record: number }, id: string): Rejected {
  return { line: rec.line, record: rec.record, id, ...(rec.sheet ? { sheet: sheetPlace(rec.sheet, ['id']) } : {}), code: 'E-POP-DUPLICATE-ID', message: 'the id is used by an earlier record; ids are unique within a population' };
}


/** One thread's share of a simulation: households evaluated and added to the aggregates. */
export class Accumulator {
  readonly base: Aggregate;
  readonly results: Aggregate[];
  readonly comparisons: Comparison[];
  readonly rejections: Rejected[] = [];
  evaluated = 0;
  rejected = 0;
  private readonly engines: { baseline: PreparedEngine; scenarios: PreparedEngine[] };
  /** Kept when some scenario changes only prices (those are priced from it at the end), or for a what-if (keep). */
  private readonly profiles: Profiles | undefined;
  /** For a what-if: the households the profiles cannot carry, as read; and other threads' profiles and such households. */
  private readonly unkept: Unkept[] = [];
  private readonly keptParts: (Profiles | undefined)[] = [];
  /** Per scenario: priced from the profiles (true) or evaluated household by household. */
  private readonly priced: boolean[];
  /** With households' rows asked for: their columns, and the rows made since they were last taken. */
  private readonly columns: RowColumns | undefined;
  private rows: HouseholdRow[] = [];
  private readonly months: number;

  constructor(
    private readonly baseline: Policy,
    private readonly scenarios: readonly Policy[],
    from: CivilDate,
    to: CivilDate,
    reprice = true,
    private readonly maxGroups = MAX_GROUPS,
    rows = false,
    /** Keep every household the profiles can carry, unbounded, for pricing later (the what-if). */
    private readonly keep = false,
  ) {
    this.columns = rows ? new RowColumns([baseline, ...scenarios]) : undefined;
    this.months = dates.monthsBetween(from, to) + 1;
    this.priced = scenarios.map((p) => reprice && !rows && repriceable(baseline, p));
    this.profiles = keep || this.priced.includes(true) ? new Profiles(baseline) : undefined;
    this.engines = { baseline: fastEngine.prepare(baseline, from, to, { profiles: this.profiles !== undefined, amountsOnly: true }), scenarios: scenarios.map((p) => fastEngine.prepare(p, from, to, { amountsOnly: true })) };
    this.base = new Aggregate(baseline);
    this.results = scenarios.map(() => new Aggregate(baseline));
    this.comparisons = scenarios.map(() => new Comparison());
  }

  reject(r: Rejected): void {
    this.rejected++;
    keepRejection(this.rejections, r);
  }

  add(rec: RawRecord & { record: number }): void {
    const hh = householdOf(this.baseline, rec);
    if (!hh.ok) {
      this.reject(hh.rejected);
      return;
    }
    const h = hh.household;
    let months: Stretch[];
    let scenarioMonths: (Stretch[] | undefined)[];
    const place = breakdownValue(this.baseline, h);
    let category = 'none';
    let ticket: Ticket | undefined;
    try {
      // Everything is evaluated before anything is added, so that a household that fails
      // under one policy is counted under none. A scenario priced from the profiles is not
      // evaluated, unless this household cannot be kept in them.
      months = this.engines.baseline.evaluate(h);
      category = lastCategory(months);
      ticket = this.profiles?.ticket(h, months, place, category);
      scenarioMonths = this.engines.scenarios.map((e, i) => (this.priced[i] && ticket ? undefined : e.evaluate(h)));
    } catch (e) {
      throw stoppedAt(e, h.id, rec.line);
    }
    if (this.columns) this.rows.push(this.columns.rangeRow(rec.record, h, this.months, [months, ...(scenarioMonths as Stretch[][])]));
    const baseTotal = this.base.add(h, months);
    if (ticket && (this.keep || scenarioMonths.includes(undefined))) {
      this.profiles!.add(ticket, baseTotal);
      if (!this.keep && this.profiles!.size >= this.maxGroups) this.priceFromProfiles();
    } else if (this.keep) this.unkept.push({ record: rec, base: baseTotal, place, category });
    scenarioMonths.forEach((m, i) => {
      if (!m) return;
      addHouseholdChange(this.comparisons[i]!, h, weightOf(this.baseline, h), place, category, baseTotal, this.results[i]!.add(h, m));
    });
    this.evaluated++;
  }

  /** The rows of the households added since the last call (none unless rows were asked for). */
  takeRows(): HouseholdRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  /** Prices the scenarios that change only prices from the profiles of the households added (once they all are). */
  priceFromProfiles(): void {
    if (!this.profiles || this.keep) return;
    this.scenarios.forEach((scenario, i) => {
      if (!this.priced[i]) return;
      const priced = this.profiles!.price(scenario)!;
      mergeAggregate(this.results[i]!, aggregateToWire(priced.result));
      mergeComparison(this.comparisons[i]!, comparisonToWire(priced.comparison));
    });
    this.profiles.clear();
  }

  /** The thread's share, once every household is added (the priced scenarios priced). */
  toWire(): WireAccumulator {
    this.priceFromProfiles();
    return {
      base: aggregateToWire(this.base),
      results: this.results.map(aggregateToWire),
      comparisons: this.comparisons.map(comparisonToWire),
      rejections: this.rejections,
      evaluated: this.evaluated,
      rejected: this.rejected,
      ...(this.keep ? { kept: { profiles: this.profiles!.toBytes(), unkept: this.unkept } } : {}),
    };
  }

  /** For a what-if: the profiles of this thread and of the others merged in (undefined for one that could not be sent), and the households they cannot carry. */
  kept(): KeptProfiles {
    const own = this.profiles && this.profiles.households > 0 ? [this.profiles] : [];
    for (const p of own) p.compact();
    return { parts: [...own, ...this.keptParts], unkept: this.unkept };
  }

  merge(w: WireAccumulator): void {
    mergeAggregate(this.base, w.base);
    w.results.forEach((r, i) => mergeAggregate(this.results[i]!, r));
    w.comparisons.forEach((c, i) => mergeComparison(this.comparisons[i]!, c));
    mergeRejections(this.rejections, w.rejections);
    this.evaluated += w.evaluated;
    this.rejected += w.rejected;
    if (w.kept) {
      const part = w.kept.profiles && Profiles.restore(this.baseline, w.kept.profiles);
      // A share of no households (a thread that had no slice left when slices were read again) prices nothing.
      if (!part || part.households > 0) this.keptParts.push(part);
      this.unkept.push(...w.kept.unkept);
    }
  }
}

/** A household the profiles cannot carry, kept for a what-if to evaluate under each scenario. */
export interface Unkept {
  readonly record: RawRecord & { record: number };
  readonly base: { readonly weighted: number; readonly own: number };
  readonly place: string;
  readonly category: string;
}

/** The baseline's profiles a what-if keeps (SimulationOptions.keepProfiles), a part per thread, and the households they cannot carry. */
export interface KeptProfiles {
  /** Undefined for a thread whose profiles could not be sent (a leaf that would not come back the same). */
  readonly parts: readonly (Profiles | undefined)[];
  readonly unkept: readonly Unkept[];
}

export interface WireAccumulator {
  base: WireAggregate;
  results: WireAggregate[];
  comparisons: WireComparison[];
  rejections: Rejected[];
  evaluated: number;
  rejected: number;
  /** With keep: the thread's profiles as bytes, and the households they cannot carry. */
  kept?: { profiles: Uint8Array | undefined; unkept: Unkept[] };
}

/** Records sent to a worker at a time, from a population read on the main thread. */
const BATCH = 500;

/** What a simulation worker is started with besides the policies. */
export interface WorkerSetup {
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly reprice: boolean;
  readonly profileGroups: number;
  /** Whether households' rows are made (and sent back with each task done). */
  readonly rows: boolean;
  /** Whether the profiles are kept for a what-if (and sent back with the share). */
  readonly keep: boolean;
}

/** Slices of a JSONL file: about sixteen per worker, so that a worker that is done takes another, each of 64 KiB to 4 MiB. */
function sliceBytes(fileSize: number, jobs: number): number {
  return Math.min(4 << 20, Math.max(64 << 10, Math.ceil(fileSize / (jobs * 16))));
}

/**
 * Runs every household through the baseline and each scenario. With `jobs` above 1, households
 * are shared among worker threads, each given the policies as prepared here: a JSONL file in
 * slices that each worker reads itself, another format read here and sent in batches. The
 * result is the same as with one thread.
 */
export async function simulate(baseline: Policy, population: string | Iterable<unknown> | AsyncIterable<unknown>, options: SimulationOptions): Promise<SimulationResult> {
  const from = dates.monthStart(civilDateOf(options.from, 'from'));
  const to = dates.monthStart(civilDateOf(options.to, 'to'));
  if (to < from) throw new DateInputError(`the last month (to) is before the first (from)`);
  const scenarios = options.scenarios ?? [];
  const profileGroups = options.profileGroups ?? MAX_GROUPS;
  const rows = options.households !== undefined;
  const keep = options.keepProfiles ?? false;
  const main = new Accumulator(baseline, scenarios.map((s) => s.policy), from, to, options.reprice ?? true, profileGroups, rows, keep);
  const setup: WorkerSetup = { from, to, reprice: options.reprice ?? true, profileGroups, rows, keep };
  const jobs = options.jobs ?? 1;
  const populationPath = typeof population === 'string' ? population : undefined;
  // A JSONL file given another encoding than its own is read here, to be refused as any reader refuses it.
  const sliced = jobs > 1 && populationPath !== undefined && formatOf(populationPath) === 'jsonl' && (options.encoding ?? 'utf-8') === 'utf-8' ? new SlicedRun(options.onProgress, options.households) : undefined;
  const order = options.households && !sliced ? new RowOrder(options.households) : undefined;
  const onDone = sliced?.done ?? (order ? (worker: number, done: unknown) => order.batchDone(worker, done as HouseholdRow[]) : undefined);
  // A what-if's workers keep every group of households until the end: their heaps are not bounded.
  const pool = jobs > 1 ? WorkerPool.start<WireAccumulator>(workerScript('worker'), jobs, [baseline, ...scenarios.map((s) => s.policy)], setup, { onProgress: sliced?.progress, onDone, ...(keep ? {} : { bound: SIMULATION_HEAP }) }) : undefined;
  let records = 0;
  const { signal } = options;
  signal?.throwIfAborted();
  // Workers ended at once: the pool's tasks then fail, and the run rejects with the reason.
  const stop = () => void pool?.close();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    if (pool && sliced) records = await sliced.run(pool, populationPath!, (size) => options.sliceBytes ?? sliceBytes(size, jobs), main);
    else records = await readHere(populationPath !== undefined ? readPopulationBatches(populationPath, baseline, options) : recordsOf(population as Iterable<unknown> | AsyncIterable<unknown>), main, pool, options.onProgress, order, signal);
    await order?.finished();
  } catch (e) {
    throw signal?.aborted ? signal.reason : e;
  } finally {
    signal?.removeEventListener('abort', stop);
    await pool?.close();
  }
  signal?.throwIfAborted();
  return {
    policy: baseline.meta.id,
    from,
    to,
    records,
    evaluated: main.evaluated,
    rejected: main.rejected,
    rejections: main.rejections,
    baseline: main.base,
    scenarios: scenarios.map((s, i) => ({ ...s, result: main.results[i]!, comparison: main.comparisons[i]! })),
    ...(keep ? { kept: main.kept() } : {}),
  };
}

/**
 * Households given as objects (an array, a generator, a stream of parsed records), as records,
 * each a batch of its own: a record's `line` is its place among them (1 for the first).
 */
async function* recordsOf(households: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<readonly RawRecord[]> {
  let place = 0;
  for await (const data of households) yield [{ line: ++place, data }];
}

/** A record read, numbered in place with its place among the population's records (the reader's object, not a copy). */
export function numbered(read: RawRecord, record: number): RawRecord & { record: number } {
  const rec = read as RawRecord & { record: number };
  rec.record = record;
  return rec;
}

/** Reads the population on this thread, evaluating each household here or sending it to the pool in a batch; the number of records. */
async function readHere(source: AsyncIterable<readonly RawRecord[]>, main: Accumulator, pool: WorkerPool<WireAccumulator> | undefined, onProgress: ((records: number) => void) | undefined, order: RowOrder | undefined, signal: AbortSignal | undefined): Promise<number> {
  const ids = new SeenIds();
  let records = 0;
  let batch: (RawRecord & { record: number })[] = [];
  for await (const reads of source) {
    for (const read of reads) {
      signal?.throwIfAborted();
      const rec = numbered(read, ++records);
      if (onProgress && records % 1000 === 0) onProgress(records);
      const id = recordId(rec);
      if (id !== undefined && ids.add(id)) {
        main.reject(duplicateId(rec, id));
        continue;
      }
      if (!pool) {
        main.add(rec);
        if (order && records % BATCH === 0) {
          order.add(main.takeRows());
          await order.drained();
        }
      } else {
        batch.push(rec);
        if (batch.length >= BATCH) {
          await send(pool, batch, order);
          batch = [];
        }
      }
    }
  }
  if (pool) {
    if (batch.length) await send(pool, batch, order);
    for (const wire of await pool.results()) main.merge(wire);
  } else {
    order?.add(main.takeRows());
    main.priceFromProfiles();
  }
  return records;
}

/**
 * Sends a batch to the pool, noting which worker has it for the order of its rows (noted before
 * the worker can answer: its answer is an event, handled after this continuation), once the rows
 * before are written, so that rows waiting for the disk never pile up.
 */
async function send(pool: WorkerPool<WireAccumulator>, batch: readonly RawRecord[], order: RowOrder | undefined): Promise<void> {
  await order?.drained();
  const worker = await pool.send(batch, batchText(batch));
  order?.sent(worker);
}

export { WorkerFailure } from './pool.js';
export { recordId, SeenIds } from './ids.js';
