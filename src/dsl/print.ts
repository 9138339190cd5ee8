/** AST → text that parses back to the same AST. Parenthesises only where precedence needs it. */
import type { Expr } from './ast.js';
import { formatDate } from './dates.js';

/** Binding strength; higher binds tighter. */
function level(e: Expr): number {
  switch (e.kind) {
    case 'if':
      return 0;
    case 'binary':
      switch (e.op) {
        case 'or':
          return 1;
        case 'and':
          return 2;
        case '+':
        case '-':
          return 5;
        case '*':
        case '/':
          return 6;
        default:
          return 4;
      }
    case 'unary':
      return e.op === 'not' ? 3 : 7;
    default:
      return 9;
  }
}

function wrap(e: Expr, min: number): string {
  const text = printExpr(e);
  return level(e) < min ? `(${text})` : text;
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'money':
      return `${e.text} CNY`;
    case 'percent':
      return `${e.text}%`;
    case 'date':
      return formatDate(e.value);
    case 'string':
      return e.value.includes("'") ? `"${e.value}"` : `'${e.value}'`;
    case 'boolean':
      return String(e.value);
    case 'none':
      return 'none';
    case 'list':
      return `[${e.items.map(printExpr).join(', ')}]`;
    case 'name':
      return e.name;
    case 'member':
      return `${wrap(e.object, 8)}.${e.field}`;
    case 'call':
      return `${e.callee}(${e.args.map(printExpr).join(', ')})`;
    case 'param':
      return `param(${e.id}${e.at ? `, ${printExpr(e.at)}` : ''})${e.key ? `[${printExpr(e.key)}]` : ''}`;
    case 'unary':
      return e.op === 'not' ? `not ${wrap(e.operand, 3)}` : `-${wrap(e.operand, 7)}`;
    case 'if':
      return `if ${printExpr(e.cond)} then ${printExpr(e.then)} else ${printExpr(e.else)}`;
    case 'aggregate': {
      const where = e.where ? ` where ${printExpr(e.where)}` : '';
      const body = e.body ? ` of ${printExpr(e.body)}` : '';
      return `${e.op}(${e.variable} in ${wrap(e.list, 5)}${where}${body})`;
    }
    case 'binary': {
      const l = level(e);
      // Comparisons do not chain, so both sides must bind tighter; other operators are
      // left-associative, so only the right side needs the stricter bound.
      const leftMin = l === 4 ? 5 : l;
      return `${wrap(e.left, leftMin)} ${e.op} ${wrap(e.right, l + 1)}`;
    }
  }
}
