/**
 * The hand-written benchmark program: the same whole job as `fuzhu simulate --population P
 * --from F --to T --scenario policy/scenarios/reform-2019.yaml --json`, for the Liuzhou 2018
 * scheme and its reform, in one pass over a JSONL population, printing the same JSON figures.
 * Usage: node dist/bench/handwritten/main.js POPULATION.jsonl [FROM TO]   (months as 2019-01)
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Totals } from './aggregate.js';
import { Changes } from './compare.js';
import { evaluateHousehold } from './evaluate.js';
import { BadRecord, readHousehold } from './household.js';
import { BASELINE, REFORM_2019 } from './params.js';

function month(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new BadRecord(`not a month (YYYY-MM): ${text}`);
  return Number(m[1]) * 100 + Number(m[2]);
}

async function main(path: string, from: number, to: number): Promise<Record<string, unknown>> {
  const base = new Totals();
  const reform = new Totals();
  const changes = new Changes();
  const ids = new Set<string>();
  let records = 0;
  let rejected = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const text of lines) {
    if (text.trim() === '') continue;
    records++;
    let h;
    try {
      h = readHousehold(JSON.parse(text));
    } catch (e) {
      if (!(e instanceof BadRecord || e instanceof SyntaxError)) throw e;
      rejected++;
      continue;
    }
    if (ids.has(h.id)) {
      rejected++;
      continue;
    }
    ids.add(h.id);
    base.begin(h);
    evaluateHousehold(h, BASELINE, from, to, base);
    base.end();
    reform.begin(h);
    evaluateHousehold(h, REFORM_2019, from, to, reform);
    reform.end();
    changes.add(h.id, h.county, base.lastCategory, reform.own - base.own);
  }
  const comparison = changes.json();
  return {
    population: { households: base.households, rejected, records, weighted_households: base.households },
    baseline: base.json(),
    scenario: { id: 'reform-2019', ...reform.json() },
    delta: reform.deltaJson(base),
    households: comparison.households,
    changes: comparison,
  };
}

const [path, from, to] = process.argv.slice(2);
if (!path) {
  process.stderr.write('usage: node dist/bench/handwritten/main.js POPULATION.jsonl [FROM TO]\n');
  process.exit(2);
}
try {
  process.stdout.write(`${JSON.stringify(await main(path, month(from, 201901), month(to, 201912)), null, 2)}\n`);
} catch (e) {
  process.stderr.write(`handwritten: ${(e as Error).message}\n`);
  process.exit(1);
}
