/**
 * Simulation: every household of a population, every month of a range, under the baseline and
 * each scenario, aggregated (shared/contracts/simulation.md). Streams the population: memory
 * holds the aggregates, not the households.
 */
import type { Decimal } from 'decimal.js';
import { dates, type CivilDate } from '../dsl/index.js';
import { evaluateMonth, EvalError, readHousehold, type Household, type MonthEvaluation } from '../eval/index.js';
import type { Label, Policy } from '../policy/index.js';
import { Aggregate } from './aggregate.js';
import { Comparison } from './compare.js';
import { readPopulation } from './readers.js';

export interface Rejected {
  readonly line: number;
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

export interface ScenarioRun {
  readonly id: string;
  readonly title: Label;
  readonly policy: Policy;
  readonly result: Aggregate;
  readonly comparison: Comparison;
}

export interface SimulationResult {
  readonly policy: string;
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly records: number;
  readonly evaluated: number;
  readonly rejected: number;
  /** The first rejected records, in detail (all are counted). */
  readonly rejections: Rejected[];
  readonly baseline: Aggregate;
  readonly scenarios: ScenarioRun[];
}

export interface SimulationOptions {
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly scenarios?: readonly { id: string; title: Label; policy: Policy }[];
  /** Called every so many records, for a progress display. */
  readonly onProgress?: (records: number) => void;
}

const MAX_REJECTIONS_KEPT = 1000;

/**
 * Household ids seen, kept as 53-bit hashes so that a million ids take a few megabytes; two
 * different ids sharing a hash (about one chance in ten billion per pair) would be taken as
 * a duplicate.
 */
export class SeenIds {
  private readonly seen = new Set<number>();

  /** True when the id was seen before. */
  add(id: string): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    const key = (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) & 0x1fffff);
    if (this.seen.has(key)) return true;
    this.seen.add(key);
    return false;
  }
}

/** The months from `from` to `to` (first days), grouped by year. */
function monthsByYear(from: CivilDate, to: CivilDate): Map<number, CivilDate[]> {
  const out = new Map<number, CivilDate[]>();
  for (let m = dates.monthStart(from); m <= to; m = dates.addMonths(m, 1)) {
    const y = dates.yearOf(m);
    out.set(y, [...(out.get(y) ?? []), m]);
  }
  return out;
}

/**
 * The months of the range for one household. A yearly item is due in the first month of its
 * year in which it applies, so a range that starts within a year is evaluated from January
 * and only its own months are kept.
 */
export function evaluateRange(policy: Policy, household: Household, byYear: Map<number, CivilDate[]>): MonthEvaluation[] {
  const out: MonthEvaluation[] = [];
  for (const [year, months] of byYear) {
    const due = new Set<string>();
    const first = months[0]!;
    for (let m = dates.ymd(year, 1, 1); m < first; m = dates.addMonths(m, 1)) evaluateMonth(policy, household, m, {}, due);
    for (const m of months) out.push(evaluateMonth(policy, household, m, {}, due));
  }
  return out;
}

function lastCategory(months: readonly MonthEvaluation[]): string {
  for (let i = months.length - 1; i >= 0; i--) if (months[i]!.category) return months[i]!.category!;
  return 'none';
}

export async function simulate(baseline: Policy, populationPath: string, options: SimulationOptions): Promise<SimulationResult> {
  const byYear = monthsByYear(options.from, options.to);
  const base = new Aggregate();
  const runs: ScenarioRun[] = (options.scenarios ?? []).map((s) => ({ ...s, result: new Aggregate(), comparison: new Comparison() }));
  const rejections: Rejected[] = [];
  let records = 0;
  let evaluated = 0;
  let rejected = 0;
  const ids = new SeenIds();
  const reject = (r: Rejected) => {
    rejected++;
    if (rejections.length < MAX_REJECTIONS_KEPT) rejections.push(r);
  };
  for await (const rec of readPopulation(populationPath, baseline)) {
    records++;
    if (options.onProgress && records % 1000 === 0) options.onProgress(records);
    if (rec.error !== undefined) {
      reject({ line: rec.line, id: '(unreadable)', code: 'E-POP-RECORD', message: rec.error });
      continue;
    }
    const hh = readHousehold(baseline, rec.data, () => undefined, `line ${rec.line}`);
    if (!hh.ok) {
      const d = hh.diagnostics[0]!;
      reject({ line: rec.line, id: hh.id, code: d.code, message: `${d.message}${d.at ? ` (${d.at})` : ''}${hh.diagnostics.length > 1 ? ` and ${hh.diagnostics.length - 1} more` : ''}` });
      continue;
    }
    const h = hh.household;
    if (ids.add(h.id)) {
      reject({ line: rec.line, id: h.id, code: 'E-POP-DUPLICATE-ID', message: `household id ${h.id} is used by an earlier record; ids are unique within a population` });
      continue;
    }
    let months: MonthEvaluation[];
    let scenarioMonths: MonthEvaluation[][];
    try {
      // Everything is evaluated before anything is added, so that a household that fails
      // under one policy is counted under none.
      months = evaluateRange(baseline, h, byYear);
      scenarioMonths = runs.map((run) => evaluateRange(run.policy, h, byYear));
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      reject({ line: rec.line, id: h.id, code: e.code, message: e.message });
      continue;
    }
    const baseTotal = base.add(h, months);
    const county = (h.hukou as { county: string }).county;
    const category = lastCategory(months);
    runs.forEach((run, i) => {
      const total = run.result.add(h, scenarioMonths[i]!);
      run.comparison.add({ id: h.id, county, category, delta: total.own.minus(baseTotal.own) }, h.weight as Decimal, total.weighted.minus(baseTotal.weighted));
    });
    evaluated++;
  }
  return { policy: baseline.meta.id, from: options.from, to: options.to, records, evaluated, rejected, rejections, baseline: base, scenarios: runs };
}
