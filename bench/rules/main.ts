/**
 * The eligibility and monthly allowance of the Liuzhou 2018 scheme and of reform-2019 run by
 * json-rules-engine on a JSONL population: one engine run per household, month and policy.
 * Prints the allowance's total by payer, its person-months and recipients, in the shape of
 * `fuzhu simulate --json` (`baseline.items.allowance`, `scenario.items.allowance`).
 * Usage: node dist/bench/rules/main.js POPULATION.jsonl [FROM TO]   (months as 2019-01)
 */
import { Engine } from 'json-rules-engine';
import { money } from '../handwritten/aggregate.js';
import { monthEnd, nextMonth } from '../handwritten/dates.js';
import { BASELINE, REFORM_2019, type Parameters } from '../handwritten/params.js';
import { CITY, countyPayer, PAYERS, payerId } from '../handwritten/payers.js';
import { households, runProgram } from '../handwritten/population.js';
import { addFacts, type MonthContext } from './facts.js';
import { allowanceRules, type AllowanceEvent } from './rules.js';

class AllowanceTotals {
  readonly payers = new Float64Array(PAYERS);
  personMonths = 0;
  recipients = 0;

  json(): Record<string, unknown> {
    const payers: Record<string, string> = {};
    let amount = 0;
    this.payers.forEach((fen, i) => {
      amount += fen;
      if (fen) payers[payerId(i)] = money(fen);
    });
    return { items: { allowance: { amount: money(amount), payers, recipients: this.recipients, person_months: this.personMonths } } };
  }
}

function engineFor(prm: Parameters, from: number, to: number): Engine {
  const engine = new Engine(allowanceRules(prm, from * 100 + 1, monthEnd(to)), { allowUndefinedFacts: false });
  addFacts(engine);
  return engine;
}

async function main(path: string, from: number, to: number): Promise<Record<string, unknown>> {
  const runs = [
    { engine: engineFor(BASELINE, from, to), totals: new AllowanceTotals() },
    { engine: engineFor(REFORM_2019, from, to), totals: new AllowanceTotals() },
  ];
  let records = 0;
  let evaluated = 0;
  for await (const household of households(path)) {
    records++;
    if (!household) continue;
    evaluated++;
    const county = countyPayer(household.county);
    for (const { engine, totals } of runs) {
      const paid = new Set<string>();
      for (let m = from; m <= to; m = nextMonth(m)) {
        const ctx: MonthContext = { household, start: m * 100 + 1, end: monthEnd(m) };
        const { events } = await engine.run({ ctx });
        for (const e of events) {
          const a = e.params as AllowanceEvent;
          totals.payers[CITY] += a.city;
          totals.payers[county] += a.county;
          totals.personMonths++;
          paid.add(a.role);
        }
      }
      totals.recipients += paid.size;
    }
  }
  return {
    population: { households: evaluated, rejected: records - evaluated, records, weighted_households: evaluated },
    baseline: runs[0]!.totals.json(),
    scenario: runs[1]!.totals.json(),
  };
}

await runProgram('rules', main);
