/** The types of the expression language, and how they relate. */

export type Type =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer' }
  | { readonly kind: 'decimal' }
  | { readonly kind: 'money' }
  | { readonly kind: 'date' }
  | { readonly kind: 'string' }
  | { readonly kind: 'payer' }
  | EnumType
  | RecordType
  | { readonly kind: 'list'; readonly of: Type }
  | { readonly kind: 'optional'; readonly of: Type }
  /** The element type of an empty list literal: fits any list. */
  | { readonly kind: 'nothing' }
  /** A type already reported as wrong: suppresses follow-on errors. */
  | { readonly kind: 'error' };

export interface EnumType {
  readonly kind: 'enum';
  readonly name: string;
  readonly values: readonly string[];
  /** Other spellings that stand for a value, e.g. 柳北区 for 450205. */
  readonly aliases?: ReadonlyMap<string, string>;
}

export interface RecordType {
  readonly kind: 'record';
  readonly name: string;
  readonly fields: ReadonlyMap<string, Type>;
}

export const T = {
  boolean: { kind: 'boolean' } as Type,
  integer: { kind: 'integer' } as Type,
  decimal: { kind: 'decimal' } as Type,
  money: { kind: 'money' } as Type,
  date: { kind: 'date' } as Type,
  string: { kind: 'string' } as Type,
  payer: { kind: 'payer' } as Type,
  nothing: { kind: 'nothing' } as Type,
  error: { kind: 'error' } as Type,
  list: (of: Type): Type => ({ kind: 'list', of }),
  optional: (of: Type): Type => (of.kind === 'optional' || of.kind === 'error' ? of : { kind: 'optional', of }),
};

export function typeName(t: Type): string {
  switch (t.kind) {
    case 'enum':
    case 'record':
      return t.name;
    case 'list':
      return `list of ${typeName(t.of)}`;
    case 'optional':
      return t.of.kind === 'nothing' ? 'none' : `optional ${typeName(t.of)}`;
    default:
      return t.kind;
  }
}

export function isNumeric(t: Type): boolean {
  return t.kind === 'integer' || t.kind === 'decimal';
}

export function stripOptional(t: Type): Type {
  return t.kind === 'optional' ? t.of : t;
}

/** Can a value of type `from` stand where `to` is expected? Integers widen to decimals. */
export function assignable(from: Type, to: Type): boolean {
  if (from.kind === 'error' || to.kind === 'error' || from.kind === 'nothing') return true;
  if (to.kind === 'optional') return assignable(stripOptional(from), to.of);
  if (from.kind === 'optional') return false;
  if (from.kind === 'integer' && to.kind === 'decimal') return true;
  if (from.kind !== to.kind) return false;
  switch (from.kind) {
    case 'enum':
    case 'record':
      return from.name === (to as EnumType | RecordType).name;
    case 'list':
      return assignable(from.of, (to as { of: Type }).of);
    default:
      return true;
  }
}

/** The type both branches of an `if` (or items of a list) fit, if any. */
export function unify(a: Type, b: Type): Type | undefined {
  if (a.kind === 'error' || b.kind === 'error') return T.error;
  if (a.kind === 'nothing') return b;
  if (b.kind === 'nothing') return a;
  if (a.kind === 'optional' || b.kind === 'optional') {
    const inner = unify(stripOptional(a), stripOptional(b));
    return inner && T.optional(inner);
  }
  if (isNumeric(a) && isNumeric(b)) return a.kind === 'integer' && b.kind === 'integer' ? T.integer : T.decimal;
  if (a.kind === 'list' && b.kind === 'list') {
    const inner = unify(a.of, b.of);
    return inner && T.list(inner);
  }
  if (assignable(a, b)) return b;
  if (assignable(b, a)) return a;
  return undefined;
}

/** The canonical value of an enum spelling, or undefined when it is not a member. */
export function enumMember(t: EnumType, spelling: string): string | undefined {
  if (t.values.includes(spelling)) return spelling;
  return t.aliases?.get(spelling);
}
