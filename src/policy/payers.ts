/**
 * What the generic layers read from policy.yaml instead of naming a city's budgets and fields:
 * the payers (one budget, or a family with one budget per value of a household enumeration), the
 * field that weights a household, and the field results are broken down by. Reading them from the
 * YAML with their checks against the household schema, and looking them up afterwards.
 */
import type { Decimal } from 'decimal.js';
import { didYouMean, error, excerpt, type Diagnostic } from '../diag/index.js';
// The files themselves, not the language's index: a command that only reads a cached policy loads no parser.
import { BUILTINS } from '../dsl/builtins.js';
import { stripOptional, type EnumType, type Type } from '../dsl/types.js';
import type { BreakdownDecl, HouseholdSchema, Label, PayerDecl, Policy } from './model.js';
import type { YamlFile } from './yamlFile.js';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- validated by the JSON Schema

/** A family member's payer id: the family, a colon, the value (`family:value`). */
export function memberId(family: string, value: string): string {
  return `${family}:${value}`;
}

/** The declared name a payer id is of: the payer's own, or its family's. */
export function declaredName(id: string): string {
  const colon = id.indexOf(':');
  return colon < 0 ? id : id.slice(0, colon);
}

/** The declaration a payer id belongs to (the payer itself, or its family), if declared. */
export function payerDecl(policy: Pick<Policy, 'payers'>, id: string): PayerDecl | undefined {
  const colon = id.indexOf(':');
  const d = policy.payers.find((p) => p.id === declaredName(id));
  return d && (colon < 0) === (d.each === undefined) ? d : undefined;
}

/** A payer's own words: a single budget's label, or the code and label of a family member's value. */
export function payerLabel(policy: Pick<Policy, 'payers' | 'household'>, id: string, lang: keyof Label): string {
  const d = payerDecl(policy, id);
  if (!d) return id;
  if (d.each === undefined) return d.label[lang];
  const value = id.slice(d.id.length + 1);
  const label = policy.household.enums.get(d.each)?.labels.get(value)?.[lang];
  if (label === undefined) return value;
  return d.member ? d.member[lang].replace('{name}', label) : `${value} ${label}`;
}

/** `code label` of an enumeration's value, or the value alone when it has no label. */
export function valueLabel(e: { readonly labels: ReadonlyMap<string, Label> } | undefined, value: string, lang: keyof Label): string {
  const label = e?.labels.get(value);
  return label ? `${value} ${label[lang]}` : value;
}

/**
 * Payer ids in the order the policy declares its payers, a family's members by value, undeclared
 * ones last. Without the policy: single payers first, then family members, each by id.
 */
export function orderPayers<T>(payers: ReadonlyMap<string, T>, policy?: Pick<Policy, 'payers'>): [string, T][] {
  const rank = (id: string) => {
    if (!policy) return id.includes(':') ? 1 : 0;
    const d = payerDecl(policy, id);
    return d ? policy.payers.indexOf(d) : policy.payers.length;
  };
  return [...payers].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/** How many real households a household record stands for (the policy's weight field, read as a decimal). */
export function weightOf(policy: Pick<Policy, 'weight'>, household: Readonly<Record<string, unknown>>): Decimal {
  return household[policy.weight] as Decimal;
}

/** The value of the breakdown field of a household record (its code). */
export function breakdownValue(policy: Pick<Policy, 'breakdown'>, household: Readonly<Record<string, unknown>>): string {
  let v: unknown = household;
  for (const f of policy.breakdown.field) v = (v as Record<string, unknown> | undefined)?.[f];
  return String(v);
}

/** The enumeration the breakdown field takes its values from, for their labels. */
export function breakdownEnum(policy: Pick<Policy, 'breakdown' | 'household'>): (EnumType & { readonly labels: ReadonlyMap<string, Label> }) | undefined {
  const t = fieldType(policy.household, policy.breakdown.field);
  return t?.kind === 'enum' ? policy.household.enums.get(t.name) : undefined;
}

/** The type of a field path from the household record, or undefined where a step is not a field. */
function fieldType(schema: HouseholdSchema, path: readonly string[]): Type | undefined {
  let t: Type | undefined = schema.records.get(schema.root)?.type;
  for (const f of path) {
    const s: Type | undefined = t && stripOptional(t);
    t = s?.kind === 'record' ? s.fields.get(f) : undefined;
  }
  return t && stripOptional(t);
}

/** policy.yaml's payers, weight and breakdown, each checked against the household schema. */
export function readPayersAndFields(file: YamlFile, schema: HouseholdSchema, diagnostics: Diagnostic[]): { payers: PayerDecl[]; weight: string; breakdown: BreakdownDecl } {
  const m = file.data as Raw;
  const enums = [...schema.enums.keys()];
  const payers = Object.entries(m.payers as Record<string, { label: Label; each?: string; member?: Label }>).map(([id, p]) => {
    if (p.each !== undefined && !schema.enums.has(p.each)) {
      diagnostics.push(error('E-POLICY-PAYER', `payer family '${id}' has one payer per value of '${excerpt(p.each)}', which is not an enumeration of the household schema.${didYouMean(p.each, enums)}`, file.spanAt(['payers', id, 'each']), { help: `enumerations: ${enums.join(', ')}` }));
    }
    return { id, label: p.label, ...(p.each !== undefined ? { each: p.each } : {}), ...(p.member !== undefined ? { member: p.member } : {}), span: file.keySpan(['payers', id]) };
  });
  const root = schema.records.get(schema.root);
  const rootFields = root ? [...root.type.fields.keys()] : [];
  const weightType = fieldType(schema, [m.weight]);
  if (!weightType) diagnostics.push(error('E-POLICY-FIELD', `the weight is read from field '${excerpt(m.weight)}', which the household record does not have.${didYouMean(m.weight, rootFields)}`, file.spanAt(['weight'])));
  else if (weightType.kind !== 'decimal' && weightType.kind !== 'integer') diagnostics.push(error('E-POLICY-FIELD', `the weight field '${m.weight}' must be a number, not ${weightType.kind}`, file.spanAt(['weight'])));
  const field = String(m.breakdown.field).split('.');
  const byType = fieldType(schema, field);
  if (!byType || (byType.kind !== 'enum' && byType.kind !== 'string')) {
    diagnostics.push(error('E-POLICY-FIELD', `results are broken down by '${excerpt(m.breakdown.field)}', which is not a field of the household holding an enumeration or text`, file.spanAt(['breakdown', 'field']), { help: `fields of the household record: ${rootFields.join(', ')}` }));
  }
  return { payers, weight: m.weight, breakdown: { id: m.breakdown.by, field, label: m.breakdown.label } };
}

/** A payer's name must not also be a definition, a household field or a built-in function: an expression could not tell them apart. */
export function checkPayerNames(policy: Policy): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of policy.payers) {
    const other = policy.definitions.has(p.id) ? 'a definition' : policy.variables.has(p.id) ? 'a field of the household' : BUILTINS[p.id] ? 'a built-in function' : undefined;
    if (other) out.push(error('E-POLICY-PAYER', `payer '${p.id}' has the name of ${other}`, p.span, { help: 'give the payer another name' }));
  }
  return out;
}

/** A field of the household's root record (a person's role) by its label, else its name. */
export function fieldLabel(policy: Pick<Policy, 'household'>, field: string, lang: keyof Label): string {
  return policy.household.records.get(policy.household.root)?.fields.find((f) => f.name === field)?.label?.[lang] ?? field;
}

/** A category by its label (the rules' `category` enumeration); the empty string for none. */
export function categoryLabel(policy: Pick<Policy, 'enums'>, category: string | null, lang: keyof Label): string {
  return category === null ? '' : (policy.enums.get('category')?.labels.get(category)?.[lang] ?? category);
}
