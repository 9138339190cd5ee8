/**
 * Reads a JSONL population record by record with node's readline, for the benchmark programs:
 * each household, or `undefined` for a record that is not one (unreadable, or an id seen before);
 * and runs such a program from its command line.
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

/**
 * Runs a benchmark program on `POPULATION.jsonl [FROM TO]` (2019-01 to 2019-12 by default) and
 * prints its JSON; a usage error exits 2, any other failure 1, with one line on stderr.
 */
export async function runProgram(name: string, run: (path: string, from: number, to: number) => Promise<Record<string, unknown>>): Promise<void> {
  const [path, from, to] = process.argv.slice(2);
  if (!path) {
    process.stderr.write(`usage: node dist/bench/${name}/main.js POPULATION.jsonl [FROM TO]\n`);
    process.exitCode = 2;
    return;
  }
  try {
    process.stdout.write(`${JSON.stringify(await run(path, parseMonth(from ?? '2019-01'), parseMonth(to ?? '2019-12')), null, 2)}\n`);
  } catch (e) {
    process.stderr.write(`${name}: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
