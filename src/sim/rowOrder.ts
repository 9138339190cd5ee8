/**
 * Households' rows put back in the population's order as threads finish their tasks: each task
 * (a batch of records, a slice of the file) is numbered in file order, its rows wait until the
 * tasks before it are written, and are then handed to the sink one task after another, each
 * write awaited before the next. So the rows come out the same whatever the number of threads.
 */
import type { HouseholdRow } from './householdRows.js';

/** Where rows go, in order: the run waits for each call. */
export type RowSink = (rows: readonly HouseholdRow[]) => void | Promise<void>;

export class RowOrder {
  private readonly waiting = new Map<number, readonly HouseholdRow[]>();
  private next = 0;
  private writing: Promise<void> = Promise.resolve();
  /** Per worker, the tasks it was given and has not finished, in the order given (a worker does them in turn). */
  private readonly given = new Map<number, number[]>();
  private tasks = 0;

  /** `settle` makes a task's rows final just before they are written, once every earlier task's are (a slice's duplicates are known only then). */
  constructor(
    private readonly sink: RowSink,
    private readonly settle: (task: number, rows: readonly HouseholdRow[]) => readonly HouseholdRow[] | Promise<readonly HouseholdRow[]> = (_, rows) => rows,
  ) {}

  /** The rows of task `task` (0 for the first in file order). */
  put(task: number, rows: readonly HouseholdRow[]): void {
    this.waiting.set(task, rows);
    for (let ready = this.waiting.get(this.next); ready; ready = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      const task = this.next++;
      this.writing = this.writing.then(async () => {
        const settled = await this.settle(task, ready);
        if (settled.length) await this.sink(settled);
      });
      // A failed write is reported by `finished`; until then it must not count as unhandled.
      this.writing.catch(() => undefined);
    }
  }

  /** Rows done here, in file order after every task before: the next task's. */
  add(rows: readonly HouseholdRow[]): void {
    this.put(this.tasks++, rows);
  }

  /** A batch given to a worker: its place in file order is the next task's. */
  sent(worker: number): void {
    let tasks = this.given.get(worker);
    if (!tasks) this.given.set(worker, (tasks = []));
    tasks.push(this.tasks++);
  }

  /** A worker finished the oldest batch it was given, with these rows. */
  batchDone(worker: number, rows: readonly HouseholdRow[]): void {
    this.put(this.given.get(worker)!.shift()!, rows);
  }

  /** Once the rows handed on so far are written (throws why a write failed). */
  async drained(): Promise<void> {
    await this.writing;
  }

  /** Every row written (throws why a write failed); call once every task is put. */
  async finished(): Promise<void> {
    await this.writing;
    if (this.waiting.size) throw new Error(`rows of ${this.waiting.size} tasks were never written: a task before them did not report`);
  }
}
