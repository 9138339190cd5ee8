/** Text → AST, with located diagnostics for lexical and syntax errors. */
import type { IRecognitionException, IToken } from 'chevrotain';
import { didYouMean, error, Source, span, type Diagnostic } from '../diag/index.js';
import type { Expr } from './ast.js';
import { AstBuilder, type OffsetMap } from './fromCst.js';
import { grammar } from './grammar.js';
import { KEYWORDS, lexer } from './tokens.js';

export type ParseResult = { ok: true; expr: Expr; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Parses one expression. `source` is the file it stands in and `map` turns offsets in `text`
 * into offsets in that file (an expression embedded in YAML starts somewhere inside it).
 */
export function parseExpression(text: string, source: Source = new Source('<expression>', text), map: OffsetMap = (i) => i): ParseResult {
  const at = (from: number, to: number) => span(source, map(from), map(Math.max(from, to - 1)) + 1);
  const diagnostics: Diagnostic[] = [];
  if (text.trim() === '') {
    diagnostics.push(error('E-SYNTAX-EMPTY', 'expected an expression, found nothing', at(0, text.length)));
    return { ok: false, diagnostics };
  }
  const lexed = lexer.tokenize(text);
  for (const e of lexed.errors) {
    const ch = text.slice(e.offset, e.offset + e.length);
    const help = ch.startsWith("'") || ch.startsWith('"') ? 'close the string with the same quote on the same line' : undefined;
    diagnostics.push(error('E-SYNTAX-CHAR', `unexpected character '${ch.charAt(0)}'`, at(e.offset, e.offset + 1), help ? { help } : {}));
  }
  if (diagnostics.length) return { ok: false, diagnostics };

  grammar.input = lexed.tokens;
  const cst = grammar.expression();
  const first = grammar.errors[0];
  if (first) {
    diagnostics.push(syntaxError(first, text, at));
    return { ok: false, diagnostics };
  }
  const builder = new AstBuilder(source, map);
  const expr = builder.expression(cst);
  if (builder.diagnostics.length) return { ok: false, diagnostics: builder.diagnostics };
  return { ok: true, expr, diagnostics };
}

function describe(t: IToken): string {
  return t.tokenType.name === 'EOF' ? 'the end of the expression' : `'${t.image}'`;
}

/** A chevrotain recognition error in our words, pointing at the offending token. */
function syntaxError(e: IRecognitionException, text: string, at: (from: number, to: number) => ReturnType<typeof span>): Diagnostic {
  const t = e.token;
  const eof = t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset);
  const where = eof ? at(Math.max(0, text.length - 1), text.length) : at(t.startOffset, t.startOffset + t.image.length);
  const found = eof ? 'the end of the expression' : describe(t);
  const expected = /Expecting token of type --> (\w+) <--/.exec(e.message)?.[1];
  const suggestion = !eof && t.tokenType.name === 'Identifier' ? didYouMean(t.image, KEYWORDS) : '';
  switch (e.name) {
    case 'MismatchedTokenException':
      return error('E-SYNTAX-EXPECTED', `expected ${tokenWord(expected)} but found ${found}.${suggestion}`.replace(/\.$/, ''), where);
    case 'NotAllInputParsedException':
      return error('E-SYNTAX-TRAILING', `unexpected ${found} after a complete expression.${suggestion}`.replace(/\.$/, ''), where, {
        help: 'join the parts with an operator such as and, or, +, or put them in parentheses',
      });
    default:
      return error('E-SYNTAX-EXPECTED', `expected an expression but found ${found}`, where, {
        help: 'an expression is a value (650 CNY, 49, 2018-07-01, true, \'death\'), a name, a call or an operator between two expressions',
      });
  }
}

const TOKEN_WORDS: Record<string, string> = {
  RParen: "')'",
  RBracket: "']'",
  LParen: "'('",
  Then: "'then'",
  Else: "'else'",
  In: "'in'",
  Identifier: 'a name',
  Comma: "','",
};

function tokenWord(name: string | undefined): string {
  return (name && TOKEN_WORDS[name]) ?? (name ? `'${name.toLowerCase()}'` : 'something else');
}
