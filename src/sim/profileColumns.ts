/**
 * The groups of the profiles as columns of typed arrays, built once after the pass, so that
 * pricing a scenario goes over them without a map lookup, a string or an allocation per group
 * (a rate change on 1,000,000 households prices about 100,000 groups at each key of
 * `fuzhu explore`). A group's due items become indices of (due number, shape) pairs: each pair
 * is priced once per scenario, whatever the number of groups that use it. The table of due
 * months by breakdown (the profiles' entries) becomes columns too, its places and categories
 * numbered.
 */
import * as dates from '../dsl/dates.js';
import { Numbering } from './numbering.js';
import type { FixedPart, Group, Profiles } from './profiles.js';

/** A compressed list per group: the entries of group g are `list[start[g] … start[g + 1])`. */
export interface PerGroup {
  readonly start: Int32Array;
  readonly list: Int32Array;
}

export interface ProfileColumns {
  /** Each group's first ids as the largest changes sort ids (byId), kept so by the profiles. */
  readonly ids: readonly (readonly string[])[];
  /** The groups in the order of their first ids (byId): the largest among many alike are found in it. */
  readonly byFirstId: Int32Array;
  /** Households in each group, and the index of their weight in the profiles' table. */
  readonly count: Float64Array;
  readonly weight: Int32Array;
  /** One household's baseline totals, and the part of them no price changes (fen). */
  readonly baseOwn: Float64Array;
  readonly baseWeighted: Float64Array;
  readonly fixedOwn: Float64Array;
  readonly fixedWeighted: Float64Array;
  /** Persons paid (0: the household) and who is paid what, by the fixed lines alone. */
  readonly fixedPersons: PerGroup;
  readonly fixedItems: PerGroup;
  /** The (due number, shape) pairs of the group's due items. */
  readonly uses: PerGroup;
  /** Each pair's due number and shape. */
  readonly pairNumber: Int32Array;
  readonly pairShape: Int32Array;
  /** Index of the group's `place|category` in `breakdowns`. */
  readonly breakdown: Int32Array;
  readonly breakdowns: readonly { readonly key: string; readonly place: string; readonly category: string }[];
  readonly entries: EntryColumns;
}

/** The months each due item is due in each breakdown, at each weight, over all groups. */
export interface EntryColumns {
  readonly number: Int32Array;
  readonly shape: Int32Array;
  readonly weight: Int32Array;
  /** Households times months (or once, for an item not monthly) at this entry. */
  readonly count: Float64Array;
  readonly monthly: Uint8Array;
  /** The year of the entry's first month, as `year − firstYear`. */
  readonly year: Int32Array;
  readonly firstYear: number;
  /** Indices in `places` and `categories`. */
  readonly place: Int32Array;
  readonly category: Int32Array;
  readonly places: readonly string[];
  readonly categories: readonly string[];
}

export function profileColumns(p: Profiles, byGroup: ReadonlyMap<Group, FixedPart>): ProfileColumns {
  const groups = [...p.groups.values()];
  const n = groups.length;
  const count = new Float64Array(n);
  const weight = new Int32Array(n);
  const baseOwn = new Float64Array(n);
  const baseWeighted = new Float64Array(n);
  const fixedOwn = new Float64Array(n);
  const fixedWeighted = new Float64Array(n);
  const breakdown = new Int32Array(n);
  const breakdowns: { key: string; place: string; category: string }[] = [];
  const breakdownIndex = new Map<string, number>();
  const pairIndex = new Map<number, number>();
  const pairNumber: number[] = [];
  const pairShape: number[] = [];
  const persons: number[][] = [];
  const items: number[][] = [];
  const uses: number[][] = [];
  groups.forEach((g, i) => {
    const f = byGroup.get(g)!;
    count[i] = g.count;
    weight[i] = g.weight;
    baseOwn[i] = g.base.own;
    baseWeighted[i] = g.base.weighted;
    fixedOwn[i] = f.own;
    fixedWeighted[i] = f.weighted;
    let b = breakdownIndex.get(g.groupKey);
    if (b === undefined) {
      breakdownIndex.set(g.groupKey, (b = breakdowns.length));
      breakdowns.push({ key: g.groupKey, place: g.place, category: g.category });
    }
    breakdown[i] = b;
    persons.push([...f.persons]);
    items.push([...f.items]);
    uses.push(
      g.uses.map((u) => {
        const key = u.number * p.shapes.length + u.shape;
        let pair = pairIndex.get(key);
        if (pair === undefined) {
          pairIndex.set(key, (pair = pairNumber.length));
          pairNumber.push(u.number);
          pairShape.push(u.shape);
        }
        return pair;
      }),
    );
  });
  return {
    ids: groups.map((g) => g.ids),
    byFirstId: Int32Array.from(groups.keys()).sort((a, b) => byId(groups[a]!.ids[0] ?? '', groups[b]!.ids[0] ?? '')),
    count,
    weight,
    baseOwn,
    baseWeighted,
    fixedOwn,
    fixedWeighted,
    fixedPersons: perGroup(persons),
    fixedItems: perGroup(items),
    uses: perGroup(uses),
    pairNumber: Int32Array.from(pairNumber),
    pairShape: Int32Array.from(pairShape),
    breakdown,
    breakdowns,
    entries: entryColumns(p),
  };
}

function entryColumns(p: Profiles): EntryColumns {
  const entries = [...p.entries.values()];
  const n = entries.length;
  const places = new Numbering<string>();
  const categories = new Numbering<string>();
  const yearOf = entries.map((e) => dates.yearOf(e.month));
  const firstYear = yearOf.reduce((a, y) => Math.min(a, y), Infinity);
  const columns = {
    number: new Int32Array(n),
    shape: new Int32Array(n),
    weight: new Int32Array(n),
    count: new Float64Array(n),
    monthly: new Uint8Array(n),
    year: new Int32Array(n),
    place: new Int32Array(n),
    category: new Int32Array(n),
  };
  entries.forEach((e, i) => {
    columns.number[i] = e.number;
    columns.shape[i] = e.shape;
    columns.weight[i] = e.weight;
    columns.count[i] = e.count;
    columns.monthly[i] = e.monthly ? 1 : 0;
    columns.year[i] = yearOf[i]! - firstYear;
    columns.place[i] = places.of(e.place);
    columns.category[i] = categories.of(e.category);
  });
  return { ...columns, firstYear: n ? firstYear : 0, places: places.keys, categories: categories.keys };
}

/** The order of ids among changes of the same size, as the comparison of full evaluation sorts them (String.prototype.localeCompare's). */
export const byId: (a: string, b: string) => number = new Intl.Collator().compare;

function perGroup(lists: readonly (readonly number[])[]): PerGroup {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((l, i) => (start[i + 1] = start[i]! + l.length));
  const list = new Int32Array(start[lists.length]!);
  lists.forEach((l, i) => list.set(l, start[i]!));
  return { start, list };
}
