/**
 * Comparing engines with the reference: a household's outcome over a range of months, as one
 * plain record per month (every line with its item, person, exact amount, payers, provisional
 * and scenarios; persons, category, unset, entitlements, in force) or the evaluation error that
 * stopped it, and the first difference between two outcomes, said so that it can be replayed.
 */
import { dates, type CivilDate } from '../../src/dsl/index.js';
import { monthByMonth, type Engine } from '../../src/engines/index.js';
import { EvalError, evaluateMonth, orderPayers, type Household, type MonthEvaluation } from '../../src/eval/index.js';
import type { Policy } from '../../src/policy/index.js';

/** A month as plain data, for comparison; amounts exact, as decimal.js writes them, so that a sub-fen difference shows. */
export type MonthRecord = ReturnType<typeof monthRecord>;
type LineRecord = MonthRecord['lines'][number];

export type Outcome = { readonly ok: true; readonly months: readonly MonthRecord[] } | { readonly ok: false; readonly code: string; readonly span: string; readonly message: string };

export function monthRecord(m: MonthEvaluation) {
  return {
    month: dates.formatDate(m.month).slice(0, 7),
    in_force: m.inForce,
    category: m.category,
    persons: Object.fromEntries(m.persons),
    lines: m.lines.map((l) => ({
      item: l.item,
      person: l.person,
      every: l.every,
      amount: l.amount.toString(),
      payers: orderPayers(l.payers).map(([p, v]) => [p, v.toString()] as [string, string]),
      provisional: l.provisional,
      scenarios: l.scenarios,
    })),
    unset: m.unset.map((u) => ({ item: u.item, person: u.person, parameter: u.parameter, every: u.every })),
    entitlements: m.entitlements.map((e) => ({ id: e.id, person: e.person })),
  };
}

function caught(run: () => MonthRecord[]): Outcome {
  try {
    return { ok: true, months: run() };
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    return { ok: false, code: e.code, span: e.span ? `${e.span.source.path}@${e.span.start}-${e.span.end}` : 'no span', message: e.message };
  }
}

/** The months `from` to `to` (first days) of a household through an engine, month by month. */
export function outcomeOf(engine: Engine, policy: Policy, household: Household, from: CivilDate, to: CivilDate): Outcome {
  return caught(() => monthByMonth(engine.prepare(policy, from, to).evaluate(household)).map(monthRecord));
}

/** Households one after another through one prepared engine, each with its outcome: nothing of one may stay for the next. */
export function outcomesInTurn(engine: Engine, policy: Policy, households: readonly Household[], from: CivilDate, to: CivilDate): Outcome[] {
  const prepared = engine.prepare(policy, from, to);
  return households.map((h) => caught(() => monthByMonth(prepared.evaluate(h)).map(monthRecord)));
}

/**
 * What every engine is compared with: the interpreter month by month, each year walked from
 * January with the yearly items paid so far (as a year's evaluation does), without src/engines.
 */
export function interpreterOutcome(policy: Policy, household: Household, from: CivilDate, to: CivilDate): Outcome {
  return caught(() => {
    const months: MonthRecord[] = [];
    for (let year = dates.yearOf(from); year <= dates.yearOf(to); year++) {
      const due = new Set<string>();
      for (let m = dates.ymd(year, 1, 1); m <= to && dates.yearOf(m) === year; m = dates.addMonths(m, 1)) {
        const evaluation = evaluateMonth(policy, household, m, { engine: 'interpreter' }, due);
        if (m >= from) months.push(monthRecord(evaluation));
      }
    }
    return months;
  });
}

const show = (v: unknown) => JSON.stringify(v);
const lineKey = (l: { item: string; person: string | null }) => `${l.item} (${l.person ?? 'household'})`;

/** The first difference of a month's lines: a line missing, extra or different. */
function lineDifference(want: readonly LineRecord[], got: readonly LineRecord[]): string | undefined {
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const [w, g] = [want[i], got[i]];
    if (show(w) === show(g)) continue;
    if (!w) return `extra line ${lineKey(g!)}: ${show(g)}`;
    if (!g) return `missing line ${lineKey(w)}: reference ${show(w)}`;
    if (lineKey(w) !== lineKey(g)) return `line ${i + 1} is ${lineKey(g)} where the reference has ${lineKey(w)}: reference ${show(w)}, engine ${show(g)}`;
    const fields = (Object.keys(w) as (keyof LineRecord)[]).filter((k) => show(w[k]) !== show(g[k]));
    return `line ${lineKey(w)}: ${fields.map((k) => `${k} reference ${show(w[k])}, engine ${show(g[k])}`).join('; ')}`;
  }
  return undefined;
}

/** The first difference between the reference's outcome and an engine's, or undefined when they agree. */
export function firstDifference(reference: Outcome, other: Outcome): string | undefined {
  if (!reference.ok || !other.ok) {
    const said = (o: Outcome) => (o.ok ? `a result of ${o.months.length} months` : `${o.code} at ${o.span} (${o.message})`);
    if (!reference.ok && !other.ok && reference.code === other.code && reference.span === other.span) return undefined;
    return `the reference gives ${said(reference)}, the engine ${said(other)}`;
  }
  if (reference.months.length !== other.months.length) return `the reference gives ${reference.months.length} months, the engine ${other.months.length}`;
  for (let i = 0; i < reference.months.length; i++) {
    const [w, g] = [reference.months[i]!, other.months[i]!];
    if (show(w) === show(g)) continue;
    const lines = lineDifference(w.lines, g.lines);
    if (lines) return `${w.month}: ${lines}`;
    const fields = (Object.keys(w) as (keyof MonthRecord)[]).filter((k) => show(w[k]) !== show(g[k]));
    return `${w.month}: ${fields.map((k) => `${k} reference ${show(w[k])}, engine ${show(g[k])}`).join('; ')}`;
  }
  return undefined;
}
