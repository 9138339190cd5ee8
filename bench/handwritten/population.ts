/**
 * Reads a JSONL population record by record with node's readline, for the benchmark programs:
 * each household, or `undefined` for a record that is not one (unreadable, or an id seen before).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { BadRecord, readHousehold, type Household } from './household.js';

export async function* households(path: string): AsyncGenerator<Household | undefined> {
  const ids = new Set<string>();
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (text.trim() === '') continue;
    let h: Household;
    try {
      h = readHousehold(JSON.parse(text));
    } catch (e) {
      if (!(e instanceof BadRecord || e instanceof SyntaxError)) throw e;
      yield undefined;
      continue;
    }
    if (ids.has(h.id)) {
      yield undefined;
      continue;
    }
    ids.add(h.id);
    yield h;
  }
}

/** `2019-03` as 201903. */
export function parseMonth(text: string): number {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new BadRecord(`not a month (YYYY-MM): ${text}`);
  return Number(m[1]) * 100 + Number(m[2]);
}
