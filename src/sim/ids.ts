/**
 * Household ids: the id a record gives its household, and the set of ids seen, by which a
 * population's duplicates are found.
 */
import type { RawRecord } from './readers.js';

/**
 * Household ids seen, kept as 53-bit hashes so that a million ids take a few megabytes; two
 * different ids sharing a hash (about one chance in ten billion per pair) would be taken as
 * a duplicate.
 */
export class SeenIds {
  private readonly seen = new Set<number>();

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
    return this.addKey(SeenIds.key(id));
  }

  /** True when an id of this key was seen before. */
  addKey(key: number): boolean {
    if (this.seen.has(key)) return true;
    this.seen.add(key);
    return false;
  }
}

/** The id a record gives its household, when it is a non-empty string: what duplicates are found by. */
export function recordId(rec: RawRecord): string | undefined {
  const id = (rec.data as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
