/**
 * Households' rows as a sheet's header and cells (CSV, XLSX: labels in the chosen language,
 * money as exact plain figures) and as JSON (ids as keys, money as strings with two decimals,
 * items and payers with nothing left out). `eval` rows have one block of figures and a period;
 * `simulate` rows a block for the baseline and each scenario, and each scenario's change.
 */
import { ROWS, type Lang } from '../src/messages/index.js';
import { fenText as fen, type HouseholdRow, type RowColumns, type RowFigures } from '../src/sim/householdRows.js';
import { categoryLabel, fieldLabel, payerLabel } from '../src/policy/payers.js';
import type { CellValue, Column } from './xlsx.js';

export interface RowLayout {
  readonly columns: RowColumns;
  /** The scenarios' ids, in the order of the rows' blocks after the baseline (none for eval). */
  readonly scenarios: readonly string[];
  /** Rows carry their period (eval's). */
  readonly period: boolean;
  /** Months each row covers: eligibility is yes or no for one, a count of months for more. */
  readonly months: number;
}

/** The columns of one block of figures, named as a sheet shows them. */
function blockColumns(layout: RowLayout, lang: Lang): Column[] {
  const w = ROWS[lang];
  const { columns } = layout;
  const policy = columns.policies[0]!;
  const itemLabel = (id: string) => columns.policies.flatMap((p) => p.items).find((i) => i.id === id)!.label[lang];
  return [
    { title: w.inForce },
    { title: w.category },
    ...columns.roles.map((r) => (layout.months === 1 ? { title: w.eligible(fieldLabel(policy, r, lang)) } : { title: w.monthsEligible(fieldLabel(policy, r, lang)), kind: 'integer' as const })),
    ...columns.items.map((id) => ({ title: itemLabel(id), kind: 'money' as const })),
    ...columns.payers.map((id) => ({ title: payerLabel(policy, id, lang), kind: 'money' as const })),
    { title: w.total, kind: 'money' as const },
  ];
}

function blockCells(layout: RowLayout, f: RowFigures, lang: Lang): CellValue[] {
  const w = ROWS[lang];
  const yes = (b: boolean) => (b ? w.yes : w.no);
  return [
    yes(f.inForce),
    categoryLabel(layout.columns.policies[0]!, f.category, lang),
    ...f.eligible.map((n) => (n === null ? null : layout.months === 1 ? yes(n > 0) : n)),
    ...f.items.map(fen),
    ...f.payers.map(fen),
    fen(f.total),
  ];
}

/** The header of a sheet of rows. */
export function rowHeader(layout: RowLayout, lang: Lang): Column[] {
  const w = ROWS[lang];
  const policy = layout.columns.policies[0]!;
  const lead: Column[] = [{ title: fieldLabel(policy, 'id', lang) }, ...(layout.period ? [{ title: w.period }] : []), { title: fieldLabel(policy, policy.weight, lang), kind: 'number' }];
  const block = blockColumns(layout, lang);
  if (!layout.scenarios.length) return [...lead, ...block];
  const named = (name: string, cols: readonly Column[]) => cols.map((c) => ({ ...c, title: w.column(name, c.title) }));
  const change = [...layout.columns.payers.map((id) => payerLabel(policy, id, lang)), w.total].map((title) => ({ title, kind: 'money' as const }));
  return [...lead, ...named(w.baseline, block), ...layout.scenarios.flatMap((id) => named(id, block)), ...layout.scenarios.flatMap((id) => named(w.column(id, w.change), change))];
}

/** A row's cells, in the header's order. */
export function rowCells(layout: RowLayout, row: HouseholdRow, lang: Lang): CellValue[] {
  const [base, ...scenarios] = row.results;
  const lead = [row.household, ...(layout.period ? [row.period!] : []), row.weight];
  const blocks = row.results.flatMap((f) => blockCells(layout, f, lang));
  const changes = scenarios.flatMap((s) => [...s.payers.map((p, i) => fen(p - base!.payers[i]!)), fen(s.total - base!.total)]);
  return [...lead, ...blocks, ...changes];
}

/** Fen by id, those with nothing left out. */
function byId(ids: readonly string[], amounts: readonly number[]): Record<string, string> {
  return Object.fromEntries(ids.flatMap((id, i) => (amounts[i] ? [[id, fen(amounts[i]!)]] : [])));
}

/** One block as JSON, in the shape of `eval --json` (persons, totals). */
function blockJson(layout: RowLayout, f: RowFigures): Record<string, unknown> {
  const { columns } = layout;
  const persons = Object.fromEntries(columns.roles.flatMap((r, i) => {
    const n = f.eligible[i];
    if (n === null || n === undefined) return [];
    return [[r, layout.months === 1 ? { eligible: n > 0 } : { eligible: n > 0, months_eligible: n }]];
  }));
  return {
    in_force: f.inForce,
    category: f.category,
    persons,
    items: byId(columns.items, f.items),
    totals: { amount: fen(f.total), payers: byId(columns.payers, f.payers) },
  };
}

/** A row as JSON: eval's with its period and one block at the top level; simulate's with `baseline` and `scenarios` by id, each with its `change`. */
export function rowJson(layout: RowLayout, row: HouseholdRow): Record<string, unknown> {
  const [base, ...scenarios] = row.results;
  const lead = { household: row.household, ...(layout.period ? { period: row.period } : {}), weight: row.weight };
  if (!layout.scenarios.length) return { ...lead, ...blockJson(layout, base!) };
  return {
    ...lead,
    baseline: blockJson(layout, base!),
    scenarios: Object.fromEntries(
      scenarios.map((s, i) => [layout.scenarios[i]!, { ...blockJson(layout, s), change: { amount: fen(s.total - base!.total), payers: byId(layout.columns.payers, s.payers.map((p, j) => p - base!.payers[j]!)) } }]),
    ),
  };
}
