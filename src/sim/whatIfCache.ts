/**
 * A what-if's one pass kept between runs, so that `fuzhu explore` opened again on the same
 * population (a meeting's second question, the next morning) starts from the kept profiles in
 * seconds instead of evaluating every household again. The key is the SHA-256 of the texts the
 * policy was read from (its files, then each scenario file or `--set` edit laid over it, in
 * order: a policy is what its sources say, so one built otherwise must not ask for the cache),
 * of every byte of the population file, of the range of months, and of what every cache key
 * holds (Fuzhu's code and version, Node's: src/cache/store.ts); any change is a new key. Stored
 * in the cache's folder, whole or not at all; a population that is not a plain file is never
 * cached. (The policy's bytes as the codec writes them would not do: V8 writes a string with
 * one or two bytes a character as it happens to hold it, so equal policies may differ.)
 */
import { createReadStream, statSync } from 'node:fs';
import { decode, encode } from '../cache/codec.js';
import { keyHash, readEntry, writeEntry } from '../cache/store.js';
import type { CivilDate } from '../dsl/index.js';
import type { Policy } from '../policy/index.js';
import type { Unkept } from './simulate.js';
import type { WireAggregate } from './wire.js';

/** A pass as kept: each share's profiles (Profiles.toBytes), the baseline's aggregate, the households the profiles cannot carry, and the counts of records. */
export interface KeptPass {
  readonly parts: readonly Uint8Array[];
  readonly base: WireAggregate;
  readonly unkept: readonly Unkept[];
  readonly records: number;
  readonly rejected: number;
}

/** The key of a pass, or undefined when it cannot be had (the population is no plain file). */
export async function passKey(policy: Policy, population: string, from: CivilDate, to: CivilDate): Promise<string | undefined> {
  try {
    if (!statSync(population).isFile()) return undefined;
    const hash = keyHash('what-if').update(`${from} ${to} ${policy.meta.id} ${JSON.stringify(policy.scenarios)}\0`);
    for (const s of policy.sources) hash.update(`source ${s.path} ${s.text.length}\0`).update(s.text);
    hash.update(`population ${population}\0`);
    for await (const chunk of createReadStream(population)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

export function readPass(key: string): KeptPass | undefined {
  const bytes = readEntry(key);
  if (!bytes) return undefined;
  try {
    return decode(bytes) as KeptPass;
  } catch {
    return undefined;
  }
}

export function writePass(key: string, pass: KeptPass): void {
  const bytes = encode(pass);
  if (bytes) writeEntry(key, bytes);
}
