/** Text → AST, with located diagnostics for lexical and syntax errors. */
import type { IRecognitionException, IToken } from 'chevrotain';
import { didYouMean, error, Source, span, type Diagnostic } from '../diag/index.js';
import type { Expr } from './ast.js';
import { children, type Expr as Node } from './ast.js';
import { AstBuilder, type OffsetMap } from './fromCst.js';
import { grammar } from './grammar.js';
import { EXPRESSION_LIMITS, type ExpressionLimits } from './limits.js';
import { KEYWORDS, lexer } from './tokens.js';

export type ParseResult = { ok: true; expr: Expr; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Parses one expression. `source` is the file it stands in and `map` turns offsets in `text`
 * into offsets in that file (an expression embedded in YAML starts somewhere inside it).
 * Text longer or deeper than the limits is refused before the parser recurses into it.
 */
export function parseExpression(text: string, source: Source = new Source('<expression>', text), map: OffsetMap = (i) => i, limits: ExpressionLimits = EXPRESSION_LIMITS): ParseResult {
  const at = (from: number, to: number) => span(source, map(from), map(Math.max(from, to - 1)) + 1);
  const diagnostics: Diagnostic[] = [];
  if (text.trim() === '') {
    diagnostics.push(error('E-SYNTAX-EMPTY', 'expected an expression, found nothing', at(0, text.length)));
    return { ok: false, diagnostics };
  }
  if (text.length > limits.maxLength) {
    diagnostics.push(error('E-EXPR-TOO-LONG', `expression of ${text.length} characters; the limit is ${limits.maxLength}`, at(0, 1), { help: 'split it into named definitions' }));
    return { ok: false, diagnostics };
  }
  const lexed = lexer.tokenize(text);
  for (const e of lexed.errors) {
    const ch = text.slice(e.offset, e.offset + e.length);
    const help = ch.startsWith("'") || ch.startsWith('"') ? 'close the string with the same quote on the same line' : undefined;
    diagnostics.push(error('E-SYNTAX-CHAR', `unexpected character '${ch.charAt(0)}'`, at(e.offset, e.offset + 1), help ? { help } : {}));
  }
  if (diagnostics.length) return { ok: false, diagnostics };
  const deep = tooDeep(lexed.tokens, limits.maxDepth);
  if (deep) return { ok: false, diagnostics: [depthError(at(deep.startOffset, deep.startOffset + deep.image.length), limits.maxDepth)] };

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
  // Chains of operators nest in the tree without nesting in the text (`1 + 1 + …`).
  const deepNode = deeperThan(expr, limits.maxDepth);
  if (deepNode) return { ok: false, diagnostics: [depthError(deepNode.span, limits.maxDepth)] };
  return { ok: true, expr, diagnostics };
}

function depthError(where: ReturnType<typeof span>, max: number): Diagnostic {
  return error('E-EXPR-TOO-DEEP', `expression nested more than ${max} deep here`, where, { help: 'give the inner parts names of their own (definitions in rules.yaml), or write a long chain as a sum() or any() over a list' });
}

const PREFIX = new Set(['Not', 'Minus']);
const AFTER_OPERAND = new Set(['NumberLiteral', 'Currency', 'Percent', 'Identifier', 'RParen', 'RBracket', 'StringLiteral', 'DateLiteral', 'True', 'False', 'None']);

/**
 * The first token at which the text nests deeper than `max`, counting what makes the parser
 * recurse: each open parenthesis or bracket, each `if` (its branches run to the end of the
 * enclosing parentheses), and each run of prefix operators (`not not x`, `- - 1`).
 */
function tooDeep(tokens: readonly IToken[], max: number): IToken | undefined {
  const bases: number[] = [];
  let base = 0;
  let run = 0;
  let previous: string | undefined;
  for (const t of tokens) {
    const name = t.tokenType.name;
    if (name === 'LParen' || name === 'LBracket') {
      bases.push(base);
      base += run + 1;
      run = 0;
    } else if (name === 'RParen' || name === 'RBracket') {
      base = bases.pop() ?? 0;
      run = 0;
    } else if (name === 'If') base++;
    else if (PREFIX.has(name) && (name !== 'Minus' || previous === undefined || !AFTER_OPERAND.has(previous))) run++;
    else run = 0;
    if (base + run > max) return t;
    previous = name;
  }
  return undefined;
}

/** The first node found deeper than `max` in the tree, without recursion. */
function deeperThan(root: Node, max: number): Node | undefined {
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length) {
    const [e, depth] = stack.pop()!;
    if (depth > max) return e;
    for (const c of children(e)) stack.push([c, depth + 1]);
  }
  return undefined;
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
