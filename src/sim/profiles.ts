/**
 * Eligibility profiles and re-pricing from them (issue: instant re-pricing). One pass over a
 * population with the baseline keeps, for each group of households with the same facts as far
 * as the figures go (the same months, categories, persons eligible, fixed lines, and due items
 * with the same leaves: plan/repricing.ts), one household, their number and weight; a scenario
 * that changes only price parameters is then priced group by group, its figures worked out
 * from the leaves and its own parameters, without evaluating a household again. The result is
 * the one full evaluation gives, to the fen: each group stands for households whose lines are
 * the same under any prices.
 */
import type { Decimal } from 'decimal.js';
import type { CivilDate, Expr } from '../dsl/index.js';
import { dates } from '../dsl/index.js';
import { EvalError, Interpreter, itemLine, monthRecord, type DueLine, type Household, type Line, type MonthEvaluation, type Scope, type UnsetLine } from '../eval/index.js';
import type { Stretch } from '../engines/index.js';
import { cutsUpTo, nextCut, parameterCutMonths } from '../plan/cuts.js';
import { repriceable, repricingPlan, type RepricingPlan } from '../plan/repricing.js';
import { weightOf, type Item, type Policy } from '../policy/index.js';
import { Aggregate } from './aggregate.js';
import { Comparison } from './compare.js';
import { Exact, fromFen } from './money.js';

/** Households with the same facts as far as the figures go. */
interface Group {
  readonly household: Household;
  readonly stretches: readonly Stretch[];
  readonly place: string;
  readonly category: string;
  /** Its households' totals under the baseline, in fen (one household's, weighted and not). */
  readonly base: { readonly weighted: number; readonly own: number };
  count: number;
  /** The first ids in order, for the largest changes. */
  readonly ids: string[];
}

const IDS_KEPT = 5;

export class Profiles {
  private readonly groups = new Map<string, Group>();
  private readonly plan: RepricingPlan;
  households = 0;

  constructor(readonly baseline: Policy) {
    this.plan = repricingPlan(baseline);
  }

  /** Adds a household that fits, with its baseline totals (in fen), breakdown value and category. */
  add(household: Household, stretches: readonly Stretch[], base: { weighted: number; own: number }, place: string, category: string): void {
    this.households++;
    const kept = joinAlike(stretches.map((s) => ({ ...s, evaluation: this.keep(s.evaluation) })));
    const key = signature(weightOf(this.baseline, household).toString(), place, category, kept);
    const g = this.groups.get(key);
    if (g) {
      g.count++;
      if (g.ids.length < IDS_KEPT) g.ids.push(household.id);
    } else this.groups.set(key, { household, stretches: kept, place, category, base, count: 1, ids: [household.id] });
  }

  /**
   * Whether a household evaluated with profiles (PrepareOptions.profiles) can be kept: not
   * when a leaf of its figures could not be worked out alone (it is then evaluated under each
   * scenario instead).
   */
  fits(stretches: readonly Stretch[]): boolean {
    return stretches.every((s) => s.evaluation.due?.every((d) => d.leaves !== undefined) ?? false);
  }

  /** Forgets the households kept. */
  clear(): void {
    this.groups.clear();
    this.households = 0;
  }

  /** Groups of households kept (each priced once). */
  get size(): number {
    return this.groups.size;
  }

  /** A month's evaluation without the lines the due items will give again when priced. */
  private keep(m: MonthEvaluation): MonthEvaluation {
    const priced = (item: string) => this.plan.items.get(item)?.kind === 'leaves';
    const due = m.due!.map((d): NumberedDue => ({ ...d, id: this.number(d) }));
    return { ...m, lines: m.lines.filter((l) => !priced(l.item)), unset: m.unset.filter((u) => !priced(u.item)), entitlements: [], due };
  }

  /** Due items with the same item, person, leaves and marks share a number, priced once. */
  private readonly numbers = new Map<string, number>();

  private number(d: DueLine): number {
    const key = `${d.item}|${d.person}|${d.provisional}|${d.scenarios.join(',')}|${leafKey(d.leaves!)}`;
    let n = this.numbers.get(key);
    if (n === undefined) this.numbers.set(key, (n = this.numbers.size));
    return n;
  }

  /**
   * The scenario's aggregate and comparison with the baseline, priced from the profiles; undefined
   * when the scenario changes more than prices (it must be evaluated).
   */
  price(scenario: Policy): { result: Aggregate; comparison: Comparison } | undefined {
    if (!repriceable(this.baseline, scenario)) return undefined;
    const cuts = parameterCutMonths(scenario);
    const pricer = new Pricer(scenario, this.plan, cuts);
    const result = new Aggregate(this.baseline);
    const comparison = new Comparison();
    for (const g of this.groups.values()) {
      const stretches = g.stretches.flatMap((s) => splitAt(s, cuts)).map((s) => pricer.stretch(s, g.household));
      const total = result.add(g.household, stretches, g.count);
      const delta = fromFen(total.own - g.base.own);
      const weighted = fromFen((total.weighted - g.base.weighted) * g.count);
      const weight = new Exact(weightOf(this.baseline, g.household)).times(g.count);
      comparison.add({ id: g.ids[0]!, place: g.place, category: g.category, delta }, weight, weighted);
      if (!delta.isZero()) {
        const others = g.ids.slice(1).map((id) => ({ id, place: g.place, category: g.category, delta }));
        comparison.keepLargest(delta.gt(0) ? others : [], delta.lt(0) ? others : []);
      }
    }
    return { result, comparison };
  }
}

/** A household's change between its baseline and scenario totals (fen), added to a comparison. */
export function addHouseholdChange(comparison: Comparison, h: Household, weight: Decimal, place: string, category: string, base: { weighted: number; own: number }, total: { weighted: number; own: number }): void {
  comparison.add({ id: h.id, place, category, delta: fromFen(total.own - base.own) }, weight, fromFen(total.weighted - base.weighted));
}

/** The category of a household's last month in one. */
export function lastCategory(stretches: readonly Stretch[]): string {
  for (let i = stretches.length - 1; i >= 0; i--) if (stretches[i]!.evaluation.category) return stretches[i]!.evaluation.category!;
  return 'none';
}

/** A stretch cut where the scenario's parameters change, so that each part reads one set of values. */
function splitAt(s: Stretch, cuts: readonly CivilDate[]): Stretch[] {
  const out: Stretch[] = [];
  let month = s.month;
  let left = s.length;
  let first = true;
  while (left > 0) {
    const cut = nextCut(cuts, month);
    const n = cut === undefined ? left : Math.min(left, monthsBetween(month, cut));
    // Yearly and one-off lines fall in the stretch's first month only.
    const evaluation = first ? s.evaluation : monthlyPart(s.evaluation);
    out.push({ month, length: n, evaluation });
    month = dates.addMonths(month, n);
    left -= n;
    first = false;
  }
  return out;
}

function monthsBetween(a: CivilDate, b: CivilDate): number {
  return (dates.yearOf(b) - dates.yearOf(a)) * 12 + dates.monthOf(b) - dates.monthOf(a);
}

/** Works out due items' figures from their leaves under a scenario, remembering each answer. */
class Pricer {
  private readonly items: Map<string, Item>;
  private readonly answers = new Map<number, Line | UnsetLine>();

  constructor(
    private readonly policy: Policy,
    private readonly plan: RepricingPlan,
    private readonly cuts: readonly CivilDate[],
  ) {
    this.items = new Map(policy.items.map((i) => [i.id, i]));
  }

  stretch(s: Stretch, household: Household): Stretch {
    const m = s.evaluation;
    const lines = [...m.lines];
    const unset = [...m.unset];
    for (const d of m.due as NumberedDue[]) {
      const line = this.line(d, s.month, household);
      if ('parameter' in line) unset.push(line);
      else if (!line.amount.isZero()) lines.push(line);
    }
    return { ...s, evaluation: { ...m, lines, unset } };
  }

  private line(d: NumberedDue, month: CivilDate, household: Household): Line | UnsetLine {
    // Between two of the scenario's cuts every parameter reads the same: one answer serves them all.
    const key = d.id * (this.cuts.length + 1) + cutsUpTo(this.cuts, month);
    let answer = this.answers.get(key);
    if (!answer) {
      const { item: id, person, leaves, provisional, scenarios } = d;
      const item = this.items.get(id)!;
      const r = this.plan.items.get(id)!;
      const given = new Map<Expr, unknown>(r.kind === 'leaves' ? r.leaves.map((e, i) => [e, leaves![i]]) : []);
      const interp = new LeafInterpreter(given, this.policy, month);
      const scope: Scope = person === null ? new Map() : new Map([['person', household[person]]]);
      try {
        answer = itemLine(item, person, interp, scope);
        // The marks of the values the leaves rest on, read when the profile was made.
        if (!('parameter' in answer) && (provisional || scenarios.length)) answer = { ...answer, provisional: answer.provisional || provisional, scenarios: [...new Set([...answer.scenarios, ...scenarios])] };
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        throw new EvalError(e.code, `${e.message} (found pricing household ${household.id} from its profile: the scenario is at fault, and the run stops)`, e.span, e.help);
      }
      this.answers.set(key, answer);
    }
    return answer;
  }
}

/** The interpreter with the leaves of an item's figures given: it reads only parameters beyond them. */
class LeafInterpreter extends Interpreter {
  constructor(
    private readonly given: ReadonlyMap<Expr, unknown>,
    policy: Policy,
    month: CivilDate,
  ) {
    super({ policy, globals: new Map([['month', monthRecord(month)]]), date: dates.monthEnd(month), memo: new Map(), provisional: false, scenariosUsed: new Set() });
  }

  override eval(e: Expr, scope: Scope): unknown {
    return this.given.has(e) ? this.given.get(e) : super.eval(e, scope);
  }
}

/** A due item kept in a profile, with its number. */
interface NumberedDue extends DueLine {
  readonly id: number;
}

function leafKey(values: readonly unknown[]): string {
  return JSON.stringify(values, (_k, v: unknown) => (v instanceof Map ? [...v] : v));
}

/** Everything of a household's months that its figures and their breakdowns depend on. */
function signature(weight: string, place: string, category: string, stretches: readonly Stretch[]): string {
  const parts: unknown[] = [weight, place, category];
  for (const s of stretches) parts.push(s.month, s.length, content(s.evaluation));
  return JSON.stringify(parts);
}

/** What a month's evaluation gives the aggregates: its category, persons eligible, lines, unset and due items. */
function content(m: MonthEvaluation): string {
  const parts: unknown[] = [m.category, [...m.persons].map(([r, e]) => (e ? r : '')).join(',')];
  for (const l of m.lines) parts.push(l.item, l.person, l.every, l.provisional, [...l.payers].map(([p, v]) => `${p}=${v.toString()}`).join(','));
  for (const u of m.unset) parts.push('unset', u.item, u.person, u.every);
  for (const d of m.due as NumberedDue[]) parts.push(d.every === 'month' ? d.id : -1 - d.id);
  return JSON.stringify(parts);
}

/**
 * Consecutive stretches of one year that give the same (the later with nothing yearly or
 * one-off of its own) as one: the engine cuts where things may change, and often nothing does,
 * so households alike but for a birthday month fall into one group.
 */
function joinAlike(stretches: readonly Stretch[]): Stretch[] {
  const out: Stretch[] = [];
  let monthlyOfLast = '';
  for (const s of stretches) {
    const last = out[out.length - 1];
    const onlyMonthly = s.evaluation.lines.every((l) => l.every === 'month') && s.evaluation.unset.every((u) => u.every === 'month') && s.evaluation.due!.every((d) => d.every === 'month');
    const own = content(s.evaluation);
    if (last && onlyMonthly && dates.yearOf(last.month) === dates.yearOf(s.month) && dates.addMonths(last.month, last.length) === s.month && monthlyOfLast === own) {
      out[out.length - 1] = { ...last, length: last.length + s.length };
      continue;
    }
    out.push(s);
    monthlyOfLast = content(monthlyPart(s.evaluation));
  }
  return out;
}

/** A month's evaluation as its stretch's later months see it: the monthly lines only. */
function monthlyPart(m: MonthEvaluation): MonthEvaluation {
  return { ...m, lines: m.lines.filter((l) => l.every === 'month'), unset: m.unset.filter((u) => u.every === 'month'), due: m.due!.filter((d) => d.every === 'month') };
}
