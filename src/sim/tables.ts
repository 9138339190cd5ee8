/**
 * The simulation as tables (sections with a header and rows), shared by every human-readable
 * output: the terminal, Markdown, CSV and the HTML report.
 */
import type { Decimal } from 'decimal.js';
import { dates } from '../dsl/index.js';
import { money, sinceText, sourceText, WORDS, type ResultScope } from '../eval/index.js';
import { breakdownEnum, orderPayers, payerLabel, valueLabel, type Label, type Policy } from '../policy/index.js';
import type { Aggregate } from './aggregate.js';
import { bucketLabel } from './compare.js';
import { Breakdown } from './money.js';
import { declaredShare } from './payerShares.js';
import { count, simulationScope } from './report.js';
import type { SimulationResult } from './simulate.js';

export interface Table {
  /** A file-name-friendly id (items, counties, …). */
  readonly id: string;
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Which columns hold numbers (right-aligned). */
  readonly numeric: readonly boolean[];
  readonly note?: string;
}

export type Lang = 'zh' | 'en';

/** A value of the policy's breakdown field: its code and label. */
function placeName(policy: Policy, code: string, lang: Lang): string {
  return valueLabel(breakdownEnum(policy), code, lang);
}

function label(l: Label | undefined, lang: Lang, fallback: string): string {
  return l ? l[lang] : fallback;
}

function signed(d: Decimal): string {
  return d.isPositive() && !d.isZero() ? `+${money(d)}` : money(d);
}

/** Tables of one aggregate (baseline or scenario). */
export function aggregateTables(policy: Policy, a: Aggregate, lang: Lang, prefix: string, titlePrefix: string): Table[] {
  const payers = orderPayers(a.totals.payers.byKey, policy);
  const itemLabel = (id: string) => label(policy.items.find((i) => i.id === id)?.label, lang, id);
  // Breakdowns show the amount and the share of the first payer declared.
  const first = policy.payers[0]!;
  const breakdownRows = <K>(m: ReadonlyMap<K, Breakdown>, name: (k: K) => string) =>
    [...m].sort(([x], [y]) => String(x).localeCompare(String(y))).map(([k, b]) => [name(k), money(b.amount), money(declaredShare(policy, b.payers.byKey, first))]);
  const by = policy.breakdown;
  const tables: Table[] = [
    {
      id: `${prefix}payers`,
      title: `${titlePrefix}Budget by payer`,
      header: ['payer', 'amount'],
      rows: [...payers.map(([p, v]) => [payerLabel(policy, p, lang), money(v)]), ['total', money(a.totals.amount)]],
      numeric: [false, true],
    },
    {
      id: `${prefix}items`,
      title: `${titlePrefix}By item`,
      header: ['item', 'amount', ...policy.payers.map((p) => p.label.en), 'recipients', 'person-months'],
      rows: [...a.items]
        .sort(([x], [y]) => policy.items.findIndex((i) => i.id === x) - policy.items.findIndex((i) => i.id === y))
        .map(([id, it]) => [
          `${itemLabel(id)}${it.provisional ? ' *' : ''}`,
          money(it.breakdown.amount),
          ...policy.payers.map((p) => money(declaredShare(policy, it.breakdown.payers.byKey, p))),
          String(count(it.recipients)),
          String(count(it.personMonths)),
        ]),
      numeric: [false, true, ...policy.payers.map(() => true), true, true],
      ...([...a.items.values()].some((i) => i.provisional) ? { note: '* includes provisional figures the document does not give' } : {}),
    },
    { id: `${prefix}counties`, title: `${titlePrefix}By ${by.label.en}`, header: [by.id, 'amount', first.label.en], rows: breakdownRows(a.counties, (c) => placeName(policy, c, lang)), numeric: [false, true, true] },
    {
      id: `${prefix}categories`,
      title: `${titlePrefix}By category`,
      header: ['category', 'amount', first.label.en],
      rows: breakdownRows(a.categories, (c) => (c === 'none' ? 'none' : label(policy.enums.get('category')?.labels.get(c), lang, c))),
      numeric: [false, true, true],
    },
    { id: `${prefix}years`, title: `${titlePrefix}By year`, header: ['year', 'amount', first.label.en], rows: breakdownRows(a.years, String), numeric: [false, true, true] },
  ];
  if (a.unset.size) {
    tables.push({
      id: `${prefix}unset`,
      title: `${titlePrefix}Due but not set`,
      header: ['item', 'households'],
      rows: [...a.unset].map(([id, n]) => [itemLabel(id), String(count(n))]),
      numeric: [false, true],
      note: 'amounts each county sets for itself; not counted in the totals until set',
    });
  }
  return tables;
}

/** The scope of the figures: the policy's statement (the note) and the provisional figures used. */
export function scopeTable(s: ResultScope, lang: Lang): Table {
  const w = WORDS[lang];
  return {
    id: 'scope',
    title: `${w.scope} — ${s.provisional.length ? w.provisionalFigures : w.noProvisional}`,
    header: ['parameter', 'label', 'value', 'since', 'source'],
    rows: s.provisional.map((f) => [f.parameter, f.label[lang], f.value, sinceText(f.from, lang), sourceText(f, lang)]),
    numeric: [false, false, false, false, false],
    ...(s.statement ? { note: s.statement[lang] } : {}),
  };
}

/** Every table of a simulation: the baseline, then per scenario its deltas and who gains or loses, then the scope. */
export function simulationTables(policy: Policy, r: SimulationResult, lang: Lang): Table[] {
  const tables = aggregateTables(policy, r.baseline, lang, '', 'Baseline — ');
  for (const s of r.scenarios) {
    const b = r.baseline;
    const payerKeys = orderPayers(new Map([...b.totals.payers.byKey, ...s.result.totals.payers.byKey]), policy).map(([k]) => k);
    tables.push({
      id: `${s.id}-payers`,
      title: `${s.id} — ${s.title[lang]}: change by payer`,
      header: ['payer', 'baseline', 'scenario', 'change'],
      rows: [
        ...payerKeys.map((p) => [payerLabel(policy, p, lang), money(b.totals.payers.get(p)), money(s.result.totals.payers.get(p)), signed(s.result.totals.payers.get(p).minus(b.totals.payers.get(p)))]),
        ['total', money(b.totals.amount), money(s.result.totals.amount), signed(s.result.totals.amount.minus(b.totals.amount))],
      ],
      numeric: [false, true, true, true],
    });
    const itemIds = [...new Set([...b.items.keys(), ...s.result.items.keys()])];
    tables.push({
      id: `${s.id}-items`,
      title: `${s.id}: change by item`,
      header: ['item', 'baseline', 'scenario', 'change'],
      rows: itemIds.map((id) => {
        const x = b.items.get(id)?.breakdown ?? new Breakdown();
        const y = s.result.items.get(id)?.breakdown ?? new Breakdown();
        return [label(policy.items.find((i) => i.id === id)?.label, lang, id), money(x.amount), money(y.amount), signed(y.amount.minus(x.amount))];
      }),
      numeric: [false, true, true, true],
    });
    const years = [...new Set([...b.years.keys(), ...s.result.years.keys()])].sort();
    tables.push({
      id: `${s.id}-years`,
      title: `${s.id}: change by year`,
      header: ['year', 'baseline', 'scenario', 'change'],
      rows: years.map((y) => {
        const x = b.years.get(y)?.amount ?? new Breakdown().amount;
        const z = s.result.years.get(y)?.amount ?? new Breakdown().amount;
        return [String(y), money(x), money(z), signed(z.minus(x))];
      }),
      numeric: [false, true, true, true],
    });
    const c = s.comparison;
    tables.push({
      id: `${s.id}-households`,
      title: `${s.id}: households that gain, lose or stay the same`,
      header: ['change per household (CNY over the period)', 'households'],
      rows: [...c.distribution.map((n, i) => [bucketLabel(i), String(count(n))]), ['gain', String(count(c.gain))], ['lose', String(count(c.lose))], ['same', String(count(c.same))]],
      numeric: [false, true],
    });
    const groups = [...c.byGroup.values()].filter((g) => !g.delta.isZero()).sort((x, y) => y.delta.abs().cmp(x.delta.abs()) || `${x.place}|${x.category}`.localeCompare(`${y.place}|${y.category}`));
    if (groups.length) {
      tables.push({
        id: `${s.id}-groups`,
        title: `${s.id}: largest changes by ${policy.breakdown.id} and category`,
        header: [policy.breakdown.id, 'category', 'change', 'gain', 'lose'],
        rows: groups.slice(0, 10).map((g) => [placeName(policy, g.place, lang), g.category, signed(g.delta), String(count(g.gain)), String(count(g.lose))]),
        numeric: [false, false, true, true, true],
      });
    }
  }
  tables.push(scopeTable(simulationScope(policy, r), lang));
  return tables;
}

export function periodText(r: SimulationResult): string {
  return `${dates.formatDate(r.from).slice(0, 7)} to ${dates.formatDate(r.to).slice(0, 7)}`;
}
