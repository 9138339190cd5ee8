/**
 * The edits of `fuzhu explore`: one change per parameter (a value as `--set` writes it, and the
 * date it holds from, if any), an undo history of whole edit sets, and the policy they make,
 * built by the very code that reads `--set` and scenario files (applySetEdits), so that what
 * the screen accepts is what `fuzhu simulate --set` accepts. A step of a total whose shares are
 * amounts moves the last such share by the same amount, since the shares must add up.
 */
import { Decimal } from 'decimal.js';
import { parse as parseYaml, stringify } from 'yaml';
import type { Diagnostic } from '../../src/diag/index.js';
import * as dates from '../../src/dsl/dates.js';
import { EXPLORE, PARAMS, type Lang } from '../../src/messages/index.js';
import type { Parameter, Policy } from '../../src/policy/model.js';
import { isShare, valueEntryAt } from '../../src/policy/parameters.js';
import { applySetEdits, parseSetEdit, type SetEdit } from '../../src/policy/setFlag.js';
import { exactMoney } from '../../src/policy/values.js';

/** One parameter's change: the value as `--set` reads it (YAML), from `date` or from the start. */
export interface Change {
  readonly parameter: string;
  readonly value: string;
  readonly date?: string;
}

export type Edits = ReadonlyMap<string, Change>;

export type Made = { ok: true; edits: Edits; policy: Policy } | { ok: false; diagnostics: Diagnostic[] };

/** The id a saved scenario gets by default. */
export const SAVED_ID = 'explore';

const asSetEdit = (c: Change): SetEdit => {
  const r = parseSetEdit(`${c.parameter}=${c.value}${c.date === undefined ? '' : `@${c.date}`}`);
  if (!r.ok) throw new Error(`an explore edit is not of the form of --set: ${c.parameter}`);
  return r.edit;
};

/** The policy the edits make, checked as `--set` checks them. */
export function policyOf(baseline: Policy, edits: Edits): Made {
  if (!edits.size) return { ok: true, edits, policy: baseline };
  const r = applySetEdits(baseline, [...edits.values()].map(asSetEdit));
  return r.ok ? { ok: true, edits, policy: r.policy } : { ok: false, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') };
}

/** How far one key press moves a parameter: 10 CNY, one percentage point, one year or one grade; none for the others. */
export type Step = { kind: 'money'; by: Decimal } | { kind: 'percent' } | { kind: 'whole' };

export function stepOf(p: Parameter, at: dates.CivilDate): Step | undefined {
  if (p.keyedBy) return undefined;
  const v = valueEntryAt(p, at)?.value;
  if (isShare(v)) return v.share === 'rest' ? undefined : { kind: 'percent' };
  if (p.type.kind === 'money') return { kind: 'money', by: new Decimal(10) };
  if (p.type.kind === 'integer') return { kind: 'whole' };
  return undefined;
}

/** The value `steps` steps from the one in force on `at`, as `--set` writes it; undefined when it has no step. */
export function stepped(p: Parameter, at: dates.CivilDate, steps: number): string | undefined {
  const step = stepOf(p, at);
  const v = valueEntryAt(p, at)?.value;
  if (!step || v === undefined) return undefined;
  if (step.kind === 'percent' && isShare(v) && v.share !== 'rest') return `${v.fraction.times(100).plus(steps).toString()}%`;
  if (step.kind === 'money' && Decimal.isDecimal(v)) return exactMoney((v as Decimal).plus(step.by.times(steps)));
  if (step.kind === 'whole' && typeof v === 'number') return String(v + steps);
  return undefined;
}

/** The amount a money parameter holds on `at`, if it holds one. */
function amountAt(p: Parameter | undefined, at: dates.CivilDate): Decimal | undefined {
  const v = p && valueEntryAt(p, at)?.value;
  return Decimal.isDecimal(v) ? (v as Decimal) : undefined;
}

/**
 * The edits with `change` made. For a total whose shares are amounts (which must add up to it),
 * the last of those shares moves by as much as the total, on the same date; otherwise, or when
 * that does not check, the change alone.
 */
export function withChange(baseline: Policy, current: Policy, edits: Edits, change: Change, at: dates.CivilDate): Made {
  const next = new Map(edits).set(change.parameter, change);
  const follower = followingShare(current, change, at);
  const both = follower && policyOf(baseline, new Map(next).set(follower.parameter, follower));
  return both?.ok ? both : policyOf(baseline, next);
}

/** The change of the last share given as an amount of the total `change` edits, by as much as the total moves. */
function followingShare(current: Policy, change: Change, at: dates.CivilDate): Change | undefined {
  const before = amountAt(current.parameters.get(change.parameter), at);
  const last = [...current.parameters.values()].filter((q) => q.shareOf === change.parameter && amountAt(q, at) !== undefined).at(-1);
  if (!last || !before) return undefined;
  let after: Decimal;
  try {
    after = new Decimal(String(parseYaml(change.value)));
  } catch {
    return undefined;
  }
  if (after.isNaN()) return undefined;
  const value = exactMoney(amountAt(last, at)!.plus(after.minus(before)));
  return { parameter: last.id, value, ...(change.date === undefined ? {} : { date: change.date }) };
}

/** A typed `VALUE` or `VALUE@YYYY-MM-DD` for a parameter, as a change; undefined when it is not of that form. */
export function typedChange(parameter: string, text: string): Change | undefined {
  const r = parseSetEdit(`${parameter}=${text.trim()}`);
  if (!r.ok) return undefined;
  return { parameter, value: r.edit.value.trim(), ...(r.edit.date === undefined ? {} : { date: r.edit.date.trim() }) };
}

/** The edits as a scenario file: a dated change for each (an undated one from the parameter's first date, as `--set` reads it), the policy's id and a title in both languages listing them. */
export function scenarioYaml(baseline: Policy, edits: Edits, id: string): string {
  const changes = [...edits.values()].map((c) => ({
    parameter: c.parameter,
    from: c.date ?? dates.formatDate(baseline.parameters.get(c.parameter)!.values[0]!.from),
    value: parseYaml(c.value) as unknown,
  }));
  const title = (lang: Lang) => {
    const m = PARAMS[lang];
    return EXPLORE[lang].savedTitle([...edits.values()].map((c) => m.setChange(baseline.parameters.get(c.parameter)!.label[lang], c.value, c.date)).join(m.setSeparator));
  };
  return stringify({ scenario: id, policy: baseline.meta.id, title: { zh: title('zh'), en: title('en') }, changes });
}
