/**
 * Eligibility profiles (issue: instant re-pricing). One pass over a population with the
 * baseline keeps, for each group of households with the same facts as far as the figures go
 * (the same months, categories, persons eligible, fixed lines, and due items with the same
 * leaves: plan/repricing.ts), one household, their number and weight, and, across groups, how
 * many months each due item is due in each breakdown. A scenario that changes only price
 * parameters is then priced from these tables (pricing.ts) without evaluating a household
 * again; the result is the one full evaluation gives, to the fen.
 */
import type { Decimal } from 'decimal.js';
import { decode, encode } from '../cache/codec.js';
import * as dates from '../dsl/dates.js';
import type { CivilDate } from '../dsl/dates.js';
import type { DueLine, Household, MonthEvaluation } from '../eval/index.js';
import type { Stretch } from '../engines/index.js';
import { repricingPlan, type RepricingPlan } from '../plan/repricing.js';
import type { Policy } from '../policy/index.js';
import { weightOf } from '../policy/payers.js';
import { Aggregate } from './aggregate.js';
import type { Comparison } from './compare.js';
import { byId, profileColumns, type ProfileColumns } from './profileColumns.js';
import { fenOf, fromFen } from './money.js';
import { Numbering } from './numbering.js';
import { Signature, SignatureTable } from './signature.js';
import { aggregateToWire, mergeAggregate, type WireAggregate } from './wire.js';
import { priceProfiles } from './pricing.js';

/** A due item as kept: its leaves, the marks of the values they rest on, and its numbers of who is paid. */
export type Due = Omit<DueLine, 'every'> & {
  /** Index of `item|person` in the profiles' table of who is paid what. */
  readonly key: number;
  /** Index of the person (0: the household itself). */
  readonly payee: number;
};

/** One due item of a group's months: from `month`, for `length` months (monthly) or once. */
export interface Use {
  readonly number: number;
  readonly month: CivilDate;
  readonly length: number;
  readonly monthly: boolean;
  /** Index of (month, length, monthly) in the profiles' table of shapes. */
  readonly shape: number;
}

/** Months a due item is due in one breakdown (year, place, category) at one weight, over all groups (counted in full once the table is made: Profiles.table). */
export interface Entry extends Use {
  readonly place: string;
  readonly category: string;
  readonly weight: number;
  count: number;
}

/** Households with the same facts as far as the figures go. */
export interface Group {
  readonly household: Household;
  /** The months without their due items: what no price changes. */
  readonly fixed: readonly Stretch[];
  readonly uses: readonly Use[];
  readonly entries: readonly Entry[];
  /** Index in the table of weights. */
  readonly weight: number;
  readonly place: string;
  readonly category: string;
  /** `place|category`, the comparison's group. */
  readonly groupKey: string;
  /** One household's totals under the baseline, in fen, weighted and not. */
  readonly base: { readonly weighted: number; readonly own: number };
  count: number;
  /** The first ids in order, for the largest changes. */
  readonly ids: string[];
}

/** What the fixed lines of a group give one household: totals, persons paid, items paid to whom. */
export interface FixedPart {
  readonly own: number;
  readonly weighted: number;
  /** Persons paid, by index (0: the household itself). */
  readonly persons: readonly number[];
  /** Who is paid what, by index in the profiles' table. */
  readonly items: readonly number[];
}

const IDS_KEPT = 5;

/** Marks of the parts of a month's content in a signature (Profiles.content). */
const LINE = -2;
const UNSET = -3;
const DUE = -4;

/**
 * Due numbers found value after value (item, person, marks, then each leaf) in a tree of maps,
 * whose keys (SameValueZero) tell texts, numbers and booleans apart as their texts would.
 */
interface DueNode {
  next: Map<unknown, DueNode> | undefined;
  /** The due number ending here, or -1. */
  number: number;
}

function nextNode(node: DueNode, key: unknown): DueNode {
  const next = (node.next ??= new Map());
  let n = next.get(key);
  if (n === undefined) next.set(key, (n = { next: undefined, number: -1 }));
  return n;
}

/**
 * Keeps a group's IDS_KEPT first ids in the order the largest changes sort them (byId), so that
 * the households pricing names are those full evaluation names, whatever the order of the file.
 */
function keepSmallest(ids: string[], id: string): void {
  if (ids.length >= IDS_KEPT && byId(id, ids[ids.length - 1]!) >= 0) return;
  let at = ids.length;
  while (at > 0 && byId(id, ids[at - 1]!) < 0) at--;
  ids.splice(at, 0, id);
  if (ids.length > IDS_KEPT) ids.length = IDS_KEPT;
}

export class Profiles {
  /** In the order they were made. */
  readonly groups: Group[] = [];
  /** The groups by their signatures. */
  private readonly bySignature = new SignatureTable<Group>();
  /** Due items by number. */
  readonly dues: Due[] = [];
  readonly weights: Decimal[] = [];
  /** The entries in the order they were made, by that number. */
  readonly entries = new Map<number, Entry>();
  /** The entries by the number of their breakdown and weight, their shape and their due number. */
  private entryAt: Entry[][][] = [];
  private readonly wheres = new Numbering<string>();
  /** The distinct (month, length, monthly) of uses: each is cut by a scenario's parameter changes once. */
  readonly shapes: Omit<Use, 'number' | 'shape'>[] = [];
  private readonly shapeIndex = new Map<number, number>();
  readonly plan: RepricingPlan;
  households = 0;
  /** Due numbers by item, person, marks and leaves. */
  private readonly dueNumbers: DueNode = { next: undefined, number: -1 };
  /** Places, categories and payers numbered, for the keys of groups and entries. */
  private readonly places = new Numbering<string>();
  private readonly categories = new Numbering<string>();
  private readonly payerNumbers = new Numbering<string>();
  /** Items, persons, categories and period kinds numbered, for the contents of months in signatures. */
  private readonly names = new Numbering<string | null>();
  /** Where a household's signature, a month's content and the monthly part of the last are written (ticket). */
  private readonly signature = new Signature();
  private readonly own = new Signature();
  private readonly lastMonthly = new Signature();
  private readonly weightIndex = new Map<string, number>();
  private lastWeight: { readonly value: Decimal; readonly index: number } | undefined;
  /** Households of each group its entries count (settleEntries): one when not here. */
  private readonly counted = new Map<Group, number>();
  private fixedPart: { aggregate: Aggregate; byGroup: Map<Group, FixedPart> } | undefined;
  private columns: ProfileColumns | undefined;
  /** Set once the groups are dropped for their columns (compact): nothing more may be added. */
  private compacted: { readonly aggregate: Aggregate } | undefined;

  constructor(readonly baseline: Policy) {
    this.plan = repricingPlan(baseline);
  }

  /**
   * A household evaluated with profiles (PrepareOptions.profiles) ready to be kept; undefined
   * when it cannot be, a leaf of its figures not being worked out alone: such a household is
   * evaluated under each scenario instead.
   */
  ticket(household: Household, stretches: readonly Stretch[], place: string, category: string): Ticket | undefined {
    for (const s of stretches) {
      const due = s.evaluation.due;
      if (!due) return undefined;
      for (const d of due) if (d.leaves === undefined) return undefined;
    }
    const weightValue = weightOf(this.baseline, household);
    const weight = this.weightOf(weightValue);
    const numbers = stretches.map((s) => s.evaluation.due!.map((d) => this.number(d)));
    const key = this.signature;
    key.reset();
    key.push(weight);
    key.push(this.places.of(place));
    key.push(this.categories.of(category));
    const joined = this.joinAlike(stretches, numbers, key);
    const group = this.bySignature.find(key);
    return { household, weightValue, weight, group, signature: group ? undefined : key.copy(), place, category, stretches, numbers, joined };
  }

  /** Keeps a household, with its baseline totals (in fen). */
  add(ticket: Ticket, base: { weighted: number; own: number }): void {
    if (this.compacted) throw new Error('internal: a household added to profiles already compacted');
    const { household, weightValue, weight, place, category } = ticket;
    this.households++;
    this.fixedPart = undefined;
    this.columns = undefined;
    // A group made since the ticket was (another household of the same signature) is found again.
    const had = ticket.group ?? this.bySignature.find(ticket.signature!);
    if (had) {
      // Its entries count it when the table is made (settleEntries).
      had.count++;
      keepSmallest(had.ids, household.id);
      return;
    }
    const kept = this.kept(ticket);
    const uses: Use[] = [];
    const entries: Entry[] = [];
    const placeNumber = this.places.of(place);
    for (const s of kept) {
      const categoryName = s.evaluation.category ?? 'none';
      const where = this.wheres.of(`${placeNumber},${this.categories.of(categoryName)},${weight}`);
      for (const d of s.evaluation.due as NumberedDue[]) {
        const monthly = d.every === 'month';
        const use = { number: d.id, month: s.month, length: s.length, monthly, shape: this.shapeOf(s.month, s.length, monthly) };
        uses.push(use);
        entries.push(this.entry(use, where, place, categoryName, weight));
      }
    }
    const fixed = kept.map((s) => ({ ...s, evaluation: { ...s.evaluation, due: [] } }));
    const signature = ticket.signature!;
    const group: Group = { household: this.keptHousehold(household, weightValue, place), fixed, uses, entries, weight, place, category, groupKey: `${place}|${category}`, base, count: 1, ids: [household.id] };
    this.groups.push(group);
    this.bySignature.add(signature, group);
  }

  /** Forgets the households kept. */
  clear(): void {
    this.groups.length = 0;
    this.bySignature.clear();
    this.entries.clear();
    this.entryAt = [];
    this.counted.clear();
    this.shapes.length = 0;
    this.shapeIndex.clear();
    this.households = 0;
    this.fixedPart = undefined;
    this.columns = undefined;
    this.compacted = undefined;
  }

  /** Groups of households kept (each stands for households priced alike). */
  get size(): number {
    return this.compacted ? this.table().count.length : this.groups.length;
  }

  /**
   * Keeps only what pricing reads (the columns and the aggregate of the fixed lines), once every
   * household is added: the groups, their months and households go, and with them most of the
   * memory (about 4 KB a group), which a long interactive session would otherwise carry and
   * collect again and again.
   */
  compact(): void {
    if (this.compacted) return;
    this.table();
    this.compacted = { aggregate: this.fixed().aggregate };
    this.groups.length = 0;
    this.bySignature.clear();
    this.entries.clear();
    this.entryAt = [];
    this.counted.clear();
    this.fixedPart = undefined;
  }

  /**
   * The compacted profiles as plain data (for another thread: see restore), or undefined when a
   * leaf holds a value that would not come back the same.
   */
  toBytes(): Uint8Array | undefined {
    this.compact();
    const wire: WireProfiles = {
      dues: this.dues,
      weights: this.weights,
      shapes: this.shapes,
      whoItems: this.whoItems,
      payees: [...this.payees.keys()],
      households: this.households,
      columns: this.table(),
      fixed: aggregateToWire(this.compacted!.aggregate),
    };
    return encode(wire);
  }

  /** Profiles another thread kept (toBytes), compacted, ready to price. */
  static restore(baseline: Policy, bytes: Uint8Array): Profiles {
    const wire = decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as WireProfiles;
    const p = new Profiles(baseline);
    p.dues.push(...wire.dues);
    p.weights.push(...wire.weights);
    p.shapes.push(...wire.shapes);
    p.whoItems.push(...wire.whoItems);
    wire.payees.forEach((person, i) => p.payees.set(person, i));
    p.households = wire.households;
    p.columns = wire.columns;
    const aggregate = new Aggregate(baseline);
    mergeAggregate(aggregate, wire.fixed);
    p.compacted = { aggregate };
    return p;
  }

  /** The aggregate of the fixed lines of every group (and of households and eligible months). */
  fixedAggregate(): Aggregate {
    return this.compacted?.aggregate ?? this.fixed().aggregate;
  }

  /**
   * What no price changes, worked out once after the pass: the aggregate of the fixed lines
   * (and of households and eligible months), and each group's share of it.
   */
  fixed(): { aggregate: Aggregate; byGroup: Map<Group, FixedPart> } {
    if (this.fixedPart) return this.fixedPart;
    const aggregate = new Aggregate(this.baseline);
    const byGroup = new Map<Group, FixedPart>();
    for (const g of this.groups.values()) {
      const t = aggregate.add(g.household, g.fixed, g.count);
      const persons = new Set<number>();
      const items = new Set<number>();
      for (const s of g.fixed) {
        for (const l of s.evaluation.lines) {
          persons.add(this.payee(l.person));
          items.add(this.who(l.item, l.person));
        }
      }
      byGroup.set(g, { own: t.own, weighted: t.weighted, persons: [...persons], items: [...items] });
    }
    return (this.fixedPart = { aggregate, byGroup });
  }

  /** The groups as columns for pricing (profileColumns.ts), built once after the pass. */
  table(): ProfileColumns {
    if (!this.columns) this.settleEntries();
    return (this.columns ??= profileColumns(this, this.fixed().byGroup));
  }

  /**
   * Counts in the entries the households added to groups since they were last counted: a
   * group's first household counts in them as it is added, the others here, once a group.
   */
  private settleEntries(): void {
    for (const g of this.groups.values()) {
      const counted = this.counted.get(g) ?? 1;
      if (g.count === counted) continue;
      for (const e of g.entries) e.count += g.count - counted;
      this.counted.set(g, g.count);
    }
  }

  /**
   * The scenario's aggregate and comparison with the baseline, priced from the profiles; undefined
   * when the scenario changes more than prices (it must be evaluated).
   */
  price(scenario: Policy): { result: Aggregate; comparison: Comparison } | undefined {
    return priceProfiles(this, scenario);
  }

  /** `item|person` keys of who is paid what, and the item of each. */
  readonly whoItems: string[] = [];
  private readonly whoIndex = new Map<string, number>();
  private readonly payees = new Map<string | null, number>([[null, 0]]);

  private who(item: string, person: string | null): number {
    return indexIn(this.whoIndex, this.whoItems, `${item}|${person}`, () => item);
  }

  /** Persons paid that the profiles number (0: the household itself). */
  get payeeCount(): number {
    return this.payees.size;
  }

  private payee(person: string | null): number {
    let i = this.payees.get(person);
    if (i === undefined) this.payees.set(person, (i = this.payees.size));
    return i;
  }

  /**
   * The household as a group keeps it: its id and what the aggregates read of it (its weight,
   * its breakdown field), not its persons and children.
   */
  private keptHousehold(household: Household, weight: Decimal, place: string): Household {
    const kept: Record<string, unknown> = { id: household.id, [this.baseline.weight]: weight };
    const path = this.baseline.breakdown.field;
    let at = kept;
    path.forEach((f, i) => {
      if (i === path.length - 1) at[f] = place;
      else at = (at[f] ??= {}) as Record<string, unknown>;
    });
    return kept as Household;
  }

  private shapeOf(month: CivilDate, length: number, monthly: boolean): number {
    return indexIn(this.shapeIndex, this.shapes, month * 64 + length * 2 + (monthly ? 1 : 0), () => ({ month, length, monthly }));
  }

  private weightOf(value: Decimal): number {
    // Households without a weight of their own share the default's value.
    if (value !== this.lastWeight?.value) this.lastWeight = { value, index: indexIn(this.weightIndex, this.weights, value.toString(), () => value) };
    return this.lastWeight.index;
  }

  /** The entry of a due item's use in a breakdown at a weight (`where`: their number). */
  private entry(use: Use, where: number, place: string, category: string, weight: number): Entry {
    const byNumber = ((this.entryAt[where] ??= [])[use.shape] ??= []);
    let e = byNumber[use.number];
    if (!e) {
      e = byNumber[use.number] = { number: use.number, month: use.month, length: use.length, monthly: use.monthly, shape: use.shape, place, category, weight, count: 0 };
      this.entries.set(this.entries.size, e);
    }
    e.count++;
    return e;
  }

  /** A ticket's stretches as its group keeps them: alike ones joined, each without what pricing gives again. */
  private kept(ticket: Ticket): Stretch[] {
    const out: Stretch[] = [];
    let i = 0;
    for (const length of ticket.joined) {
      const s = ticket.stretches[i]!;
      out.push({ month: s.month, length, evaluation: this.keep(s.evaluation, ticket.numbers[i]!) });
      let months = 0;
      while (months < length) months += ticket.stretches[i++]!.length;
    }
    return out;
  }

  /** A month's evaluation without the lines the due items will give again when priced. */
  private keep(m: MonthEvaluation, numbers: readonly number[]): MonthEvaluation {
    // Only the number and period kind stay with the month: the leaves are kept once, by number.
    const due = m.due!.map((d, i) => ({ id: numbers[i]!, every: d.every }) as NumberedDue);
    return { ...m, lines: m.lines.filter((l) => !this.priced(l.item)), unset: m.unset.filter((u) => !this.priced(u.item)), entitlements: [], due };
  }

  /** Whether an item's lines are given again by pricing its due items. */
  private priced(item: string): boolean {
    return this.plan.items.get(item)?.kind === 'leaves';
  }

  /**
   * What a stretch's kept month gives the aggregates, written into `out` as numbers (equal
   * numbers, equal contents): its category, persons eligible, lines and unset items not
   * priced, and due items; with `monthly`, only what is monthly (what the stretch's later
   * months see). Each part starts with its mark or count, so that no two contents read alike.
   */
  private content(m: MonthEvaluation, numbers: readonly number[], monthly: boolean, out: Signature): void {
    const names = this.names;
    out.reset();
    out.push(m.category === null ? -1 : names.of(m.category));
    out.push(m.persons.size);
    for (const [role, eligible] of m.persons) out.push(eligible ? names.of(role) : -1);
    for (const l of m.lines) {
      if ((monthly && l.every !== 'month') || this.priced(l.item)) continue;
      this.pushItem(out, LINE, l);
      out.push(l.provisional ? 1 : 0);
      out.push(l.payers.size);
      for (const [payer, v] of l.payers) {
        out.push(this.payerNumbers.of(payer));
        out.push(fenOf(v));
      }
    }
    for (const u of m.unset) {
      if ((monthly && u.every !== 'month') || this.priced(u.item)) continue;
      this.pushItem(out, UNSET, u);
    }
    const due = m.due!;
    for (let i = 0; i < due.length; i++) {
      if (due[i]!.every === 'month') {
        out.push(DUE);
        out.push(numbers[i]!);
      } else if (!monthly) {
        out.push(DUE);
        out.push(-1 - numbers[i]!);
      }
    }
  }

  /** A line's or unset item's mark, item, person and period kind. */
  private pushItem(out: Signature, mark: number, l: { readonly item: string; readonly person: string | null; readonly every: string }): void {
    out.push(mark);
    out.push(this.names.of(l.item));
    out.push(this.names.of(l.person));
    out.push(this.names.of(l.every));
  }

  /**
   * Consecutive stretches of one year that give the same (the later with nothing yearly or
   * one-off of its own) as one: the engine cuts where things may change, and often nothing
   * does, so households alike but for a birthday month fall into one group. Writes the months,
   * lengths and contents of the stretches kept to `key`, and gives their lengths.
   */
  private joinAlike(stretches: readonly Stretch[], numbers: readonly (readonly number[])[], key: Signature): number[] {
    const lengths: number[] = [];
    const { own, lastMonthly } = this;
    let lastMonth = 0;
    let lengthAt = -1;
    stretches.forEach((s, i) => {
      const m = s.evaluation;
      const onlyMonthly = m.lines.every((l) => l.every === 'month' || this.priced(l.item)) && m.unset.every((u) => u.every === 'month' || this.priced(u.item)) && m.due!.every((d) => d.every === 'month');
      this.content(m, numbers[i]!, false, own);
      const last = lengths.length - 1;
      if (last >= 0 && onlyMonthly && dates.yearOf(lastMonth) === dates.yearOf(s.month) && dates.addMonths(lastMonth, lengths[last]!) === s.month && lastMonthly.sameAs(own)) {
        lengths[last]! += s.length;
        key.set(lengthAt, lengths[last]!);
        return;
      }
      key.push(s.month);
      lengthAt = key.length;
      key.push(s.length);
      key.push(own.length);
      key.appendAll(own);
      lastMonth = s.month;
      lengths.push(s.length);
      if (onlyMonthly) lastMonthly.assign(own);
      else this.content(m, numbers[i]!, true, lastMonthly);
    });
    return lengths;
  }

  /** Due items with the same item, person, leaves and marks share a number, priced once. */
  private number(d: DueLine): number {
    const leaves = d.leaves!;
    let node = nextNode(nextNode(nextNode(this.dueNumbers, d.item), d.person), d.provisional);
    node = nextNode(node, d.scenarios.length ? d.scenarios.join(',') : '');
    // Texts, numbers and booleans one by one after their count; other leaves by their key, a text.
    if (leaves.every(isPlain)) {
      node = nextNode(node, leaves.length);
      for (const v of leaves) node = nextNode(node, v);
    } else node = nextNode(node, leafKey(leaves));
    if (node.number < 0) {
      node.number = this.dues.length;
      this.dues.push({ item: d.item, person: d.person, leaves: d.leaves, provisional: d.provisional, scenarios: d.scenarios, key: this.who(d.item, d.person), payee: this.payee(d.person) });
    }
    return node.number;
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

/** The index of a key in a table that grows as keys are met: `make` gives the new entry. */
function indexIn<K, T>(index: Map<K, number>, table: T[], key: K, make: () => T): number {
  let i = index.get(key);
  if (i === undefined) {
    i = table.length;
    table.push(make());
    index.set(key, i);
  }
  return i;
}

/** Compacted profiles as data: what pricing reads. */
interface WireProfiles {
  readonly dues: readonly Due[];
  readonly weights: readonly Decimal[];
  readonly shapes: readonly Omit<Use, 'number' | 'shape'>[];
  readonly whoItems: readonly string[];
  readonly payees: readonly (string | null)[];
  readonly households: number;
  readonly columns: ProfileColumns;
  readonly fixed: WireAggregate;
}

/** A household about to be kept, with its group, or what a new group is found by. */
export interface Ticket {
  readonly household: Household;
  readonly weightValue: Decimal;
  readonly weight: number;
  readonly group: Group | undefined;
  /** When no group had its signature as the ticket was made: the signature. */
  readonly signature: Float64Array | undefined;
  readonly place: string;
  readonly category: string;
  /** The household's stretches as evaluated, the numbers of each one's due items, and the lengths of those its group keeps (alike ones joined). */
  readonly stretches: readonly Stretch[];
  readonly numbers: readonly (readonly number[])[];
  readonly joined: readonly number[];
}

/** A due item kept in a profile, with its number. */
interface NumberedDue extends DueLine {
  readonly id: number;
}

/** The leaves of a due item as a key: equal keys, equal leaves. */
function leafKey(values: readonly unknown[]): string {
  return JSON.stringify(values, (_k, x: unknown) => (x instanceof Map ? [...x] : x));
}

/** A text, number or boolean: a map tells them apart as their keys (leafKey) would. */
function isPlain(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number';
}
