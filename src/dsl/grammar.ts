/**
 * The chevrotain grammar: it recognises and builds a CST, nothing else. Meaning is given by
 * `fromCst` (CST → AST) and the type checker. Precedence, lowest first:
 * if · or · and · not · comparison and `in` · + - · * / · unary - · `.field` · primary.
 */
import { CstParser, type CstNode } from 'chevrotain';
import * as t from './tokens.js';

class Grammar extends CstParser {
  constructor() {
    super(t.allTokens, { recoveryEnabled: false, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.orExpr);
  });

  orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(t.Or);
      this.SUBRULE2(this.andExpr, { LABEL: 'operands' });
    });
  });

  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(t.And);
      this.SUBRULE2(this.notExpr, { LABEL: 'operands' });
    });
  });

  notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive, { LABEL: 'left' });
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(t.Equal, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(t.NotEqual, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(t.LessEqual, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(t.GreaterEqual, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(t.Less, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(t.Greater, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(t.In, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.additive, { LABEL: 'right' });
    });
  });

  additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(t.Plus, { LABEL: 'ops' }) }, { ALT: () => this.CONSUME(t.Minus, { LABEL: 'ops' }) }]);
      this.SUBRULE2(this.multiplicative, { LABEL: 'operands' });
    });
  });

  multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(t.Star, { LABEL: 'ops' }) }, { ALT: () => this.CONSUME(t.Slash, { LABEL: 'ops' }) }]);
      this.SUBRULE2(this.unary, { LABEL: 'operands' });
    });
  });

  unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Minus);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.postfix) },
    ]);
  });

  postfix = this.RULE('postfix', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(t.Dot);
      this.CONSUME(t.Identifier, { LABEL: 'fields' });
    });
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.numberLike) },
      { ALT: () => this.CONSUME(t.DateLiteral) },
      { ALT: () => this.CONSUME(t.StringLiteral) },
      { ALT: () => this.CONSUME(t.True) },
      { ALT: () => this.CONSUME(t.False) },
      { ALT: () => this.CONSUME(t.None) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.parenthesised) },
      { ALT: () => this.SUBRULE(this.ifExpr) },
      { ALT: () => this.SUBRULE(this.paramRef) },
      { ALT: () => this.SUBRULE(this.aggregate) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
    ]);
  });

  numberLike = this.RULE('numberLike', () => {
    this.CONSUME(t.NumberLiteral);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(t.Currency) }, { ALT: () => this.CONSUME(t.Percent) }]);
    });
  });

  list = this.RULE('list', () => {
    this.CONSUME(t.LBracket);
    this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'items' }) });
    this.CONSUME(t.RBracket);
  });

  parenthesised = this.RULE('parenthesised', () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(t.RParen);
  });

  ifExpr = this.RULE('ifExpr', () => {
    this.CONSUME(t.If);
    this.SUBRULE(this.expression, { LABEL: 'cond' });
    this.CONSUME(t.Then);
    this.SUBRULE2(this.expression, { LABEL: 'then' });
    this.CONSUME(t.Else);
    this.SUBRULE3(this.expression, { LABEL: 'else' });
  });

  paramRef = this.RULE('paramRef', () => {
    this.CONSUME(t.Param);
    this.CONSUME(t.LParen);
    this.SUBRULE(this.dottedName);
    this.OPTION(() => {
      this.CONSUME(t.Comma);
      this.SUBRULE(this.expression, { LABEL: 'at' });
    });
    this.CONSUME(t.RParen);
    this.OPTION2(() => {
      this.CONSUME(t.LBracket);
      this.SUBRULE2(this.expression, { LABEL: 'key' });
      this.CONSUME(t.RBracket);
    });
  });

  dottedName = this.RULE('dottedName', () => {
    this.CONSUME(t.Identifier, { LABEL: 'parts' });
    this.MANY(() => {
      this.CONSUME(t.Dot);
      this.CONSUME2(t.Identifier, { LABEL: 'parts' });
    });
  });

  aggregate = this.RULE('aggregate', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Count, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(t.Any, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(t.All, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(t.Sum, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(t.First, { LABEL: 'op' }) },
    ]);
    this.CONSUME(t.LParen);
    this.CONSUME(t.Identifier, { LABEL: 'variable' });
    this.CONSUME(t.In);
    this.SUBRULE(this.additive, { LABEL: 'list' });
    this.OPTION(() => {
      this.CONSUME(t.Where);
      this.SUBRULE(this.expression, { LABEL: 'where' });
    });
    this.OPTION2(() => {
      this.CONSUME(t.Of);
      this.SUBRULE2(this.expression, { LABEL: 'body' });
    });
    this.CONSUME(t.RParen);
  });

  nameOrCall = this.RULE('nameOrCall', () => {
    this.CONSUME(t.Identifier);
    this.OPTION(() => {
      this.CONSUME(t.LParen);
      this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'args' }) });
      this.CONSUME(t.RParen);
    });
  });
}

/** One parser instance, reused: chevrotain parsers are stateful but cheap to reset. */
export const grammar = new Grammar();
export type { CstNode };
