/** The projection as JSON and as a table: each year's mean and 90% interval, per run. */
import * as dates from '../dsl/dates.js';
import { money } from '../eval/result.js';
import { provisionalFigures, scopeJson, scopeOf, type ResultScope } from '../eval/scope.js';
import { TABLES, type Lang } from '../messages/index.js';
import type { Policy } from '../policy/index.js';
import type { Interval, ProjectionResult } from './project.js';
import type { Table } from './tables.js';

function intervalJson(i: Interval): { mean: string; low: string; high: string } {
  return { mean: money(i.mean), low: money(i.low), high: money(i.high) };
}

/** What a projection leaves out, and the provisional figures in force over its years that the items read. */
export function projectionScope(policy: Policy, p: ProjectionResult): ResultScope {
  return scopeOf(policy, provisionalFigures(policy, policy.items.map((i) => i.id), dates.ymd(p.fromYear, 1, 1), dates.ymd(p.toYear, 12, 31)));
}

/** The projection as JSON; given the policy, with its `scope`. */
export function projectionJson(p: ProjectionResult, policy?: Policy): Record<string, unknown> {
  return {
    policy: p.policy,
    project: `${p.fromYear}..${p.toYear}`,
    runs: p.runs,
    seed: p.seed,
    interval: '90% (5th to 95th percentile of the runs)',
    population: { households: p.households, rejected: p.rejected },
    ...(p.rejections.length ? { rejections: p.rejections } : {}),
    assumptions: p.assumptions,
    scenarios: p.scenarios,
    years: Object.fromEntries(
      p.years.map((y) => [
        String(y.year),
        Object.fromEntries([...y.runs].map(([id, r]) => [id, { total: intervalJson(r.total), city: intervalJson(r.city), counties: intervalJson(r.counties) }])),
      ]),
    ),
    ...(policy ? { scope: scopeJson(projectionScope(policy, p)) } : {}),
  };
}

export function projectionTable(p: ProjectionResult, lang: Lang = 'en'): Table {
  const w = TABLES[lang];
  const ids = ['baseline', ...p.scenarios.map((s) => s.id)];
  const cell = (i: Interval) => `${money(i.mean)} [${money(i.low)} – ${money(i.high)}]`;
  return {
    id: 'projection',
    title: w.projectionTitle(p.fromYear, p.toYear, p.runs, p.seed),
    header: [w.year, ...ids.map((id) => (id === 'baseline' ? w.baselineId : id))],
    rows: p.years.map((y) => [String(y.year), ...ids.map((id) => cell(y.runs.get(id)!.total))]),
    numeric: [false, ...ids.map(() => true)],
    note: w.projectionNote(p.assumptions.projection, p.assumptions.mortality.source, p.assumptions.children.source),
  };
}
