/**
 * Projection over years: the population is aged year by year (parents' deaths from a stated
 * mortality law, children's deaths and newly certified disabilities at stated rates), then
 * evaluated month by month under the baseline and each scenario. Repeated with seeds, it gives
 * the mean and a 90% interval of each year's totals. Couples enter as the wife reaches 49 and
 * students graduate by the dates they carry; a reform dated in the future changes only the
 * years after its date.
 */
import { Decimal } from 'decimal.js';
import { dates, type CivilDate } from '../dsl/index.js';
import { EvalError, type Household } from '../eval/index.js';
import type { Label, Policy } from '../policy/index.js';
import { Breakdown, ZERO } from './money.js';
import { Random } from './random.js';
import { readPopulation } from './readers.js';
import { evaluateRange, householdOf, type Rejected } from './simulate.js';
import { weighted } from './aggregate.js';

export interface ProjectionAssumptions {
  readonly projection: string;
  readonly mortality: { readonly women: { a: number; b: number }; readonly men: { a: number; b: number }; readonly source: string };
  readonly children: { readonly death: number; readonly disability: number; readonly source: string };
}

export interface Interval {
  readonly mean: Decimal;
  readonly low: Decimal;
  readonly high: Decimal;
}

export interface ProjectedYear {
  readonly year: number;
  /** Run id (baseline, then scenarios) → total, city and counties, each over the runs. */
  readonly runs: ReadonlyMap<string, { total: Interval; city: Interval; counties: Interval }>;
}

export interface ProjectionResult {
  readonly policy: string;
  readonly fromYear: number;
  readonly toYear: number;
  readonly runs: number;
  readonly seed: number;
  readonly households: number;
  readonly rejected: number;
  readonly rejections: Rejected[];
  readonly scenarios: readonly { id: string; title: Label }[];
  readonly years: ProjectedYear[];
  readonly assumptions: ProjectionAssumptions;
}

function randomDateIn(r: Random, year: number, notBefore: CivilDate): CivilDate {
  const start = Math.max(dates.ymd(year, 1, 1), notBefore);
  const days = dates.toDayNumber(dates.ymd(year, 12, 31)) - dates.toDayNumber(start);
  return dates.addDays(start, r.int(0, Math.max(0, days)));
}

/** The household with the events of the years drawn for one run; the original is not changed. */
export function ageHousehold(h: Household, fromYear: number, toYear: number, a: ProjectionAssumptions, r: Random): Household {
  type Person = { birth_date: CivilDate; death_date?: CivilDate };
  type Child = Person & { disability_grade?: number; disability_certified?: CivilDate };
  const out: Record<string, unknown> = { ...h };
  const people: [string, { a: number; b: number }][] = [['wife', a.mortality.women], ['husband', a.mortality.men]];
  const persons = people.filter(([role]) => h[role] !== undefined).map(([role, law]) => ({ role, law, p: { ...(h[role] as Person) } as Person }));
  const children = ((h.children as Child[]) ?? []).map((c) => ({ ...c }));
  for (let year = fromYear; year <= toYear; year++) {
    for (const { law, p } of persons) {
      if (p.death_date !== undefined || p.birth_date > dates.ymd(year, 12, 31)) continue;
      const age = year - dates.yearOf(p.birth_date);
      if (r.chance(Math.min(1, law.a * Math.exp(law.b * age)))) p.death_date = randomDateIn(r, year, p.birth_date);
    }
    for (const c of children) {
      if (c.death_date !== undefined || c.birth_date > dates.ymd(year, 12, 31)) continue;
      if (r.chance(a.children.death)) c.death_date = randomDateIn(r, year, c.birth_date);
      else if (c.disability_grade === undefined && r.chance(a.children.disability)) {
        // Dated, so that the new disability counts from its certification, not for past months.
        c.disability_grade = r.int(1, 4);
        c.disability_certified = randomDateIn(r, year, c.birth_date);
      }
    }
  }
  for (const { role, p } of persons) out[role] = p;
  out.children = children;
  return out as Household;
}

/** Linear interpolation between order statistics (the usual sample quantile). */
function quantile(sorted: readonly Decimal[], q: number): Decimal {
  if (sorted.length === 1) return sorted[0]!;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const frac = new Decimal(pos - lo);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a.plus(b.minus(a).times(frac)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

function interval(values: readonly Decimal[]): Interval {
  const sorted = [...values].sort((x, y) => x.cmp(y));
  const mean = values.reduce((s, v) => s.plus(v), ZERO).div(values.length).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return { mean, low: quantile(sorted, 0.05), high: quantile(sorted, 0.95) };
}

export interface ProjectionOptions {
  readonly fromYear: number;
  readonly toYear: number;
  readonly runs: number;
  readonly seed: number;
  readonly assumptions: ProjectionAssumptions;
  readonly scenarios?: readonly { id: string; title: Label; policy: Policy }[];
  readonly onProgress?: (done: number) => void;
}

export async function project(baseline: Policy, populationPath: string, o: ProjectionOptions): Promise<ProjectionResult> {
  const runIds = ['baseline', ...(o.scenarios ?? []).map((s) => s.id)];
  const policies = [baseline, ...(o.scenarios ?? []).map((s) => s.policy)];
  const byYear = new Map<number, CivilDate[]>();
  for (let y = o.fromYear; y <= o.toYear; y++) byYear.set(y, Array.from({ length: 12 }, (_, i) => dates.ymd(y, i + 1, 1)));
  // totals[run][policy][year]: one breakdown per seeded run, per policy, per year.
  const totals = Array.from({ length: o.runs }, () => policies.map(() => new Map<number, Breakdown>()));
  const rejections: Rejected[] = [];
  let households = 0;
  let rejected = 0;
  let done = 0;
  for (let run = 0; run < o.runs; run++) {
    const r = new Random(o.seed + run);
    let record = 0;
    for await (const rec of readPopulation(populationPath, baseline)) {
      record++;
      const hh = householdOf(baseline, { ...rec, record });
      if (!hh.ok) {
        if (run === 0) {
          rejected++;
          if (rejections.length < 1000) rejections.push(hh.rejected);
        }
        continue;
      }
      if (run === 0) households++;
      const aged = ageHousehold(hh.household, o.fromYear, o.toYear, o.assumptions, r);
      const weight = aged.weight as Decimal;
      try {
        const evaluated = policies.map((p) => evaluateRange(p, aged, byYear));
        evaluated.forEach((months, i) => {
          for (const m of months) {
            const y = dates.yearOf(m.month);
            const b = totals[run]![i]!.get(y) ?? new Breakdown();
            for (const line of m.lines) {
              const w = weighted(line, weight);
              b.add(w.amount, w.payers);
            }
            totals[run]![i]!.set(y, b);
          }
        });
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        if (run === 0) {
          rejected++;
          if (rejections.length < 1000) rejections.push({ line: rec.line, record, id: aged.id, code: e.code, message: e.message });
        }
      }
      done++;
      if (o.onProgress && done % 1000 === 0) o.onProgress(done);
    }
  }
  const years: ProjectedYear[] = [];
  for (let y = o.fromYear; y <= o.toYear; y++) {
    const runs = new Map<string, { total: Interval; city: Interval; counties: Interval }>();
    runIds.forEach((id, i) => {
      const per = totals.map((t) => t[i]!.get(y) ?? new Breakdown());
      runs.set(id, {
        total: interval(per.map((b) => b.amount)),
        city: interval(per.map((b) => b.payers.get('city'))),
        counties: interval(per.map((b) => b.amount.minus(b.payers.get('city')))),
      });
    });
    years.push({ year: y, runs });
  }
  return {
    policy: baseline.meta.id,
    fromYear: o.fromYear,
    toYear: o.toYear,
    runs: o.runs,
    seed: o.seed,
    households,
    rejected,
    rejections,
    scenarios: (o.scenarios ?? []).map((s) => ({ id: s.id, title: s.title })),
    years,
    assumptions: o.assumptions,
  };
}
