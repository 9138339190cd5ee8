/**
 * The AST of the expression language. Every node carries its span in the policy file; the
 * type checker fills `type` in place (one tree for both phases).
 */
import type { Span } from '../diag/index.js';
import type { Type } from './types.js';

interface NodeBase {
  readonly span: Span;
  /** Filled by the type checker. */
  type?: Type;
}

export type BinaryOp = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | '+' | '-' | '*' | '/';
export type AggregateOp = 'count' | 'any' | 'all' | 'sum' | 'first';

export interface NumberLit extends NodeBase { readonly kind: 'number'; readonly text: string }
export interface MoneyLit extends NodeBase { readonly kind: 'money'; readonly text: string }
export interface PercentLit extends NodeBase { readonly kind: 'percent'; readonly text: string }
/** `value` is the date as yyyymmdd. */
export interface DateLit extends NodeBase { readonly kind: 'date'; readonly value: number }
export interface StringLit extends NodeBase {
  readonly kind: 'string';
  readonly value: string;
  /** Filled by the checker where the string stands for an enum member spelt another way. */
  canonical?: string;
}
export interface BooleanLit extends NodeBase { readonly kind: 'boolean'; readonly value: boolean }
/** `none`: the absent value of an optional type. */
export interface NoneLit extends NodeBase { readonly kind: 'none' }
export interface ListLit extends NodeBase { readonly kind: 'list'; readonly items: readonly Expr[] }
/** A variable, a household field, a definition without arguments. */
export interface Name extends NodeBase { readonly kind: 'name'; readonly name: string }
export interface Member extends NodeBase {
  readonly kind: 'member';
  readonly object: Expr;
  readonly field: string;
  readonly fieldSpan: Span;
}
/** A built-in or a definition applied to arguments. */
export interface Call extends NodeBase {
  readonly kind: 'call';
  readonly callee: string;
  readonly calleeSpan: Span;
  readonly args: readonly Expr[];
}
/**
 * `param(id)` or `param(id, date)`: a dated parameter's value on the evaluated date, or on `at`.
 * A parameter keyed by an enumeration (one value per county) is read as `param(id)[key]`.
 */
export interface ParamRef extends NodeBase {
  readonly kind: 'param';
  readonly id: string;
  readonly idSpan: Span;
  readonly at?: Expr;
  readonly key?: Expr;
}
export interface Unary extends NodeBase { readonly kind: 'unary'; readonly op: '-' | 'not'; readonly operand: Expr }
export interface Binary extends NodeBase {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}
export interface If extends NodeBase {
  readonly kind: 'if';
  readonly cond: Expr;
  readonly then: Expr;
  readonly else: Expr;
}
/** `count(c in children where c.adopted)`, `sum(c in xs where … of …)`, `first(c in xs where … of …)`. */
export interface Aggregate extends NodeBase {
  readonly kind: 'aggregate';
  readonly op: AggregateOp;
  readonly variable: string;
  readonly variableSpan: Span;
  readonly list: Expr;
  readonly where?: Expr;
  readonly body?: Expr;
}

export type Expr =
  | NumberLit
  | MoneyLit
  | PercentLit
  | DateLit
  | StringLit
  | BooleanLit
  | NoneLit
  | ListLit
  | Name
  | Member
  | Call
  | ParamRef
  | Unary
  | Binary
  | If
  | Aggregate;

/** Direct children of a node, in source order. */
export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'list':
      return [...e.items];
    case 'member':
      return [e.object];
    case 'call':
      return [...e.args];
    case 'param':
      return [...(e.at ? [e.at] : []), ...(e.key ? [e.key] : [])];
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'if':
      return [e.cond, e.then, e.else];
    case 'aggregate':
      return [e.list, ...(e.where ? [e.where] : []), ...(e.body ? [e.body] : [])];
    default:
      return [];
  }
}

/** Every node of a tree, depth first. */
export function* walk(e: Expr): Generator<Expr> {
  yield e;
  for (const c of children(e)) yield* walk(c);
}
