/** Dated parameters: reading their values from files and finding the value in force on a date. */
import { Decimal } from 'decimal.js';
import { didYouMean, error, excerpt, type Diagnostic, type Span } from '../diag/index.js';
import * as dates from '../dsl/dates.js';
import { enumMember } from '../dsl/types.js';
import type { CivilDate, EnumType, Type } from '../dsl/index.js';
import { UNSET, type DatedValue, type Label, type Parameter, type Policy, type Share } from './model.js';
import { VALUES, type Lang } from '../messages/index.js';
import { convertValue, formatValue } from './values.js';

/** The smallest and largest value a parameter allows (numbers, money and whole numbers only). */
export interface Range {
  readonly min?: number;
  readonly max?: number;
}

/**
 * A parameter's range: what it declares, else none below zero, since no figure of a scheme (an
 * amount, an age, a cap, a count) is negative; a percentage (unit `%` or `percent`) at most 100.
 */
export function rangeOf(p: { readonly min?: number; readonly max?: number; readonly unit?: string }): Range {
  const percent = p.unit !== undefined && /^(%|percent)$/i.test(p.unit.trim());
  return { min: p.min ?? 0, ...((p.max ?? (percent ? 100 : undefined)) !== undefined ? { max: p.max ?? 100 } : {}) };
}

/** Why a converted number is outside its range or beyond exact arithmetic, if it is. */
function outOfRange(type: Type, value: unknown, range: Range): string | undefined {
  if (type.kind === 'integer' && typeof value === 'number' && !Number.isSafeInteger(value)) return `${excerpt(String(value))} is beyond the whole numbers counted exactly (up to ${Number.MAX_SAFE_INTEGER})`;
  if (type.kind !== 'integer' && type.kind !== 'decimal' && type.kind !== 'money') return undefined;
  const d = new Decimal(Decimal.isDecimal(value) ? (value as Decimal) : (value as number));
  if (range.min !== undefined && d.lt(range.min)) return `${excerpt(d.toString())} is below ${range.min}, the smallest value this parameter allows`;
  if (range.max !== undefined && d.gt(range.max)) return `${excerpt(d.toString())} is above ${range.max}, the largest value this parameter allows`;
  return undefined;
}

/** Converts one written value of a parameter; percentages and `rest` only for payer shares. */
export function parameterValue(type: Type, raw: unknown, isShare: boolean, keyedBy?: EnumType, range: Range = {}): { ok: true; value: unknown } | { ok: false; message: string } {
  if (raw === null) return { ok: true, value: null };
  if (raw === 'unset') return { ok: true, value: UNSET };
  if (keyedBy) {
    if (typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, message: `expected one value per ${keyedBy.name} (a mapping such as "450205": 1000), or 'unset'` };
    const out = new Map<string, unknown>();
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      const key = enumMember(keyedBy, k);
      if (key === undefined) return { ok: false, message: `'${excerpt(k)}' is not a ${keyedBy.name}.${didYouMean(k, [...keyedBy.values, ...(keyedBy.aliases?.keys() ?? [])])}` };
      const c = parameterValue(type, v, false, undefined, range);
      if (!c.ok) return { ok: false, message: `${k}: ${c.message}` };
      out.set(key, c.value);
    }
    return { ok: true, value: out };
  }
  if (isShare && raw === 'rest') return { ok: true, value: { share: 'rest' } satisfies Share };
  if (isShare && typeof raw === 'string' && /^\d+(\.\d+)?%$/.test(raw.trim())) {
    const fraction = new Decimal(raw.trim().slice(0, -1)).div(100);
    if (fraction.gt(1)) return { ok: false, message: `a share cannot be more than 100%` };
    return { ok: true, value: { share: 'percent', fraction } satisfies Share };
  }
  const c = convertValue(type, raw);
  if (c.ok) {
    const why = outOfRange(type, c.value, range);
    return why === undefined ? c : { ok: false, message: why };
  }
  const shareHint = isShare ? ", a percentage of the item such as 60%, or 'rest'" : '';
  return { ok: false, message: `expected ${c.expected}${shareHint}, not ${excerpt(JSON.stringify(raw) ?? String(raw))}` };
}

export function isShare(v: unknown): v is Share {
  return typeof v === 'object' && v !== null && 'share' in v && !Decimal.isDecimal(v);
}

interface RawParameter {
  label: Label;
  description?: Partial<Label>;
  cite: string;
  type: string;
  by?: string;
  unit?: string;
  min?: number;
  max?: number;
  share_of?: string;
  provisional?: boolean;
  source?: string | Label;
  values: Record<string, unknown>;
}

/** A source as written (a text, or a text in each language) as the model keeps it: the English `source`, the Chinese `sourceZh` when given. */
function sourceOf(s: string | Label | undefined): { source?: string; sourceZh?: string } {
  if (s === undefined) return {};
  return typeof s === 'string' ? { source: s } : { source: s.en, sourceZh: s.zh };
}

/** Builds a parameter from its YAML entry; `spanOf` locates each dated value. */
export function buildParameter(
  id: string,
  raw: RawParameter,
  type: Type,
  keyedBy: EnumType | undefined,
  span: Span,
  spanOf: (date: string) => Span,
  diagnostics: Diagnostic[],
): Parameter {
  const values: DatedValue[] = [];
  for (const [dateText, entry] of Object.entries(raw.values)) {
    const from = dates.parseDate(dateText);
    const at = spanOf(dateText);
    if (from === undefined) {
      diagnostics.push(error('E-PARAM-DATE', `${dateText} is not a calendar date`, at));
      continue;
    }
    const detailed = typeof entry === 'object' && entry !== null && !Array.isArray(entry) && 'value' in entry;
    const { value: rawValue, source, provisional } = detailed ? (entry as { value: unknown; source?: string | Label; provisional?: boolean }) : { value: entry, source: undefined, provisional: undefined };
    const v = parameterValue(type, rawValue, raw.share_of !== undefined, keyedBy, rangeOf(raw));
    if (!v.ok) {
      diagnostics.push(error('E-PARAM-VALUE', `parameter '${id}' on ${dateText}: ${v.message}`, at));
      continue;
    }
    values.push({
      from,
      value: v.value,
      provisional: provisional ?? raw.provisional ?? false,
      ...sourceOf(source ?? raw.source),
      span: at,
    });
  }
  values.sort((a, b) => a.from - b.from);
  return {
    id,
    label: raw.label,
    ...(raw.description ? { description: raw.description } : {}),
    cite: raw.cite,
    type,
    ...(keyedBy ? { keyedBy } : {}),
    ...(raw.unit !== undefined ? { unit: raw.unit } : {}),
    ...(raw.min !== undefined ? { min: raw.min } : {}),
    ...(raw.max !== undefined ? { max: raw.max } : {}),
    ...(raw.share_of !== undefined ? { shareOf: raw.share_of } : {}),
    provisional: raw.provisional ?? false,
    ...sourceOf(raw.source),
    values,
    span,
  };
}

/** The dated value in force on a date, or undefined before the first value or after an end. */
export function valueEntryAt(p: Parameter, date: CivilDate): DatedValue | undefined {
  let found: DatedValue | undefined;
  for (const v of p.values) {
    if (v.from > date) break;
    found = v;
  }
  return found && found.value !== null ? found : undefined;
}

export interface ResolvedValue {
  readonly value: unknown;
  readonly entry: DatedValue;
}

/** Thrown when a value is `unset`: the document leaves it to someone else to set. */
export class ParameterUnset extends Error {
  constructor(
    readonly parameter: Parameter,
    readonly date: CivilDate,
    readonly key?: string,
  ) {
    super(`parameter '${parameter.id}'${key ? ` for ${key}` : ''} is not set on ${dates.formatDate(date)}`);
  }
}

export class ParameterUnavailable extends Error {
  constructor(
    readonly parameter: Parameter,
    readonly date: CivilDate,
    readonly why: string,
  ) {
    super(`parameter '${parameter.id}' has no value on ${dates.formatDate(date)}: ${why}`);
  }
}

/**
 * The value of a parameter on a date. A payer share given as a percentage is that fraction of
 * the parameter it is a share of, rounded half up to the fen; `rest` is what the other shares
 * of the same parameter leave.
 */
export function resolveParameter(policy: Policy, p: Parameter, date: CivilDate, key?: string): ResolvedValue {
  const entry = valueEntryAt(p, date);
  if (!entry) {
    const first = p.values[0];
    const why = first && date < first.from ? `its first value is from ${dates.formatDate(first.from)}` : 'its values have ended';
    throw new ParameterUnavailable(p, date, why);
  }
  if (entry.value === UNSET) throw new ParameterUnset(p, date, key);
  if (key !== undefined) {
    const v = (entry.value as ReadonlyMap<string, unknown>).get(key);
    if (v === undefined || v === UNSET) throw new ParameterUnset(p, date, key);
    return { value: v, entry };
  }
  if (!isShare(entry.value)) return { value: entry.value, entry };
  const whole = policy.parameters.get(p.shareOf!)!;
  const total = resolveParameter(policy, whole, date).value as Decimal;
  if (entry.value.share === 'percent') return { value: total.times(entry.value.fraction).toDecimalPlaces(2, Decimal.ROUND_HALF_UP), entry };
  let rest = total;
  for (const sibling of shareSiblings(policy, p)) {
    const other = valueEntryAt(sibling, date);
    if (other && isShare(other.value) && other.value.share === 'rest') throw new ParameterUnavailable(p, date, `both '${p.id}' and '${sibling.id}' are 'rest'`);
    rest = rest.minus(resolveParameter(policy, sibling, date).value as Decimal);
  }
  return { value: rest, entry };
}

/** The other parameters that are shares of the same whole. */
export function shareSiblings(policy: Policy, p: Parameter): Parameter[] {
  return [...policy.parameters.values()].filter((q) => q.shareOf === p.shareOf && q.id !== p.id);
}

/** A dated value as people read it: `650.00 CNY`, `60% of allowance.death.rate`, `unset`, `no value`. */
export function describeValue(p: Parameter, v: DatedValue | undefined, lang: Lang = 'en'): string {
  const w = VALUES[lang];
  if (!v || v.value === null) return w.noValue;
  if (v.value === UNSET) return w.unset;
  if (isShare(v.value)) return v.value.share === 'rest' ? w.rest(p.shareOf!) : w.percentOf(v.value.fraction.times(100).toString(), p.shareOf!);
  if (v.value instanceof Map) return [...v.value].map(([k, x]) => `${k}: ${formatValue(x, p.type, lang)}`).join(', ') || w.unsetForEvery;
  return formatValue(v.value, p.type, lang);
}
