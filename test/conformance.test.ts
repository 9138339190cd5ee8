/**
 * Conformance of every engine (src/engines ENGINES) with the reference interpreter, month by
 * month: the policy tests; the bundled sample, the policy tests' households and the example
 * households over ranges that start and end mid-year, a long range and a single month, also
 * under every bundled scenario; households generated near every threshold and date; and the
 * errors the interpreter stops at. Each engine's month-level evaluator also gives the
 * interpreter's values on the expression cases of the tests and of docs/language.md.
 *
 * Generated households run on fixed seeds and one new seed each run (printed on failure, as is
 * the sample's offset); `FUZHU_CONFORMANCE_SEED=N` replays one. Each test has a time budget: it
 * stops early rather than exceed it, and fails if it covered too little.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dates, type CivilDate } from '../src/dsl/index.js';
import { ENGINES, type Engine, type EngineId, type Stretch } from '../src/engines/index.js';
import { checkExpression, personRoles, readHousehold, runPolicyTests, testFiles, type Household, type MonthEvaluatorKind } from '../src/eval/index.js';
import { applyScenarioFile, type Policy } from '../src/policy/index.js';
import { hintsFrom, householdArbitrary, testCorpus } from '../src/prop/index.js';
import { firstDifference, interpreterOutcome, outcomeOf, outcomesInTurn } from './conformance/compare.js';
import { disagreement, type Range, type Raw } from './conformance/conform.js';
import { bundledScenarios, DOC, docWorld, sampleHouseholds } from './conformance/corpora.js';
import { expressionCases, expressionDifference } from './conformance/expressions.js';
import { expressionsOf } from './conformance/languageDoc.js';
import { POLICY_DIR, shippedPolicy } from './helpers.js';

const REPLAY = process.env.FUZHU_CONFORMANCE_SEED;
const RANDOM_SEED = REPLAY !== undefined ? Number(REPLAY) : Date.now() % 1_000_000;
const SEEDS = [2018, 1, 42, RANDOM_SEED];

const ym = (y: number, m: number) => dates.ymd(y, m, 1);
const RANGES: readonly Range[] = [
  { from: ym(2018, 3), to: ym(2019, 11) },
  { from: ym(2017, 1), to: ym(2031, 12) },
  { from: ym(2019, 7), to: ym(2019, 7) },
];

/** The month-level evaluator of each engine, for the expression cases. */
const MONTH_LEVEL: Record<EngineId, MonthEvaluatorKind> = { interpreter: 'interpreter', fast: 'compiled' };

const policy = shippedPolicy();
const scenarios = bundledScenarios(policy);
/** Scenarios that make the interpreter stop at an error for some households, from some month on. */
const errorScenarios = readdirSync('test/conformance/scenarios')
  .sort()
  .map((f) => {
    const r = applyScenarioFile(policy, join('test/conformance/scenarios', f));
    if (!r.ok) throw new Error(`${f}: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
    return r.policy;
  });
const testHouseholds = testCorpus(policy) as Raw[];
const world = docWorld(policy, join(POLICY_DIR, 'examples'));

/** Whole lines of the sample, as written. */
function sample(stride: number, offset: number): Raw[] {
  return sampleHouseholds(policy, stride, offset).map((h) => h.raw);
}

/** Runs `each` over `items` until the budget is spent; returns how many it did. */
function withinBudget<T>(ms: number, items: readonly T[], each: (item: T) => void): number {
  const end = performance.now() + ms;
  let done = 0;
  for (const item of items) {
    if (performance.now() > end) break;
    each(item);
    done++;
  }
  return done;
}

/**
 * Compares an engine with the interpreter on households over ranges, within a budget, and
 * expects no disagreement (the first few said in full) and at least `min` comparisons made.
 */
function conforms(engine: Engine, cases: readonly { policy: Policy; raw: Raw; range: Range }[], budgetMs: number, min: number, context: string): void {
  const found: string[] = [];
  const done = withinBudget(budgetMs, cases, (c) => {
    if (found.length >= 3) return;
    const d = disagreement(engine, c.policy, c.raw, c.range);
    if (d) found.push(d);
  });
  expect(found, `${found.length} disagreements (${context})`).toEqual([]);
  expect(done, `comparisons made within ${budgetMs} ms (${context})`).toBeGreaterThanOrEqual(min);
}

/** The households run under the error scenarios. */
const errorRaws = [...sample(100, RANDOM_SEED % 100), ...testHouseholds.filter((_, i) => i % 5 === RANDOM_SEED % 5)];

const casesOf = (p: Policy, raws: readonly Raw[], ranges: readonly Range[]) => raws.flatMap((raw) => ranges.map((range) => ({ policy: p, raw, range })));

describe('the engines', () => {
  it('start with the reference interpreter, and each has a month-level evaluator', () => {
    expect(ENGINES[0]!.id).toBe('interpreter');
    for (const e of ENGINES) expect(MONTH_LEVEL[e.id], e.id).toBeDefined();
  });
});

describe('the comparison', () => {
  // An engine that is wrong by one fen in the second month of each stretch, and one that never stops at an error.
  const reference = ENGINES[0]!;
  const offByOneFen: Engine = {
    id: 'fast',
    prepare(p, from, to) {
      const prepared = reference.prepare(p, from, to);
      const wrong = (h: Household): Stretch[] =>
        prepared.evaluate(h).map((s) => (s.month === ym(2019, 5) ? { ...s, evaluation: { ...s.evaluation, lines: s.evaluation.lines.map((l, i) => (i === 0 ? { ...l, amount: l.amount.plus('0.01') } : l)) } } : s));
      return { evaluate: wrong, evaluateBatch: prepared.evaluateBatch };
    },
  };
  const raw = world.households.get('death-couple')!.raw;

  it('names the engine, range, month, line and field of a difference, with the smallest household', () => {
    const said = disagreement(offByOneFen, policy, raw, RANGES[0]!, false);
    expect(said).toContain('engine fast, 2018-03..2019-11, household LZ-0001: 2019-05: line allowance (wife): amount reference "650", engine "650.01"');
    expect(said).toContain('smallest household: {');
  });

  it('fails a policy test on an engine one fen off', () => {
    const files = testFiles(policy).filter((f) => f.endsWith('allowance.yaml'));
    const failed = runPolicyTests(policy, files, undefined, offByOneFen).outcomes.filter((o) => o.failures.some((f) => /expected .*, got .*\.01/.test(f)));
    expect(failed.length).toBeGreaterThan(0);
  });

  it('tells an error from a result, and one error from another', () => {
    const read = readHousehold(errorScenarios[0]!, { ...raw, wife: { birth_date: '1958-03-15' } });
    if (!read.ok) throw new Error('household');
    const [from, to] = [ym(2018, 7), ym(2018, 8)];
    const stopped = interpreterOutcome(errorScenarios[0]!, read.household, from, to);
    expect(stopped.ok).toBe(false);
    expect(firstDifference(stopped, outcomeOf(reference, policy, read.household, from, to))).toMatch(/^the reference gives E-EVAL-DIV-ZERO at .* the engine a result of 2 months$/);
    expect(firstDifference(stopped, { ...stopped, code: 'E-EVAL-SUBFEN' } as typeof stopped)).toMatch(/the engine E-EVAL-SUBFEN/);
    expect(firstDifference(stopped, stopped)).toBeUndefined();
  });

  it('has error scenarios that stop some households over 2018-03..2019-11, and not every one', () => {
    for (const p of errorScenarios) {
      const stopped = errorRaws.map((raw) => readHousehold(p, raw)).filter((r) => r.ok && !interpreterOutcome(p, r.household, RANGES[0]!.from, RANGES[0]!.to).ok).length;
      expect(stopped, p.scenarios.join()).toBeGreaterThan(0);
      expect(stopped, p.scenarios.join()).toBeLessThan(errorRaws.length);
    }
  });
});

for (const engine of ENGINES) {
  // The reference engine runs the interpreter itself (what is checked is its walk through the
  // months): half the time, for the fast engine's comparisons to find the reference outcomes kept.
  const budget = (ms: number) => (engine === ENGINES[0] ? ms / 2 : ms);
  describe(`engine ${engine.id}`, () => {
    it('passes every policy test', { timeout: 60_000 }, () => {
      const run = runPolicyTests(policy, undefined, undefined, engine);
      expect(run.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      expect(run.outcomes.length).toBeGreaterThan(100);
      const failed = run.outcomes.filter((o) => o.failures.length).map((o) => `${o.file}: ${o.name}: ${o.failures.join('; ')}`);
      expect(failed).toEqual([]);
    });

    it(`agrees on the bundled sample (offset ${RANDOM_SEED % 50})`, { timeout: 60_000 }, () => {
      const offset = RANDOM_SEED % 50;
      const cases = [...casesOf(policy, sample(50, offset), RANGES.slice(0, 2)), ...casesOf(policy, sample(10, offset % 10), [RANGES[2]!])];
      conforms(engine, cases, budget(10_000), 20, `sample offset ${offset}, seed ${RANDOM_SEED}`);
    });

    it("agrees on the policy tests' and the documentation's households", { timeout: 60_000 }, () => {
      const raws = [...testHouseholds.filter((_, i) => i % 3 === RANDOM_SEED % 3), ...[...world.households.values()].map((h) => h.raw)];
      conforms(engine, casesOf(policy, raws, [RANGES[0]!, RANGES[2]!]), budget(6_000), 40, `every third test household from ${RANDOM_SEED % 3}, seed ${RANDOM_SEED}`);
    });

    it('agrees under every bundled scenario', { timeout: 60_000 }, () => {
      expect(scenarios.length).toBeGreaterThan(10);
      const raws = [...sample(200, RANDOM_SEED % 200), ...testHouseholds.filter((_, i) => i % 15 === RANDOM_SEED % 15)];
      const cases = scenarios.flatMap((s) => casesOf(s.policy, raws, [RANGES[0]!]));
      // Interleaved, so that a budget cut short still sees every scenario.
      const byHousehold = raws.flatMap((_, i) => cases.filter((_, j) => j % raws.length === i));
      conforms(engine, byHousehold, budget(10_000), scenarios.length * 2, `seed ${RANDOM_SEED}`);
    });

    it('keeps nothing of one household for the next: households in turn through one prepared engine, some stopping at an error', { timeout: 60_000 }, () => {
      const raws = [...sample(50, RANDOM_SEED % 50), ...testHouseholds.filter((_, i) => i % 20 === RANDOM_SEED % 20)];
      const range = RANGES[0]!;
      let stopped = 0;
      for (const p of [policy, errorScenarios[0]!]) {
        const households = raws.map((raw) => readHousehold(p, raw)).flatMap((r) => (r.ok ? [r.household] : []));
        const found = outcomesInTurn(engine, p, households, range.from, range.to).flatMap((o, i) => {
          const reference = interpreterOutcome(p, households[i]!, range.from, range.to);
          if (!reference.ok) stopped++;
          const d = firstDifference(reference, o);
          return d ? [`${p.scenarios.join() || 'baseline'}, household ${households[i]!.id} (${i + 1} in turn): ${d}`] : [];
        });
        expect(found.slice(0, 3), `seed ${RANDOM_SEED}`).toEqual([]);
        expect(households.length).toBeGreaterThan(40);
      }
      expect(stopped, 'households stopped at an error between the others').toBeGreaterThan(0);
    });

    it('stops at the errors the interpreter stops at, with the same code at the same place', { timeout: 60_000 }, () => {
      const cases = errorScenarios.flatMap((p) => casesOf(p, errorRaws, [RANGES[0]!, RANGES[2]!]));
      conforms(engine, cases, budget(6_000), 30, `seed ${RANDOM_SEED}`);
    });

    for (const seed of SEEDS) {
      it(`agrees on households generated near every threshold and date, seed ${seed}`, { timeout: 60_000 }, () => {
        const policies = [policy, policy, ...scenarios.map((s) => s.policy), ...errorScenarios];
        const generated = householdArbitrary(policy, hintsFrom(...policies), testCorpus(policy));
        const range = (month: CivilDate): fc.Arbitrary<Range> =>
          fc.oneof(
            { weight: 3, arbitrary: fc.constant({ from: month, to: month }) },
            { weight: 4, arbitrary: fc.record({ before: fc.integer({ min: 0, max: 14 }), after: fc.integer({ min: 0, max: 14 }) }).map(({ before, after }) => ({ from: dates.addMonths(month, -before), to: dates.addMonths(month, after) })) },
            { weight: 2, arbitrary: fc.constantFrom(...RANGES) },
          );
        const arb = generated.chain((g) => fc.record({ raw: fc.constant(g.raw as Raw), range: range(g.month), p: fc.constantFrom(...policies) }));
        const details = fc.check(
          fc.property(arb, ({ raw, range: r, p }) => {
            const d = disagreement(engine, p, raw, r, false);
            if (d) throw new Error(d);
          }),
          { seed, numRuns: 150, interruptAfterTimeLimit: budget(4_000), markInterruptAsFailure: false },
        );
        if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `seed ${seed} failed`);
        expect(details.numRuns, `households generated within the budget, seed ${seed}`).toBeGreaterThanOrEqual(20);
      });
    }
  });
}

for (const evaluator of [...new Set(ENGINES.map((e) => MONTH_LEVEL[e.id]))].filter((k) => k !== 'interpreter')) {
  describe(`the ${evaluator} month-level evaluator`, () => {
    it("gives the interpreter's values on the expression cases of the tests", { timeout: 60_000 }, () => {
      const files = [...readdirSync('test/dsl').filter((f) => f.endsWith('.test.ts')).map((f) => join('test/dsl', f)), 'test/evaluate.test.ts'];
      const cases = expressionCases(policy, files);
      expect(cases.length, 'expressions found in the tests').toBeGreaterThan(150);
      const households: Household[] = [...[...world.households.values()].map((w) => w.household), ...testHouseholds.filter((_, i) => i % 25 === 0).map((raw) => readHousehold(policy, raw)).flatMap((r) => (r.ok ? [r.household] : []))];
      const months = [ym(2018, 6), ym(2018, 7), ym(2019, 3), ym(2020, 2), ym(2031, 12)];
      const found: string[] = [];
      const done = withinBudget(10_000, cases, (c) => {
        for (const h of households)
          for (const m of months)
            for (const person of c.person ? personRoles(policy) : [undefined]) {
              const d = found.length < 5 && expressionDifference(policy, h, m, c.checked, person, evaluator);
              if (d) found.push(`${c.where} ${JSON.stringify(c.text)}, household ${h.id}, ${dates.formatDate(m).slice(0, 7)}${person ? `, person ${person}` : ''}: ${d}`);
            }
      });
      expect(found).toEqual([]);
      expect(done, 'expressions compared within the budget').toBeGreaterThanOrEqual(100);
    });

    it(`gives the interpreter's values on the examples of ${DOC}`, () => {
      const found: string[] = [];
      let compared = 0;
      for (const block of world.blocks.filter((b) => b.info[0] === 'fuzhu')) {
        const { attrs } = block;
        const p = world.policyFor(attrs.scenario);
        const h = world.households.get(attrs.household ?? 'death-couple')!.household;
        const month = attrs.month ? dates.parseDate(`${attrs.month}-01`)! : ym(2019, 3);
        const person = attrs.person === 'none' ? undefined : (attrs.person ?? 'wife');
        for (const ex of expressionsOf(block, DOC)) {
          const checked = checkExpression(p, ex.text, person !== undefined);
          if (!checked.ok) continue;
          compared++;
          const d = expressionDifference(p, h, month, checked, person, evaluator);
          if (d) found.push(`${DOC}:${ex.line} ${JSON.stringify(ex.text)}: ${d}`);
        }
      }
      expect(found).toEqual([]);
      expect(compared).toBeGreaterThan(100);
    });
  });
}
