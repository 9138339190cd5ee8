/** Builds the household input schema (household.yaml): record and enum types, fields, constraints. */
import { error, type Diagnostic } from '../diag/index.js';
import { Checker, T, type EnumType, type RecordType, type Type } from '../dsl/index.js';
import type { Constraint, FieldSpec, HouseholdSchema, Label } from './model.js';
import { parseAt } from './typecheck.js';
import { resolveTypeName } from './typeNames.js';
import type { YamlFile } from './yamlFile.js';

interface RawEnum {
  spellings?: 'zh';
  values: { value: string; zh: string; en: string; kind?: string }[];
}
interface RawField {
  type: string;
  required?: boolean;
  default?: unknown;
  default_from?: string;
  label?: Label;
  min?: number;
  max?: number;
}
interface RawSchema {
  enums: Record<string, RawEnum>;
  records: Record<string, Record<string, RawField>>;
  root: string;
  constraints?: { code: string; record: string; rule: string; field: string; message: string }[];
}

export function buildHouseholdSchema(file: YamlFile, diagnostics: Diagnostic[]): HouseholdSchema {
  const raw = file.data as RawSchema;
  const named = new Map<string, Type>();
  const enums: HouseholdSchema['enums'] extends ReadonlyMap<string, infer V> ? Map<string, V> : never = new Map();
  for (const [name, e] of Object.entries(raw.enums)) {
    const aliases = new Map<string, string>();
    if (e.spellings === 'zh') for (const v of e.values) aliases.set(v.zh, v.value);
    const t = {
      kind: 'enum' as const,
      name,
      values: e.values.map((v) => v.value),
      aliases,
      labels: new Map(e.values.map((v) => [v.value, { zh: v.zh, en: v.en }])),
      kinds: new Map(e.values.filter((v) => v.kind).map((v) => [v.value, v.kind!])),
    };
    enums.set(name, t);
    named.set(name, t);
  }

  // Records may refer to one another: create them first, then fill their fields.
  const records = new Map<string, { type: RecordType; fields: FieldSpec[] }>();
  for (const name of Object.keys(raw.records)) {
    const type: RecordType = { kind: 'record', name, fields: new Map() };
    records.set(name, { type, fields: [] });
    named.set(name, type);
  }
  for (const [name, fields] of Object.entries(raw.records)) {
    const rec = records.get(name)!;
    for (const [fieldName, f] of Object.entries(fields)) {
      const at = file.spanAt(['records', name, fieldName, 'type']);
      const base = resolveTypeName(f.type, named, at, diagnostics);
      const hasDefault = f.default !== undefined || f.default_from !== undefined;
      const type = f.required || hasDefault ? base : T.optional(base);
      (rec.type.fields as Map<string, Type>).set(fieldName, type);
      rec.fields.push({
        name: fieldName,
        type: base,
        typeText: f.type,
        required: f.required === true,
        ...(f.default !== undefined ? { default: f.default } : {}),
        ...(f.default_from !== undefined ? { defaultFrom: f.default_from } : {}),
        ...(f.min !== undefined ? { min: f.min } : {}),
        ...(f.max !== undefined ? { max: f.max } : {}),
        ...(f.label ? { label: f.label } : {}),
      });
    }
  }
  if (!records.has(raw.root)) diagnostics.push(error('E-SCHEMA-VALUE', `root record '${raw.root}' is not defined under records`, file.spanAt(['root'])));

  const constraints: Constraint[] = [];
  (raw.constraints ?? []).forEach((c, i) => {
    const rec = records.get(c.record);
    if (!rec) {
      diagnostics.push(error('E-SCHEMA-VALUE', `constraint on unknown record '${c.record}'`, file.spanAt(['constraints', i, 'record'])));
      return;
    }
    const path = ['constraints', i, 'rule'];
    const rule = parseAt(file, path, diagnostics);
    if (!rule) return;
    // A record inside the household also sees the whole household, as `household` (a child's
    // `parents` must name recorded spouses).
    const root = records.get(raw.root);
    const variables = root && c.record !== raw.root && !rec.type.fields.has('household') ? new Map([...rec.type.fields, ['household', root.type as Type]]) : rec.type.fields;
    const checker = new Checker({
      variables,
      definition: () => undefined,
      definitionNames: () => [],
      parameter: () => undefined,
      parameterIds: () => [],
    });
    checker.check(rule, { expected: T.boolean, what: 'a constraint' });
    diagnostics.push(...checker.diagnostics);
    constraints.push({ code: c.code, record: c.record, rule, field: c.field, message: c.message });
  });

  return { root: raw.root, records, enums, constraints };
}

/** The enum and record types of the schema, by name, for resolving type names elsewhere. */
export function schemaTypes(schema: HouseholdSchema): Map<string, Type> {
  const out = new Map<string, Type>();
  for (const [n, e] of schema.enums) out.set(n, e as EnumType);
  for (const [n, r] of schema.records) out.set(n, r.type);
  return out;
}
