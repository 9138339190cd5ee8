/**
 * A JSONL population shared among worker threads in slices that each worker reads itself: the
 * main thread only finds the slices (counting newlines, never parsing) and hands them out as
 * workers finish, then puts the shares together, numbering records as the whole file does.
 *
 * An id repeated within a slice is rejected by its worker as one thread would. One repeated
 * across slices shows only once every slice has reported its ids: a worker whose share counted
 * such a record reads its slices again, told which records to reject, so that the result is a
 * single thread's to the byte (a file without such duplicates is read once).
 */
import type { WorkerPool } from './pool.js';
import type { Accumulator, WireAccumulator } from './simulate.js';
import { lineSlices, SliceLedger, type Slice, type SliceReport, type SliceTask } from './slices.js';

export class SlicedRun {
  private readonly ledger = new SliceLedger();
  /** False while slices are read again, whose records and ids are already known. */
  private firstReading = true;
  private recordsDone = 0;

  constructor(private readonly onProgress?: (records: number) => void) {}

  /** For the pool: records done, as workers report them. */
  readonly progress = (records: number): void => {
    if (!this.firstReading || !this.onProgress) return;
    this.recordsDone += records;
    this.onProgress(this.recordsDone);
  };

  /** For the pool: a slice read, with the ids it holds. */
  readonly done = (_worker: number, report: unknown): void => {
    if (this.firstReading) this.ledger.report(report as SliceReport);
  };

  /** Reads the file in slices of `bytes` (of the file's size) on the pool's workers, merging their shares into `main`; the number of records. */
  async run(pool: WorkerPool<WireAccumulator>, path: string, bytes: (fileSize: number) => number, main: Accumulator): Promise<number> {
    const slices: Slice[] = [];
    const workerOf: number[] = [];
    for await (const slice of lineSlices(path, bytes)) {
      slices.push(slice);
      workerOf.push(await pool.send(task(path, slice, [])));
    }
    let shares = await pool.results();
    const again = new Set(slices.filter((s) => this.ledger.repeated(s.index).length > 0).map((s) => workerOf[s.index]!));
    if (again.size) {
      this.firstReading = false;
      const kept = shares.filter((_, worker) => !again.has(worker));
      for (const s of slices) if (again.has(workerOf[s.index]!)) await pool.send(task(path, s, this.ledger.repeated(s.index)));
      shares = [...kept, ...(await pool.results())];
    }
    for (const share of shares) main.merge({ ...share, rejections: share.rejections.map((r) => ({ ...r, record: this.ledger.record(r.record) })) });
    return this.ledger.records;
  }
}

function task(path: string, slice: Slice, repeated: readonly number[]): SliceTask {
  return { ...slice, path, repeated };
}
