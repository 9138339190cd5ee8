/**
 * The simulation as tables (sections with a header and rows), shared by every human-readable
 * output: the terminal, Markdown, CSV and the HTML report.
 */
import type { Decimal } from 'decimal.js';
import * as dates from '../dsl/dates.js';
import { money } from '../eval/result.js';
import { sinceText, sourceText, type ResultScope } from '../eval/scope.js';
import { WORDS } from '../messages/index.js';
import { grouped, percentChange, TABLES } from '../messages/index.js';
import type { Label, Policy } from '../policy/index.js';
import { breakdownEnum, orderPayers, payerLabel, valueLabel } from '../policy/payers.js';
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
  /** Which columns hold a signed change (a terminal colours them). */
  readonly change?: readonly boolean[];
  /** Whether the last row is the total of the others. */
  readonly totalLast?: boolean;
  readonly note?: string;
}

export type { Lang } from '../messages/index.js';
import type { Lang } from '../messages/index.js';

/** A value of the policy's breakdown field: its code and label. */
function placeName(policy: Policy, code: string, lang: Lang): string {
  return valueLabel(breakdownEnum(policy), code, lang);
}

/** A category by its label; `none` (no eligible person) in words. */
function categoryName(policy: Policy, c: string, lang: Lang): string {
  return c === 'none' ? TABLES[lang].noCategory : label(policy.enums.get('category')?.labels.get(c), lang, c);
}

function label(l: Label | undefined, lang: Lang, fallback: string): string {
  return l ? l[lang] : fallback;
}

function signed(d: Decimal): string {
  return d.isPositive() && !d.isZero() ? `+${money(d)}` : money(d);
}

/** Tables of one aggregate (baseline or scenario). */
export function aggregateTables(policy: Policy, a: Aggregate, lang: Lang, prefix: string, titlePrefix: string): Table[] {
  const w = TABLES[lang];
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
      title: `${titlePrefix}${w.budgetByPayer}`,
      header: [w.payer, w.amount],
      rows: [...payers.map(([p, v]) => [payerLabel(policy, p, lang), money(v)]), [w.total, money(a.totals.amount)]],
      numeric: [false, true],
      totalLast: true,
    },
    {
      id: `${prefix}items`,
      title: `${titlePrefix}${w.byItem}`,
      header: [w.item, w.amount, ...policy.payers.map((p) => p.label[lang]), w.recipients, w.personMonths],
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
      ...([...a.items.values()].some((i) => i.provisional) ? { note: w.provisionalMark } : {}),
    },
    { id: `${prefix}counties`, title: `${titlePrefix}${w.by(by.label[lang])}`, header: [by.label[lang], w.amount, first.label[lang]], rows: breakdownRows(a.counties, (c) => placeName(policy, c, lang)), numeric: [false, true, true] },
    {
      id: `${prefix}categories`,
      title: `${titlePrefix}${w.byCategory}`,
      header: [w.category, w.amount, first.label[lang]],
      rows: breakdownRows(a.categories, (c) => categoryName(policy, c, lang)),
      numeric: [false, true, true],
    },
    { id: `${prefix}years`, title: `${titlePrefix}${w.byYear}`, header: [w.year, w.amount, first.label[lang]], rows: breakdownRows(a.years, String), numeric: [false, true, true] },
  ];
  if (a.unset.size) {
    tables.push({
      id: `${prefix}unset`,
      title: `${titlePrefix}${w.dueNotSet}`,
      header: [w.item, w.households],
      rows: [...a.unset].map(([id, n]) => [itemLabel(id), String(count(n))]),
      numeric: [false, true],
      note: w.unsetNote,
    });
  }
  return tables;
}

/** The scope of the figures: the policy's statement (the note) and the provisional figures used. */
export function scopeTable(s: ResultScope, lang: Lang): Table {
  const w = WORDS[lang];
  const t = TABLES[lang];
  return {
    id: 'scope',
    title: `${w.scope} — ${s.provisional.length ? w.provisionalFigures : w.noProvisional}`,
    header: [t.parameter, t.label, t.value, t.since, t.source],
    rows: s.provisional.map((f) => [f.parameter, f.label[lang], f.text[lang], sinceText(f.from, lang), sourceText(f, lang)]),
    numeric: [false, false, false, false, false],
    ...(s.statement ? { note: s.statement[lang] } : {}),
  };
}

/** Every table of a simulation: the baseline, then per scenario its deltas and who gains or loses, then the scope. */
export function simulationTables(policy: Policy, r: SimulationResult, lang: Lang): Table[] {
  const w = TABLES[lang];
  const tables = aggregateTables(policy, r.baseline, lang, '', `${w.baseline} — `);
  /** The columns of a comparison: baseline, scenario, change and change in percent. */
  const compared = (x: Decimal, y: Decimal) => [money(x), money(y), signed(y.minus(x)), percentChange(x, y)];
  const header = (first: string) => [first, w.baseline, w.scenarioCol, w.change, w.changePercent];
  const numeric = [false, true, true, true, true];
  const change = [false, false, false, true, true];
  for (const s of r.scenarios) {
    const b = r.baseline;
    const payerKeys = orderPayers(new Map([...b.totals.payers.byKey, ...s.result.totals.payers.byKey]), policy).map(([k]) => k);
    tables.push({
      id: `${s.id}-payers`,
      title: w.changeByPayer(s.id, s.title[lang]),
      header: header(w.payer),
      rows: [
        ...payerKeys.map((p) => [payerLabel(policy, p, lang), ...compared(b.totals.payers.get(p), s.result.totals.payers.get(p))]),
        [w.total, ...compared(b.totals.amount, s.result.totals.amount)],
      ],
      numeric,
      change,
      totalLast: true,
    });
    const itemIds = [...new Set([...b.items.keys(), ...s.result.items.keys()])];
    tables.push({
      id: `${s.id}-items`,
      title: w.changeByItem(s.id),
      header: header(w.item),
      rows: itemIds.map((id) => {
        const x = b.items.get(id)?.breakdown ?? new Breakdown();
        const y = s.result.items.get(id)?.breakdown ?? new Breakdown();
        return [label(policy.items.find((i) => i.id === id)?.label, lang, id), ...compared(x.amount, y.amount)];
      }),
      numeric,
      change,
    });
    const years = [...new Set([...b.years.keys(), ...s.result.years.keys()])].sort();
    tables.push({
      id: `${s.id}-years`,
      title: w.changeByYear(s.id),
      header: header(w.year),
      rows: years.map((y) => {
        const x = b.years.get(y)?.amount ?? new Breakdown().amount;
        const z = s.result.years.get(y)?.amount ?? new Breakdown().amount;
        return [String(y), ...compared(x, z)];
      }),
      numeric,
      change,
    });
    const c = s.comparison;
    tables.push({
      id: `${s.id}-households`,
      title: w.gainLose(s.id),
      header: [w.changePerHousehold, w.households],
      rows: [...c.distribution.map((n, i) => [grouped(bucketLabel(i, w.noChange)), String(count(n))]), [w.gain, String(count(c.gain))], [w.lose, String(count(c.lose))], [w.same, String(count(c.same))]],
      numeric: [false, true],
    });
    const groups = [...c.byGroup.values()].filter((g) => !g.delta.isZero()).sort((x, y) => y.delta.abs().cmp(x.delta.abs()) || `${x.place}|${x.category}`.localeCompare(`${y.place}|${y.category}`));
    if (groups.length) {
      tables.push({
        id: `${s.id}-groups`,
        title: w.largest(s.id, policy.breakdown.label[lang]),
        header: [policy.breakdown.label[lang], w.category, w.change, w.gain, w.lose],
        rows: groups.slice(0, 10).map((g) => [placeName(policy, g.place, lang), categoryName(policy, g.category, lang), signed(g.delta), String(count(g.gain)), String(count(g.lose))]),
        numeric: [false, false, true, true, true],
        change: [false, false, true, false, false],
      });
    }
  }
  tables.push(scopeTable(simulationScope(policy, r), lang));
  return tables;
}

export function periodText(r: SimulationResult, lang: Lang = 'en'): string {
  return TABLES[lang].period(dates.formatDate(r.from).slice(0, 7), dates.formatDate(r.to).slice(0, 7));
}
