/** Round trips: parsing the printed text of any AST gives that AST back (spans and types aside). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dates, parseExpression, printExpr, type AggregateOp, type BinaryOp, type Expr } from '../../src/dsl/index.js';
import { KEYWORDS } from '../../src/dsl/tokens.js';
import {
  agg,
  bin,
  bool,
  call,
  date,
  iff,
  list,
  member,
  money,
  name,
  neg,
  none,
  not,
  num,
  param,
  parse,
  pct,
  str,
  strip,
} from './helpers.js';

const BINARY_OPS: readonly BinaryOp[] = ['or', 'and', '=', '!=', '<', '<=', '>', '>=', 'in', '+', '-', '*', '/'];
const AGGREGATE_OPS: readonly AggregateOp[] = ['count', 'any', 'all', 'sum'];

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Names that are not keywords; short, so that near-keywords (`in_`, `iff`, `CNYs`) come up often. */
const identifier: fc.Arbitrary<string> = fc
  .oneof(
    fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,5}$/),
    fc.constantFrom('iff', 'inx', 'orx', 'nota', 'CNYs', 'sum_of', 'where_', 'count2', 'p', 'children', 'death_date'),
  )
  .filter((s) => !KEYWORDS.includes(s));

/** Number text as written: digits, optionally a fraction; never a sign (that is unary minus). */
const numberText: fc.Arbitrary<string> = fc.stringMatching(/^\d{1,6}(\.\d{1,4})?$/);

const civilDate: fc.Arbitrary<number> = fc
  .record({ y: fc.integer({ min: 1, max: 9999 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, d }) => dates.ymd(y, m, Math.min(d, dates.daysInMonth(y, m))));

/** String values without quote characters or line breaks (the grammar has no escapes). */
const stringValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 8 }).filter((s) => !/['"\n]/.test(s)),
  fc.constantFrom('death', '柳北区', '450205', 'a b', ' ', '', 'if then else', '1 + 2', '%', '元'),
);

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  numberText.map(num),
  numberText.map(money),
  numberText.map(pct),
  civilDate.map(date),
  stringValue.map(str),
  fc.boolean().map(bool),
  fc.constant(none()),
  identifier.map(name),
);

const { expr } = fc.letrec<{ expr: Expr }>((tie) => {
  const sub = tie('expr');
  return {
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true, maxDepth: 6 },
      leaf,
      fc.array(sub, { maxLength: 3 }).map((items) => list(...items)),
      fc.tuple(sub, identifier).map(([o, f]) => member(o, f)),
      fc.tuple(identifier, fc.array(sub, { maxLength: 3 })).map(([c, args]) => call(c, ...args)),
      fc.tuple(fc.array(identifier, { minLength: 1, maxLength: 3 }), fc.option(sub, { nil: undefined })).map(([parts, at]) => param(parts.join('.'), at)),
      sub.map(neg),
      sub.map(not),
      fc.tuple(fc.constantFrom(...BINARY_OPS), sub, sub).map(([op, l, r]) => bin(op, l, r)),
      fc.tuple(sub, sub, sub).map(([c, t, e]) => iff(c, t, e)),
      fc
        .record({
          op: fc.constantFrom(...AGGREGATE_OPS),
          variable: identifier,
          over: sub,
          where: fc.option(sub, { nil: undefined }),
          body: fc.option(sub, { nil: undefined }),
        })
        .map(({ op, variable, over, where, body }) => agg(op, variable, over, { ...(where ? { where } : {}), ...(body ? { body } : {}) })),
    ),
  };
});

/** parse(print(e)), stripped, or a description of why it failed. */
function reparsed(e: Expr): unknown {
  const text = printExpr(e);
  const r = parseExpression(text);
  if (!r.ok) return { printed: text, errors: r.diagnostics.map((d) => `${d.code}: ${d.message}`) };
  return strip(r.expr, false);
}

// ---------------------------------------------------------------------------------------------

describe('print then parse', () => {
  it('property: parse(print(ast)) = ast for generated ASTs (every node kind and operator)', () => {
    fc.assert(
      fc.property(expr, (e) => {
        expect(reparsed(e)).toEqual(strip(e, false));
      }),
      { seed: 0x5eed_2018, numRuns: 1000 },
    );
  });

  it('the generator reaches every node kind and every operator', () => {
    const kinds = new Set<string>();
    for (const e of fc.sample(expr, { seed: 0x5eed_2018, numRuns: 1000 })) {
      const visit = (n: Expr): void => {
        kinds.add(n.kind === 'binary' || n.kind === 'unary' || n.kind === 'aggregate' ? `${n.kind}:${n.op}` : n.kind);
        if (n.kind === 'param') kinds.add(n.at ? 'param:at' : 'param:plain');
        if (n.kind === 'aggregate') kinds.add(`aggregate:${n.where ? 'where' : '-'}:${n.body ? 'of' : '-'}`);
        for (const c of Object.values(n)) {
          if (Array.isArray(c)) c.forEach((x) => typeof x === 'object' && x && 'kind' in x && visit(x as Expr));
          else if (typeof c === 'object' && c && 'kind' in c) visit(c as Expr);
        }
      };
      visit(e);
    }
    const expected = [
      'number', 'money', 'percent', 'date', 'string', 'boolean', 'none', 'list', 'name', 'member', 'call',
      'param:at', 'param:plain', 'unary:-', 'unary:not', 'if',
      ...BINARY_OPS.map((op) => `binary:${op}`),
      ...AGGREGATE_OPS.map((op) => `aggregate:${op}`),
      'aggregate:-:-', 'aggregate:where:-', 'aggregate:-:of', 'aggregate:where:of',
    ];
    expect(expected.filter((k) => !kinds.has(k))).toEqual([]);
  });

  it('property: printing is stable (print(parse(print(ast))) = print(ast))', () => {
    fc.assert(
      fc.property(expr, (e) => {
        const text = printExpr(e);
        expect(printExpr(parse(text))).toBe(text);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it.each<[string, Expr]>([
    ['if as the left operand', bin('+', iff(name('a'), num('1'), num('2')), num('3'))],
    ['if as the right operand', bin('*', num('3'), iff(name('a'), num('1'), num('2')))],
    ['if under unary minus and not', bin('and', not(iff(name('a'), bool(true), bool(false))), bool(true))],
    ['if as a member object', member(iff(name('a'), name('b'), name('c')), 'x')],
    ['if as the list of an aggregate', agg('count', 'x', iff(name('a'), name('b'), name('c')))],
    ['if in then and cond', iff(iff(name('a'), name('b'), name('c')), iff(name('d'), name('e'), name('f')), name('g'))],
    ['a comparison as the operand of a comparison', bin('=', bin('<', name('a'), name('b')), bin('>', name('c'), name('d')))],
    ['in on both sides of in', bin('in', bin('in', name('a'), name('b')), bin('in', name('c'), name('d')))],
    ['right-nested subtraction and division', bin('-', num('1'), bin('-', num('2'), bin('/', num('3'), bin('/', num('4'), num('5')))))],
    ['right-nested and/or', bin('and', name('a'), bin('and', name('b'), bin('or', name('c'), name('d'))))],
    ['not over and, and over not', bin('and', not(bin('and', name('a'), name('b'))), not(name('c')))],
    ['not as a comparison operand', bin('=', not(name('a')), not(name('b')))],
    ['unary minus over arithmetic and member', neg(bin('*', neg(num('1')), member(neg(name('a')), 'b')))],
    ['minus minus', bin('-', num('1'), neg(neg(num('2'))))],
    ['member on every literal', list(member(num('1'), 'a'), member(num('1.5'), 'b'), member(money('2'), 'c'), member(pct('3'), 'd'), member(date(20190301), 'e'), member(str('s'), 'f'), member(none(), 'g'), member(list(), 'h'))],
    ['a comparison as the list of an aggregate', agg('sum', 'x', bin('<', name('a'), name('b')), { where: bin('or', name('c'), name('d')), body: iff(name('e'), name('f'), name('g')) })],
    ['not as the list of an aggregate', agg('all', 'x', not(name('a')), { where: not(name('b')) })],
    ['param with a complex date', param('a.b', bin('or', iff(name('x'), name('y'), name('z')), name('w')))],
    ['a date next to minus', bin('-', date(20190301), neg(date(10101)))],
    ['strings with either quote', list(str("it's"), str('say "hi"'))],
  ])('%s', (_, e) => {
    expect(reparsed(e)).toEqual(strip(e, false));
  });
});

describe('printExpr', () => {
  it.each([
    ['650元', '650 CNY'],
    ['650CNY', '650 CNY'],
    ['(a + b) * c', '(a + b) * c'],
    ['a + (b * c)', 'a + b * c'],
    ['((a))', 'a'],
    ['1 - (2 - 3)', '1 - (2 - 3)'],
    ['(1 - 2) - 3', '1 - 2 - 3'],
    ['not (a and b)', 'not (a and b)'],
    ['(not a) = b', '(not a) = b'],
    ['(a = b) = c', '(a = b) = c'],
    ['-(a + b)', '-(a + b)'],
    ['(-a).b', '(-a).b'],
    ['(if a then 1 else 2) + 3', '(if a then 1 else 2) + 3'],
    ['[1,2 ,3]', '[1, 2, 3]'],
    ['f( x ,y )', 'f(x, y)'],
    ['param( a . b ,2019-03-01 )', 'param(a.b, 2019-03-01)'],
    ["\"death\"", "'death'"],
    ['"it\'s"', '"it\'s"'],
    ['sum( c in children where c.adopted of 1 CNY )', 'sum(c in children where c.adopted of 1 CNY)'],
    ['count(c in (a in b))', 'count(c in (a in b))'],
  ])('%s prints as %s', (text, printed) => {
    expect(printExpr(parse(text))).toBe(printed);
  });
});
