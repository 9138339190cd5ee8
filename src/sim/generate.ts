/**
 * Synthetic populations from a YAML spec of stated assumptions (policy/populations/*.spec.yaml):
 * reproducible to the byte for a seed. Every record says it is synthetic by its id (SYN-…).
 */
import { dates } from '../dsl/index.js';
import { Random } from './random.js';

type Shares = Record<string, number>;

export interface PopulationSpec {
  spec: string;
  /** The household fields filled: the registration record and the two parents. */
  household: { registration: string; mother: string; father: string };
  assumptions: {
    counties: { shares: Shares };
    outside: { share: number };
    rural: { in_districts: number; in_counties: number };
    category: { shares: Shares };
    disability_grade: { shares: Shares };
    mother_birth_year: { ranges: [number, number, number][] };
    father_age_gap: { years: [number, number] };
    family: { shares: Shares };
    child_birth_age: { years: [number, number] };
    child_death_year: { years: [number, number] };
    second_child: { share: number };
    medical_insurance: { rural: number; urban: number };
    pension_contributor: { rural: number };
    chronic: { shares: Shares };
    care_need: { shares: Shares };
    family_doctor: { share: number; price: [number, number] };
    college: { share: number; admitted_age: number; years: number };
    wants_work: { share: number };
    weight: { values: number[] };
    disability_certified: { after_birth: [number, number]; latest_year: number };
    disability_recovered: { share: number; years: [number, number] };
    later_child: { share: number; years: [number, number]; adopted: number };
    remarried: { share: number; father: number; age_gap: [number, number] };
  };
}

/** Districts (区) among the county codes, whose rural share differs. */
const DISTRICTS = new Set(['450202', '450203', '450204', '450205', '450206']);

function dateIn(r: Random, year: number): string {
  const m = r.int(1, 12);
  return dates.formatDate(dates.ymd(year, m, r.int(1, dates.daysInMonth(year, m))));
}

/** A day in `year`, no earlier than `floor` (ISO dates order as text). */
function dateFrom(r: Random, year: number, floor: string): string {
  const d = dateIn(r, year);
  return d < floor ? floor : d;
}

/** One household in the exchange format, with fields in a fixed order (for byte-stable output). */
export function generateHousehold(spec: PopulationSpec, r: Random, index: number): Record<string, unknown> {
  const a = spec.assumptions;
  const county = r.chance(a.outside.share) ? 'outside' : r.pick(a.counties.shares);
  const rural = r.chance(DISTRICTS.has(county) ? a.rural.in_districts : a.rural.in_counties);
  const range = a.mother_birth_year.ranges[Number(r.pick(Object.fromEntries(a.mother_birth_year.ranges.map((x, i) => [String(i), x[2]]))))]!;
  const motherYear = r.int(range[0], range[1]);
  const fatherYear = motherYear - r.int(a.father_age_gap.years[0], a.father_age_gap.years[1]);
  const family = r.pick(a.family.shares);
  // A couple in which one spouse is a step-parent: the other parent of the child died, and the
  // remaining parent married a younger spouse with no child of their own.
  const stepParent = family === 'couple' && r.chance(a.remarried.share) ? (r.chance(a.remarried.father) ? 'mother' : 'father') : undefined;
  const person = (year: number) => {
    const birth = dateIn(r, year);
    const age2019 = 2019 - year;
    const p: Record<string, unknown> = { birth_date: birth };
    const chronic = Object.keys(a.chronic.shares).filter((k) => r.chance(a.chronic.shares[k]!));
    if (chronic.length) p.chronic = chronic;
    if (age2019 >= 60) {
      const need = r.pick(a.care_need.shares);
      if (need !== 'none') p.care_need = need;
    }
    if (r.chance(rural ? a.medical_insurance.rural : a.medical_insurance.urban)) p.resident_medical_insurance = true;
    if (rural && age2019 < 60 && r.chance(a.pension_contributor.rural)) p.resident_pension_contributor = true;
    if (r.chance(a.family_doctor.share)) p.family_doctor_package = r.int(a.family_doctor.price[0], a.family_doctor.price[1]);
    if (age2019 < 60 && r.chance(a.wants_work.share)) p.wants_work = true;
    return p;
  };
  const deadBefore = (p: Record<string, unknown>) => ({ ...p, death_date: dateIn(r, r.int(2005, 2018)) });
  const gap = () => r.int(a.remarried.age_gap[0], a.remarried.age_gap[1]);
  let mother: Record<string, unknown> | undefined = family === 'single_father' ? undefined : person(stepParent === 'mother' ? fatherYear + gap() : motherYear);
  let father: Record<string, unknown> | undefined = family === 'single_mother' ? undefined : person(stepParent === 'father' ? motherYear + gap() : fatherYear);
  if (family === 'widow' && father) father = deadBefore(father);
  if (family === 'widower' && mother) mother = deadBefore(mother);
  const childYear = motherYear + r.int(a.child_birth_age.years[0], a.child_birth_age.years[1]);
  const child: Record<string, unknown> = { birth_date: dateIn(r, childYear) };
  const category = r.pick(a.category.shares);
  if (category === 'death') {
    const deathYear = Math.max(childYear, r.int(a.child_death_year.years[0], a.child_death_year.years[1]));
    const died = dateIn(r, deathYear);
    child.death_date = died < (child.birth_date as string) ? child.birth_date : died;
  } else {
    child.disability_grade = Number(r.pick(a.disability_grade.shares));
    const cert = a.disability_certified;
    const certYear = Math.min(childYear + r.int(cert.after_birth[0], cert.after_birth[1]), cert.latest_year);
    child.disability_certified = dateFrom(r, certYear, child.birth_date as string);
    if (r.chance(a.disability_recovered.share)) {
      const endYear = certYear + r.int(a.disability_recovered.years[0], a.disability_recovered.years[1]);
      child.disability_ended = dateFrom(r, endYear, child.disability_certified as string);
    }
    if (childYear >= 1998 && r.chance(a.college.share)) {
      const admittedYear = childYear + a.college.admitted_age;
      child.college = { admitted: `${admittedYear}-09-01`, graduates: `${admittedYear + a.college.years}-06-30` };
    }
  }
  const f = spec.household;
  if (stepParent) child.parents = [stepParent === 'mother' ? f.father : f.mother];
  const children: Record<string, unknown>[] = [child];
  if (r.chance(a.second_child.share)) children.push({ birth_date: dateIn(r, Math.min(childYear + r.int(2, 12), 2018)) });
  if (r.chance(a.later_child.share)) {
    // A child who arrives after the one-child period: nothing changes before its arrival.
    const arrival = dateIn(r, r.int(a.later_child.years[0], a.later_child.years[1]));
    if (r.chance(a.later_child.adopted)) {
      const born = dateIn(r, Number(arrival.slice(0, 4)) - r.int(0, 5));
      children.push({ birth_date: born < arrival ? born : arrival, adopted: true, adoption_date: arrival });
    } else children.push({ birth_date: arrival });
  }
  const weight = a.weight.values[r.int(0, a.weight.values.length - 1)]!;
  return {
    id: `SYN-${String(index + 1).padStart(7, '0')}`,
    ...(weight !== 1 ? { weight } : {}),
    [f.registration]: { county, type: rural ? 'rural' : 'urban' },
    ...(mother ? { [f.mother]: mother } : {}),
    ...(father ? { [f.father]: father } : {}),
    children,
  };
}

/** The households of a population, one at a time. */
export function* generatePopulation(spec: PopulationSpec, households: number, seed: number): Generator<Record<string, unknown>> {
  const r = new Random(seed);
  for (let i = 0; i < households; i++) yield generateHousehold(spec, r, i);
}
