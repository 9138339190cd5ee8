/**
 * The hand-written benchmark program's whole job: every household of a JSONL population, every
 * month from `from` to `to` (yyyymm), under the Liuzhou 2018 scheme and reform-2019, in one
 * pass; the result has the figures of `fuzhu simulate --json` (population, baseline, scenario,
 * delta, households, and the first scenario's changes as `changes`).
 */
import { Totals } from './aggregate.js';
import { Changes } from './compare.js';
import { evaluateHousehold } from './evaluate.js';
import { BASELINE, REFORM_2019 } from './params.js';
import { households } from './population.js';

export async function simulateHandwritten(path: string, from: number, to: number): Promise<Record<string, unknown>> {
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
