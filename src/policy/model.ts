/** The policy package once loaded and checked: what evaluation works from. */
import type { Decimal } from 'decimal.js';
import type { Source, Span } from '../diag/index.js';
import type { CivilDate, EnumType, Expr, RecordType, Type } from '../dsl/index.js';

export interface Label {
  readonly zh: string;
  readonly en: string;
}

/** A payer's share given as a fraction of the item (`60%`), or whatever the other shares leave. */
export type Share = { readonly share: 'percent'; readonly fraction: Decimal } | { readonly share: 'rest' };

/** A parameter value at runtime (see policy/values.ts for the representation of each type). */
export type ParamValue = unknown;

/** A value the document leaves to someone else to set (a county's own rate): known to be unknown. */
export const UNSET: unique symbol = Symbol('unset');

export interface DatedValue {
  readonly from: CivilDate;
  /** null ends the parameter: no value from this date on. */
  readonly value: ParamValue | Share | null;
  readonly provisional: boolean;
  /** Where a provisional value comes from, in English, or 'assumed'; `sourceZh` in Chinese when the policy gives it. */
  readonly source?: string;
  readonly sourceZh?: string;
  readonly span: Span;
  /** Set when a scenario, not the enacted policy, gave this value. */
  readonly scenario?: string;
}

export interface Parameter {
  readonly id: string;
  readonly label: Label;
  readonly description?: Partial<Label>;
  readonly cite: string;
  readonly type: Type;
  /** For a parameter with one value per member of an enumeration (a county's own rate). */
  readonly keyedBy?: EnumType;
  readonly unit?: string;
  /** The smallest and largest values allowed, where declared (see parameters.ts, rangeOf). */
  readonly min?: number;
  readonly max?: number;
  readonly shareOf?: string;
  readonly provisional: boolean;
  readonly source?: string;
  readonly sourceZh?: string;
  /** Sorted by date. */
  readonly values: readonly DatedValue[];
  readonly span: Span;
}

export interface Definition {
  readonly name: string;
  readonly label: Label;
  readonly description?: Partial<Label>;
  /** What the rule says in plain words, for the literate view. */
  readonly gloss?: Label;
  readonly cite: string;
  readonly params: readonly { readonly name: string; readonly type: Type }[];
  /** Declared in the file, or inferred by the checker. */
  readonly type: Type;
  readonly declaresType: boolean;
  readonly expr: Expr;
  readonly span: Span;
  /** Set when a scenario replaced the enacted expression. */
  readonly scenario?: string;
}

export interface PayerRule {
  readonly payer: Expr;
  /** The share as an expression, or 'rest': the item's amount less the other shares. */
  readonly share: Expr | 'rest';
  readonly span: Span;
}

export type Per = 'person' | 'household';
export type Every = 'month' | 'year' | 'once';

export interface Item {
  readonly id: string;
  readonly label: Label;
  readonly description?: Partial<Label>;
  readonly cite: string;
  readonly per: Per;
  readonly every: Every;
  /** For a person's item: the definition deciding who it is for; for a household's item, whether it is due (default: the policy's eligibility, someone eligible). */
  readonly eligible?: string;
  /** For one-off items: the date of the event; the item falls in its month. */
  readonly on?: Expr;
  readonly when?: Expr;
  readonly amount: Expr;
  readonly payers: readonly PayerRule[];
  /** Declared: the amount rests on a figure the document does not give. */
  readonly provisional: boolean;
  readonly span: Span;
}

export interface Entitlement {
  readonly id: string;
  readonly label: Label;
  readonly description?: Partial<Label>;
  readonly cite: string;
  readonly per: Per;
  readonly when?: Expr;
  readonly span: Span;
}

export interface Interpretation {
  readonly id: string;
  readonly title: Label;
  readonly cite: string;
  readonly reading: Label;
  /** Why this reading: the reasoning, its source, and the readings not taken (policy/text.ts). */
  readonly reasoning: Partial<Label>;
  readonly source?: Partial<Label>;
  readonly alternatives: readonly Partial<Label>[];
  readonly implementedBy: readonly string[];
  readonly span: Span;
}

/** What the format cannot express, stated (interpretations.yaml `limitations`) so that results are not read as more than they are. */
export interface Limitation {
  readonly id: string;
  readonly title: Label;
  readonly cite?: string;
  readonly text: Label;
  readonly span: Span;
}

/** A promise the rules must keep for every valid household and month (properties.yaml). */
export interface Property {
  readonly id: string;
  readonly label: Label;
  readonly cite: string;
  readonly protects: Partial<Label>;
  readonly for: Per;
  /** A boolean over the household, `month`, `person` (for: person) and `paid`, what was paid this month. */
  readonly holds: Expr;
  readonly span: Span;
}

export interface Clause {
  readonly id: string;
  readonly title?: Label;
  readonly text?: Label;
}

export interface FieldSpec {
  readonly name: string;
  readonly type: Type;
  readonly typeText: string;
  readonly required: boolean;
  readonly default?: unknown;
  readonly defaultFrom?: string;
  readonly min?: number;
  readonly max?: number;
  readonly label?: Label;
}

export interface Constraint {
  readonly code: string;
  readonly record: string;
  readonly rule: Expr;
  readonly field: string;
  readonly message: string;
}

/** The household input schema: records, enumerations and cross-field constraints. */
export interface HouseholdSchema {
  readonly root: string;
  readonly records: ReadonlyMap<string, { readonly type: RecordType; readonly fields: readonly FieldSpec[] }>;
  readonly enums: ReadonlyMap<string, EnumType & { readonly labels: ReadonlyMap<string, Label>; readonly kinds: ReadonlyMap<string, string> }>;
  readonly constraints: readonly Constraint[];
}

export interface PolicyMeta {
  readonly id: string;
  readonly document: string;
  readonly title: Label;
  readonly issuer: Label;
  readonly issued: CivilDate;
  readonly supersedes: readonly { readonly document: string; readonly cite?: string }[];
  /** The language of output when neither --lang nor the locale names one (policy.yaml `language`, default en). */
  readonly language: 'zh' | 'en';
  /** What results cover and leave out (policy.yaml `scope`); every result and report states it. */
  readonly scope?: { readonly statement: Label; readonly cite?: string };
}

/**
 * A budget that pays (policy.yaml `payers`): one payer, or a family with one payer per value of
 * a household enumeration, whose ids are the family's id, a colon and the value.
 */
export interface PayerDecl {
  readonly id: string;
  readonly label: Label;
  /** For a family: the household enumeration whose values name its members. */
  readonly each?: string;
  /** For a family: a member's name, `{name}` standing for its value's label (`{name}财政`). */
  readonly member?: Label;
  readonly span: Span;
}

/** The household field results are broken down by, beside the category (policy.yaml `breakdown`). */
export interface BreakdownDecl {
  /** What tables and JSON call it. */
  readonly id: string;
  /** The field's path from the household record. */
  readonly field: readonly string[];
  readonly label: Label;
}

export interface Policy {
  readonly dir: string;
  readonly meta: PolicyMeta;
  /** The payers an item may name, in the order results show them. */
  readonly payers: readonly PayerDecl[];
  /** The household field holding how many real households a record stands for. */
  readonly weight: string;
  readonly breakdown: BreakdownDecl;
  readonly household: HouseholdSchema;
  /** Enumerations of the rules (e.g. category), beside those of the household schema. */
  readonly enums: ReadonlyMap<string, EnumType & { readonly labels: ReadonlyMap<string, Label> }>;
  readonly parameters: ReadonlyMap<string, Parameter>;
  readonly definitions: ReadonlyMap<string, Definition>;
  /** Definitions in an order where each comes after those it uses. */
  readonly definitionOrder: readonly string[];
  readonly eligibility: { readonly inForce: string; readonly person: string; readonly category: string };
  readonly items: readonly Item[];
  readonly entitlements: readonly Entitlement[];
  readonly interpretations: readonly Interpretation[];
  readonly limitations: readonly Limitation[];
  readonly properties: readonly Property[];
  readonly clauses: ReadonlyMap<string, Clause>;
  /** The type of `month`, the period being evaluated. */
  readonly variables: ReadonlyMap<string, Type>;
  readonly sources: readonly Source[];
  /** Names of the scenarios applied, in order. */
  readonly scenarios: readonly string[];
}
