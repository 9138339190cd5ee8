/** Type names as written in policy files (`money`, `county`, `list of person`) → types. */
import { didYouMean, error, excerpt, type Diagnostic, type Span } from '../diag/index.js';
import { nameTable, T, type Type } from '../dsl/index.js';

const PRIMITIVES: Readonly<Record<string, Type>> = nameTable({
  boolean: T.boolean,
  integer: T.integer,
  decimal: T.decimal,
  money: T.money,
  date: T.date,
  string: T.string,
});

/** Resolves a type name against the primitives and the named types given. */
export function resolveTypeName(text: string, named: ReadonlyMap<string, Type>, at: Span, diagnostics: Diagnostic[]): Type {
  const optional = /^optional (.+)$/.exec(text);
  if (optional) return T.optional(resolveTypeName(optional[1]!, named, at, diagnostics));
  const list = /^list of (.+)$/.exec(text);
  if (list) return T.list(resolveTypeName(list[1]!, named, at, diagnostics));
  const t = PRIMITIVES[text] ?? named.get(text);
  if (t) return t;
  const known = [...Object.keys(PRIMITIVES), ...named.keys()];
  diagnostics.push(error('E-TYPE-UNKNOWN', `unknown type '${excerpt(text)}'.${didYouMean(text, known)}`, at, { help: `the types are ${known.join(', ')}, and 'list of' any of them` }));
  return T.error;
}
