/**
 * One household record of a JSONL population, read into the flat shape the hand-written
 * benchmark program evaluates: dates as yyyymmdd integers (0 when absent), money in fen, and
 * what a month does not change (who is whose parent, when each child arrived) worked out once.
 */
import { NO_DATE, parseDate } from './dates.js';
import { countyCode } from './payers.js';

export interface Person {
  readonly birth: number;
  readonly death: number;
  readonly listedChronic: boolean;
  readonly needsCare: boolean;
  readonly medicalInsurance: boolean;
  readonly pensionContributor: boolean;
  /** The family-doctor package's yearly price in fen, or -1 when none was bought. */
  readonly doctorPackage: number;
}

export interface Child {
  readonly birth: number;
  /** Birth, or adoption for an adopted child. */
  readonly arrival: number;
  readonly death: number;
  /** 0 when the child has no certified grade. */
  readonly grade: number;
  readonly certified: number;
  readonly ended: number;
  readonly admitted: number;
  readonly graduates: number;
}

/** Spouse roles, in the order the results count them. */
export const WIFE = 0;
export const HUSBAND = 1;

export interface Household {
  readonly id: string;
  readonly county: string;
  readonly rural: boolean;
  readonly residence: string;
  /** Indexed by WIFE and HUSBAND; undefined when not recorded. */
  readonly spouses: readonly [Person | undefined, Person | undefined];
  readonly children: readonly Child[];
  /** parentOf[role][i]: the spouse is a parent of child i (every recorded spouse when the record names none). */
  readonly parentOf: readonly [readonly boolean[], readonly boolean[]];
  /** countsFor[role][i]: child i counts as the spouse's own (a new spouse with no child of their own counts the other's). */
  readonly countsFor: readonly [readonly boolean[], readonly boolean[]];
  readonly hasOwnChild: readonly [boolean, boolean];
}

/** A record that is not a household this program can evaluate. */
export class BadRecord extends Error {}

type Json = Record<string, unknown>;

function date(o: Json, field: string, required: boolean): number {
  const v = o[field];
  if (v === undefined || v === null) {
    if (required) throw new BadRecord(`${field} is missing`);
    return NO_DATE;
  }
  const d = parseDate(v);
  if (Number.isNaN(d)) throw new BadRecord(`${field} is not a date (YYYY-MM-DD): ${JSON.stringify(v)}`);
  return d;
}

/** CNY as a JSON number or string with at most two decimals, in fen. */
function fen(v: unknown, field: string): number {
  const text = typeof v === 'number' ? String(v) : v;
  const m = typeof text === 'string' ? /^(\d+)(?:\.(\d{1,2}))?$/.exec(text) : null;
  if (!m) throw new BadRecord(`${field} is not an amount in CNY with at most two decimals: ${JSON.stringify(v)}`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function person(o: Json): Person {
  const chronic = (o.chronic ?? []) as unknown[];
  return {
    birth: date(o, 'birth_date', true),
    death: date(o, 'death_date', false),
    listedChronic: chronic.includes('type2_diabetes') || chronic.includes('hypertension'),
    needsCare: o.care_need === 'assisted' || o.care_need === 'nursing',
    medicalInsurance: o.resident_medical_insurance === true,
    pensionContributor: o.resident_pension_contributor === true,
    doctorPackage: o.family_doctor_package === undefined ? -1 : fen(o.family_doctor_package, 'family_doctor_package'),
  };
}

function child(o: Json): Child {
  const birth = date(o, 'birth_date', true);
  const college = o.college as Json | undefined;
  return {
    birth,
    arrival: o.adopted === true ? date(o, 'adoption_date', true) : birth,
    death: date(o, 'death_date', false),
    grade: typeof o.disability_grade === 'number' ? o.disability_grade : 0,
    certified: date(o, 'disability_certified', false),
    ended: date(o, 'disability_ended', false),
    admitted: college ? date(college, 'admitted', true) : NO_DATE,
    graduates: college ? date(college, 'graduates', true) : NO_DATE,
  };
}

export function readHousehold(o: Json): Household {
  if (typeof o.id !== 'string' || o.id === '') throw new BadRecord('id is missing');
  if (o.weight !== undefined && o.weight !== 1) throw new BadRecord('weights other than 1 are not handled by this program');
  const hukou = o.hukou as Json | undefined;
  if (!hukou || typeof hukou.county !== 'string') throw new BadRecord('hukou.county is missing');
  const spouses: [Person | undefined, Person | undefined] = [o.wife ? person(o.wife as Json) : undefined, o.husband ? person(o.husband as Json) : undefined];
  if (!spouses[WIFE] && !spouses[HUSBAND]) throw new BadRecord('a household needs a wife or a husband');
  const raw = (o.children ?? []) as Json[];
  const children = raw.map(child);
  const parentOf: [boolean[], boolean[]] = [[], []];
  for (const c of raw) {
    const named = c.parents as string[] | undefined;
    parentOf[WIFE].push(!named || named.includes('wife'));
    parentOf[HUSBAND].push(!named || named.includes('husband'));
  }
  const hasOwnChild: [boolean, boolean] = [parentOf[WIFE].includes(true), parentOf[HUSBAND].includes(true)];
  const countsFor: [boolean[], boolean[]] = [parentOf[WIFE].map((p) => p || !hasOwnChild[WIFE]), parentOf[HUSBAND].map((p) => p || !hasOwnChild[HUSBAND])];
  return {
    id: o.id,
    county: countyCode(hukou.county),
    rural: hukou.type === 'rural',
    residence: countyCode(typeof o.residence === 'string' ? o.residence : hukou.county),
    spouses,
    children,
    parentOf,
    countsFor,
    hasOwnChild,
  };
}
