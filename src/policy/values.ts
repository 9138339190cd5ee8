/**
 * Runtime values, as read from data files. One representation everywhere:
 * boolean → boolean; integer → number; decimal and money → Decimal (exact); date → yyyymmdd
 * number; string and enum → string (an enum's canonical spelling); list → array;
 * record → plain object; an absent optional → undefined.
 */
import { Decimal } from 'decimal.js';
import * as dates from '../dsl/dates.js';
import { enumMember, typeName } from '../dsl/types.js';
import type { EnumType, Type } from '../dsl/index.js';
import { VALUES, type Lang } from '../messages/index.js';

export type Converted = { ok: true; value: unknown } | { ok: false; expected: string; suggestions?: readonly string[] };

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

function decimalOf(raw: unknown): Decimal | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return new Decimal(String(raw));
  if (typeof raw === 'string' && DECIMAL_TEXT.test(raw.trim())) return new Decimal(raw.trim());
  return undefined;
}

/**
 * Converts a plain value read from YAML, JSON or CSV to the runtime value of a scalar, enum or
 * list type. Records are converted field by field by the household reader.
 */
export function convertValue(type: Type, raw: unknown): Converted {
  switch (type.kind) {
    case 'boolean':
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      // CSV files written by spreadsheets spell booleans TRUE and FALSE.
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())) return { ok: true, value: raw.trim().toLowerCase() === 'true' };
      return { ok: false, expected: 'true or false' };
    case 'integer': {
      const d = decimalOf(raw);
      if (d && d.isInteger()) return { ok: true, value: d.toNumber() };
      return { ok: false, expected: 'a whole number' };
    }
    case 'decimal':
    case 'money': {
      const d = decimalOf(raw);
      if (d && type.kind === 'money' && d.decimalPlaces() > 2) return { ok: false, expected: 'an amount in CNY with at most two decimals (whole fen)' };
      if (d) return { ok: true, value: d };
      return { ok: false, expected: type.kind === 'money' ? 'an amount in CNY, such as 650 or 650.50' : 'a number' };
    }
    case 'date': {
      // YAML is read without timestamps (parseYaml), so a date is always the text written.
      if (typeof raw === 'string') {
        const d = dates.parseDate(raw.trim());
        if (d !== undefined) return { ok: true, value: d };
        if (/^\d{4}-\d{2}-\d{2}$/.test(raw.trim())) return { ok: false, expected: 'a date that exists in the calendar' };
      }
      return { ok: false, expected: 'a date written YYYY-MM-DD' };
    }
    case 'string':
      if (typeof raw === 'string') return { ok: true, value: raw };
      return { ok: false, expected: 'text' };
    case 'enum': {
      // A county code written as a number in YAML (450205) is still that code.
      const text = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
      if (typeof text === 'string') {
        const canonical = enumMember(type, text.trim());
        if (canonical !== undefined) return { ok: true, value: canonical };
      }
      return { ok: false, expected: `a ${type.name}: one of ${enumChoices(type)}`, suggestions: [...type.values, ...(type.aliases?.keys() ?? [])] };
    }
    case 'list': {
      if (!Array.isArray(raw)) return { ok: false, expected: typeName(type) };
      const out: unknown[] = [];
      for (const item of raw) {
        const c = convertValue(type.of, item);
        if (!c.ok) return c;
        out.push(c.value);
      }
      return { ok: true, value: out };
    }
    case 'optional':
      return raw === null || raw === undefined ? { ok: true, value: undefined } : convertValue(type.of, raw);
    default:
      return { ok: false, expected: typeName(type) };
  }
}

/** The accepted spellings of an enum, each value with its other spelling: `450205 柳北区`. */
export function enumChoices(type: EnumType): string {
  const spelling = new Map([...(type.aliases ?? [])].map(([alias, value]) => [value, alias]));
  return type.values.map((v) => (spelling.has(v) ? `${v} ${spelling.get(v)}` : v)).join(', ');
}

/** Money with two decimals, or more where it holds a fraction of a fen: nothing is hidden. */
export function exactMoney(d: Decimal): string {
  return d.decimalPlaces() > 2 ? d.toString() : d.toFixed(2);
}

/** A value as a policy file would write it, for traces and output. */
export function formatValue(v: unknown, type?: Type, lang: Lang = 'en'): string {
  const w = VALUES[lang];
  if (type?.kind === 'optional') return formatValue(v, type.of, lang);
  if (v === undefined || v === null) return w.absent;
  if (Decimal.isDecimal(v)) return type?.kind === 'money' ? w.money(exactMoney(v as Decimal)) : (v as Decimal).toString();
  if (typeof v === 'number' && type?.kind === 'date') return dates.formatDate(v);
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x, type?.kind === 'list' ? type.of : undefined, lang)).join(', ')}]`;
  if (typeof v === 'boolean') return v ? w.true : w.false;
  if (typeof v === 'object') return '{…}';
  return String(v);
}
