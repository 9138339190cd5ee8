/**
 * Pricing a scenario from eligibility profiles (profiles.ts) in integers. Each due item's
 * figures are worked out once for each run of the scenario's parameter values, from its leaves
 * (an interpreter that reads only parameters beyond them); the money of the breakdowns comes
 * from the table of months each due item is due in each breakdown, whatever the number of
 * households; only what is not a sum (who is paid at all, who gains or loses) goes group by
 * group, in whole fen and whole counts, turned into weighted figures once at the end.
 */
import { Decimal } from 'decimal.js';
import { dates, type CivilDate, type Expr } from '../dsl/index.js';
import { EvalError, Interpreter, itemLine, monthRecord, type Scope } from '../eval/index.js';
import { cutsUpTo, nextCut, parameterCutMonths } from '../plan/cuts.js';
import { repriceable } from '../plan/repricing.js';
import type { Item, Policy } from '../policy/index.js';
import { Aggregate } from './aggregate.js';
import { CHANGE_BUCKETS, Comparison, type HouseholdChange } from './compare.js';
import { Exact, fromFen, toFen, Weight, ZERO } from './money.js';
import type { Profiles, Use } from './profiles.js';
import { aggregateToWire, mergeAggregate } from './wire.js';

/** A due item's figures in one run of parameter values. */
interface Answer {
  readonly item: string;
  readonly person: string | null;
  /** Who is paid what (index in the profiles' table), and the person paid (0: the household). */
  readonly key: number;
  readonly payee: number;
  /** The parameter its amount needs is not set: reported as unset, not counted. */
  readonly unset: boolean;
  readonly amount: number;
  readonly payers: readonly (readonly [string, number])[];
  readonly provisional: boolean;
  /** By weight: the payers' shares weighted, and their sum. */
  readonly weighted: { amount: number; payers: [string, number][] }[];
}

/** Counts by weight (index in the profiles' table of weights). */
type Counts = number[];

/** Fen below which a change falls in each bucket of the distribution (fen < bound). */
const BOUNDS = CHANGE_BUCKETS.map((b) => new Decimal(b).times(100).ceil().toNumber());

export function priceProfiles(p: Profiles, scenario: Policy): { result: Aggregate; comparison: Comparison } | undefined {
  if (!repriceable(p.baseline, scenario)) return undefined;
  const cuts = parameterCutMonths(scenario);
  const answers = new Answers(p, scenario, cuts);
  const weights = p.weights.map((w) => Weight.of(w));
  const n = weights.length;
  const zero = (): Counts => new Array<number>(n).fill(0);
  const parts = p.shapes.map((s) => partsOf(s, cuts));
  const { aggregate: fixed, byGroup: fixedOf } = p.fixed();
  const result = new Aggregate(p.baseline);
  mergeAggregate(result, aggregateToWire(fixed));

  // The money, and the counts of months, from the table of due months.
  const personMonths = new Map<string, Counts>();
  const unset = new Map<string, Counts>();
  const bump = (m: Map<string, Counts>, key: string, w: number, by: number) => {
    let c = m.get(key);
    if (!c) m.set(key, (c = zero()));
    c[w]! += by;
  };
  for (const e of p.entries.values()) {
    const year = dates.yearOf(e.month);
    for (const [run, months, month] of parts[e.shape]!) {
      const a = answers.get(e.number, run, month);
      const times = months * e.count;
      if (a.unset) bump(unset, a.item, e.weight, times);
      else if (a.amount !== 0) {
        result.addShares(a.item, year, e.place, e.category, weightedOf(a, e.weight, weights).payers, times, a.provisional);
        if (e.monthly) bump(personMonths, a.item, e.weight, times);
      }
    }
  }

  // Who is paid at all, and who gains or loses: group by group.
  const paid = zero();
  const recipients = zero();
  const itemRecipients: Counts[] = [];
  const outcome = { gain: zero(), lose: zero(), same: zero() };
  const distribution = BOUNDS.concat([Infinity]).map(zero);
  const groups = new Map<string, { place: string; category: string; delta: number; gain: Counts; lose: Counts }>();
  const gains = new Largest((a, b) => b.delta - a.delta || a.id.localeCompare(b.id));
  const losses = new Largest((a, b) => a.delta - b.delta || a.id.localeCompare(b.id));
  for (const g of p.groups.values()) {
    const f = fixedOf.get(g)!;
    let own = f.own;
    let weighted = f.weighted;
    // Persons paid and items paid to whom: a few each, kept in arrays.
    const persons = [...f.persons];
    const items = [...f.items];
    for (const u of g.uses) {
      for (const [run, months, month] of parts[u.shape]!) {
        const a = answers.get(u.number, run, month);
        if (a.unset || a.amount === 0) continue;
        own += a.amount * months;
        weighted += weightedOf(a, g.weight, weights).amount * months;
        if (!persons.includes(a.payee)) persons.push(a.payee);
        if (!items.includes(a.key)) items.push(a.key);
      }
    }
    const w = g.weight;
    if (persons.length) paid[w]! += g.count;
    recipients[w]! += g.count * (persons.length - (persons.includes(0) ? 1 : 0));
    for (const key of items) (itemRecipients[key] ??= zero())[w]! += g.count;
    const delta = own - g.base.own;
    const weightedDelta = (weighted - g.base.weighted) * g.count;
    (delta === 0 ? outcome.same : delta > 0 ? outcome.gain : outcome.lose)[w]! += g.count;
    let bucket = 0;
    while (bucket < BOUNDS.length && !(delta < BOUNDS[bucket]!)) bucket++;
    distribution[bucket]![w]! += g.count;
    let group = groups.get(g.groupKey);
    if (!group) groups.set(g.groupKey, (group = { place: g.place, category: g.category, delta: 0, gain: zero(), lose: zero() }));
    group.delta += weightedDelta;
    if (delta > 0) group.gain[w]! += g.count;
    if (delta < 0) group.lose[w]! += g.count;
    if (delta !== 0) for (const id of g.ids) (delta > 0 ? gains : losses).offer({ id, place: g.place, category: g.category, delta });
  }

  const weightedCount = (c: Counts) => c.reduce<Decimal>((sum, k, w) => (k ? sum.plus(new Exact(p.weights[w]!).times(k)) : sum), ZERO);
  result.paidHouseholds = weightedCount(paid);
  result.recipients = weightedCount(recipients);
  const byItem = new Map<string, Counts>();
  itemRecipients.forEach((c, key) => {
    const item = p.whoItems[key]!;
    const sum = byItem.get(item) ?? zero();
    c.forEach((k, w) => (sum[w]! += k));
    byItem.set(item, sum);
  });
  for (const [item, c] of byItem) result.item(item).recipients = weightedCount(c);
  for (const [item, c] of personMonths) {
    const it = result.item(item);
    it.personMonths = it.personMonths.plus(weightedCount(c));
  }
  for (const [item, c] of unset) result.unset.set(item, (result.unset.get(item) ?? ZERO).plus(weightedCount(c)));

  const comparison = new Comparison();
  comparison.gain = weightedCount(outcome.gain);
  comparison.lose = weightedCount(outcome.lose);
  comparison.same = weightedCount(outcome.same);
  distribution.forEach((c, i) => (comparison.distribution[i] = weightedCount(c)));
  for (const [key, g] of groups) comparison.byGroup.set(key, { place: g.place, category: g.category, delta: fromFen(g.delta), gain: weightedCount(g.gain), lose: weightedCount(g.lose) });
  const change = (c: FenChange): HouseholdChange => ({ ...c, delta: fromFen(c.delta) });
  comparison.keepLargest(gains.list.map(change), losses.list.map(change));
  return { result, comparison };
}

/** A due item's shares weighted by one of the profiles' weights, worked out once. */
function weightedOf(a: Answer, w: number, weights: readonly Weight[]): { amount: number; payers: [string, number][] } {
  let out = a.weighted[w];
  if (!out) {
    const payers = a.payers.map(([p, fen]): [string, number] => [p, weights[w]!.times(fen)]);
    out = a.weighted[w] = { amount: payers.reduce((s, [, fen]) => s + fen, 0), payers };
  }
  return out;
}

/**
 * A use of a due item as the runs of parameter values it falls in: [run, months, first month].
 * A monthly item counts each month of its stretch; a yearly or one-off one, its first month once.
 */
function partsOf(u: Omit<Use, 'number' | 'shape'>, cuts: readonly CivilDate[]): [number, number, CivilDate][] {
  if (!u.monthly) return [[cutsUpTo(cuts, u.month), 1, u.month]];
  const parts: [number, number, CivilDate][] = [];
  let month = u.month;
  let left = u.length;
  while (left > 0) {
    const cut = nextCut(cuts, month);
    const months = cut === undefined ? left : Math.min(left, dates.monthsBetween(month, cut));
    parts.push([cutsUpTo(cuts, month), months, month]);
    month = dates.addMonths(month, months);
    left -= months;
  }
  return parts;
}

/** Due items' figures under a scenario, each worked out once for each run of parameter values. */
class Answers {
  private readonly items: Map<string, Item>;
  /** By due number × run of parameter values. */
  private readonly known: (Answer | undefined)[] = [];

  constructor(
    private readonly profiles: Profiles,
    private readonly policy: Policy,
    private readonly cuts: readonly CivilDate[],
  ) {
    this.items = new Map(policy.items.map((i) => [i.id, i]));
  }

  get(number: number, run: number, month: CivilDate): Answer {
    const key = number * (this.cuts.length + 1) + run;
    return (this.known[key] ??= this.work(number, month));
  }

  private work(number: number, month: CivilDate): Answer {
    const d = this.profiles.dues[number]!;
    const item = this.items.get(d.item)!;
    const r = this.profiles.plan.items.get(d.item)!;
    const given = new Map<Expr, unknown>(r.kind === 'leaves' ? r.leaves.map((e, i) => [e, d.leaves![i]]) : []);
    // The leaves hold every read of the household; `person` stands in the scope for form's sake.
    const scope: Scope = d.person === null ? new Map() : new Map([['person', undefined]]);
    let line;
    try {
      line = itemLine(item, d.person, new LeafInterpreter(given, this.policy, month), scope);
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      throw new EvalError(e.code, `${e.message} (found pricing '${d.item}' from the profiles: the scenario is at fault, and the run stops)`, e.span, e.help);
    }
    const { key, payee } = d;
    if ('parameter' in line) return { item: d.item, person: d.person, key, payee, unset: true, amount: 0, payers: [], provisional: false, weighted: [] };
    const payers = [...line.payers].map(([p, v]): [string, number] => [p, toFen(v)]);
    return { item: d.item, person: d.person, key, payee, unset: false, amount: toFen(line.amount), payers, provisional: line.provisional || d.provisional, weighted: [] };
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

/** A household's change in fen, for the largest. */
interface FenChange {
  readonly id: string;
  readonly place: string;
  readonly category: string;
  readonly delta: number;
}

/** The few largest changes offered, in bounded memory. */
class Largest {
  readonly list: FenChange[] = [];

  constructor(
    private readonly order: (a: FenChange, b: FenChange) => number,
    private readonly keep = 5,
  ) {}

  offer(c: FenChange): void {
    if (this.list.length >= this.keep && this.order(c, this.list[this.list.length - 1]!) >= 0) return;
    this.list.push(c);
    this.list.sort(this.order);
    if (this.list.length > this.keep) this.list.length = this.keep;
  }
}
