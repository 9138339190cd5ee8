/**
 * `fuzhu prop`: the promises of a policy checked on generated households with fast-check —
 * the properties the package declares, the invariants every policy keeps, and the relations a
 * scenario declares against its baseline. A failure comes with the minimal household found
 * (shrunk), as YAML ready for a policy test, and the seed and path that replay it.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { dates, type CivilDate } from '../dsl/index.js';
import { CompiledMonth, EvalError, evaluate, evaluateMonth, evaluationJson, formatPeriod, monthPeriod, personRoles, readHousehold, type Household } from '../eval/index.js';
import { minimizeHousehold } from './minimize.js';
import { PROP } from '../messages/index.js';
import type { Label, Policy, Property } from '../policy/index.js';
import { householdArbitrary, type Generated } from './arbitraries.js';
import { hintsFrom } from './hints.js';
import { testCorpus } from './corpus.js';
import { noChangePolicy } from './noChange.js';

export type Relation = 'payouts_never_lower' | 'payouts_never_higher' | 'totals_unchanged' | 'equivalent';

export interface ScenarioUnderTest {
  readonly id: string;
  readonly policy: Policy;
  readonly relations: readonly Relation[];
}

export interface PropOptions {
  readonly seed: number;
  readonly runs: number;
  /** A fast-check path, to replay one failure exactly. */
  readonly path?: string;
  readonly scenarios?: readonly ScenarioUnderTest[];
}

export interface PropResult {
  readonly id: string;
  readonly kind: 'declared' | 'invariant' | 'relation';
  /** What it checks, in English (the JSON's words); `label` has it in both languages. */
  readonly description: string;
  readonly label: Label;
  readonly cite?: string;
  /** What a declared promise protects (properties.yaml), in the languages the policy gives. */
  readonly protects?: Partial<Label>;
  /** The policy it was checked under: the baseline, or a scenario. */
  readonly under: string;
  readonly runs: number;
  readonly failure?: {
    readonly message: string;
    readonly household: Record<string, unknown>;
    readonly period: string;
    readonly seed: number;
    readonly path: string;
  };
}

class Violation extends Error {}

function fail(message: string): never {
  throw new Violation(message);
}

/**
 * What was paid this month to each person (by role), and to the household in all; yearly items
 * count as if this month were the one of the year they fall in.
 */
function paidThisMonth(policy: Policy, h: Household, month: CivilDate): { byRole: Map<string, Decimal>; total: Decimal } {
  const m = evaluateMonth(policy, h, month, {}, new Set());
  const byRole = new Map<string, Decimal>();
  let total = new Decimal(0);
  for (const l of m.lines) {
    total = total.plus(l.amount);
    if (l.person) byRole.set(l.person, (byRole.get(l.person) ?? new Decimal(0)).plus(l.amount));
  }
  return { byRole, total };
}

function declaredCheck(policy: Policy, p: Property): (g: Generated) => void {
  return ({ household, month }) => {
    const engine = new CompiledMonth(policy, household, month);
    // A policy's promises hold while it is in force; before, its parameters may have no value.
    if (!engine.define(policy.eligibility.inForce)) return;
    const paid = paidThisMonth(policy, household, month);
    const roles = p.for === 'person' ? personRoles(policy).filter((r) => household[r] !== undefined) : [null];
    for (const role of roles) {
      const scope = new Map<string, unknown>([['paid', role ? (paid.byRole.get(role) ?? new Decimal(0)) : paid.total]]);
      if (role) scope.set('person', household[role]);
      const amount = (role ? (paid.byRole.get(role) ?? new Decimal(0)) : paid.total).toFixed(2);
      if (!engine.eval(p.holds, scope)) fail(role ? `does not hold for ${role}, paid ${amount} CNY this month` : `does not hold (the household was paid ${amount} CNY this month)`);
    }
  };
}

/** A month's result as text, without naming the scenarios it came from. */
function comparable(policy: Policy, household: Household, month: CivilDate): string {
  const json = evaluationJson(evaluate(policy, household, monthPeriod(month))) as Json & { scenarios?: unknown };
  return JSON.stringify({ ...json, scenarios: undefined, lines: json.lines.map((l) => ({ ...l, scenarios: undefined })) });
}

const sum = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Decimal(0));
type Json = { lines: { item: string; amount: string; payers: Record<string, string>; every: string }[]; totals: { amount: string; payers: Record<string, string> } };

/** The invariants every policy keeps; their words are in src/messages/prop.ts under their ids. */
function invariants(policy: Policy): { id: string; check: (g: Generated) => void }[] {
  let noChange: Policy | undefined;
  const year = (m: CivilDate) => ({ kind: 'year', year: dates.yearOf(m) }) as const;
  return [
    {
      id: 'evaluates_without_error',
      check: ({ household, month }) => {
        try {
          evaluate(policy, household, monthPeriod(month));
        } catch (e) {
          if (e instanceof EvalError) fail(`${e.code}: ${e.message}`);
          throw e;
        }
      },
    },
    {
      id: 'deterministic',
      check: ({ household, month }) => {
        const a = JSON.stringify(evaluationJson(evaluate(policy, household, monthPeriod(month))));
        const b = JSON.stringify(evaluationJson(evaluate(policy, household, monthPeriod(month))));
        if (a !== b) fail('two evaluations of the same household differ');
      },
    },
    {
      id: 'no_negative_amounts',
      check: ({ household, month }) => {
        const json = evaluationJson(evaluate(policy, household, year(month))) as Json;
        for (const l of json.lines) {
          if (new Decimal(l.amount).isNegative()) fail(`${l.item} is ${l.amount}`);
          for (const [p, v] of Object.entries(l.payers)) if (new Decimal(v).isNegative()) fail(`${p} pays ${v} of ${l.item}`);
        }
      },
    },
    {
      id: 'shares_sum_to_amounts',
      check: ({ household, month }) => {
        const json = evaluationJson(evaluate(policy, household, year(month))) as Json;
        for (const l of json.lines) if (!sum(Object.values(l.payers)).eq(l.amount)) fail(`the shares of ${l.item} sum to ${sum(Object.values(l.payers)).toFixed(2)}, not ${l.amount}`);
        if (!sum(json.lines.map((l) => l.amount)).eq(json.totals.amount)) fail('the lines do not sum to the total');
      },
    },
    {
      id: 'year_is_its_months',
      check: ({ household, month }) => {
        const y = dates.yearOf(month);
        const yearJson = evaluationJson(evaluate(policy, household, year(month))) as Json;
        const months = Array.from({ length: 12 }, (_, i) => evaluationJson(evaluate(policy, household, { kind: 'month', year: y, month: i + 1 })) as Json);
        const yearly = yearJson.lines.filter((l) => l.every === 'year');
        const expected = sum(months.map((m) => m.totals.amount)).plus(sum(yearly.map((l) => l.amount)));
        if (!expected.eq(yearJson.totals.amount)) fail(`the year gives ${yearJson.totals.amount}, its months and yearly items ${expected.toFixed(2)}`);
      },
    },
    {
      id: 'no_change_scenario_is_baseline',
      check: ({ household, month }) => {
        noChange ??= noChangePolicy(policy);
        if (comparable(policy, household, month) !== comparable(noChange, household, month)) fail('the no-change scenario gives another result');
      },
    },
    {
      id: 'compiled_is_interpreter',
      check: ({ household, month }) => {
        const a = JSON.stringify(evaluationJson(evaluate(policy, household, year(month), { engine: 'compiled' })));
        const b = JSON.stringify(evaluationJson(evaluate(policy, household, year(month), { engine: 'interpreter' })));
        if (a !== b) fail('the two evaluators disagree');
      },
    },
  ];
}

function relationCheck(base: Policy, s: ScenarioUnderTest, relation: Relation): (g: Generated) => void {
  return ({ household, month }) => {
    const a = paidThisMonth(base, household, month);
    const b = paidThisMonth(s.policy, household, month);
    const roles = new Set([...a.byRole.keys(), ...b.byRole.keys()]);
    const zero = new Decimal(0);
    switch (relation) {
      case 'payouts_never_lower':
        for (const r of roles) if ((b.byRole.get(r) ?? zero).lt(a.byRole.get(r) ?? zero)) fail(`${r} is paid ${(b.byRole.get(r) ?? zero).toFixed(2)} under ${s.id}, ${(a.byRole.get(r) ?? zero).toFixed(2)} before`);
        if (b.total.lt(a.total)) fail(`the household is paid less under ${s.id}`);
        return;
      case 'payouts_never_higher':
        for (const r of roles) if ((b.byRole.get(r) ?? zero).gt(a.byRole.get(r) ?? zero)) fail(`${r} is paid more under ${s.id}`);
        return;
      case 'totals_unchanged':
        if (!b.total.eq(a.total)) fail(`the household is paid ${b.total.toFixed(2)} under ${s.id}, ${a.total.toFixed(2)} before`);
        return;
      case 'equivalent':
        if (comparable(base, household, month) !== comparable(s.policy, household, month)) fail(`the result differs under ${s.id}`);
        return;
    }
  };
}

/** What a result says of its check besides its id: the label, and a promise's clause and what it protects. */
type About = Pick<PropResult, 'label' | 'cite' | 'protects'>;

function runOne(policy: Policy, o: PropOptions, arb: fc.Arbitrary<Generated>, id: string, kind: PropResult['kind'], about: About, under: string, check: (g: Generated) => void): PropResult {
  const details = fc.check(
    fc.property(arb, (g) => {
      check(g);
    }),
    { seed: o.seed, numRuns: o.runs, ...(o.path ? { path: o.path } : {}) },
  );
  const { label, cite, protects } = about;
  const base = { id, kind, description: label.en, label, under, runs: details.numRuns, ...(cite ? { cite } : {}), ...(protects?.zh || protects?.en ? { protects } : {}) };
  if (!details.failed || !details.counterexample) return base;
  const [g] = details.counterexample as [Generated];
  const failing = (raw: Record<string, unknown>): unknown => {
    const h = readHousehold(policy, raw);
    if (!h.ok) return undefined;
    try {
      check({ raw, household: h.household, month: g.month });
      return undefined;
    } catch (e) {
      return e;
    }
  };
  const household = minimizeHousehold(policy, g.raw, (raw) => failing(raw) !== undefined);
  const error = failing(household) ?? details.errorInstance;
  const message = error instanceof Violation ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { ...base, failure: { message, household, period: formatPeriod(monthPeriod(g.month)), seed: details.seed, path: details.counterexamplePath ?? '' } };
}

/** Checks every property, invariant and relation; one result each. */
export function checkProperties(policy: Policy, o: PropOptions): PropResult[] {
  const results: PropResult[] = [];
  const arb = householdArbitrary(policy, hintsFrom(policy, ...(o.scenarios ?? []).map((s) => s.policy)), testCorpus(policy));
  const policies = [{ id: 'baseline', policy }, ...(o.scenarios ?? []).map((s) => ({ id: s.id, policy: s.policy }))];
  for (const { id: under, policy: p } of policies) {
    for (const prop of p.properties) results.push(runOne(p, o, arb, prop.id, 'declared', { label: prop.label, cite: prop.cite, protects: prop.protects }, under, declaredCheck(p, prop)));
    if (under === 'baseline') for (const inv of invariants(p)) results.push(runOne(p, o, arb, inv.id, 'invariant', { label: { zh: PROP.zh.invariants[inv.id]!, en: PROP.en.invariants[inv.id]! } }, under, inv.check));
  }
  for (const s of o.scenarios ?? []) {
    for (const r of s.relations) results.push(runOne(policy, o, arb, r, 'relation', { label: { zh: PROP.zh.relation(s.id, PROP.zh.relations[r]!), en: PROP.en.relation(s.id, PROP.en.relations[r]!) } }, s.id, relationCheck(policy, s, r)));
  }
  return results;
}

/** A failing case as a policy test, ready to paste into tests/*.yaml. */
export function counterexampleYaml(r: PropResult): string {
  if (!r.failure) return '';
  const test = stringify([{ name: `counterexample to ${r.id}`, period: r.failure.period, household: r.failure.household, expect: {} }], { lineWidth: 0 }).trimEnd();
  // An empty expect fails as a policy test until it says what the law gives.
  return test.replace(/^(\s*)expect: \{\}$/m, '$1# expect: what the law gives for this household (lines, persons, totals); an empty expect fails\n$1expect: {}');
}
