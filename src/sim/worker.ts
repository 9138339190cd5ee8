/**
 * A worker thread of a simulation: given the prepared policies, it evaluates the batches it is
 * sent, or reads the slices of a JSONL population it is given, rejecting an id repeated within a
 * slice (or one the main thread found in an earlier slice) and reporting the ids it holds.
 */
import type { Policy } from '../policy/index.js';
import { serveBatches } from './pool.js';
import { readJsonlRangeBatches, type RawRecord } from './readers.js';
import { Accumulator, duplicateId, numbered, recordId, SeenIds, type WireAccumulator, type WorkerSetup } from './simulate.js';
import { sliceRecord, type SliceReport, type SliceTask } from './slices.js';

/** Records read between two reports of progress. */
const PROGRESS_EVERY = 1000;

/** Reads a slice into the share; with `rows`, the report carries the slice's households' rows. */
async function readSlice(acc: Accumulator, task: SliceTask, progress: (records: number) => void, rows: boolean): Promise<SliceReport> {
  // The slice's own ids, compared exactly: a slice holds a few thousand.
  const ids = new Set<string>();
  const repeated = new Set(task.repeated);
  const keys: number[] = [];
  const holders: number[] = [];
  let n = 0;
  for await (const records of readJsonlRangeBatches(task.path, task)) {
    for (const read of records) {
      const rec = numbered(read, sliceRecord(task.index, ++n));
      if (n % PROGRESS_EVERY === 0) progress(PROGRESS_EVERY);
      const id = recordId(rec);
      if (id !== undefined) {
        const seen = ids.has(id);
        if (!seen) {
          ids.add(id);
          keys.push(SeenIds.key(id));
          holders.push(n);
        }
        if (seen || repeated.has(n)) {
          acc.reject(duplicateId(rec, id));
          continue;
        }
      }
      acc.add(rec);
    }
  }
  if (n % PROGRESS_EVERY) progress(n % PROGRESS_EVERY);
  return { index: task.index, records: n, keys: Float64Array.from(keys), holders: Uint32Array.from(holders), ...(rows ? { rows: acc.takeRows() } : {}) };
}

serveBatches<WorkerSetup, WireAccumulator>(([baseline, ...scenarios]: Policy[], setup) => {
  let acc: Accumulator | undefined;
  const share = () => (acc ??= new Accumulator(baseline!, scenarios, setup.from, setup.to, setup.reprice, setup.profileGroups, setup.rows, setup.keep));
  return {
    add: (rec) => share().add(rec as RawRecord & { record: number }),
    // A batch's households' rows go back with it (none unless asked for).
    ...(setup.rows ? { batchDone: () => share().takeRows() } : {}),
    read: (task, progress) => readSlice(share(), task as SliceTask, progress, setup.rows),
    result: () => {
      const wire = share().toWire();
      acc = undefined;
      return wire;
    },
  };
});
