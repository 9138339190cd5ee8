/**
 * Loads a policy package: reads and validates each YAML file, parses every embedded
 * expression, orders the definitions, and type-checks everything once. A policy with any
 * error is refused whole; evaluation never sees it.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { didYouMean, error, excerpt, hasErrors, type Diagnostic, type Source } from '../diag/index.js';
import { dates, T, type EnumType, type RecordType, type Type } from '../dsl/index.js';
import { displayPath } from './displayPath.js';
import { buildHouseholdSchema, schemaTypes } from './householdSchema.js';
import type { Clause, Definition, Entitlement, Interpretation, Item, Label, Limitation, Parameter, Policy, PolicyMeta, Property } from './model.js';
import { buildParameter } from './parameters.js';
import { readPayersAndFields } from './payers.js';
import { validateAgainst, type SchemaName } from './schemaCheck.js';
import { textOf } from './text.js';
import { checkPolicy, parseAt } from './typecheck.js';
import { resolveTypeName } from './typeNames.js';
import { readYamlFile, type PathSegment, type YamlFile } from './yamlFile.js';

export type LoadResult = { ok: true; policy: Policy; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

const FILES: { name: string; schema: SchemaName; required: boolean }[] = [
  { name: 'policy.yaml', schema: 'policy', required: true },
  { name: 'clauses.yaml', schema: 'clauses', required: true },
  { name: 'household.yaml', schema: 'household', required: true },
  { name: 'parameters.yaml', schema: 'parameters', required: true },
  { name: 'rules.yaml', schema: 'rules', required: true },
  { name: 'items.yaml', schema: 'items', required: true },
  { name: 'entitlements.yaml', schema: 'entitlements', required: false },
  { name: 'interpretations.yaml', schema: 'interpretations', required: false },
  { name: 'properties.yaml', schema: 'properties', required: false },
];

export function loadPolicy(dir: string): LoadResult {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { ok: false, diagnostics: [error('E-POLICY-MISSING', `${displayPath(dir)} is not a policy package folder`, undefined, { help: 'a policy package is a folder with policy.yaml, parameters.yaml, rules.yaml, items.yaml, household.yaml and clauses.yaml' })] };
  }
  // A folder that cannot be listed or entered is said once, not as each of its files missing.
  try {
    accessSync(dir, constants.R_OK | constants.X_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
    return { ok: false, diagnostics: [error('E-POLICY-UNREADABLE', `cannot read the policy package ${displayPath(dir)}: ${why}`, undefined, { at: displayPath(dir) })] };
  }
  const diagnostics: Diagnostic[] = [];
  const files = new Map<string, YamlFile>();
  for (const f of FILES) {
    const path = join(dir, f.name);
    if (!existsSync(path)) {
      if (f.required) diagnostics.push(error('E-POLICY-FILE-MISSING', `the policy package has no ${f.name}`, undefined, { at: displayPath(dir) }));
      continue;
    }
    const read = readYamlFile(path, displayPath(path));
    diagnostics.push(...read.diagnostics);
    if (!read.ok) continue;
    const schemaErrors = validateAgainst(read.file, f.schema);
    diagnostics.push(...schemaErrors);
    if (schemaErrors.length === 0) files.set(f.name, read.file);
  }
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  const build = new PolicyBuilder(dir, files, diagnostics);
  const policy = checkPolicy(build.policy(), diagnostics);
  return hasErrors(diagnostics) ? { ok: false, diagnostics } : { ok: true, policy, diagnostics };
}

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- validated by the JSON Schema

class PolicyBuilder {
  constructor(
    private readonly dir: string,
    private readonly files: Map<string, YamlFile>,
    private readonly diagnostics: Diagnostic[],
  ) {}

  private file(name: string): YamlFile | undefined {
    return this.files.get(name);
  }

  private data(name: string): Raw {
    return (this.file(name)?.data ?? {}) as Raw;
  }

  policy(): Policy {
    const household = buildHouseholdSchema(this.file('household.yaml')!, this.diagnostics);
    const named = schemaTypes(household);
    const enums = this.enums(named);
    const monthType: RecordType = { kind: 'record', name: 'month', fields: new Map([['start', T.date], ['end', T.date]]) };
    const root = household.records.get(household.root);
    const variables = new Map<string, Type>(root ? root.type.fields : []);
    variables.set('month', monthType);
    const parameters = this.parameters(named);
    const definitions = this.definitions(named);
    const rules = this.data('rules.yaml');
    return {
      dir: this.dir,
      meta: this.meta(),
      ...readPayersAndFields(this.file('policy.yaml')!, household, this.diagnostics),
      household,
      enums,
      parameters,
      definitions,
      definitionOrder: [...definitions.keys()],
      eligibility: { inForce: rules.eligibility.in_force, person: rules.eligibility.person, category: rules.eligibility.category },
      items: this.items(),
      entitlements: this.entitlements(),
      interpretations: this.interpretations(),
      limitations: this.limitations(),
      properties: this.properties(),
      clauses: this.clauses(),
      variables,
      sources: [...this.files.values()].map((f) => f.source as Source),
      scenarios: [],
    };
  }

  private meta(): PolicyMeta {
    const m = this.data('policy.yaml');
    const date = (key: string) => {
      const d = dates.parseDate(m[key]);
      if (d === undefined) this.diagnostics.push(error('E-SCHEMA-VALUE', `${key} ${m[key]} is not a calendar date`, this.file('policy.yaml')!.spanAt([key])));
      return d ?? 0;
    };
    return {
      id: m.id,
      document: m.document,
      title: m.title,
      issuer: m.issuer,
      issued: date('issued'),
      supersedes: m.supersedes ?? [],
      language: m.language ?? 'en',
      ...(m.scope ? { scope: m.scope } : {}),
    };
  }

  /** Enumerations declared by the rules (e.g. category); their names join the type names. */
  private enums(named: Map<string, Type>): Policy['enums'] {
    const out = new Map<string, EnumType & { labels: ReadonlyMap<string, Label> }>();
    for (const [name, values] of Object.entries((this.data('rules.yaml').enums ?? {}) as Record<string, Record<string, Label>>)) {
      if (named.has(name)) this.diagnostics.push(error('E-TYPE-DUPLICATE', `the type '${name}' is already defined by the household schema`, this.file('rules.yaml')!.keySpan(['enums', name])));
      const t = { kind: 'enum' as const, name, values: Object.keys(values), labels: new Map(Object.entries(values)) };
      out.set(name, t);
      named.set(name, t);
    }
    return out;
  }

  private parameters(named: Map<string, Type>): Map<string, Parameter> {
    const file = this.file('parameters.yaml')!;
    const out = new Map<string, Parameter>();
    for (const [id, raw] of Object.entries(this.data('parameters.yaml').parameters as Raw)) {
      const type = resolveTypeName(raw.type, named, file.spanAt(['parameters', id, 'type']), this.diagnostics);
      const keyedBy = raw.by === undefined ? undefined : resolveTypeName(raw.by, named, file.spanAt(['parameters', id, 'by']), this.diagnostics);
      if (keyedBy && keyedBy.kind !== 'enum' && keyedBy.kind !== 'error') this.diagnostics.push(error('E-PARAM-KEY', `'by' must name an enumeration such as county, not ${raw.by}`, file.spanAt(['parameters', id, 'by'])));
      const p = buildParameter(id, raw as never, type, keyedBy?.kind === 'enum' ? keyedBy : undefined, file.keySpan(['parameters', id]), (d) => file.spanAt(['parameters', id, 'values', d]), this.diagnostics);
      out.set(id, p);
    }
    for (const p of out.values()) {
      if (p.shareOf === undefined) continue;
      const whole = out.get(p.shareOf);
      const at = file.spanAt(['parameters', p.id, 'share_of']);
      if (!whole) this.diagnostics.push(error('E-PARAM-UNKNOWN', `'${p.id}' is a share of unknown parameter '${excerpt(p.shareOf)}'.${didYouMean(p.shareOf, out.keys())}`, at));
      else if (whole.type.kind !== 'money' || p.type.kind !== 'money') this.diagnostics.push(error('E-PARAM-SHARE', `payer shares are money and so is what they share: '${p.id}' is ${p.type.kind}, '${whole.id}' is ${whole.type.kind}`, at));
    }
    return out;
  }

  private definitions(named: Map<string, Type>): Map<string, Definition> {
    const file = this.file('rules.yaml')!;
    const out = new Map<string, Definition>();
    for (const [name, raw] of Object.entries(this.data('rules.yaml').definitions as Raw)) {
      const path = ['definitions', name];
      const params = Object.entries((raw.of ?? {}) as Record<string, string>).map(([p, t]) => ({
        name: p,
        type: resolveTypeName(t, named, file.spanAt([...path, 'of', p]), this.diagnostics),
      }));
      const declared = raw.type ? resolveTypeName(raw.type, named, file.spanAt([...path, 'type']), this.diagnostics) : undefined;
      const expr = parseAt(file, [...path, 'expr'], this.diagnostics);
      if (!expr) continue;
      out.set(name, {
        name,
        label: raw.label,
        ...(raw.description ? { description: raw.description } : {}),
        ...(raw.gloss ? { gloss: raw.gloss } : {}),
        cite: raw.cite,
        params,
        // Filled by the checker when not declared.
        type: declared ?? T.error,
        expr,
        declaresType: declared !== undefined,
        span: file.keySpan(path),
      });
    }
    return out;
  }

  private items(): Item[] {
    const file = this.file('items.yaml')!;
    return Object.entries(this.data('items.yaml').items as Raw)
      .map(([id, raw]) => buildItem(file, ['items', id], id, raw, this.diagnostics))
      .filter((i): i is Item => i !== undefined);
  }

  private entitlements(): Entitlement[] {
    const file = this.file('entitlements.yaml');
    if (!file) return [];
    const out: Entitlement[] = [];
    for (const [id, raw] of Object.entries(this.data('entitlements.yaml').entitlements as Raw)) {
      const when = raw.when !== undefined ? parseAt(file, ['entitlements', id, 'when'], this.diagnostics) : undefined;
      if (raw.when !== undefined && !when) continue;
      out.push({
        id,
        label: raw.label,
        ...(raw.description ? { description: raw.description } : {}),
        cite: raw.cite,
        per: raw.per,
        ...(when ? { when } : {}),
        span: file.keySpan(['entitlements', id]),
      });
    }
    return out;
  }

  private interpretations(): Interpretation[] {
    const file = this.file('interpretations.yaml');
    if (!file) return [];
    return Object.entries(this.data('interpretations.yaml').interpretations as Raw).map(([id, raw]) => ({
      id,
      title: raw.title,
      cite: raw.cite,
      reading: raw.reading,
      reasoning: textOf(raw.reasoning),
      ...(raw.source ? { source: textOf(raw.source) } : {}),
      alternatives: ((raw.alternatives ?? []) as (string | Partial<Label>)[]).map(textOf),
      implementedBy: raw.implemented_by,
      span: file.keySpan(['interpretations', id]),
    }));
  }

  private limitations(): Limitation[] {
    const file = this.file('interpretations.yaml');
    if (!file) return [];
    return Object.entries((this.data('interpretations.yaml').limitations ?? {}) as Raw).map(([id, raw]) => ({
      id,
      title: raw.title,
      ...(raw.cite ? { cite: raw.cite } : {}),
      text: raw.text,
      span: file.keySpan(['limitations', id]),
    }));
  }

  private properties(): Property[] {
    const file = this.file('properties.yaml');
    if (!file) return [];
    const out: Property[] = [];
    for (const [id, raw] of Object.entries(this.data('properties.yaml').properties as Raw)) {
      const holds = parseAt(file, ['properties', id, 'holds'], this.diagnostics);
      if (holds) out.push({ id, label: raw.label, cite: raw.cite, protects: textOf(raw.protects), for: raw.for, holds, span: file.keySpan(['properties', id]) });
    }
    return out;
  }

  private clauses(): Map<string, Clause> {
    return new Map((this.data('clauses.yaml').clauses as Clause[]).map((c) => [c.id, c]));
  }
}

/** Builds one item from its YAML entry at `path` (in items.yaml, or added by a scenario). */
export function buildItem(file: YamlFile, path: PathSegment[], id: string, raw: Raw, diagnostics: Diagnostic[]): Item | undefined {
  const amount = parseAt(file, [...path, 'amount'], diagnostics);
  const when = raw.when !== undefined ? parseAt(file, [...path, 'when'], diagnostics) : undefined;
  const on = raw.on !== undefined ? parseAt(file, [...path, 'on'], diagnostics) : undefined;
  if (raw.every === 'once' && raw.on === undefined) diagnostics.push(error('E-ITEM-ON', `one-off item '${id}' needs 'on': the date of the event it is paid for`, file.keySpan(path)));
  if (raw.every !== 'once' && raw.on !== undefined) diagnostics.push(error('E-ITEM-ON', `'on' is only for one-off items (every: once)`, file.keySpan([...path, 'on'])));
  const payers = (raw.payers as Raw[]).map((p, i) => {
    const payer = parseAt(file, [...path, 'payers', i, 'payer'], diagnostics);
    const share = p.share === 'rest' ? 'rest' : parseAt(file, [...path, 'payers', i, 'share'], diagnostics);
    return payer && share ? { payer, share, span: file.spanAt([...path, 'payers', i]) } : undefined;
  });
  if (payers.filter((p) => p?.share === 'rest').length > 1) diagnostics.push(error('E-ITEM-PAYERS', `at most one payer of '${id}' can take the rest`, file.spanAt([...path, 'payers'])));
  if (!amount || payers.some((p) => !p) || (raw.when !== undefined && !when) || (raw.on !== undefined && !on)) return undefined;
  return {
    id,
    label: raw.label,
    ...(raw.description ? { description: raw.description } : {}),
    cite: raw.cite,
    per: raw.per,
    every: raw.every,
    ...(raw.eligible !== undefined ? { eligible: raw.eligible } : {}),
    ...(on ? { on } : {}),
    ...(when ? { when } : {}),
    amount,
    payers: payers as Item['payers'],
    provisional: raw.provisional === true,
    span: file.keySpan(path),
  };
}
