/**
 * Pricing a scenario from eligibility profiles (profiles.ts) in integers. Each due item's
 * figures are worked out once for each run of the scenario's parameter values, from its leaves
 * (an interpreter that reads only parameters beyond them); the money of the breakdowns comes
 * from the table of months each due item is due in each breakdown, whatever the number of
 * households; only what is not a sum (who is paid at all, who gains or loses) goes group by
 * group, in whole fen and whole counts, turned into weighted figures once at the end. For an
 * unweighted population the baseline is priced so too, once: a scenario then goes over only
 * the groups that use a (due item, shape) pair whose figures it moves, and takes the
 * baseline's count of who is paid while every pair pays as it did (a rate step moves one
 * item's pairs and pays everyone it paid).
 */
import { Decimal } from 'decimal.js';
import * as dates from '../dsl/dates.js';
import type { CivilDate, Expr } from '../dsl/index.js';
import { EvalError } from '../eval/errors.js';
import { Interpreter, monthRecord, type Scope } from '../eval/interpreter.js';
import { itemLine } from '../eval/figures.js';
import { cutsUpTo, nextCut, parameterCutMonths } from '../plan/cuts.js';
import { repriceable } from '../plan/repricing.js';
import type { Item, Policy } from '../policy/index.js';
import { Aggregate } from './aggregate.js';
import { Comparison, type HouseholdChange } from './compare.js';
import { Exact, fromFen, toFen, Weight, ZERO } from './money.js';
import type { PerGroup, ProfileColumns } from './profileColumns.js';
import { Outcomes, type Counts, type FenChange } from './pricingOutcomes.js';
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

/** Pairs × weights up to which the weighted figures are kept in a table (8 MB), not a map. */
const DENSE_PAIR_WEIGHTS = 1 << 20;

export function priceProfiles(p: Profiles, scenario: Policy): { result: Aggregate; comparison: Comparison } | undefined {
  if (!repriceable(p.baseline, scenario)) return undefined;
  const cuts = parameterCutMonths(scenario);
  const answers = new Answers(p, scenario, cuts);
  const weights = p.weights.map((w) => Weight.of(w));
  const n = weights.length;
  const zero = (): Counts => new Float64Array(n);
  const parts = p.shapes.map((s) => partsOf(s, cuts));
  const fixed = p.fixedAggregate();
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
  // Entries alike under the scenario (the same figures, weight, year, place and category, and
  // whether monthly) are added as one: a number of months per such key, then one addition each.
  const t = p.table();
  const e = t.entries;
  const [places, categories] = [e.places.length, e.categories.length];
  // By (figures, weight), then by (year, place, category, monthly): small whole numbers as keys.
  const alike = new Map<number, Map<number, number>>();
  for (let i = 0; i < e.number.length; i++) {
    const number = e.number[i]!;
    const where = ((e.year[i]! * places + e.place[i]!) * categories + e.category[i]!) * 2 + e.monthly[i]!;
    const shapeParts = parts[e.shape[i]!]!;
    for (let j = 0; j < shapeParts.length; j++) {
      const [run, months, month] = shapeParts[j]!;
      const figuresAtWeight = answers.index(number, run, month) * n + e.weight[i]!;
      let byWhere = alike.get(figuresAtWeight);
      if (!byWhere) alike.set(figuresAtWeight, (byWhere = new Map()));
      byWhere.set(where, (byWhere.get(where) ?? 0) + months * e.count[i]!);
    }
  }
  for (const [figuresAtWeight, byWhere] of alike) {
    const w = figuresAtWeight % n;
    const a = answers.at((figuresAtWeight - w) / n);
    if (a.amount === 0 && !a.unset) continue;
    const shares = a.unset ? [] : weightedOf(a, w, weights).payers;
    for (const [where, times] of byWhere) {
      let rest = where;
      const monthly = rest % 2;
      rest = (rest - monthly) / 2;
      const category = rest % categories;
      rest = (rest - category) / categories;
      const place = rest % places;
      const year = (rest - place) / places;
      if (a.unset) bump(unset, a.item, w, times);
      else {
        result.addShares(a.item, e.firstYear + year, e.places[place]!, e.categories[category]!, shares, times, a.provisional);
        if (monthly) bump(personMonths, a.item, w, times);
      }
    }
  }

  // Who is paid at all, and who gains or loses: over the profiles' columns. Unweighted, against
  // the baseline's own pricing: who is paid is the baseline's while every pair pays as it did,
  // and only the groups that use a pair whose figures moved change.
  const pairs = new PairFigures(p, t, parts, answers, weights);
  const outcomes = new Outcomes(t, n);
  const base = weights.every((x) => x.one) ? baselinePricing(p, t, weights) : undefined;
  const who = base && samePays(pairs, base.pairs) ? base.who : whoPaid(p, t, pairs, n);
  if (base) {
    changedGroups(pairs, base, outcomes);
    outcomes.restUnchanged(base.households);
  } else allGroups(t, pairs, outcomes);
  const { paid, recipients, itemRecipients } = who;
  const { breakdownDelta, breakdownGain, breakdownLose } = outcomes;
  const groups = new Map(t.breakdowns.map((b, i) => [b.key, { place: b.place, category: b.category, delta: breakdownDelta[i]!, gain: breakdownGain[i]!, lose: breakdownLose[i]! }]));

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
  comparison.gain = weightedCount(outcomes.gain);
  comparison.lose = weightedCount(outcomes.lose);
  comparison.same = weightedCount(outcomes.same);
  outcomes.distribution.forEach((c, i) => (comparison.distribution[i] = weightedCount(c)));
  for (const [key, g] of groups) comparison.byGroup.set(key, { place: g.place, category: g.category, delta: fromFen(g.delta), gain: weightedCount(g.gain), lose: weightedCount(g.lose) });
  const change = (c: FenChange): HouseholdChange => ({ ...c, delta: fromFen(c.delta) });
  const largest = outcomes.largest();
  comparison.keepLargest(largest.gains.map(change), largest.losses.map(change));
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
 * Each (due number, shape) pair's figures under the scenario, for one household: whether it
 * pays anything, its amount in fen over its months, and to whom; weighted on demand, once per
 * pair and weight (a table when the weights are few, else a map).
 */
class PairFigures {
  readonly pays: Uint8Array;
  readonly own: Float64Array;
  readonly payee: Int32Array;
  readonly key: Int32Array;
  private readonly dense: Float64Array | undefined;
  private readonly sparse = new Map<number, number>();
  private readonly unweighted: boolean;

  constructor(
    p: Profiles,
    private readonly t: ProfileColumns,
    private readonly parts: readonly (readonly [number, number, CivilDate][])[],
    private readonly answers: Answers,
    private readonly weights: readonly Weight[],
  ) {
    const n = t.pairNumber.length;
    this.pays = new Uint8Array(n);
    this.own = new Float64Array(n);
    this.payee = new Int32Array(n);
    this.key = new Int32Array(n);
    for (let pair = 0; pair < n; pair++) {
      const number = t.pairNumber[pair]!;
      const due = p.dues[number]!;
      this.payee[pair] = due.payee;
      this.key[pair] = due.key;
      let own = 0;
      for (const [run, months, month] of parts[t.pairShape[pair]!]!) {
        const a = answers.get(number, run, month);
        if (a.unset || a.amount === 0) continue;
        own += a.amount * months;
        this.pays[pair] = 1;
      }
      this.own[pair] = own;
    }
    this.unweighted = weights.every((w) => w.one);
    this.dense = !this.unweighted && n * weights.length <= DENSE_PAIR_WEIGHTS ? new Float64Array(n * weights.length).fill(NaN) : undefined;
  }

  /** The pair's weighted amount in fen, at the weight of this index. */
  weighted(pair: number, w: number): number {
    if (this.unweighted) return this.own[pair]!;
    const at = w * this.own.length + pair;
    const known = this.dense ? this.dense[at]! : this.sparse.get(at);
    if (known !== undefined && !Number.isNaN(known)) return known;
    const number = this.t.pairNumber[pair]!;
    let sum = 0;
    for (const [run, months, month] of this.parts[this.t.pairShape[pair]!]!) {
      const a = this.answers.get(number, run, month);
      if (a.unset || a.amount === 0) continue;
      sum += weightedOf(a, w, this.weights).amount * months;
    }
    if (this.dense) this.dense[at] = sum;
    else this.sparse.set(at, sum);
    return sum;
  }
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
    return this.at(this.index(number, run, month));
  }

  /** The index of a due item's figures in a run, worked out if not yet known. */
  index(number: number, run: number, month: CivilDate): number {
    const key = number * (this.cuts.length + 1) + run;
    this.known[key] ??= this.work(number, month);
    return key;
  }

  /** Figures known by their index. */
  at(index: number): Answer {
    return this.known[index]!;
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

/** Who is paid at all under the scenario: households, persons and each item's recipients, by weight. */
interface Who {
  readonly paid: Counts;
  readonly recipients: Counts;
  readonly itemRecipients: readonly Counts[];
}

/** Who is paid, group by group: each person and item counted once a group, marked with the group's number (+1). */
function whoPaid(p: Profiles, t: ProfileColumns, pairs: PairFigures, weights: number): Who {
  const zero = (): Counts => new Float64Array(weights);
  const paid = zero();
  const recipients = zero();
  const itemRecipients: Counts[] = [];
  const personMark = new Int32Array(p.payeeCount);
  const itemMark = new Int32Array(p.whoItems.length);
  const { fixedPersons, fixedItems, uses } = t;
  for (let g = 0; g < t.count.length; g++) {
    const mark = g + 1;
    const w = t.weight[g]!;
    const count = t.count[g]!;
    let persons = 0;
    let household = false;
    for (let i = fixedPersons.start[g]!; i < fixedPersons.start[g + 1]!; i++) {
      const person = fixedPersons.list[i]!;
      if (personMark[person] === mark) continue;
      personMark[person] = mark;
      persons++;
      if (person === 0) household = true;
    }
    for (let i = fixedItems.start[g]!; i < fixedItems.start[g + 1]!; i++) {
      const key = fixedItems.list[i]!;
      itemMark[key] = mark;
      (itemRecipients[key] ??= zero())[w]! += count;
    }
    for (let i = uses.start[g]!; i < uses.start[g + 1]!; i++) {
      const pair = uses.list[i]!;
      if (!pairs.pays[pair]) continue;
      const person = pairs.payee[pair]!;
      if (personMark[person] !== mark) {
        personMark[person] = mark;
        persons++;
        if (person === 0) household = true;
      }
      const key = pairs.key[pair]!;
      if (itemMark[key] !== mark) {
        itemMark[key] = mark;
        (itemRecipients[key] ??= zero())[w]! += count;
      }
    }
    if (persons) paid[w]! += count;
    recipients[w]! += count * (persons - (household ? 1 : 0));
  }
  return { paid, recipients, itemRecipients };
}

/** Every group's change: its total under the scenario against its baseline total. */
function allGroups(t: ProfileColumns, pairs: PairFigures, outcomes: Outcomes): void {
  const { uses } = t;
  for (let g = 0; g < t.count.length; g++) {
    const w = t.weight[g]!;
    let own = t.fixedOwn[g]!;
    let weighted = t.fixedWeighted[g]!;
    for (let i = uses.start[g]!; i < uses.start[g + 1]!; i++) {
      const pair = uses.list[i]!;
      if (!pairs.pays[pair]) continue;
      own += pairs.own[pair]!;
      weighted += pairs.weighted(pair, w);
    }
    outcomes.add(g, own - t.baseOwn[g]!, weighted - t.baseWeighted[g]!);
  }
}

/**
 * What pricing an unweighted population keeps from the baseline, worked out once: each pair's
 * figures under the baseline, the groups that use each pair, who is paid, the households, and
 * the groups whose priced baseline is not their evaluated one (none, when pricing is exact; kept
 * so that a group's change is always its priced total against its evaluated one).
 */
interface BaselinePricing {
  readonly pairs: PairFigures;
  /** The groups using each pair: the entries of pair q are `list[start[q] … start[q + 1])`. */
  readonly users: PerGroup;
  readonly who: Who;
  readonly households: Counts;
  readonly off: { readonly groups: readonly number[]; readonly own: readonly number[]; readonly weighted: readonly number[] };
  /** Each group's change being summed, and a stamp marking the groups met, kept between scenarios. */
  readonly own: Float64Array;
  readonly weighted: Float64Array;
  readonly met: Int32Array;
  stamp: number;
}

/** By table: profiles given more households make a new table, and with it a new baseline pricing. */
const baselines = new WeakMap<ProfileColumns, BaselinePricing>();

/** Works out now what pricing keeps from the baseline, so that the first scenario priced costs no more than the next. */
export function preparePricing(p: Profiles): void {
  const t = p.table();
  const weights = p.weights.map((w) => Weight.of(w));
  if (weights.every((x) => x.one)) baselinePricing(p, t, weights);
}

function baselinePricing(p: Profiles, t: ProfileColumns, weights: readonly Weight[]): BaselinePricing {
  const known = baselines.get(t);
  if (known) return known;
  const cuts = parameterCutMonths(p.baseline);
  const pairs = new PairFigures(p, t, p.shapes.map((s) => partsOf(s, cuts)), new Answers(p, p.baseline, cuts), weights);
  const groups = t.count.length;
  const start = new Int32Array(t.pairNumber.length + 1);
  for (const pair of t.uses.list) start[pair + 1]!++;
  for (let q = 0; q < t.pairNumber.length; q++) start[q + 1]! += start[q]!;
  const list = new Int32Array(t.uses.list.length);
  const next = start.slice(0, -1);
  const households = new Float64Array(weights.length);
  const off = { groups: [] as number[], own: [] as number[], weighted: [] as number[] };
  for (let g = 0; g < groups; g++) {
    households[t.weight[g]!]! += t.count[g]!;
    let sum = 0;
    for (let i = t.uses.start[g]!; i < t.uses.start[g + 1]!; i++) {
      const pair = t.uses.list[i]!;
      list[next[pair]!++] = g;
      sum += pairs.own[pair]!;
    }
    const own = t.fixedOwn[g]! + sum - t.baseOwn[g]!;
    const weighted = t.fixedWeighted[g]! + sum - t.baseWeighted[g]!;
    if (own === 0 && weighted === 0) continue;
    off.groups.push(g);
    off.own.push(own);
    off.weighted.push(weighted);
  }
  const b: BaselinePricing = { pairs, users: { start, list }, who: whoPaid(p, t, pairs, weights.length), households, off, own: new Float64Array(groups), weighted: new Float64Array(groups), met: new Int32Array(groups), stamp: 0 };
  baselines.set(t, b);
  return b;
}

/** Whether every pair pays (or not) under the scenario as under the baseline. */
function samePays(pairs: PairFigures, base: PairFigures): boolean {
  for (let q = 0; q < pairs.pays.length; q++) if (pairs.pays[q] !== base.pays[q]) return false;
  return true;
}

/** The change of the groups that use a pair whose figures differ from the baseline's (unweighted); the others are unchanged. */
function changedGroups(pairs: PairFigures, base: BaselinePricing, outcomes: Outcomes): void {
  const { own, weighted, met, users } = base;
  const stamp = ++base.stamp;
  const changed: number[] = [];
  const meet = (g: number) => {
    if (met[g] === stamp) return;
    met[g] = stamp;
    changed.push(g);
  };
  base.off.groups.forEach((g, i) => {
    meet(g);
    own[g]! += base.off.own[i]!;
    weighted[g]! += base.off.weighted[i]!;
  });
  for (let q = 0; q < pairs.own.length; q++) {
    const d = pairs.own[q]! - base.pairs.own[q]!;
    if (d === 0) continue;
    for (let i = users.start[q]!; i < users.start[q + 1]!; i++) {
      const g = users.list[i]!;
      meet(g);
      own[g]! += d;
      weighted[g]! += d;
    }
  }
  for (const g of changed) {
    outcomes.add(g, own[g]!, weighted[g]!);
    own[g] = 0;
    weighted[g] = 0;
  }
}
