/** The one step from chevrotain's CST to our AST, attaching each node's span in the file. */
import type { CstNode, IToken } from 'chevrotain';
import { error, span, type Diagnostic, type Source, type Span } from '../diag/index.js';
import type { AggregateOp, BinaryOp, Expr } from './ast.js';
import { parseDate } from './dates.js';

/** Maps an offset in the expression text to an offset in the file. */
export type OffsetMap = (offset: number) => number;

type Children = Record<string, (CstNode | IToken)[] | undefined>;

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly source: Source,
    private readonly map: OffsetMap,
  ) {}

  tokenSpan(t: IToken): Span {
    return span(this.source, this.map(t.startOffset), this.map(t.startOffset + t.image.length - 1) + 1);
  }

  private join(a: Span, b: Span): Span {
    return span(this.source, a.start, b.end);
  }

  expression(node: CstNode): Expr {
    return this.orExpr(nodes(node, 'orExpr')[0]!);
  }

  private orExpr(node: CstNode): Expr {
    return this.chain(nodes(node, 'operands').map((n) => this.andExpr(n)), () => 'or');
  }

  private andExpr(node: CstNode): Expr {
    return this.chain(nodes(node, 'operands').map((n) => this.notExpr(n)), () => 'and');
  }

  /** Left-associative chain of operands joined by operators. */
  private chain(operands: Expr[], op: (i: number) => BinaryOp): Expr {
    let acc = operands[0]!;
    for (let i = 1; i < operands.length; i++) {
      const right = operands[i]!;
      acc = { kind: 'binary', op: op(i - 1), left: acc, right, span: this.join(acc.span, right.span) };
    }
    return acc;
  }

  private notExpr(node: CstNode): Expr {
    const c = node.children as Children;
    if (c.Not) {
      const operand = this.notExpr(nodes(node, 'notExpr')[0]!);
      return { kind: 'unary', op: 'not', operand, span: this.join(this.tokenSpan(tokens(node, 'Not')[0]!), operand.span) };
    }
    return this.comparison(nodes(node, 'comparison')[0]!);
  }

  private comparison(node: CstNode): Expr {
    const left = this.additive(nodes(node, 'left')[0]!);
    const op = tokens(node, 'op')[0];
    if (!op) return left;
    const right = this.additive(nodes(node, 'right')[0]!);
    return { kind: 'binary', op: op.image as BinaryOp, left, right, span: this.join(left.span, right.span) };
  }

  private additive(node: CstNode): Expr {
    const ops = tokens(node, 'ops');
    return this.chain(nodes(node, 'operands').map((n) => this.multiplicative(n)), (i) => ops[i]!.image as BinaryOp);
  }

  private multiplicative(node: CstNode): Expr {
    const ops = tokens(node, 'ops');
    return this.chain(nodes(node, 'operands').map((n) => this.unary(n)), (i) => ops[i]!.image as BinaryOp);
  }

  private unary(node: CstNode): Expr {
    const minus = tokens(node, 'Minus')[0];
    if (minus) {
      const operand = this.unary(nodes(node, 'unary')[0]!);
      return { kind: 'unary', op: '-', operand, span: this.join(this.tokenSpan(minus), operand.span) };
    }
    return this.postfix(nodes(node, 'postfix')[0]!);
  }

  private postfix(node: CstNode): Expr {
    let acc = this.primary(nodes(node, 'primary')[0]!);
    for (const field of tokens(node, 'fields')) {
      const fieldSpan = this.tokenSpan(field);
      acc = { kind: 'member', object: acc, field: field.image, fieldSpan, span: this.join(acc.span, fieldSpan) };
    }
    return acc;
  }

  private primary(node: CstNode): Expr {
    const c = node.children as Children;
    const sub = (name: string) => nodes(node, name)[0]!;
    if (c.numberLike) return this.numberLike(sub('numberLike'));
    if (c.DateLiteral) return this.date(tokens(node, 'DateLiteral')[0]!);
    if (c.StringLiteral) {
      const t = tokens(node, 'StringLiteral')[0]!;
      return { kind: 'string', value: t.image.slice(1, -1), span: this.tokenSpan(t) };
    }
    if (c.True) return { kind: 'boolean', value: true, span: this.tokenSpan(tokens(node, 'True')[0]!) };
    if (c.False) return { kind: 'boolean', value: false, span: this.tokenSpan(tokens(node, 'False')[0]!) };
    if (c.None) return { kind: 'none', span: this.tokenSpan(tokens(node, 'None')[0]!) };
    if (c.list) return this.list(sub('list'));
    if (c.parenthesised) {
      // The brackets belong to the span, so that a diagnostic underlines them whole.
      const paren = sub('parenthesised');
      const inner = this.expression(nodes(paren, 'expression')[0]!);
      return { ...inner, span: this.join(this.tokenSpan(tokens(paren, 'LParen')[0]!), this.tokenSpan(tokens(paren, 'RParen')[0]!)) };
    }
    if (c.ifExpr) return this.ifExpr(sub('ifExpr'));
    if (c.paramRef) return this.paramRef(sub('paramRef'));
    if (c.aggregate) return this.aggregate(sub('aggregate'));
    return this.nameOrCall(sub('nameOrCall'));
  }

  private numberLike(node: CstNode): Expr {
    const num = tokens(node, 'NumberLiteral')[0]!;
    const suffix = tokens(node, 'Currency')[0] ?? tokens(node, 'Percent')[0];
    const s = suffix ? this.join(this.tokenSpan(num), this.tokenSpan(suffix)) : this.tokenSpan(num);
    if (!suffix) return { kind: 'number', text: num.image, span: s };
    return { kind: suffix.image === '%' ? 'percent' : 'money', text: num.image, span: s };
  }

  private date(t: IToken): Expr {
    const value = parseDate(t.image);
    const s = this.tokenSpan(t);
    if (value === undefined) {
      this.diagnostics.push(error('E-DATE-INVALID', `${t.image} is not a calendar date`, s, { help: 'write a real date as YYYY-MM-DD' }));
      return { kind: 'date', value: 0, span: s };
    }
    return { kind: 'date', value, span: s };
  }

  private list(node: CstNode): Expr {
    const items = nodes(node, 'items').map((n) => this.expression(n));
    return { kind: 'list', items, span: this.join(this.tokenSpan(tokens(node, 'LBracket')[0]!), this.tokenSpan(tokens(node, 'RBracket')[0]!)) };
  }

  private ifExpr(node: CstNode): Expr {
    const [cond, then, otherwise] = ['cond', 'then', 'else'].map((l) => this.expression(nodes(node, l)[0]!)) as [Expr, Expr, Expr];
    return { kind: 'if', cond, then, else: otherwise, span: this.join(this.tokenSpan(tokens(node, 'If')[0]!), otherwise.span) };
  }

  private paramRef(node: CstNode): Expr {
    const parts = tokens(nodes(node, 'dottedName')[0]!, 'parts');
    const idSpan = this.join(this.tokenSpan(parts[0]!), this.tokenSpan(parts[parts.length - 1]!));
    const atNode = nodes(node, 'at')[0];
    const keyNode = nodes(node, 'key')[0];
    const close = tokens(node, 'RBracket')[0] ?? tokens(node, 'RParen')[0]!;
    const s = this.join(this.tokenSpan(tokens(node, 'Param')[0]!), this.tokenSpan(close));
    const id = parts.map((p) => p.image).join('.');
    return {
      kind: 'param',
      id,
      idSpan,
      ...(atNode ? { at: this.expression(atNode) } : {}),
      ...(keyNode ? { key: this.expression(keyNode) } : {}),
      span: s,
    };
  }

  private aggregate(node: CstNode): Expr {
    const op = tokens(node, 'op')[0]!;
    const variable = tokens(node, 'variable')[0]!;
    const list = this.additive(nodes(node, 'list')[0]!);
    const whereNode = nodes(node, 'where')[0];
    const bodyNode = nodes(node, 'body')[0];
    return {
      kind: 'aggregate',
      op: op.image as AggregateOp,
      variable: variable.image,
      variableSpan: this.tokenSpan(variable),
      list,
      ...(whereNode ? { where: this.expression(whereNode) } : {}),
      ...(bodyNode ? { body: this.expression(bodyNode) } : {}),
      span: this.join(this.tokenSpan(op), this.tokenSpan(tokens(node, 'RParen')[0]!)),
    };
  }

  private nameOrCall(node: CstNode): Expr {
    const id = tokens(node, 'Identifier')[0]!;
    const idSpan = this.tokenSpan(id);
    const close = tokens(node, 'RParen')[0];
    if (!close) return { kind: 'name', name: id.image, span: idSpan };
    const args = nodes(node, 'args').map((n) => this.expression(n));
    return { kind: 'call', callee: id.image, calleeSpan: idSpan, args, span: this.join(idSpan, this.tokenSpan(close)) };
  }
}

function nodes(node: CstNode, name: string): CstNode[] {
  return ((node.children as Children)[name] ?? []) as CstNode[];
}

function tokens(node: CstNode, name: string): IToken[] {
  return ((node.children as Children)[name] ?? []) as IToken[];
}
