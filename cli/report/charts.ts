/** Vega-Lite chart specifications for the simulation report, rendered to SVG offline. */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { breakdownEnum, bucketLabel, payerDecl, type Policy, type ProjectionResult, type SimulationResult } from '../../src/index.js';

/** Renders a Vega-Lite specification to an SVG string, without a browser or the network. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}

/** Charts draw numbers: an exact amount becomes a float here, for drawing only; the tables keep the exact figures. */
const money = (d: { toNumber(): number }) => d.toNumber();
const FONT = { config: { font: 'Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif', view: { stroke: null } } };

/** A payer as the chart groups it: the payer the policy declares (a family's members together), in both languages. */
function payerGroup(policy: Policy, p: string): string {
  const d = payerDecl(policy, p);
  return d ? `${d.label.en} ${d.label.zh}` : p;
}

/** The budget by year and payer, baseline beside each scenario. */
export function budgetByYear(policy: Policy, r: SimulationResult): TopLevelSpec {
  const rows: { run: string; year: string; payer: string; amount: number }[] = [];
  const runs = [{ id: 'baseline', agg: r.baseline }, ...r.scenarios.map((s) => ({ id: s.id, agg: s.result }))];
  for (const run of runs) {
    for (const [year, b] of run.agg.years) {
      const groups = new Map<string, number>();
      for (const [p, v] of b.payers.byKey) groups.set(payerGroup(policy, p), (groups.get(payerGroup(policy, p)) ?? 0) + money(v));
      for (const [payer, amount] of groups) rows.push({ run: run.id, year: String(year), payer, amount });
    }
  }
  return {
    ...FONT,
    title: 'Budget by payer and year (CNY)',
    data: { values: rows },
    mark: 'bar',
    width: 160,
    height: 220,
    encoding: {
      column: { field: 'run', type: 'nominal', title: null, sort: runs.map((x) => x.id) },
      x: { field: 'year', type: 'ordinal', title: null },
      y: { field: 'amount', type: 'quantitative', title: 'CNY', axis: { format: '~s' } },
      color: { field: 'payer', type: 'nominal', title: 'payer', scale: { range: ['#c8102e', '#8a97a6'] } },
      tooltip: [{ field: 'run' }, { field: 'year' }, { field: 'payer' }, { field: 'amount', format: ',.2f' }],
    },
  } as TopLevelSpec;
}

/** The total by the policy's breakdown field (the county of registration), baseline against each scenario. */
export function byCounty(policy: Policy, r: SimulationResult): TopLevelSpec {
  const values = breakdownEnum(policy);
  const name = (c: string) => `${c} ${values?.labels.get(c)?.zh ?? ''}`.trim();
  const rows: { run: string; place: string; amount: number }[] = [];
  for (const [c, b] of r.baseline.counties) rows.push({ run: 'baseline', place: name(c), amount: money(b.amount) });
  for (const s of r.scenarios) for (const [c, b] of s.result.counties) rows.push({ run: s.id, place: name(c), amount: money(b.amount) });
  return {
    ...FONT,
    title: `Total by ${policy.breakdown.label.en} (CNY)`,
    data: { values: rows },
    mark: 'bar',
    height: { step: 14 },
    width: 420,
    encoding: {
      y: { field: 'place', type: 'nominal', title: null },
      yOffset: { field: 'run', type: 'nominal' },
      x: { field: 'amount', type: 'quantitative', title: 'CNY', axis: { format: '~s' } },
      color: { field: 'run', type: 'nominal', title: null },
    },
  } as TopLevelSpec;
}

/** How many households gain or lose, and by how much, under each scenario. */
export function changes(r: SimulationResult): TopLevelSpec {
  const rows = r.scenarios.flatMap((s) => s.comparison.distribution.map((n, i) => ({ scenario: s.id, change: bucketLabel(i), order: i, households: n.toNumber() })));
  return {
    ...FONT,
    title: 'Households by change in payment over the period (CNY)',
    data: { values: rows },
    mark: 'bar',
    width: 420,
    height: 200,
    encoding: {
      row: { field: 'scenario', type: 'nominal', title: null },
      x: { field: 'change', type: 'ordinal', sort: { field: 'order' }, title: 'change per household', axis: { labelAngle: -30 } },
      y: { field: 'households', type: 'quantitative', title: 'households' },
      color: { condition: [{ test: 'datum.order < 4', value: '#8a97a6' }, { test: 'datum.order == 4', value: '#c9ced4' }], value: '#c8102e' },
    },
  } as TopLevelSpec;
}

/** Each run's projected yearly total: the mean as a line, the 90% interval as a band. */
export function projectionChart(p: ProjectionResult): TopLevelSpec {
  const rows = p.years.flatMap((y) => [...y.runs].map(([run, r]) => ({ year: String(y.year), run, mean: money(r.total.mean), low: money(r.total.low), high: money(r.total.high) })));
  return {
    ...FONT,
    title: `Projected yearly total (CNY): mean and 90% interval over ${p.runs} runs`,
    data: { values: rows },
    width: 520,
    height: 260,
    encoding: { x: { field: 'year', type: 'ordinal', title: null }, color: { field: 'run', type: 'nominal', title: null } },
    layer: [
      { mark: { type: 'area', opacity: 0.2 }, encoding: { y: { field: 'low', type: 'quantitative', title: 'CNY', axis: { format: '~s' } }, y2: { field: 'high' } } },
      { mark: { type: 'line', point: true }, encoding: { y: { field: 'mean', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}
