/**
 * Slices of a JSONL population for worker threads that read the file themselves: ranges of whole
 * lines found by counting newlines (never parsing), each knowing the line it starts at; records
 * numbered within their slice in a way that keeps the file's order; and the duplicate ids that
 * only the whole file shows, found from what each slice reports of the ids it holds.
 */
import { closeSync, readSync } from 'node:fs';
import { openRegularFile } from '../policy/index.js';
import type { HouseholdRow } from './householdRows.js';
import type { LineRange } from './lines.js';
import { PopulationError } from './record.js';

/** A slice: its place among the slices (0 for the first) and its lines. */
export interface Slice extends LineRange {
  readonly index: number;
}

/** What a worker is given to read: a slice of the file, and the records of it to reject as repeating an earlier slice's id. */
export interface SliceTask extends Slice {
  readonly path: string;
  /** Records of the slice (numbered from 1 within it) whose id an earlier slice holds. */
  readonly repeated: readonly number[];
}

/** What a worker reports of a slice it has read: its records, and each id it holds for the first time in the slice (as SeenIds keys) with the record holding it. */
export interface SliceReport {
  readonly index: number;
  readonly records: number;
  readonly keys: Float64Array;
  readonly holders: Uint32Array;
  /** The households' rows, when asked for, their records numbered as the worker numbers them. */
  readonly rows?: HouseholdRow[];
}

/**
 * The slices of a file, each of at least `bytesFor(the file's size)` bytes (but the last) and
 * ending after a newline, as the file is scanned; a longer line makes its slice longer.
 */
export async function* lineSlices(path: string, bytesFor: (fileSize: number) => number): AsyncGenerator<Slice> {
  const opened = openRegularFile(path);
  if (!opened.ok) throw new PopulationError(opened.diagnostic);
  const bytes = bytesFor(opened.size);
  const buffer = Buffer.allocUnsafe(1 << 20);
  let index = 0;
  let start = 0;
  let line = 1;
  let newlines = 0;
  let at = 0;
  try {
    for (let n = readSync(opened.fd, buffer, 0, buffer.length, at); n > 0; at += n, n = readSync(opened.fd, buffer, 0, buffer.length, at)) {
      const read = buffer.subarray(0, n);
      for (let nl = read.indexOf(10); nl !== -1; nl = read.indexOf(10, nl + 1)) {
        newlines++;
        const end = at + nl + 1;
        if (end - start < bytes) continue;
        yield { index: index++, start, end, line };
        start = end;
        line = newlines + 1;
      }
    }
    if (at > start) yield { index, start, end: at, line };
  } finally {
    closeSync(opened.fd);
  }
}

/** Records per slice numbered below 2^32 within it: slice and record as one number that sorts as the file does. */
const PER_SLICE = 2 ** 32;

/** The number a worker gives record `n` (from 1) of slice `index`, until the slices before it are counted. */
export function sliceRecord(index: number, n: number): number {
  return index * PER_SLICE + n;
}

/** A record's number within its slice (from 1), from the number its worker gave it. */
export function recordInSlice(sliced: number): number {
  return sliced % PER_SLICE;
}

/**
 * The slices' reports put in file order as they come, each record's number in the whole file,
 * and the records that repeat an id of an earlier slice (a worker sees only its slice's ids).
 */
export class SliceLedger {
  private readonly waiting = new Map<number, SliceReport>();
  /** Records before each slice reported in order so far. */
  private readonly before: number[] = [];
  /** Per slice in order, its records whose id an earlier slice holds. */
  private readonly repeats: number[][] = [];
  private readonly keys = new Set<number>();
  private counted = 0;

  report(r: SliceReport): void {
    this.waiting.set(r.index, r);
    for (let next = this.waiting.get(this.repeats.length); next; next = this.waiting.get(this.repeats.length)) {
      this.waiting.delete(next.index);
      const repeated: number[] = [];
      // Within a slice the worker has kept each key once: each is looked up among the earlier slices' keys only.
      next.keys.forEach((k, i) => {
        if (this.keys.has(k)) repeated.push(next.holders[i]!);
      });
      for (const k of next.keys) this.keys.add(k);
      this.repeats.push(repeated);
      this.before.push(this.counted);
      this.counted += next.records;
    }
  }

  /** Records in the whole file, once every slice is reported. */
  get records(): number {
    return this.counted;
  }

  /** The records of a slice that repeat an earlier slice's id (none known before the slices before it are reported). */
  repeated(index: number): readonly number[] {
    return this.repeats[index] ?? [];
  }

  /** A record's number in the whole file, from the number its worker gave it. */
  record(sliced: number): number {
    return this.before[Math.floor(sliced / PER_SLICE)]! + (sliced % PER_SLICE);
  }
}
