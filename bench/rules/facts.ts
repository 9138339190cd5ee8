/**
 * The facts the json-rules-engine encoding reads, for one household and month: the runtime
 * fact `ctx` (household, month start and end) and dynamic facts derived from it, each taking
 * the spouse as a parameter (`{ role: 'wife' }`). Facts are data; the conditions on them (the
 * thresholds, dates and their combination) are in the rules.
 */
import type { Almanac, Engine } from 'json-rules-engine';
import { NO_DATE, age } from '../handwritten/dates.js';
import { aliveAtStart, disabledOn, judgedOn } from '../handwritten/evaluate.js';
import { HUSBAND, WIFE, type Household, type Person } from '../handwritten/household.js';

export interface MonthContext {
  readonly household: Household;
  readonly start: number;
  readonly end: number;
}

/** A grade worse than any certified one: no child is disabled. */
export const NO_GRADE = 99;

type Role = 'wife' | 'husband';

async function context(almanac: Almanac): Promise<MonthContext> {
  return almanac.factValue<MonthContext>('ctx');
}

function index(role: Role): number {
  return role === 'wife' ? WIFE : HUSBAND;
}

/** The spouse, the day their conditions are judged on, and the children that count as theirs and have arrived by then. */
function own(c: MonthContext, role: Role): { p: Person | undefined; judged: number; children: number[] } {
  const r = index(role);
  const p = c.household.spouses[r];
  if (!p) return { p, judged: c.end, children: [] };
  const judged = judgedOn(p, c.start, c.end);
  const children: number[] = [];
  c.household.children.forEach((k, i) => {
    if (c.household.countsFor[r]![i] && k.arrival <= judged) children.push(i);
  });
  return { p, judged, children };
}

/** Registers the dynamic facts on an engine. */
export function addFacts(engine: Engine): void {
  // Facts of higher priority are read first, and an `all` stops at the first set that fails
  // (json-rules-engine's own way to make a rule cheap): the household's facts, then the person's.
  const byRole = <T>(id: string, f: (c: MonthContext, role: Role) => T, priority = 4) =>
    engine.addFact<Promise<T>>(id, (params: Record<string, unknown>, almanac: Almanac) => context(almanac).then((c) => f(c, params.role as Role)), { priority });
  const household = <T>(id: string, f: (c: MonthContext) => T) => engine.addFact<Promise<T>>(id, (_params: unknown, almanac: Almanac) => context(almanac).then(f), { priority: 10 });

  household('monthEnd', (c) => c.end);
  household('hukouCounty', (c) => c.household.county);
  household('childDied', (c) => c.household.children.some((k) => k.death !== NO_DATE && k.death <= c.end));
  household('childGrade', (c) => Math.min(NO_GRADE, ...c.household.children.filter((k) => disabledOn(k, c.end, NO_GRADE)).map((k) => k.grade)));
  byRole('recorded', (c, role) => c.household.spouses[index(role)] !== undefined, 8);
  byRole('birthDate', (c, role) => c.household.spouses[index(role)]?.birth ?? NO_DATE, 8);
  byRole('aliveAtMonthStart', (c, role) => {
    const p = c.household.spouses[index(role)];
    return p !== undefined && aliveAtStart(p, c.start, c.end);
  }, 8);
  byRole('ownChildrenArrived', (c, role) => own(c, role).children.length);
  byRole('latestOwnArrival', (c, role) => Math.max(NO_DATE, ...own(c, role).children.map((i) => c.household.children[i]!.arrival)));
  byRole('ownChildDied', (c, role) => {
    const o = own(c, role);
    return o.children.some((i) => {
      const k = c.household.children[i]!;
      return k.death !== NO_DATE && k.death <= o.judged;
    });
  });
  byRole('ownChildGrade', (c, role) => {
    const o = own(c, role);
    return Math.min(NO_GRADE, ...o.children.map((i) => c.household.children[i]!).filter((k) => disabledOn(k, o.judged, NO_GRADE)).map((k) => k.grade));
  });
  // 女方年满49周岁: the age of the spouse whose age decides, on the day it is taken.
  byRole('decidingAge', (c, role) => {
    const h = c.household;
    const r = index(role);
    const p = h.spouses[r];
    if (!p) return -1;
    const wife = h.spouses[WIFE];
    const husband = h.spouses[HUSBAND];
    let deciding = p;
    if (wife && h.hasOwnChild[WIFE] && aliveAtStart(wife, c.start, c.end)) deciding = wife;
    else if (husband && aliveAtStart(husband, c.start, c.end) && !h.hasOwnChild[r]) deciding = husband;
    return age(deciding.birth, Math.min(judgedOn(p, c.start, c.end), judgedOn(deciding, c.start, c.end)));
  }, 6);
}
