/**
 * `node dist/bench/reprice.js POPULATION`: re-pricing measured (issue 11, item 4). One pass of
 * the library's WhatIf over the population (2019), then each price scenario priced from the
 * profiles, five times (the median is printed), and, to compare, simulate with the scenario
 * evaluated for every household. Prints one JSON line.
 */
import { applyScenarioFile, loadPolicy, simulate, WhatIf, type Policy } from '../src/index.js';
import { dates } from '../src/dsl/index.js';

const SCENARIOS = ['policy/scenarios/death-800.yaml', 'policy/scenarios/city-60-percent.yaml'];

function scenario(policy: Policy, path: string): Policy {
  const r = applyScenarioFile(policy, path);
  if (!r.ok) throw new Error(`${path} does not apply`);
  return r.policy;
}

async function main(population: string): Promise<void> {
  const loaded = loadPolicy('policy/liuzhou-2018');
  if (!loaded.ok) throw new Error('the policy does not load');
  const policy = loaded.policy;
  const [from, to] = [dates.ymd(2019, 1, 1), dates.ymd(2019, 12, 1)];
  const t0 = performance.now();
  const whatIf = await WhatIf.of(policy, population, from, to);
  const firstPass = performance.now() - t0;
  const pricing: Record<string, number> = {};
  for (const path of SCENARIOS) {
    const s = scenario(policy, path);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      if (!whatIf.price(s)) throw new Error(`${path} is not a price scenario`);
      times.push(performance.now() - t);
    }
    pricing[path] = times.sort((a, b) => a - b)[2]!;
  }
  const death = scenario(policy, SCENARIOS[0]!);
  const t1 = performance.now();
  await simulate(policy, population, { from, to, scenarios: [{ id: 'death-800', title: { zh: '', en: '' }, policy: death }], reprice: false });
  const evaluated = performance.now() - t1;
  process.stdout.write(`${JSON.stringify({ firstPassMs: firstPass, groups: whatIf.groups, records: whatIf.records, pricingMs: pricing, evaluatedMs: evaluated })}\n`);
}

await main(process.argv[2]!);
