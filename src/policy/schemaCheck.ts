/**
 * Validates policy files against the JSON Schemas shipped in `policy/schemas/` (the same
 * files an editor uses for completion) and turns ajv's errors into located diagnostics.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { didYouMean, error, excerpt, type Diagnostic } from '../diag/index.js';
import { packageRoot } from './root.js';
import type { PathSegment, YamlFile } from './yamlFile.js';

export type SchemaName = 'policy' | 'parameters' | 'rules' | 'items' | 'entitlements' | 'interpretations' | 'household' | 'clauses' | 'scenario' | 'tests' | 'population-spec' | 'projection' | 'properties';

let ajv: Ajv | undefined;
/** Each schema compiled on its first use, once per process. */
const validators = new Map<SchemaName, ValidateFunction>();

export function schemaDir(): string {
  return join(packageRoot(), 'policy', 'schemas');
}

function compiled(schema: SchemaName): ValidateFunction {
  const done = validators.get(schema);
  if (done) return done;
  if (!ajv) {
    // Every schema is added (one may refer to another), but compiled only when first used.
    ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
    const dir = schemaDir();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.schema.json'))) ajv.addSchema(JSON.parse(readFileSync(join(dir, f), 'utf8')), f);
  }
  const validate = ajv.getSchema(`${schema}.schema.json`)!;
  validators.set(schema, validate);
  return validate;
}

function pathOf(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(path: PathSegment[]): string {
  return path.length ? path.join('.') : 'the file';
}

/** Validates the data of a YAML file; returns located diagnostics (empty when valid). */
export function validateAgainst(file: YamlFile, schema: SchemaName): Diagnostic[] {
  const validate = compiled(schema);
  if (validate(file.data)) return [];
  const errors = simplify(validate.errors ?? []);
  return errors.map((e) => toDiagnostic(file, e));
}

/** Drops the noise ajv adds for alternatives when a more specific error exists. */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  const seen = new Set<string>();
  return (specific.length ? specific : errors).filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toDiagnostic(file: YamlFile, e: ErrorObject): Diagnostic {
  const path = pathOf(e.instancePath);
  const where = describe(path);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return error('E-SCHEMA-UNKNOWN-FIELD', `unknown field '${excerpt(name)}' in ${where}.${didYouMean(name, allowed)}`, file.keySpan([...path, name]), {
        help: allowed.length ? `allowed fields: ${allowed.join(', ')}` : undefined,
      });
    }
    case 'required':
      return error('E-SCHEMA-MISSING-FIELD', `${where} needs the field '${String(p.missingProperty)}'`, file.spanAt(path));
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const got = String(valueAt(file.data, path));
      return error('E-SCHEMA-VALUE', `${where} is '${excerpt(got)}', not one of ${allowed.join(', ')}.${didYouMean(got, allowed)}`, file.spanAt(path));
    }
    case 'type':
      return error('E-SCHEMA-TYPE', `${where} must be ${String(p.type).split(',').join(' or ')}`, file.spanAt(path));
    case 'pattern':
      return error('E-SCHEMA-VALUE', `${where} does not have the expected form (${(e.parentSchema as { description?: string } | undefined)?.description ?? String(p.pattern)})`, file.spanAt(path));
    case 'propertyNames':
      return error('E-SCHEMA-VALUE', `${where} has a key that is not allowed: ${e.message ?? ''}`, file.spanAt(path));
    default:
      return error('E-SCHEMA', `${where} ${e.message ?? 'is not valid'}`, file.spanAt(path));
  }
}

function valueAt(data: unknown, path: PathSegment[]): unknown {
  let v: unknown = data;
  for (const s of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[String(s)] : undefined;
  return v;
}
