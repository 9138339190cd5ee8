/**
 * Vega-Lite chart specifications for the simulation report, in the reader's language: amounts
 * in 万元 in Chinese (CNY in English), payers and places by their labels, and on every bar and
 * point a tooltip (`tip`) with its label, its exact amount and its share of the whole.
 */
import { Decimal } from 'decimal.js';
import type { TopLevelSpec } from 'vega-lite';
import { breakdownEnum, bucketLabel, payerDecl, WORDS, type Lang, type Policy, type ProjectionResult, type SimulationResult } from '../../src/index.js';
import { grouped, REPORT, TABLES } from '../../src/messages/index.js';
import { drawnAmount, exactAmount, shareText } from './amounts.js';

/**
 * The font, and room at the sides: without a browser Vega guesses the width of text, short for
 * Chinese characters, and would cut off the ends of long labels (融水苗族自治县).
 */
const FONT = { config: { font: 'Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif', view: { stroke: null } }, padding: { left: 36, right: 36, top: 5, bottom: 5 } };
const COLOURS = ['#c8102e', '#8a97a6', '#1f5f8b', '#e2a33b', '#4b8f5a', '#7a4b94'];
const ZERO = new Decimal(0);

/** The axis of amounts: 万元 in Chinese (grouped thousands), CNY in English (k, M). */
function amountAxis(lang: Lang): { title: string; axis: { format: string } } {
  return { title: REPORT[lang].amountUnit, axis: { format: lang === 'zh' ? ',f' : '~s' } };
}

/** The runs of a simulation, the baseline first, by the names the report gives them. */
function runsOf(r: SimulationResult, lang: Lang) {
  return [{ name: TABLES[lang].baseline, agg: r.baseline }, ...r.scenarios.map((s) => ({ name: s.id, agg: s.result }))];
}

/** Sums by key. */
function sumBy<K>(entries: Iterable<[K, Decimal]>): Map<K, Decimal> {
  const out = new Map<K, Decimal>();
  for (const [k, v] of entries) out.set(k, (out.get(k) ?? ZERO).plus(v));
  return out;
}

/** The budget by year and payer, baseline beside each scenario; a family's members (the counties) together. */
export function budgetByYear(policy: Policy, r: SimulationResult, lang: Lang): TopLevelSpec {
  const w = REPORT[lang];
  const runs = runsOf(r, lang);
  const rows = runs.flatMap((run) =>
    [...run.agg.years].flatMap(([year, b]) => {
      const groups = sumBy([...b.payers.byKey].map(([p, v]): [string, Decimal] => [payerDecl(policy, p)?.label[lang] ?? p, v]));
      return [...groups].map(([payer, amount]) => ({
        run: run.name,
        year: String(year),
        payer,
        // The payers stacked in the policy's order, the first at the bottom.
        rank: policy.payers.findIndex((d) => d.label[lang] === payer),
        amount: drawnAmount(amount, lang),
        tip: [`${run.name} · ${year} · ${payer}`, exactAmount(amount, lang), w.shareOf(shareText(amount, b.amount), w.yearTotal(run.name, String(year)))].join('\n'),
      }));
    }),
  );
  return {
    ...FONT,
    title: w.budgetChart,
    data: { values: rows },
    mark: 'bar',
    width: 160,
    height: 220,
    encoding: {
      column: { field: 'run', type: 'nominal', title: null, sort: runs.map((x) => x.name) },
      x: { field: 'year', type: 'ordinal', title: null, axis: { labelAngle: 0 } },
      y: { field: 'amount', type: 'quantitative', ...amountAxis(lang) },
      order: { field: 'rank', type: 'quantitative' },
      color: { field: 'payer', type: 'nominal', title: TABLES[lang].payer, sort: policy.payers.map((p) => p.label[lang]), scale: { range: COLOURS } },
    },
  } as TopLevelSpec;
}

/** The total by the policy's breakdown field (the county of registration), baseline against each scenario. */
export function byPlace(policy: Policy, r: SimulationResult, lang: Lang): TopLevelSpec {
  const w = REPORT[lang];
  const labels = breakdownEnum(policy)?.labels;
  const name = (c: string) => labels?.get(c)?.[lang] ?? c;
  const rows = runsOf(r, lang).flatMap((run) =>
    [...run.agg.counties].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([c, b]) => ({
      run: run.name,
      place: name(c),
      amount: drawnAmount(b.amount, lang),
      tip: [`${run.name} · ${name(c) === c ? c : w.withCode(name(c), c)}`, exactAmount(b.amount, lang), w.shareOf(shareText(b.amount, run.agg.totals.amount), w.runTotal(run.name))].join('\n'),
    })),
  );
  return {
    ...FONT,
    title: w.placeChart(policy.breakdown.label[lang]),
    data: { values: rows },
    mark: 'bar',
    height: { step: 14 },
    width: 420,
    encoding: {
      y: { field: 'place', type: 'nominal', title: null, sort: null },
      yOffset: { field: 'run', type: 'nominal', sort: null },
      x: { field: 'amount', type: 'quantitative', ...amountAxis(lang) },
      color: { field: 'run', type: 'nominal', title: null, sort: null, scale: { range: COLOURS } },
    },
  } as TopLevelSpec;
}

/** How many households gain or lose, and by how much, under each scenario. */
export function changes(r: SimulationResult, lang: Lang): TopLevelSpec {
  const w = REPORT[lang];
  const rows = r.scenarios.flatMap((s) => {
    const all = s.comparison.distribution.reduce((a, n) => a.plus(n), ZERO);
    return s.comparison.distribution.map((n, i) => {
      const change = grouped(bucketLabel(i, TABLES[lang].noChange));
      return {
        scenario: s.id,
        change,
        order: i,
        households: n.toNumber(),
        tip: [`${s.id} · ${TABLES[lang].changePerHousehold}${WORDS[lang].colon}${change}`, w.householdCount(grouped(n.toString())), w.shareOf(shareText(n, all), w.scenarioHouseholds(s.id))].join('\n'),
      };
    });
  });
  return {
    ...FONT,
    title: w.changesChart,
    data: { values: rows },
    mark: 'bar',
    width: 420,
    height: 200,
    encoding: {
      row: { field: 'scenario', type: 'nominal', title: null },
      x: { field: 'change', type: 'ordinal', sort: { field: 'order' }, title: TABLES[lang].changePerHousehold, axis: { labelAngle: -30 } },
      y: { field: 'households', type: 'quantitative', title: w.householdsAxis },
      color: { condition: [{ test: 'datum.order < 4', value: '#8a97a6' }, { test: 'datum.order == 4', value: '#c9ced4' }], value: '#c8102e' },
    },
  } as TopLevelSpec;
}

/** Each run's projected yearly total: the mean as a line with points, the 90% interval as a band. */
export function projectionChart(p: ProjectionResult, lang: Lang): TopLevelSpec {
  const w = REPORT[lang];
  const name = (run: string) => (run === 'baseline' ? TABLES[lang].baseline : run);
  const rows = p.years.flatMap((y) =>
    [...y.runs].map(([run, r]) => ({
      year: String(y.year),
      run: name(run),
      mean: drawnAmount(r.total.mean, lang),
      low: drawnAmount(r.total.low, lang),
      high: drawnAmount(r.total.high, lang),
      tip: [`${name(run)} · ${y.year}`, w.mean(exactAmount(r.total.mean, lang)), w.interval(exactAmount(r.total.low, lang), exactAmount(r.total.high, lang))].join('\n'),
    })),
  );
  return {
    ...FONT,
    title: w.projectionChart(p.runs),
    data: { values: rows },
    width: 520,
    height: 260,
    encoding: { x: { field: 'year', type: 'ordinal', title: null, axis: { labelAngle: 0 } }, color: { field: 'run', type: 'nominal', title: null, sort: null, scale: { range: COLOURS } } },
    layer: [
      { mark: { type: 'area', opacity: 0.2 }, encoding: { y: { field: 'low', type: 'quantitative', ...amountAxis(lang) }, y2: { field: 'high' } } },
      { mark: { type: 'line', point: true }, encoding: { y: { field: 'mean', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}
