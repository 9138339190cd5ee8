/**
 * Household ids: the id a record gives its household, and the set of ids seen, by which a
 * population's duplicates are found.
 */
import { KeyTable } from './keyTable.js';
import type { RawRecord } from './readers.js';

/**
 * Household ids seen, compared exactly in little memory: each id's code units in one growing
 * buffer, found by its 53-bit hash in a table of typed arrays (a million ids of eleven
 * characters took 26 MB here, and no object an id). Two ids sharing a hash are told apart by
 * their code units; the second of such a pair is kept in a small set of its own.
 */
export class SeenIds {
  /** Each hash, with where the first id of that hash starts in `bytes`. */
  private readonly table = new KeyTable();
  /** Each id as a header (its length in code units, doubled, plus one when they take two bytes each) and its code units, one after another. */
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Ids whose hash an id before them holds. */
  private readonly sharing = new Set<string>();

  /** `key` is the hash an id is found by (SeenIds.key; a test may make ids share one). */
  constructor(private readonly key: (id: string) => number = SeenIds.key) {}

  /** The hash an id is kept as (a worker reports its slice's ids so). */
  static key(id: string): number {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    return (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) & 0x1fffff);
  }

  /** True when the id was seen before. */
  add(id: string): boolean {
    const k = this.key(id);
    const at = this.table.get(k);
    if (at < 0) {
      this.table.add(k, this.keep(id));
      return false;
    }
    if (this.kept(at) === id || this.sharing.has(id)) return true;
    this.sharing.add(id);
    return false;
  }

  /** Appends an id, its code units as they are: one byte each when all are below 256, else two; where it starts. */
  private keep(id: string): number {
    const narrow = NARROW.test(id);
    const length = narrow ? id.length : 2 * id.length;
    if (this.used + 4 + length > this.bytes.length) {
      const more = Buffer.allocUnsafe(Math.max(2 * this.bytes.length, this.used + 4 + length));
      this.bytes.copy(more, 0, 0, this.used);
      this.bytes = more;
    }
    const at = this.used;
    this.bytes.writeUInt32LE(id.length * 2 + (narrow ? 0 : 1), at);
    this.bytes.write(id, at + 4, narrow ? 'latin1' : 'utf16le');
    this.used += 4 + length;
    return at;
  }

  /** The id kept at `at`. */
  private kept(at: number): string {
    const header = this.bytes.readUInt32LE(at);
    const units = header >>> 1;
    return header & 1 ? this.bytes.toString('utf16le', at + 4, at + 4 + 2 * units) : this.bytes.toString('latin1', at + 4, at + 4 + units);
  }
}

/** An id whose code units all fit a byte. */
const NARROW = /^[\u0000-\u00ff]*$/;

/** The id a record gives its household, when it is a non-empty string: what duplicates are found by. */
export function recordId(rec: RawRecord): string | undefined {
  const id = (rec.data as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
