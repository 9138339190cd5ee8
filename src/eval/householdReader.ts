/**
 * The household reader compiled once per policy from its input schema: each record becomes a
 * closure with its field names in a Set, enum spellings in a Map, defaults converted once and
 * constraints compiled to closures, so that a valid household is read, dates and money
 * converted, without interpreting the schema. It only accepts: at the first thing wrong it gives
 * up, and readHousehold (household.ts) asks the reference reader for the located diagnostics.
 * What it accepts, it reads exactly as the reference does (test/household-compiled.test.ts).
 */
import * as dates from '../dsl/dates.js';
import type { CivilDate, EnumType, Type } from '../dsl/index.js';
import { convertValue } from '../policy/values.js';
import { LIMITS } from '../policy/limits.js';
import type { FieldSpec, Policy } from '../policy/index.js';
import { CompiledMonth } from './compiled.js';
import { fieldsReader, recordReader, type FieldConvert, type FieldsReader, type RecordReader } from './fieldReader.js';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What a reader gives for input it does not accept. */
const WRONG = Symbol('wrong');

/** Records read so far whose constraints are still to run: a reader and its value, in pairs. */
type Pending = unknown[];
type Convert = (raw: unknown, pending: Pending) => unknown;

class CompiledRecord {
  /** The record's fields in order, each read and converted by its own converter. */
  private reader: RecordReader = () => WRONG;
  private converts: FieldConvert[] = [];
  checks: ((locals: unknown[]) => unknown)[] = [];
  /** The values the constraints read, in the order of their locals; `household` last when it is one. */
  private locals: FieldsReader = () => [];
  private withHousehold = false;

  /** Sets the fields, once every record exists (records refer to one another). */
  fields(names: readonly string[], converts: FieldConvert[]): void {
    this.reader = recordReader(names);
    this.converts = converts;
  }

  /** Sets the constraints, and the names they read (`household` last when it is one). */
  constrain(checks: ((locals: unknown[]) => unknown)[], scope: readonly string[], withHousehold: boolean): void {
    this.checks = checks;
    this.locals = fieldsReader(scope);
    this.withHousehold = withHousehold;
  }

  read(raw: unknown, pending: Pending): Record<string, unknown> | typeof WRONG {
    if (!isPlainObject(raw)) return WRONG;
    // Every own field is visited (and any inherited enumerable one, which the reference then judges).
    const out = this.reader(raw, this.converts, pending, WRONG) as Record<string, unknown> | typeof WRONG;
    if (out !== WRONG && this.checks.length) pending.push(this, out);
    return out;
  }

  /** Whether the record passes all its constraints (a constraint that throws is left to the reference). */
  passes(value: Record<string, unknown>, household: Record<string, unknown>): boolean {
    const locals = this.locals(value);
    if (this.withHousehold) locals[locals.length - 1] = household;
    for (const c of this.checks) if (!c(locals)) return false;
    return true;
  }
}

/** A default as a new value each time (a list is not shared between households). */
function fresh(v: unknown): unknown {
  return Array.isArray(v) ? v.map(fresh) : v;
}

class Compiler {
  private readonly records = new Map<string, CompiledRecord>();
  private readonly root: CompiledRecord;
  private readonly derived: readonly DerivedDefault[];

  constructor(policy: Policy) {
    const schema = policy.household;
    // Records may refer to one another: create them first, then fill their fields.
    for (const name of schema.records.keys()) this.records.set(name, new CompiledRecord());
    for (const [name, r] of schema.records) this.records.get(name)!.fields(r.fields.map((f) => f.name), r.fields.map((f) => this.field(f)));
    this.root = this.records.get(schema.root)!;
    this.derived = derivedDefaults(schema.records.get(schema.root)!.fields);
    const month = new CompiledMonth(policy, {}, 0);
    for (const [name, r] of schema.records) {
      const rec = this.records.get(name)!;
      const own = schema.constraints.filter((c) => c.record === name);
      if (!own.length) continue;
      const withHousehold = name !== schema.root && !r.fields.some((f) => f.name === 'household');
      const scope = [...r.fields.map((f) => f.name), ...(withHousehold ? ['household'] : [])];
      rec.constrain(own.map((c) => month.local(c.rule, scope)), scope, withHousehold);
    }
  }

  private field(f: FieldSpec): FieldConvert {
    const { required } = f;
    const hasDefault = f.default !== undefined;
    const converted = hasDefault ? convertValue(f.type, f.default) : undefined;
    const def = converted?.ok ? converted.value : undefined;
    const convert = this.ranged(f, this.convert(f.type));
    return (v, pending) => {
      // Null for a field with a default, and an empty text, are refused, as the reference does.
      if (v === undefined || v === null) return required || (v === null && hasDefault) ? WRONG : def === undefined ? undefined : fresh(def);
      if (typeof v === 'string' && v.trim() === '') return WRONG;
      return convert(v, pending);
    };
  }

  /** The field's bounds checked on its value (a scalar's; a list or record has none). */
  private ranged(f: FieldSpec, convert: Convert): Convert {
    const { min, max } = f;
    if ((min === undefined && max === undefined) || f.type.kind === 'record' || f.type.kind === 'list') return convert;
    return (raw, pending) => {
      const v = convert(raw, pending);
      if (v === WRONG) return WRONG;
      const n = Number(v as number);
      return (min !== undefined && n < min) || (max !== undefined && n > max) ? WRONG : v;
    };
  }

  private convert(t: Type): Convert {
    switch (t.kind) {
      case 'record': {
        const rec = this.records.get(t.name)!;
        return (raw, pending) => rec.read(raw, pending);
      }
      case 'list': {
        const item = this.convert(t.of);
        return (raw, pending) => {
          if (!Array.isArray(raw) || raw.length > LIMITS.maxChildren) return WRONG;
          const out = new Array<unknown>(raw.length);
          for (let i = 0; i < raw.length; i++) if ((out[i] = item(raw[i], pending)) === WRONG) return WRONG;
          return out;
        };
      }
      case 'date':
        return (raw) => (typeof raw === 'string' ? (isoDate(raw) ?? dates.parseDate(raw.trim()) ?? WRONG) : WRONG);
      case 'enum':
        return this.enumeration(t);
      case 'string':
        return (raw) => (typeof raw === 'string' ? raw : WRONG);
      case 'boolean':
        return (raw) => (typeof raw === 'boolean' ? raw : general(t, raw));
      case 'integer':
        // A whole number is itself (converted through a decimal it would lose only a minus zero).
        return (raw) => (typeof raw === 'number' && Number.isInteger(raw) ? (raw === 0 ? 0 : raw) : general(t, raw));
      default:
        return (raw) => general(t, raw);
    }
  }

  private enumeration(t: EnumType): Convert {
    // As enumMember: a canonical value first, then another spelling.
    const spellings = new Map<string, string>(t.aliases ?? []);
    for (const v of t.values) spellings.set(v, v);
    return (raw) => {
      const text = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
      return typeof text === 'string' ? (spellings.get(text.trim()) ?? WRONG) : WRONG;
    };
  }

  /** The household if the policy's schema accepts it as it is; undefined if anything is wrong. */
  read(raw: unknown): Record<string, unknown> | undefined {
    const pending: Pending = [];
    const value = this.root.read(raw, pending);
    if (value === WRONG) return undefined;
    fillDefaultsFrom(value, this.derived);
    try {
      for (let i = 0; i < pending.length; i += 2) if (!(pending[i] as CompiledRecord).passes(pending[i + 1] as Record<string, unknown>, value)) return undefined;
    } catch {
      return undefined;
    }
    return value;
  }
}

/** A field of the household whose default is another field's value (residence: registration.district). */
export interface DerivedDefault {
  readonly name: string;
  readonly path: readonly string[];
}

export function derivedDefaults(fields: readonly FieldSpec[]): DerivedDefault[] {
  return fields.flatMap((f) => (f.defaultFrom ? [{ name: f.name, path: f.defaultFrom.split('.') }] : []));
}

/** Fills the fields left out that default to another field's value. */
export function fillDefaultsFrom(value: Record<string, unknown>, derived: readonly DerivedDefault[]): void {
  for (const d of derived) if (value[d.name] === undefined) value[d.name] = d.path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], value);
}

/**
 * A date written exactly `YYYY-MM-DD` (as nearly every population writes it), read from its
 * characters; undefined for anything else, which parseDate then judges.
 */
function isoDate(text: string): CivilDate | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  let n = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    n = n * 10 + digit;
  }
  return dates.isRealDate(dates.yearOf(n), dates.monthOf(n), dates.dayOf(n)) ? n : undefined;
}

/** convertValue's answer, or WRONG. */
function general(t: Type, raw: unknown): unknown {
  const c = convertValue(t, raw);
  return c.ok ? c.value : WRONG;
}

const compiled = new WeakMap<Policy, Compiler>();

/**
 * Reads a household with the reader compiled for the policy (once, on first use): the household,
 * or undefined when anything is wrong with it (the reference reader then says what).
 */
export function readValidHousehold(policy: Policy, raw: unknown): Record<string, unknown> | undefined {
  let c = compiled.get(policy);
  if (!c) {
    c = new Compiler(policy);
    compiled.set(policy, c);
  }
  return c.read(raw);
}
