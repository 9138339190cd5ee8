/** Small helpers shared by the expression-language tests: parsing, span-free AST shapes, a check environment. */
import { Source, span as makeSpan, type Diagnostic, type Span } from '../../src/diag/index.js';
import {
  Checker,
  parseExpression,
  T,
  type AggregateOp,
  type BinaryOp,
  type CheckEnv,
  type DefinitionSignature,
  type EnumType,
  type Expr,
  type OffsetMap,
  type RecordType,
  type Type,
} from '../../src/dsl/index.js';

// ---------------------------------------------------------------------------------------------
// Parsing

/** Parses text that must be valid; fails the test with the diagnostics otherwise. */
export function parse(text: string, source?: Source, map?: OffsetMap): Expr {
  const r = parseExpression(text, source, map);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got:\n${r.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n')}`);
  return r.expr;
}

/** Parses text that must be rejected; returns the diagnostics. */
export function parseErrors(text: string, source?: Source, map?: OffsetMap): Diagnostic[] {
  const r = parseExpression(text, source, map);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected, but it parsed`);
  return r.diagnostics;
}

/** The one diagnostic of a list (fails when there are none or several). */
export function single(ds: readonly Diagnostic[]): Diagnostic {
  if (ds.length !== 1) throw new Error(`expected one diagnostic, got ${ds.length}:\n${ds.map((d) => `${d.code}: ${d.message}`).join('\n')}`);
  return ds[0]!;
}

/** `{ start, end }` of a span, for compact assertions. */
export function range(s: Span | undefined): { start: number; end: number } | undefined {
  return s && { start: s.start, end: s.end };
}

/** The text a span covers. */
export function textOf(s: Span | undefined): string | undefined {
  return s && s.source.text.slice(s.start, s.end);
}

/**
 * A copy of an AST without positions or checker output: drops `span`, every `…Span`, and
 * `type`. With `keepCanonical: false` it also drops the checker's `canonical`.
 */
export function strip(value: unknown, keepCanonical = true): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v, keepCanonical));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'span' || k.endsWith('Span') || k === 'type' || (!keepCanonical && k === 'canonical')) continue;
    if (v === undefined) continue;
    out[k] = strip(v, keepCanonical);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// AST builders. Nodes carry a placeholder span; compare them with `strip`.

export const NO_SPAN: Span = makeSpan(new Source('<built>', ''), 0, 0);
const s = NO_SPAN;

export const num = (text: string): Expr => ({ kind: 'number', text, span: s });
export const money = (text: string): Expr => ({ kind: 'money', text, span: s });
export const pct = (text: string): Expr => ({ kind: 'percent', text, span: s });
/** A date literal from its yyyymmdd value. */
export const date = (value: number): Expr => ({ kind: 'date', value, span: s });
export const str = (value: string): Expr => ({ kind: 'string', value, span: s });
export const bool = (value: boolean): Expr => ({ kind: 'boolean', value, span: s });
export const none = (): Expr => ({ kind: 'none', span: s });
export const list = (...items: Expr[]): Expr => ({ kind: 'list', items, span: s });
export const name = (n: string): Expr => ({ kind: 'name', name: n, span: s });
export const member = (object: Expr, field: string): Expr => ({ kind: 'member', object, field, fieldSpan: s, span: s });
export const call = (callee: string, ...args: Expr[]): Expr => ({ kind: 'call', callee, calleeSpan: s, args, span: s });
export const param = (id: string, at?: Expr): Expr => (at ? { kind: 'param', id, idSpan: s, at, span: s } : { kind: 'param', id, idSpan: s, span: s });
export const neg = (operand: Expr): Expr => ({ kind: 'unary', op: '-', operand, span: s });
export const not = (operand: Expr): Expr => ({ kind: 'unary', op: 'not', operand, span: s });
export const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right, span: s });
export const iff = (cond: Expr, then: Expr, otherwise: Expr): Expr => ({ kind: 'if', cond, then, else: otherwise, span: s });
export const agg = (op: AggregateOp, variable: string, over: Expr, parts: { where?: Expr; body?: Expr } = {}): Expr => ({
  kind: 'aggregate',
  op,
  variable,
  variableSpan: s,
  list: over,
  ...(parts.where ? { where: parts.where } : {}),
  ...(parts.body ? { body: parts.body } : {}),
  span: s,
});

/** `a.b.c` as nested member reads. */
export function path(dotted: string): Expr {
  const [first, ...rest] = dotted.split('.');
  return rest.reduce<Expr>((acc, f) => member(acc, f), name(first!));
}

// ---------------------------------------------------------------------------------------------
// A hand-made check environment, shaped like a small policy.

export const personType: RecordType = {
  kind: 'record',
  name: 'person',
  fields: new Map<string, Type>([
    ['birth_date', T.date],
    ['death_date', T.optional(T.date)],
  ]),
};

export const categoryType: EnumType = { kind: 'enum', name: 'category', values: ['death', 'disability'] };

export const countyType: EnumType = {
  kind: 'enum',
  name: 'county',
  values: ['450202', '450204', '450205', 'outside'],
  aliases: new Map([
    ['城中区', '450202'],
    ['柳南区', '450204'],
    ['柳北区', '450205'],
  ]),
};

export const hukouType: RecordType = { kind: 'record', name: 'hukou', fields: new Map<string, Type>([['county', countyType]]) };

const VARIABLES = new Map<string, Type>([
  ['p', personType],
  ['wife', T.optional(personType)],
  ['people', T.list(personType)],
  ['category', categoryType],
  ['hukou', hukouType],
  ['n', T.integer],
  ['rate', T.decimal],
  ['amount', T.money],
  ['today', T.date],
  ['flag', T.boolean],
  ['maybe_flag', T.optional(T.boolean)],
  ['maybe_n', T.optional(T.integer)],
]);

const DEFINITIONS = new Map<string, DefinitionSignature>([
  ['eligible', { params: [{ name: 'q', type: personType }], type: T.boolean }],
  ['monthly_total', { params: [], type: T.money }],
]);

const PARAMETERS = new Map<string, Type>([
  ['allowance.death.rate', T.money],
  ['scheme.start_date', T.date],
  ['eligibility.wife_min_age', T.integer],
]);

export const testEnv: CheckEnv = {
  variables: VARIABLES,
  definition: (n) => DEFINITIONS.get(n),
  definitionNames: () => DEFINITIONS.keys(),
  parameter: (id) => PARAMETERS.get(id),
  parameterIds: () => PARAMETERS.keys(),
  payer: (n) => (n === 'city' ? {} : n === 'county' ? { each: countyType } : undefined),
  payerNames: () => ['city', 'county'],
};

export interface Checked {
  readonly expr: Expr;
  readonly type: Type;
  readonly diagnostics: Diagnostic[];
}

/** Parses (must succeed) and type-checks text in `testEnv`. */
export function checkText(text: string, options: Parameters<Checker['check']>[1] = {}, env: CheckEnv = testEnv): Checked {
  const expr = parse(text);
  const checker = new Checker(env);
  const type = checker.check(expr, options);
  return { expr, type, diagnostics: checker.diagnostics };
}
