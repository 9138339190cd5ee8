/**
 * The ids of a population are compared exactly: the compact table of keys agrees with a Map;
 * read in slices, the ledger finds every id repeated across slices, and no other, even when
 * every id shares one hash (forced collisions), whatever the order the slices report in and
 * however often their ids are compared on the way; read on one thread, the set of ids seen
 * answers as a set of strings does, forced collisions included. A worker that goes beyond its heap bound
 * stops the run with E-SIM-WORKER-MEMORY naming the task it had in hand, and the process goes on.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/policy/index.js';
import { SeenIds } from '../src/sim/ids.js';
import { KeyTable } from '../src/sim/keyTable.js';
import { WorkerOutOfMemory, WorkerPool } from '../src/sim/pool.js';
import { SliceLedger, type SliceId, type SliceReport } from '../src/sim/slices.js';

const SEEDS = [1, 7, 2018];

describe('the table of keys', () => {
  for (const seed of SEEDS) {
    it(`holds what a Map holds, through its growth (seed ${seed})`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.oneof(fc.maxSafeNat(), fc.nat(50)), fc.nat(2 ** 32 - 1)), { maxLength: 3000 }), (pairs) => {
          const table = new KeyTable(2);
          const map = new Map<number, number>();
          for (const [k, v] of pairs) {
            expect(table.get(k)).toBe(map.get(k) ?? -1);
            if (!map.has(k)) {
              table.add(k, v);
              map.set(k, v);
            }
          }
          expect(table.size).toBe(map.size);
          for (const [k, v] of map) expect(table.get(k)).toBe(v);
        }),
        { numRuns: 40, seed },
      );
    });
  }

  it('refuses a key it could not hold exactly', () => {
    expect(() => new KeyTable().add(2 ** 53, 0)).toThrow(RangeError);
    expect(() => new KeyTable().add(-1, 0)).toThrow(RangeError);
  });
});

/** A slice's records: an id (from a few, so that they repeat) or none (an unreadable record). */
const sliceArb = fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'SYN-1', 'SYN-2', '户-1'), { nil: undefined, freq: 6 }), { maxLength: 12 });

/** What a worker reports of a slice: each id the first time the slice holds it, as its key, with its record. */
function reportOf(index: number, records: readonly (string | undefined)[], key: (id: string) => number): SliceReport {
  const seen = new Set<string>();
  const keys: number[] = [];
  const holders: number[] = [];
  records.forEach((id, i) => {
    if (id === undefined || seen.has(id)) return;
    seen.add(id);
    keys.push(key(id));
    holders.push(i + 1);
  });
  return { index, records: records.length, keys: Float64Array.from(keys), holders: Uint32Array.from(holders) };
}

/** The records each slice must reject: each id a slice holds first whose id an earlier slice holds. */
function expected(slices: readonly (readonly (string | undefined)[])[]): number[][] {
  const before = new Set<string>();
  return slices.map((records) => {
    const mine = new Set<string>();
    const out: number[] = [];
    records.forEach((id, i) => {
      if (id === undefined || mine.has(id)) return;
      mine.add(id);
      if (before.has(id)) out.push(i + 1);
    });
    for (const id of mine) before.add(id);
    return out;
  });
}

const KEYS: Record<string, (id: string) => number> = {
  'one hash for every id': () => 7,
  'two hashes': (id) => id.length % 2,
  "the workers' hash": SeenIds.key,
};

describe('ids repeated across slices', () => {
  for (const [name, key] of Object.entries(KEYS)) {
    for (const seed of SEEDS) {
      it(`are found exactly with ${name} (seed ${seed})`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(sliceArb, { maxLength: 8 }), fc.infiniteStream(fc.boolean()), fc.nat(), async (slices, compareNow, shuffle) => {
            const ledger = new SliceLedger(key);
            const reads: number[] = [];
            const read = async function* (index: number): AsyncGenerator<SliceId> {
              reads.push(index);
              for (const [i, id] of slices[index]!.entries()) if (id !== undefined) yield { record: i + 1, id };
            };
            // Slices report in any order; ids are compared now and then on the way, and at the end.
            const order = slices.map((_, i) => i).sort((a, b) => ((a * 7919 + shuffle) % 13) - ((b * 7919 + shuffle) % 13) || a - b);
            const it = compareNow[Symbol.iterator]();
            for (const i of order) {
              ledger.report(reportOf(i, slices[i]!, key));
              if (it.next().value) await ledger.resolve(read);
            }
            await ledger.resolve(read);
            expect(slices.map((_, i) => [...ledger.repeated(i)].sort((a, b) => a - b))).toEqual(expected(slices));
            expect(ledger.records).toBe(slices.reduce((n, s) => n + s.length, 0));
            // Distinct hashes leave nothing to read again but true repeats.
            if (key === SeenIds.key && expected(slices).every((r) => r.length === 0)) expect(reads).toEqual([]);
          }),
          { numRuns: 120, seed },
        );
      });
    }
  }
});

describe('the ids of a population read on one thread', () => {
  /** Ids that repeat, in one and two bytes a code unit, a lone surrogate beside the character that stands for it in UTF-8, and the empty-looking. */
  const idArb = fc.oneof(fc.constantFrom('a', 'SYN-0000001', 'é', '户-1', '\ud800', '\ufffd', '\udc00x', 'ÿ', ' '), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));
  for (const [name, key] of Object.entries(KEYS)) {
    for (const seed of SEEDS) {
      it(`are found repeated exactly, as a set of strings finds them, with ${name} (seed ${seed})`, () => {
        fc.assert(
          fc.property(fc.array(idArb, { maxLength: 200 }), (ids) => {
            const seen = new SeenIds(key);
            const exact = new Set<string>();
            for (const id of ids) {
              expect(seen.add(id), JSON.stringify(id)).toBe(exact.has(id));
              exact.add(id);
            }
          }),
          { numRuns: 150, seed },
        );
      });
    }
  }
});

describe('a worker beyond its heap bound', () => {
  it('stops the run with E-SIM-WORKER-MEMORY naming the task it had in hand, and the process goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzhu-heap-'));
    const script = join(dir, 'grow.mjs');
    // A job that holds all it is given of one task: the bound must stop it, not the process.
    writeFileSync(
      script,
      `import { serveBatches } from ${JSON.stringify(pathToFileURL(join(packageRoot(), 'dist', 'src', 'sim', 'pool.js')).href)};
const held = [];
serveBatches(() => ({
  add(rec) { if (rec === 'grow') for (;;) held.push(new Array(1000).fill(held.length)); },
  result: () => held.length,
}));
`,
    );
    const pool = WorkerPool.start<number>(script, 1, [], null, { bound: { oldMb: 32, youngMb: 8 } })!;
    try {
      await pool.send(['small'], 'the records of lines 1–1');
      await pool.send(['grow'], 'the records of lines 2–3');
      const failure = await pool.results().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(WorkerOutOfMemory);
      expect((failure as WorkerOutOfMemory).code).toBe('E-SIM-WORKER-MEMORY');
      expect((failure as Error).message).toMatch(/E-SIM-WORKER-MEMORY .*a heap of 40 MB.*while doing the records of lines 2–3;/);
    } finally {
      await pool.close();
    }
    // The process is still here, and another pool runs.
    const again = WorkerPool.start<number>(script, 1, [], null, { bound: { oldMb: 32, youngMb: 8 } })!;
    await again.send(['small']);
    expect(await again.results()).toEqual([0]);
    await again.close();
  }, 60_000);
});
