/**
 * `node dist/bench/validate.js [POPULATION.jsonl ...]`: reading and validating households only
 * (issue 11, item 2), in µs a household. Each file's lines are parsed as JSON first (timed
 * apart); then readHousehold (the reader compiled from the schema) and the reference reader
 * read every record, side by side, five times each; the fastest pass is printed (the machine is
 * shared: a slower pass measures the neighbours). Defaults to the bundled sample; the policy is
 * policy/liuzhou-2018 unless BENCH_POLICY names another.
 */
import { readFileSync } from 'node:fs';
import { loadPolicy, type Policy } from '../src/policy/index.js';
import { readHousehold, readHouseholdReference, type HouseholdResult } from '../src/eval/household.js';

const PASSES = 5;

/** Microseconds a record for one pass of `read` over every record; the count accepted, to check the readers agree. */
function pass(policy: Policy, records: unknown[], read: (p: Policy, raw: unknown) => HouseholdResult): { us: number; accepted: number } {
  let accepted = 0;
  const t = performance.now();
  for (const r of records) if (read(policy, r).ok) accepted++;
  return { us: ((performance.now() - t) * 1000) / records.length, accepted };
}

function main(files: string[]): void {
  const loaded = loadPolicy(process.env.BENCH_POLICY ?? 'policy/liuzhou-2018');
  if (!loaded.ok) throw new Error('the policy does not load');
  const policy = loaded.policy;
  console.log('population | households | JSON.parse µs | reference µs | readHousehold µs | speed-up');
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const t = performance.now();
    const records = lines.map((l) => JSON.parse(l) as unknown);
    const parse = ((performance.now() - t) * 1000) / records.length;
    const ref: number[] = [];
    const fast: number[] = [];
    for (let i = 0; i < PASSES; i++) {
      const a = pass(policy, records, readHouseholdReference);
      const b = pass(policy, records, readHousehold);
      if (a.accepted !== b.accepted) throw new Error(`${file}: the reference accepts ${a.accepted} households, readHousehold ${b.accepted}`);
      ref.push(a.us);
      fast.push(b.us);
    }
    const [r, f] = [Math.min(...ref), Math.min(...fast)];
    console.log(`${file} | ${records.length} | ${parse.toFixed(2)} | ${r.toFixed(2)} | ${f.toFixed(2)} | ${(r / f).toFixed(1)}×`);
  }
}

main(process.argv.length > 2 ? process.argv.slice(2) : ['policy/populations/liuzhou-sample.jsonl']);
