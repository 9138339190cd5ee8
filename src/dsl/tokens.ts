/** The tokens of the expression language. */
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

function keyword(word: string, name = word.charAt(0).toUpperCase() + word.slice(1)): TokenType {
  return createToken({ name, pattern: new RegExp(word), longer_alt: Identifier });
}

export const If = keyword('if');
export const Then = keyword('then');
export const Else = keyword('else');
export const And = keyword('and');
export const Or = keyword('or');
export const Not = keyword('not');
export const In = keyword('in');
export const Where = keyword('where');
export const Of = keyword('of');
export const True = keyword('true');
export const False = keyword('false');
export const None = keyword('none');
export const Param = keyword('param');
export const Count = keyword('count');
export const Any = keyword('any');
export const All = keyword('all');
export const Sum = keyword('sum');
export const First = keyword('first');
export const Currency = createToken({ name: 'Currency', pattern: /CNY|元/, longer_alt: Identifier });

export const DateLiteral = createToken({ name: 'DateLiteral', pattern: /\d{4}-\d{2}-\d{2}/ });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /\d+(?:\.\d+)?/ });
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /'[^'\n]*'|"[^"\n]*"/ });

export const Percent = createToken({ name: 'Percent', pattern: /%/ });
export const LessEqual = createToken({ name: 'LessEqual', pattern: /<=/ });
export const GreaterEqual = createToken({ name: 'GreaterEqual', pattern: />=/ });
export const NotEqual = createToken({ name: 'NotEqual', pattern: /!=/ });
export const Less = createToken({ name: 'Less', pattern: /</ });
export const Greater = createToken({ name: 'Greater', pattern: />/ });
export const Equal = createToken({ name: 'Equal', pattern: /=/ });
export const Plus = createToken({ name: 'Plus', pattern: /\+/ });
export const Minus = createToken({ name: 'Minus', pattern: /-/ });
export const Star = createToken({ name: 'Star', pattern: /\*/ });
export const Slash = createToken({ name: 'Slash', pattern: /\// });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });

/** Keywords a misspelt word may have meant. */
export const KEYWORDS = ['if', 'then', 'else', 'and', 'or', 'not', 'in', 'where', 'of', 'true', 'false', 'none', 'param', 'count', 'any', 'all', 'sum', 'first', 'CNY'];

export const allTokens: TokenType[] = [
  WhiteSpace,
  DateLiteral,
  NumberLiteral,
  StringLiteral,
  If, Then, Else, And, Or, Not, In, Where, Of, True, False, None, Param, Count, Any, All, Sum, First, Currency,
  Identifier,
  Percent, LessEqual, GreaterEqual, NotEqual, Less, Greater, Equal,
  Plus, Minus, Star, Slash, LParen, RParen, LBracket, RBracket, Comma, Dot,
];

export const lexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: false });
