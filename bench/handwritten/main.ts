/**
 * The hand-written benchmark program: the same whole job as `fuzhu simulate --population P
 * --from F --to T --scenario policy/scenarios/reform-2019.yaml --json`, for the Liuzhou 2018
 * scheme and its reform, in one pass over a JSONL population, printing the same JSON figures.
 * Usage: node dist/bench/handwritten/main.js POPULATION.jsonl [FROM TO]   (months as 2019-01)
 */
import { Totals } from './aggregate.js';
import { Changes } from './compare.js';
import { evaluateHousehold } from './evaluate.js';
import { BASELINE, REFORM_2019 } from './params.js';
import { households, parseMonth } from './population.js';

async function main(path: string, from: number, to: number): Promise<Record<string, unknown>> {
  const base = new Totals();
  const reform = new Totals();
  const changes = new Changes();
  let records = 0;
  let rejected = 0;
  for await (const h of households(path)) {
    records++;
    if (!h) {
      rejected++;
      continue;
    }
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
  process.stdout.write(`${JSON.stringify(await main(path, parseMonth(from ?? '2019-01'), parseMonth(to ?? '2019-12')), null, 2)}\n`);
} catch (e) {
  process.stderr.write(`handwritten: ${(e as Error).message}\n`);
  process.exit(1);
}
