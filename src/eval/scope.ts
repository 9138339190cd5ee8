/**
 * What a result covers: the policy's own scope statement (policy.yaml `scope`), and the
 * provisional figures (values the document does not give) that the paid items rest on.
 */
import { Decimal } from 'decimal.js';
import * as dates from '../dsl/dates.js';
import type { CivilDate } from '../dsl/index.js';
import { describeValue } from '../policy/parameters.js';
import { exactMoney } from '../policy/values.js';
import { parametersRead } from '../policy/consistency.js';
import type { Label, Policy } from '../policy/index.js';
import type { Evaluation } from './evaluate.js';
import { grouped, WORDS, type Lang } from '../messages/index.js';

export interface ProvisionalFigure {
  readonly parameter: string;
  readonly label: Label;
  /** As people read it, in English (the JSON's words): `100.00 CNY`, `false`. */
  readonly value: string;
  /** As people read it in each language: `100.00 CNY`, `100.00元`. */
  readonly text: Label;
  /** A money figure as the contract writes money: `100.00`. */
  readonly amount?: string;
  readonly from: CivilDate;
  readonly source?: string;
  /** The source in Chinese, when the policy gives it. */
  readonly sourceZh?: string;
}

export interface ResultScope {
  readonly statement?: Label;
  readonly cite?: string;
  readonly provisional: readonly ProvisionalFigure[];
}

/** The provisional parameter values in force between `from` and `to` that the given items read. */
export function provisionalFigures(policy: Policy, items: Iterable<string>, from: CivilDate, to: CivilDate): ProvisionalFigure[] {
  const read = new Set<string>();
  for (const id of items) {
    const item = policy.items.find((i) => i.id === id);
    if (!item) continue;
    const exprs = [item.on, item.when, item.amount, ...item.payers.flatMap((p) => [p.payer, p.share === 'rest' ? undefined : p.share])];
    for (const e of exprs) if (e) for (const p of parametersRead(policy, e)) read.add(p);
  }
  for (const id of [...read]) {
    const whole = policy.parameters.get(id)?.shareOf;
    if (whole) read.add(whole);
  }
  const out: ProvisionalFigure[] = [];
  for (const p of policy.parameters.values()) {
    if (!read.has(p.id)) continue;
    p.values.forEach((v, i) => {
      const until = p.values[i + 1]?.from;
      const overlaps = v.from <= to && (until === undefined || until > from);
      if (!v.provisional || !overlaps) return;
      const source = v.source ?? p.source;
      // Money as people read it (2,400.00元); a date or a count stays as it is.
      const readable = (t: string) => (p.type.kind === 'money' ? grouped(t) : t);
      const sourceZh = v.source !== undefined ? v.sourceZh : p.sourceZh;
      const amount = p.type.kind === 'money' && Decimal.isDecimal(v.value) ? exactMoney(v.value as Decimal) : undefined;
      out.push({ parameter: p.id, label: p.label, value: describeValue(p, v), text: { zh: readable(describeValue(p, v, 'zh')), en: readable(describeValue(p, v, 'en')) }, ...(amount ? { amount } : {}), from: v.from, ...(source ? { source } : {}), ...(sourceZh ? { sourceZh } : {}) });
    });
  }
  return out;
}

/** The scope of one household's evaluation: the statement, and the figures its provisional lines rest on. */
export function evaluationScope(policy: Policy, ev: Evaluation): ResultScope {
  const months = ev.months.map((m) => m.month);
  const items = ev.months.flatMap((m) => m.lines.filter((l) => l.provisional).map((l) => l.item));
  return scopeOf(policy, provisionalFigures(policy, new Set(items), Math.min(...months), dates.monthEnd(Math.max(...months))));
}

/** The policy's statement with the figures given; figures of the same parameter and date once. */
export function scopeOf(policy: Policy, figures: readonly ProvisionalFigure[]): ResultScope {
  const seen = new Set<string>();
  const unique = figures.filter((f) => {
    const key = `${f.parameter}|${f.from}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const s = policy.meta.scope;
  return { ...(s ? { statement: s.statement, ...(s.cite ? { cite: s.cite } : {}) } : {}), provisional: unique };
}

export function scopeJson(s: ResultScope): Record<string, unknown> {
  return {
    ...(s.statement ? { statement: s.statement } : {}),
    ...(s.cite ? { cite: s.cite } : {}),
    provisional: s.provisional.map((f) => ({ parameter: f.parameter, label: f.label, value: f.value, ...(f.amount ? { amount: f.amount } : {}), from: dates.formatDate(f.from), source: f.source ?? null, ...(f.sourceZh ? { source_zh: f.sourceZh } : {}) })),
  };
}

/** Where a figure comes from; `assumed` (the policy's word for a figure nobody published) in the reader's language. */
export function sourceText(f: Pick<ProvisionalFigure, 'source' | 'sourceZh'>, lang: Lang): string {
  if (f.source === undefined || f.source === 'assumed') return WORDS[lang].assumed;
  return lang === 'zh' && f.sourceZh !== undefined ? f.sourceZh : f.source;
}

/** One line per provisional figure: `id — label: value (from date; source)`. */
export function figureText(f: ProvisionalFigure, lang: Lang): string {
  return WORDS[lang].figure(f.parameter, f.label[lang], f.text[lang], sinceText(f.from, lang), sourceText(f, lang));
}

/** The scope as lines of text: the statement, then the provisional figures. */
export function scopeText(s: ResultScope, lang: Lang): string[] {
  const w = WORDS[lang];
  const out = s.statement ? [`${w.scope}${w.colon}${s.statement[lang]}`] : [];
  if (!s.provisional.length) out.push(w.noProvisional);
  else out.push(`${w.provisionalFigures}${w.colon.trimEnd()}`, ...s.provisional.map((f) => `  · ${figureText(f, lang)}`));
  return out;
}

/** The day a value dates from: `since 2018-07-01`, `2018-07-01起`, or "from the start". */
export function sinceText(d: CivilDate, lang: Lang): string {
  const text = dateText(d, lang);
  if (text !== dates.formatDate(d)) return text;
  return lang === 'zh' ? `${text}${WORDS.zh.since}` : `${WORDS.en.since} ${text}`;
}

/** A date as people read it: the sentinels 1900-01-01 and 9999-12-31 as "from the start" and "never". */
export function dateText(d: CivilDate, lang: Lang): string {
  const text = dates.formatDate(d);
  if (text === '1900-01-01') return WORDS[lang].fromTheStart;
  if (text === '9999-12-31') return WORDS[lang].never;
  return text;
}
