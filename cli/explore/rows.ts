/**
 * What the screen of `fuzhu explore` shows, worked out without ink: the parameter rows by clause
 * (label, unit, baseline and edited value, provisional mark), the budget rows by payer and by
 * item (baseline, edited, change, percent), and the edits as diff lines. Figures with
 * thousands separators; labels from the policy in the chosen language.
 */
import { Decimal } from 'decimal.js';
import * as dates from '../../src/dsl/dates.js';
import { structuralDiff } from '../../src/diff/structure.js';
import { EXPLORE, grouped, inWan, percentChange, type Lang } from '../../src/messages/index.js';
import { changeLines } from '../changeLines.js';
import type { Policy } from '../../src/policy/model.js';
import { valueEntryAt } from '../../src/policy/parameters.js';
import { orderPayers, payerLabel } from '../../src/policy/payers.js';
import type { Breakdown } from '../../src/sim/money.js';
import { fromFen } from '../../src/sim/money.js';
import { byClause, valueText } from '../commands/params.js';
import { unitText } from '../units.js';
import type { Edits } from './edits.js';
import type { Figures } from './state.js';

export interface ParamRow {
  readonly id: string;
  readonly clause: string;
  readonly label: string;
  readonly unit: string;
  readonly baseline: string;
  /** The edited value, when the parameter is edited. */
  readonly edited?: string;
  readonly provisional: boolean;
}

/** Every parameter in the document's order of clauses, its values as in force on `at`. */
export function paramRows(baseline: Policy, edited: Policy, edits: Edits, at: dates.CivilDate, lang: Lang): ParamRow[] {
  return byClause(baseline).flatMap((g) =>
    g.parameters.map((p) => {
      const base = valueEntryAt(p, at);
      const now = edited.parameters.get(p.id)!;
      return {
        id: p.id,
        clause: `${g.cite}${g.clause?.title ? ` ${g.clause.title[lang]}` : ''}`,
        label: p.label[lang],
        unit: unitText(p, lang),
        baseline: valueText(baseline, p, base, lang),
        ...(edits.has(p.id) ? { edited: valueText(edited, now, valueEntryAt(now, at), lang) } : {}),
        provisional: base?.provisional ?? false,
      };
    }),
  );
}

/** A row of a budget table: its label, the baseline and edited amounts, the change and its percent. */
export interface MoneyRow {
  readonly label: string;
  readonly base: string;
  readonly edited: string;
  readonly change: string;
  readonly percent: string;
  /** The two amounts, for the bars. */
  readonly amounts: readonly [Decimal, Decimal];
}

/** Amounts in yuan to the fen, or in 万元 (ten thousand yuan) where the screen is narrow. */
export type Scale = 'yuan' | 'wan';

function moneyRow(label: string, before: Decimal, after: Decimal, scale: Scale): MoneyRow {
  const money = (d: Decimal) => (scale === 'wan' ? inWan(d) : grouped(d.toFixed(2)));
  const change = after.minus(before);
  return { label, base: money(before), edited: money(after), change: `${change.gt(0) ? '+' : ''}${money(change)}`, percent: percentChange(before, after), amounts: [before, after] };
}

/** The budget by payer (the total first), baseline against edited (the baseline again when nothing is edited). */
export function payerRows(policy: Policy, f: Figures, lang: Lang, scale: Scale): MoneyRow[] {
  const base = f.base.totals;
  const edited = f.edited?.result.totals ?? base;
  // In the order the policy declares its payers (the city, then each county by code), as every table shows them.
  const payers = orderPayers(new Map([...base.payers.fen, ...edited.payers.fen]), policy).map(([p]) => p);
  return [moneyRow(EXPLORE[lang].total, base.amount, edited.amount, scale), ...payers.map((p) => moneyRow(payerLabel(policy, p, lang), base.payers.get(p), edited.payers.get(p), scale))];
}

/** The budget by item, in the policy's order, those paid under either. */
export function itemRows(policy: Policy, f: Figures, lang: Lang, scale: Scale): MoneyRow[] {
  const amount = (b: Breakdown | undefined) => (b ? b.amount : fromFen(0));
  return policy.items.flatMap((item) => {
    const before = amount(f.base.items.get(item.id)?.breakdown);
    const after = f.edited ? amount(f.edited.result.items.get(item.id)?.breakdown) : before;
    return before.isZero() && after.isZero() ? [] : [moneyRow(item.label[lang], before, after, scale)];
  });
}

/** The weighted households gaining and losing under the edits. */
export function householdsLine(f: Figures, lang: Lang): string | undefined {
  const c = f.edited?.comparison;
  return c && EXPLORE[lang].households(grouped(c.gain.toString()), grouped(c.lose.toString()));
}

/** The edits as `fuzhu diff` shows the structure of two policies: each parameter changed, then its values from each date. */
export function diffLines(baseline: Policy, edited: Policy, edits: Edits, lang: Lang): string[] {
  if (!edits.size) return [EXPLORE[lang].noEdits];
  return structuralDiff(baseline, edited, lang).flatMap((c) => changeLines(c, lang));
}
