/**
 * A household aged over the years of a projection: the events of each year drawn in turn
 * (parents' deaths from a stated mortality law, children's deaths and newly certified
 * disabilities at stated rates), and the household as it stands once the events up to a year
 * have happened. The events of the years up to Y are the same whatever the last year drawn, so
 * the runs that drew the same events by year Y share that year's household.
 */
import * as dates from '../dsl/dates.js';
import type { CivilDate } from '../dsl/dates.js';
import type { Household } from '../eval/index.js';
import type { Random } from './random.js';

export interface ProjectionAssumptions {
  readonly projection: string;
  readonly mortality: { readonly women: { a: number; b: number }; readonly men: { a: number; b: number }; readonly persons: Readonly<Record<string, 'women' | 'men'>>; readonly source: string };
  readonly children: { readonly death: number; readonly disability: number; readonly source: string };
}

/** One event drawn: a person's death (by role), or a child's (by place) death or certified disability, in a year. */
export type DrawnEvent =
  | { readonly year: number; readonly role: string; readonly death: CivilDate }
  | { readonly year: number; readonly child: number; readonly death: CivilDate }
  | { readonly year: number; readonly child: number; readonly grade: number; readonly certified: CivilDate };

type Person = { birth_date: CivilDate; death_date?: CivilDate };
type Child = Person & { disability_grade?: number; disability_certified?: CivilDate };

function randomDateIn(r: Random, year: number, notBefore: CivilDate): CivilDate {
  const start = Math.max(dates.ymd(year, 1, 1), notBefore);
  const days = dates.toDayNumber(dates.ymd(year, 12, 31)) - dates.toDayNumber(start);
  return dates.addDays(start, r.int(0, Math.max(0, days)));
}

/** The events of the years `fromYear` to `toYear`, year after year, in the order drawn. */
export function drawEvents(h: Household, fromYear: number, toYear: number, a: ProjectionAssumptions, r: Random): DrawnEvent[] {
  const persons = Object.entries(a.mortality.persons)
    .filter(([role]) => h[role] !== undefined)
    .map(([role, law]) => ({ role, law: a.mortality[law], p: h[role] as Person, dead: (h[role] as Person).death_date !== undefined }));
  const children = ((h.children as Child[] | undefined) ?? []).map((c) => ({ c, dead: c.death_date !== undefined, disabled: c.disability_grade !== undefined }));
  const out: DrawnEvent[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    for (const person of persons) {
      if (person.dead || person.p.birth_date > dates.ymd(year, 12, 31)) continue;
      const age = year - dates.yearOf(person.p.birth_date);
      if (!r.chance(Math.min(1, person.law.a * Math.exp(person.law.b * age)))) continue;
      person.dead = true;
      out.push({ year, role: person.role, death: randomDateIn(r, year, person.p.birth_date) });
    }
    children.forEach((child, i) => {
      if (child.dead || child.c.birth_date > dates.ymd(year, 12, 31)) return;
      if (r.chance(a.children.death)) {
        child.dead = true;
        out.push({ year, child: i, death: randomDateIn(r, year, child.c.birth_date) });
      } else if (!child.disabled && r.chance(a.children.disability)) {
        // Dated, so that the new disability counts from its certification, not for past months.
        child.disabled = true;
        const grade = r.int(1, 4);
        out.push({ year, child: i, grade, certified: randomDateIn(r, year, child.c.birth_date) });
      }
    });
  }
  return out;
}

/** The household once `events` have happened; the original is not changed. */
export function withEvents(h: Household, a: ProjectionAssumptions, events: readonly DrawnEvent[]): Household {
  const out: Record<string, unknown> = { ...h };
  const persons = new Map(Object.keys(a.mortality.persons).filter((role) => h[role] !== undefined).map((role) => [role, { ...(h[role] as Person) } as Person]));
  const children = ((h.children as Child[] | undefined) ?? []).map((c) => ({ ...c }));
  for (const e of events) {
    if ('role' in e) persons.get(e.role)!.death_date = e.death;
    else if ('death' in e) children[e.child]!.death_date = e.death;
    else {
      children[e.child]!.disability_grade = e.grade;
      children[e.child]!.disability_certified = e.certified;
    }
  }
  for (const [role, p] of persons) out[role] = p;
  out.children = children;
  return out as Household;
}

/** The household with the events of the years drawn for one run; the original is not changed. */
export function ageHousehold(h: Household, fromYear: number, toYear: number, a: ProjectionAssumptions, r: Random): Household {
  return withEvents(h, a, drawEvents(h, fromYear, toYear, a, r));
}

/** An event as text, to tell runs that drew the same events apart from the others. */
export function eventText(e: DrawnEvent): string {
  return 'role' in e ? `${e.role}:${e.death};` : 'death' in e ? `${e.child}:${e.death};` : `${e.child}:${e.grade}:${e.certified};`;
}
