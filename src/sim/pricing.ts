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
import { byId, type ProfileColumns } from './profileColumns.js';
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
type Counts = Float64Array;

/** Pairs × weights up to which the weighted figures are kept in a table (8 MB), not a map. */
const DENSE_PAIR_WEIGHTS = 1 << 20;

/** Fen below which a change falls in each bucket of the distribution (fen < bound). */
const BOUNDS = CHANGE_BUCKETS.map((b) => new Decimal(b).times(100).ceil().toNumber());

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

  // Who is paid at all, and who gains or loses: group by group, over the profiles' columns.
  const pairs = new PairFigures(p, t, parts, answers, weights);
  const paid = zero();
  const recipients = zero();
  const itemRecipients: Counts[] = [];
  const outcome = { gain: zero(), lose: zero(), same: zero() };
  const distribution = BOUNDS.concat([Infinity]).map(zero);
  const breakdownDelta = new Float64Array(t.breakdowns.length);
  const breakdownGain = t.breakdowns.map(zero);
  const breakdownLose = t.breakdowns.map(zero);
  const gains = new Largest((a, b) => b - a);
  const losses = new Largest((a, b) => a - b);
  // Persons and items paid, counted once a group: marked with the group's number (+1).
  const personMark = new Int32Array(p.payeeCount);
  const itemMark = new Int32Array(p.whoItems.length);
  const { fixedPersons, fixedItems, uses } = t;
  const unweighted = weights.every((x) => x.one);
  for (let g = 0; g < t.count.length; g++) {
    const mark = g + 1;
    const w = t.weight[g]!;
    const count = t.count[g]!;
    let own = t.fixedOwn[g]!;
    let weighted = t.fixedWeighted[g]!;
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
      own += pairs.own[pair]!;
      weighted += unweighted ? pairs.own[pair]! : pairs.weighted(pair, w);
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
    const delta = own - t.baseOwn[g]!;
    (delta === 0 ? outcome.same : delta > 0 ? outcome.gain : outcome.lose)[w]! += count;
    let bucket = 0;
    while (bucket < BOUNDS.length && !(delta < BOUNDS[bucket]!)) bucket++;
    distribution[bucket]![w]! += count;
    const b = t.breakdown[g]!;
    breakdownDelta[b]! += (weighted - t.baseWeighted[g]!) * count;
    if (delta === 0) continue;
    const { place, category } = t.breakdowns[b]!;
    (delta > 0 ? breakdownGain : breakdownLose)[b]![w]! += count;
    const largest = delta > 0 ? gains : losses;
    // The ids are sorted: once one is not kept, none after it would be.
    if (largest.wants(delta)) for (const id of t.ids[g]!) if (!largest.offer({ id, place, category, delta })) break;
  }
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

/** A household's change in fen, for the largest. */
interface FenChange {
  readonly id: string;
  readonly place: string;
  readonly category: string;
  readonly delta: number;
}

/** The few largest changes offered, in bounded memory: first by `first` of their deltas, then by id. */
class Largest {
  readonly list: FenChange[] = [];
  private readonly order: (a: FenChange, b: FenChange) => number;

  constructor(
    private readonly first: (a: number, b: number) => number,
    private readonly keep = 5,
  ) {
    this.order = (a, b) => first(a.delta, b.delta) || byId(a.id, b.id);
  }

  /** Whether a change of this delta may be kept (its id may still decide). */
  wants(delta: number): boolean {
    return this.list.length < this.keep || this.first(delta, this.list[this.list.length - 1]!.delta) <= 0;
  }

  /** Keeps the change if it is among the largest; whether it was kept. */
  offer(c: FenChange): boolean {
    if (this.list.length >= this.keep && this.order(c, this.list[this.list.length - 1]!) >= 0) return false;
    this.list.push(c);
    this.list.sort(this.order);
    if (this.list.length > this.keep) this.list.length = this.keep;
    return true;
  }
}
