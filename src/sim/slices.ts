/**
 * Slices of a JSONL population for worker threads that read the file themselves: ranges of whole
 * lines found by counting newlines (never parsing), each knowing the line it starts at; records
 * numbered within their slice in a way that keeps the file's order; and the duplicate ids that
 * only the whole file shows, found from what each slice reports of the ids it holds and, for
 * the few keys found twice, the ids themselves read again.
 */
import { closeSync, readSync } from 'node:fs';
import { openRegularFile } from '../policy/inputFile.js';
import type { HouseholdRow } from './householdRows.js';
import { KeyTable } from './keyTable.js';
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

/** A record of a slice read again for its id: its number within the slice (from 1) and the id. */
export interface SliceId {
  readonly record: number;
  readonly id: string;
}

/** Reads slice `index` again for the ids of its records (those with an id), in order. */
export type SliceIds = (index: number) => AsyncIterable<SliceId>;

/**
 * The slices' reports put in file order as they come, each record's number in the whole file,
 * and the records that repeat an id of an earlier slice (a worker sees only its slice's ids).
 * Ids are compared exactly: the reports give keys (hashes), kept in a compact table; a key an
 * earlier slice holds makes its record a suspect, and `resolve` reads the slices holding that
 * key again to compare the ids themselves, so that a hash shared by two ids never rejects one.
 */
export class SliceLedger {
  private readonly waiting = new Map<number, SliceReport>();
  /** Records before each slice reported in order so far. */
  private readonly before: number[] = [];
  /** Per slice in order, its records whose id an earlier slice holds (once resolved). */
  private readonly repeats: number[][] = [];
  /** Each key reported, with the first slice that held it. */
  private readonly table = new KeyTable();
  /** Records whose key an earlier report holds, not yet compared by their ids. */
  private suspects: { slice: number; record: number; key: number }[] = [];
  /** For each key found twice, the distinct ids holding it so far, each with the first slice holding it. */
  private readonly known = new Map<number, Map<string, number>>();
  private counted = 0;
  private resolving = Promise.resolve();

  /** `key` is the hash a worker reports an id as (SeenIds.key), to find a suspect's id among a slice's. */
  constructor(private readonly key: (id: string) => number) {}

  report(r: SliceReport): void {
    this.waiting.set(r.index, r);
    for (let next = this.waiting.get(this.repeats.length); next; next = this.waiting.get(this.repeats.length)) {
      this.waiting.delete(next.index);
      // Within a slice the worker has kept each id once: each key is looked up among the keys reported before.
      next.keys.forEach((k, i) => {
        if (this.table.get(k) < 0) this.table.add(k, next.index);
        else this.suspects.push({ slice: next.index, record: next.holders[i]!, key: k });
      });
      this.repeats.push([]);
      this.before.push(this.counted);
      this.counted += next.records;
    }
  }

  /**
   * Compares the suspects' ids with those of the earlier slices holding their keys, reading
   * each slice needed once; after it, `repeated` is exact for every slice reported.
   */
  resolve(read: SliceIds): Promise<void> {
    // One after another: a call waits for the ids an earlier one is reading.
    this.resolving = this.resolving.then(() => this.compare(read));
    return this.resolving;
  }

  private async compare(read: SliceIds): Promise<void> {
    if (!this.suspects.length) return;
    const suspects = this.suspects;
    this.suspects = [];
    /** Per slice to read, the keys to find in it (a suspect's own slice, or the first slice of a key seen for the first time twice). */
    const wanted = new Map<number, Set<number>>();
    const want = (slice: number, key: number) => {
      let keys = wanted.get(slice);
      if (!keys) wanted.set(slice, (keys = new Set()));
      keys.add(key);
    };
    for (const s of suspects) {
      want(s.slice, s.key);
      if (!this.known.has(s.key)) want(this.table.get(s.key), s.key);
    }
    /** Per key, the ids read of it: slice, record, id. */
    const found = new Map<number, { slice: number; record: number; id: string }[]>();
    for (const slice of [...wanted.keys()].sort((a, b) => a - b)) {
      const keys = wanted.get(slice)!;
      const inSlice = new Set<string>();
      for await (const { record, id } of read(slice)) {
        const k = this.key(id);
        if (!keys.has(k) || inSlice.has(id)) continue;
        inSlice.add(id);
        let ids = found.get(k);
        if (!ids) found.set(k, (ids = []));
        ids.push({ slice, record, id });
      }
    }
    const suspected = new Set(suspects.map((s) => `${s.slice}:${s.record}`));
    for (const [k, ids] of found) {
      let known = this.known.get(k);
      if (!known) this.known.set(k, (known = new Map()));
      for (const { slice, record, id } of ids) {
        const first = known.get(id);
        if (first === undefined) known.set(id, slice);
        else if (first < slice && suspected.has(`${slice}:${record}`)) this.repeats[slice]!.push(record);
      }
    }
  }

  /** Records in the whole file, once every slice is reported. */
  get records(): number {
    return this.counted;
  }

  /** The records of a slice that repeat an earlier slice's id (none known before the slices before it are reported and resolved). */
  repeated(index: number): readonly number[] {
    return this.repeats[index] ?? [];
  }

  /** A record's number in the whole file, from the number its worker gave it. */
  record(sliced: number): number {
    return this.before[Math.floor(sliced / PER_SLICE)]! + (sliced % PER_SLICE);
  }
}
