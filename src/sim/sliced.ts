/**
 * A JSONL population shared among worker threads in slices that each worker reads itself: the
 * main thread only finds the slices (counting newlines, never parsing) and hands them out as
 * workers finish, then puts the shares together, numbering records as the whole file does.
 *
 * An id repeated within a slice is rejected by its worker as one thread would. One repeated
 * across slices shows only once every slice has reported its ids: a worker whose share counted
 * such a record reads its slices again, told which records to reject, so that the result is a
 * single thread's to the byte (a file without such duplicates is read once). Ids are compared
 * exactly: slices report hashes, and the few records whose hash an earlier slice holds have
 * their ids read again here and compared (slices.ts).
 */
import type { HouseholdRow } from './householdRows.js';
import type { WorkerPool } from './pool.js';
import { RowOrder, type RowSink } from './rowOrder.js';
import { recordId, SeenIds } from './ids.js';
import { readJsonlRange } from './readers.js';
import type { Accumulator, WireAccumulator } from './simulate.js';
import { lineSlices, recordInSlice, SliceLedger, type Slice, type SliceId, type SliceReport, type SliceTask } from './slices.js';

export class SlicedRun {
  private readonly ledger = new SliceLedger(SeenIds.key);
  /** The file's slices, as found so far, and the file. */
  private readonly slices: Slice[] = [];
  private path = '';
  /** False while slices are read again, whose records and ids are already known. */
  private firstReading = true;
  private recordsDone = 0;

  /**
   * Households' rows, when asked for, slice after slice; of the first reading only, less the
   * records that repeat an earlier slice's id (known once the slices before are reported, as
   * they are by the time a slice's rows are written), so that no slice is read again for them.
   */
  private readonly order: RowOrder | undefined;

  constructor(
    private readonly onProgress?: (records: number) => void,
    households?: RowSink,
  ) {
    this.order = households && new RowOrder(households, (index, rows) => this.settle(index, rows));
  }

  private async settle(index: number, rows: readonly HouseholdRow[]): Promise<HouseholdRow[]> {
    await this.ledger.resolve(this.ids);
    const repeated = new Set(this.ledger.repeated(index));
    return rows.filter((r) => !repeated.has(recordInSlice(r.record))).map((r) => ({ ...r, record: this.ledger.record(r.record) }));
  }

  /** For the pool: records done, as workers report them. */
  readonly progress = (records: number): void => {
    if (!this.firstReading || !this.onProgress) return;
    this.recordsDone += records;
    this.onProgress(this.recordsDone);
  };

  /** For the pool: a slice read, with the ids it holds. */
  readonly done = (_worker: number, report: unknown): void => {
    if (!this.firstReading) return;
    const slice = report as SliceReport;
    this.ledger.report(slice);
    this.order?.put(slice.index, slice.rows ?? []);
  };

  /** The ids of a slice's records, read again on this thread (for the few keys found twice). */
  private async *sliceIds(index: number): AsyncGenerator<SliceId> {
    let record = 0;
    for await (const rec of readJsonlRange(this.path, this.slices[index]!)) {
      record++;
      const id = recordId(rec);
      if (id !== undefined) yield { record, id };
    }
  }

  private readonly ids = (index: number) => this.sliceIds(index);

  /** Reads the file in slices of `bytes` (of the file's size) on the pool's workers, merging their shares into `main`; the number of records. */
  async run(pool: WorkerPool<WireAccumulator>, path: string, bytes: (fileSize: number) => number, main: Accumulator): Promise<number> {
    this.path = path;
    const slices = this.slices;
    const workerOf: number[] = [];
    for await (const slice of lineSlices(path, bytes)) {
      slices.push(slice);
      // Rows waiting for the disk do not pile up: a slice is handed out once those before are written.
      await this.order?.drained();
      workerOf.push(await pool.send(task(path, slice, []), sliceText(path, slice)));
    }
    let shares = await pool.results();
    await this.order?.finished();
    await this.ledger.resolve(this.ids);
    const again = new Set(slices.filter((s) => this.ledger.repeated(s.index).length > 0).map((s) => workerOf[s.index]!));
    if (again.size) {
      this.firstReading = false;
      const kept = shares.filter((_, worker) => !again.has(worker));
      for (const s of slices) if (again.has(workerOf[s.index]!)) await pool.send(task(path, s, this.ledger.repeated(s.index)), sliceText(path, s));
      shares = [...kept, ...(await pool.results())];
    }
    for (const share of shares) main.merge({ ...share, rejections: share.rejections.map((r) => ({ ...r, record: this.ledger.record(r.record) })) });
    return this.ledger.records;
  }
}

function task(path: string, slice: Slice, repeated: readonly number[]): SliceTask {
  return { ...slice, path, repeated };
}

/** A slice as an error names it: the file, the line it starts at and its bytes. */
function sliceText(path: string, slice: Slice): string {
  return `the slice of ${path} from line ${slice.line} (bytes ${slice.start}–${slice.end})`;
}
