/**
 * Re-pricing from profiles: a scenario that changes only prices, priced from the baseline's
 * profiles, gives the figures of full evaluation to the fen (the whole simulation JSON), for the
 * bundled scenarios and for generated changes of rates and shares on several seeds; a scenario
 * that changes who is paid is refused by the what-if and evaluated by simulate.
 */
import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyScenarioFile, simulate, simulationJson, type Policy } from '../src/index.js';
import { repriceable } from '../src/plan/repricing.js';
import { Profiles, WhatIf } from '../src/sim/index.js';
import { hashNumbers, Signature, SignatureTable } from '../src/sim/signature.js';
import { dates } from '../src/dsl/index.js';
import { shippedPolicy, tempFile, whatIfJson } from './helpers.js';

const policy = shippedPolicy();
const SAMPLE = 'policy/populations/liuzhou-sample.jsonl';
/** A slice of the sample, to keep each comparison within a few seconds. */
const SLICE = tempFile('reprice-slice.jsonl', readFileSync(SAMPLE, 'utf8').split('\n').slice(0, 500).join('\n') + '\n');

function scenario(path: string): { id: string; title: { zh: string; en: string }; policy: Policy } {
  const r = applyScenarioFile(policy, path);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return { id: r.policy.scenarios.at(-1)!, title: { zh: path, en: path }, policy: r.policy };
}

async function bothWays(population: string, from: number, to: number, scenarios: ReturnType<typeof scenario>[]): Promise<[string, string]> {
  const options = { from, to, scenarios };
  const priced = await simulate(policy, population, { ...options, reprice: true });
  const evaluated = await simulate(policy, population, { ...options, reprice: false });
  return [JSON.stringify(simulationJson(priced, policy)), JSON.stringify(simulationJson(evaluated, policy))];
}

describe('re-pricing from profiles', () => {
  it('takes rates, shares and premiums as prices, and refuses a change of who is paid', () => {
    expect(repriceable(policy, scenario('policy/scenarios/death-800.yaml').policy)).toBe(true);
    expect(repriceable(policy, scenario('policy/scenarios/city-60-percent.yaml').policy)).toBe(true);
    expect(repriceable(policy, scenario('policy/liuzhou-2018/scenarios/test-accident-premium-150-from-2019-07.yaml').policy)).toBe(true);
    // The age condition decides who is a recipient: never a price.
    expect(repriceable(policy, scenario('policy/liuzhou-2018/scenarios/test-each-spouse-49.yaml').policy)).toBe(false);
  });

  it('gives the whole simulation of full evaluation, to the fen, for the bundled price scenarios', { timeout: 120_000 }, async () => {
    const scenarios = ['policy/scenarios/death-800', 'policy/scenarios/city-60-percent', 'policy/liuzhou-2018/scenarios/test-accident-premium-150-from-2019-07', 'policy/liuzhou-2018/scenarios/test-each-spouse-49'].map((stem) => scenario(`${stem}.yaml`));
    for (const [from, to] of [
      [dates.ymd(2019, 1, 1), dates.ymd(2020, 12, 1)],
      [dates.ymd(2018, 3, 1), dates.ymd(2021, 7, 1)],
    ] as const) {
      const [priced, evaluated] = await bothWays(SLICE, from, to, scenarios);
      expect(priced).toBe(evaluated);
    }
  });

  it('gives the same with the profiles bounded: the households kept are priced and dropped each time they reach the bound', { timeout: 60_000 }, async () => {
    // Two price scenarios and one that changes who is paid (evaluated household by household beside them).
    const scenarios = ['death-800', 'city-60-percent'].map((s) => scenario(`policy/scenarios/${s}.yaml`)).concat(scenario('policy/liuzhou-2018/scenarios/test-each-spouse-49.yaml'));
    const options = { from: dates.ymd(2019, 1, 1), to: dates.ymd(2020, 12, 1), scenarios };
    const bounded = await simulate(policy, SLICE, { ...options, profileGroups: 20 });
    const evaluated = await simulate(policy, SLICE, { ...options, reprice: false });
    expect(JSON.stringify(simulationJson(bounded, policy))).toBe(JSON.stringify(simulationJson(evaluated, policy)));
  });

  it('gives the same for a file not in the order of its ids: the largest changes are the households full evaluation names', { timeout: 60_000 }, async () => {
    // Twelve households alike but for their ids, in falling order, which gain the most: the
    // largest gains are the five first by id, not the first five of the file.
    const lines = readFileSync(SLICE, 'utf8').split('\n').filter(Boolean).reverse();
    const bereaved = JSON.parse(lines.find((l) => l.includes('"SYN-0000002"'))!) as Record<string, unknown>;
    const alike = Array.from({ length: 12 }, (_, i) => JSON.stringify({ ...bereaved, id: `A-${String(12 - i).padStart(2, '0')}` }));
    const reversed = tempFile('reprice-reversed.jsonl', [...alike, ...lines].join('\n') + '\n');
    const [priced, evaluated] = await bothWays(reversed, dates.ymd(2020, 1, 1), dates.ymd(2020, 12, 1), [scenario('policy/scenarios/death-800.yaml')]);
    expect(priced).toBe(evaluated);
  });

  it('gives the same for a weighted population: fractional weights, several of them, each priced at its own weight', { timeout: 60_000 }, async () => {
    const WEIGHTS = [1, 2.5, 441.8883441, 0.3, 17];
    const weighted = readFileSync(SLICE, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line, i) => JSON.stringify({ ...JSON.parse(line), weight: WEIGHTS[i % WEIGHTS.length] }))
      .join('\n');
    const population = tempFile('reprice-weighted.jsonl', `${weighted}\n`);
    const scenarios = [scenario('policy/scenarios/death-800.yaml'), scenario('policy/scenarios/city-60-percent.yaml')];
    const [priced, evaluated] = await bothWays(population, dates.ymd(2019, 1, 1), dates.ymd(2020, 12, 1), scenarios);
    expect(priced).toBe(evaluated);
    // Priced in parts of a few groups each, as a thread does when its groups reach the bound.
    const inParts = await simulate(policy, population, { from: dates.ymd(2019, 1, 1), to: dates.ymd(2020, 12, 1), scenarios, profileGroups: 7 });
    expect(JSON.stringify(simulationJson(inParts, policy))).toBe(evaluated);
    // The weights reach the figures: 441.8883441 households are not one.
    const { population: counted } = JSON.parse(priced) as { population: { households: number; weighted_households: string } };
    expect(Number(counted.weighted_households)).toBeGreaterThan(counted.households);
  });

  const SEEDS = [1, 42, Date.now() % 100000];
  it.each(SEEDS)('prices generated rate and share changes as full evaluation does (seed %i)', { timeout: 120_000 }, async (seed) => {
    const change = fc.record({
      rate: fc.integer({ min: 0, max: 2000 }),
      cityPercent: fc.integer({ min: 0, max: 100 }),
      premium: fc.integer({ min: 0, max: 500 }),
      year: fc.integer({ min: 2018, max: 2021 }),
      month: fc.integer({ min: 1, max: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(change, async (c) => {
        const from = `${c.year}-${String(c.month).padStart(2, '0')}-01`;
        const text = [
          'scenario: generated',
          'changes:',
          `  - { parameter: allowance.disability.rate, from: ${from}, value: ${c.rate} }`,
          `  - { parameter: allowance.disability.city, from: ${from}, value: ${c.cityPercent}% }`,
          `  - { parameter: medical.premium, from: ${from}, value: ${c.premium} }`,
          '',
        ].join('\n');
        const s = scenario(tempFile(`generated-${seed}.yaml`, text));
        expect(repriceable(policy, s.policy)).toBe(true);
        const [priced, evaluated] = await bothWays(SLICE, dates.ymd(2018, 1, 1), dates.ymd(2021, 12, 1), [s]);
        expect(priced).toBe(evaluated);
      }),
      { seed, numRuns: 4 },
    );
  });

  it('prices scenario after scenario from one what-if as full evaluation does: a rate to nothing (fewer paid), a step, a share, the first again', { timeout: 90_000 }, async () => {
    const from = dates.ymd(2019, 1, 1);
    const to = dates.ymd(2019, 12, 1);
    const whatIf = await WhatIf.of(policy, SLICE, from, to);
    const change = (parameter: string, value: string) => `  - { parameter: ${parameter}, from: 2019-01-01, value: ${value} }`;
    const noDeathAllowance = [change('allowance.death.rate', '0'), change('allowance.death.city', '0'), change('allowance.death.county', '0')];
    const steps = [noDeathAllowance, [change('allowance.death.rate', '660'), change('allowance.death.county', '260')], [change('allowance.death.city', '55%')], [change('medical.premium', '0')], noDeathAllowance];
    for (const [i, changes] of steps.entries()) {
      const s = scenario(tempFile(`one-after-another-${i}.yaml`, ['scenario: step', 'changes:', ...changes, ''].join('\n')));
      const full = await simulate(policy, SLICE, { from, to, scenarios: [s], reprice: false });
      const json = simulationJson(full, policy) as Record<string, unknown>;
      delete json.rejections;
      expect(whatIfJson(whatIf, s, from, to), changes.join()).toBe(JSON.stringify(json));
    }
  });

  it('prices from one pass in the library what-if, the figures simulate gives', { timeout: 60_000 }, async () => {
    const from = dates.ymd(2019, 1, 1);
    const to = dates.ymd(2020, 12, 1);
    const whatIf = await WhatIf.of(policy, SLICE, from, to);
    const death = scenario('policy/scenarios/death-800.yaml');
    const priced = whatIf.price(death.policy)!;
    const full = await simulate(policy, SLICE, { from, to, scenarios: [death], reprice: false });
    expect(priced.result.totals.amount.toFixed(2)).toBe(full.scenarios[0]!.result.totals.amount.toFixed(2));
    const byPlace = (m: ReadonlyMap<string, { amount: { toFixed(n: number): string } }>) => [...m].map(([k, b]) => [k, b.amount.toFixed(2)]).sort(([a], [b]) => a!.localeCompare(b!));
    expect(byPlace(priced.result.counties)).toEqual(byPlace(full.scenarios[0]!.result.counties));
    expect(priced.comparison.gain.toString()).toBe(full.scenarios[0]!.comparison.gain.toString());
    expect(whatIf.groups).toBeLessThan(whatIf.records);
    expect(whatIf.price(scenario('policy/liuzhou-2018/scenarios/test-each-spouse-49.yaml').policy)).toBeUndefined();
  });
});

describe('signatures: the keys profiles find groups by', () => {
  const signature = (xs: number[]) => {
    const s = new Signature();
    for (const x of xs) s.push(x);
    return s;
  };

  it('tells apart two signatures of one hash, and finds each by a copy or by the sequence itself', () => {
    // Two sequences of the same 32-bit hash, found by a search: only comparing them whole tells them apart.
    const a = [12988, 75557, 52442];
    const b = [39100, 7653, 91930];
    expect(hashNumbers(a)).toBe(hashNumbers(b));
    const table = new SignatureTable<string>();
    table.add(signature(a).copy(), 'a');
    expect(table.find(signature(b))).toBeUndefined();
    table.add(signature(b).copy(), 'b');
    expect([table.find(signature(a)), table.find(signature(b)), table.find(Float64Array.from(b))]).toEqual(['a', 'b', 'b']);
    expect(table.find(signature([...a, 0]))).toBeUndefined();
  });

  it.each([1, 7, 2018, Date.now() % 100000])('keeps whole numbers of fen past 2^32 apart, and grows past its first buffer (seed %i)', (seed) => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { maxLength: 600 }), fc.nat(599), fc.integer({ min: 1, max: 2 ** 33 }), (xs, at, by) => {
        const s = signature(xs);
        expect(Array.from(s.copy())).toEqual(xs);
        if (at >= xs.length) return;
        const other = signature(xs.map((x, i) => (i === at ? x + by : x)));
        expect(s.sameAs(other)).toBe(false);
        expect(s.equals(other.copy())).toBe(false);
      }),
      { seed, numRuns: 100 },
    );
  });

  it('numbers due items by their leaves as values: 1, "1", true, 1.5 and an object apart, equal ones alike', () => {
    const profiles = new Profiles(policy);
    const month = dates.ymd(2019, 1, 1);
    const numbersOf = (leaves: unknown[]) => {
      const due = [{ item: 'allowance', person: 'wife', every: 'month' as const, leaves, provisional: false, scenarios: [] }];
      const evaluation = { month, inForce: true, category: 'death', persons: new Map([['wife', true]]), lines: [], unset: [], entitlements: [], due };
      return profiles.ticket({ id: 'A-1', [policy.weight]: new Decimal(1) } as never, [{ month, length: 12, evaluation }], '450202', 'death')!.numbers[0]![0];
    };
    const kinds = [[1], ['1'], [true], [1.5], [{ a: 1 }], [1, 1], ['1', '1']];
    const first = kinds.map(numbersOf);
    expect(new Set(first).size).toBe(kinds.length);
    expect([[1], ['1'], [true], [1.5], [{ a: 1 }], [1, 1], ['1', '1']].map(numbersOf)).toEqual(first);
    expect(numbersOf([-0])).toBe(numbersOf([0]));
  });
});
