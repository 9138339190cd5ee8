/**
 * Reads a household in the exchange format (shared/contracts/household.md): checks every field
 * against the policy's input schema, fills defaults, and runs the schema's constraints. Bad
 * input is refused with the household id, the field path and what was expected; nothing is
 * silently dropped or defaulted. A valid household is read by the reader compiled once from the
 * schema (householdReader.ts); anything else by the reference below, which says what is wrong.
 */
import { didYouMean, error, excerpt, nearest, type Diagnostic, type Span } from '../diag/index.js';
import type { EnumType, Type } from '../dsl/index.js';
import { convertValue, enumChoices } from '../policy/values.js';
import { LIMITS } from '../policy/limits.js';
import type { FieldSpec, Label, Policy } from '../policy/index.js';
import { Interpreter } from './interpreter.js';
import { derivedDefaults, fillDefaultsFrom, isPlainObject, readValidHousehold } from './householdReader.js';

/** A household as evaluation reads it: field values in their runtime representation. */
export type Household = Readonly<Record<string, unknown>> & { readonly id: string };

export type HouseholdResult = { ok: true; household: Household; diagnostics: Diagnostic[] } | { ok: false; id: string; diagnostics: Diagnostic[] };

/**
 * Locates a field path in the file the household came from, when there is one; `key` asks for
 * the field's name rather than its value (for an unknown, misspelt field).
 */
export type Locator = (path: readonly (string | number)[], key?: boolean) => Span | undefined;

type Path = (string | number)[];

function describePath(path: Path): string {
  // A field name comes from the file: a long one is quoted in part.
  return path.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${excerpt(s)}` : excerpt(s)), '');
}

class HouseholdReader {
  readonly diagnostics: Diagnostic[] = [];
  /** Every record read, for the constraints: its schema name, value and path. */
  readonly records: { record: string; value: Record<string, unknown>; path: Path; clean: boolean }[] = [];

  constructor(
    private readonly policy: Policy,
    private readonly id: string,
    private readonly locate: Locator,
    private readonly where: string | undefined,
  ) {}

  fail(code: string, path: Path, message: string, help?: string, key = false): void {
    const field = describePath(path);
    const at = `household ${this.id}${field ? `, field ${field}` : ''}${this.where ? ` (${this.where})` : ''}`;
    const span = this.locate(path, key);
    this.diagnostics.push(error(code, message, span, { at, ...(help ? { help } : {}) }));
  }

  record(name: string, raw: unknown, path: Path): Record<string, unknown> | undefined {
    const schema = this.policy.household.records.get(name)!;
    if (!isPlainObject(raw)) {
      this.fail('E-HH-TYPE', path, `expected a ${name} record (a mapping of fields), not ${describeValue(raw)}`);
      return undefined;
    }
    const names = schema.fields.map((f) => f.name);
    for (const key of Object.keys(raw)) {
      if (!names.includes(key)) {
        this.fail('E-HH-UNKNOWN-FIELD', [...path, key], `unknown field '${excerpt(key)}' in ${name}.${didYouMean(key, names)}`, `the fields of ${name} are ${names.join(', ')}`, true);
      }
    }
    const out: Record<string, unknown> = {};
    const before = this.diagnostics.length;
    for (const f of schema.fields) out[f.name] = this.field(f, raw[f.name], [...path, f.name]);
    this.records.push({ record: name, value: out, path, clean: this.diagnostics.length === before });
    return out;
  }

  private field(f: FieldSpec, raw: unknown, path: Path): unknown {
    // Only a field left out is absent: an empty text is not, and neither is null for a field
    // with a default (null would otherwise silently become that default).
    if (typeof raw === 'string' && raw.trim() === '') {
      const what = raw === '' ? 'empty' : 'blank';
      if (f.required) this.fail('E-HH-MISSING-FIELD', path, `the field '${f.name}' is required${f.label ? ` (${f.label.en}, ${f.label.zh})` : ''} and is ${what}`);
      else this.fail('E-HH-EMPTY', path, `the field '${f.name}' is ${what}; leave it out when it is absent`);
      return undefined;
    }
    if (raw === null && f.default !== undefined) {
      this.fail('E-HH-NULL', path, `the field '${f.name}' is null; leave it out to take its default (${JSON.stringify(f.default)}), or give a value`);
      return undefined;
    }
    if (raw === undefined || raw === null) {
      if (f.required) this.fail('E-HH-MISSING-FIELD', path, `the field '${f.name}' is required${f.label ? ` (${f.label.en}, ${f.label.zh})` : ''}`);
      if (f.default === undefined) return undefined;
      const d = convertValue(f.type, f.default);
      return d.ok ? d.value : undefined;
    }
    return this.value(f.type, raw, path, f);
  }

  private value(t: Type, raw: unknown, path: Path, f?: FieldSpec): unknown {
    if (t.kind === 'record') return this.record(t.name, raw, path);
    if (t.kind === 'list' && (t.of.kind === 'record' || Array.isArray(raw))) {
      if (!Array.isArray(raw)) {
        this.fail('E-HH-TYPE', path, `expected a list, not ${describeValue(raw)}`);
        return [];
      }
      if (raw.length > LIMITS.maxChildren) {
        this.fail('E-HH-TOO-MANY', path, `${raw.length} entries; at most ${LIMITS.maxChildren} are accepted`);
        return [];
      }
      return raw.map((item, i) => this.value(t.of, item, [...path, i]));
    }
    const c = convertValue(t, raw);
    if (!c.ok) {
      const code = t.kind === 'date' ? 'E-HH-DATE' : t.kind === 'enum' ? 'E-HH-ENUM' : 'E-HH-TYPE';
      if (t.kind === 'enum') {
        this.fail(code, path, `unknown ${t.name} ${describeValue(raw)}; expected one of ${enumChoices(t)}.${typeof raw === 'string' ? this.enumSuggestion(t, raw) : ''}`.replace(/\.$/, ''));
        return undefined;
      }
      const suggestion = c.suggestions && typeof raw === 'string' ? didYouMean(raw, c.suggestions) : '';
      this.fail(code, path, `expected ${c.expected}, not ${describeValue(raw)}.${suggestion}`.replace(/\.$/, ''));
      return undefined;
    }
    if (f && (f.min !== undefined || f.max !== undefined)) {
      const n = Number(c.value as number);
      if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) {
        const range = f.max !== undefined ? `${f.min ?? '…'}..${f.max}` : `at least ${f.min}`;
        this.fail('E-HH-RANGE', path, `${describeValue(raw)} is out of range: expected ${range}`);
      }
    }
    return c.value;
  }

  /**
   * The nearest accepted spelling of an enum value; a value given by its English label (Liubei
   * District), which is not a spelling, is pointed to the one that is ('柳北区' (450205)).
   */
  private enumSuggestion(t: EnumType, raw: string): string {
    const labels = this.policy.household.enums.get(t.name)?.labels ?? new Map<string, Label>();
    const byLabel = new Map([...labels].map(([value, l]) => [l.en, value]));
    const near = nearest(raw, [...t.values, ...(t.aliases?.keys() ?? []), ...byLabel.keys()]);
    const value = near === undefined ? undefined : byLabel.get(near);
    if (value === undefined) return near === undefined ? '' : ` Did you mean '${near}'?`;
    const spelling = [...(t.aliases ?? [])].find(([, v]) => v === value)?.[0];
    return spelling ? ` Did you mean '${spelling}' (${value})?` : ` Did you mean '${value}'?`;
  }
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `'${excerpt(v)}'`;
  if (Array.isArray(v)) return 'a list';
  if (isPlainObject(v)) return 'a mapping';
  return String(v);
}

/** Reads one household; `where` says where it came from (a file, a line of a population). */
export function readHousehold(policy: Policy, raw: unknown, locate: Locator = () => undefined, where?: string): HouseholdResult {
  // The reader compiled from the schema accepts a valid household; for anything else the
  // reference says what is wrong, and where.
  const valid = readValidHousehold(policy, raw);
  if (valid) return { ok: true, household: valid as Household, diagnostics: [] };
  return readHouseholdReference(policy, raw, locate, where);
}

/**
 * The reference reader: interprets the schema field by field and builds every diagnostic.
 * readHousehold gives exactly its result (the tests compare the two on generated households).
 */
export function readHouseholdReference(policy: Policy, raw: unknown, locate: Locator = () => undefined, where?: string): HouseholdResult {
  const given = isPlainObject(raw) ? raw.id : undefined;
  const id = (typeof given === 'string' && given.trim() !== '') || typeof given === 'number' ? String(given) : '(no id)';
  const reader = new HouseholdReader(policy, id, locate, where);
  const root = policy.household.root;
  const value = reader.record(root, raw, []);
  if (!value) return { ok: false, id, diagnostics: reader.diagnostics };
  fillDefaultsFrom(value, derivedDefaults(policy.household.records.get(root)!.fields));
  checkConstraints(policy, reader, value);
  if (reader.diagnostics.length) return { ok: false, id, diagnostics: reader.diagnostics };
  return { ok: true, household: value as Household, diagnostics: [] };
}

function checkConstraints(policy: Policy, reader: HouseholdReader, household: Record<string, unknown>): void {
  // Constraints read only the fields of their record: no month, no parameters.
  const interpreter = new Interpreter({ policy, globals: new Map(), date: 0, memo: new Map(), provisional: false, scenariosUsed: new Set() });
  // A record with a bad field is skipped: its constraints would read values that are not there.
  for (const rec of reader.records.filter((r) => r.clean)) {
    for (const c of policy.household.constraints) {
      if (c.record !== rec.record) continue;
      // A record inside the household also sees it whole, as `household` (householdSchema.ts).
      const scope = new Map(Object.entries(rec.value));
      if (rec.record !== policy.household.root && !scope.has('household')) scope.set('household', household);
      if (!interpreter.eval(c.rule, scope)) reader.fail(c.code, [...rec.path, c.field], c.message);
    }
  }
}
