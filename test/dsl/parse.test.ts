/** Grammar and AST: literals, precedence, compound forms, spans, and syntax diagnostics. */
import { describe, expect, it } from 'vitest';
import { location, Source } from '../../src/diag/index.js';
import type { Expr } from '../../src/dsl/index.js';
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
  parseErrors,
  path,
  pct,
  range,
  single,
  str,
  strip,
  textOf,
} from './helpers.js';

/** Asserts the span-free shape of the AST of `text`. */
function expectAst(text: string, expected: Expr): void {
  expect(strip(parse(text))).toEqual(strip(expected));
}

/** Narrows a node to one kind, failing the test otherwise. */
function as<K extends Expr['kind']>(e: Expr, kind: K): Extract<Expr, { kind: K }> {
  expect(e.kind).toBe(kind);
  return e as Extract<Expr, { kind: K }>;
}

describe('literals', () => {
  it.each([
    ['0', num('0')],
    ['49', num('49')],
    ['0.5', num('0.5')],
    ['650.50', num('650.50')],
  ])('number %s keeps its text', (text, expected) => expectAst(text, expected));

  it('money written with CNY or 元, with or without a space', () => {
    expectAst('650 CNY', money('650'));
    expectAst('650CNY', money('650'));
    expectAst('650元', money('650'));
    expectAst('650 元', money('650'));
    expectAst('0.05 CNY', money('0.05'));
  });

  it('percentages', () => {
    expectAst('60%', pct('60'));
    expectAst('12.5%', pct('12.5'));
  });

  it('dates become yyyymmdd numbers', () => {
    expectAst('2019-03-01', date(20190301));
    expectAst('2020-02-29', date(20200229));
    expectAst('0001-01-01', date(10101));
  });

  it("strings in ' and \" (the other quote may appear inside)", () => {
    expectAst("'death'", str('death'));
    expectAst('"death"', str('death'));
    expectAst(`"it's"`, str("it's"));
    expectAst(`'say "hi"'`, str('say "hi"'));
    expectAst("'柳北区'", str('柳北区'));
    expectAst("''", str(''));
  });

  it('true, false and none', () => {
    expectAst('true', bool(true));
    expectAst('false', bool(false));
    expectAst('none', none());
  });

  it('lists, empty and nested', () => {
    expectAst('[]', list());
    expectAst('[1, 2.5, 3 CNY]', list(num('1'), num('2.5'), money('3')));
    expectAst("['柳北区', '柳南区']", list(str('柳北区'), str('柳南区')));
    expectAst('[[1], []]', list(list(num('1')), list()));
  });

  it('keywords as a prefix of a longer name are names', () => {
    expectAst('iffy', name('iffy'));
    expectAst('index', name('index'));
    expectAst('order', name('order'));
    expectAst('notable', name('notable'));
    expectAst('CNY_rate', name('CNY_rate'));
    expectAst('sum_of', name('sum_of'));
  });

  it('a minus sign before a number is unary minus, not part of the literal', () => {
    expectAst('-5', neg(num('5')));
    expectAst('-650 CNY', neg(money('650')));
    expectAst('a - -5', bin('-', name('a'), neg(num('5'))));
  });
});

describe('precedence and associativity', () => {
  it('or binds loosest, then and', () => {
    expectAst('a or b and c', bin('or', name('a'), bin('and', name('b'), name('c'))));
    expectAst('a and b or c', bin('or', bin('and', name('a'), name('b')), name('c')));
  });

  it('not binds looser than comparison and tighter than and', () => {
    expectAst('not a = b', not(bin('=', name('a'), name('b'))));
    expectAst('not a and b', bin('and', not(name('a')), name('b')));
    expectAst('a or not b', bin('or', name('a'), not(name('b'))));
    expectAst('not not a', not(not(name('a'))));
  });

  it('comparison and in bind looser than + and -', () => {
    expectAst('a + 1 > b - 2', bin('>', bin('+', name('a'), num('1')), bin('-', name('b'), num('2'))));
    expectAst('a + 1 in xs', bin('in', bin('+', name('a'), num('1')), name('xs')));
    expectAst('a = b and c != d', bin('and', bin('=', name('a'), name('b')), bin('!=', name('c'), name('d'))));
  });

  it.each(['=', '!=', '<', '<=', '>', '>=', 'in'] as const)('comparison operator %s', (op) => {
    expectAst(`a ${op} b`, bin(op, name('a'), name('b')));
  });

  it('* and / bind tighter than + and -', () => {
    expectAst('a + b * c', bin('+', name('a'), bin('*', name('b'), name('c'))));
    expectAst('a * b + c', bin('+', bin('*', name('a'), name('b')), name('c')));
    expectAst('a - b / c', bin('-', name('a'), bin('/', name('b'), name('c'))));
  });

  it('arithmetic, and and or are left-associative', () => {
    expectAst('1 - 2 - 3', bin('-', bin('-', num('1'), num('2')), num('3')));
    expectAst('8 / 4 / 2', bin('/', bin('/', num('8'), num('4')), num('2')));
    expectAst('a - b + c', bin('+', bin('-', name('a'), name('b')), name('c')));
    expectAst('a and b and c', bin('and', bin('and', name('a'), name('b')), name('c')));
    expectAst('a or b or c', bin('or', bin('or', name('a'), name('b')), name('c')));
  });

  it('parentheses override precedence and leave no node of their own', () => {
    expectAst('1 - (2 - 3)', bin('-', num('1'), bin('-', num('2'), num('3'))));
    expectAst('(a + b) * c', bin('*', bin('+', name('a'), name('b')), name('c')));
    expectAst('((a))', name('a'));
  });

  it('unary minus binds tighter than * and looser than member access', () => {
    expectAst('-a * b', bin('*', neg(name('a')), name('b')));
    expectAst('a * -b', bin('*', name('a'), neg(name('b'))));
    expectAst('-p.birth_date', neg(path('p.birth_date')));
    expectAst('--a', neg(neg(name('a'))));
  });

  it('comparisons do not chain', () => {
    const d = single(parseErrors('a < b < c'));
    expect(d.code).toBe('E-SYNTAX-TRAILING');
    expect(range(d.span)).toEqual({ start: 6, end: 7 });
  });
});

describe('compound forms', () => {
  it('if / then / else, nested in the else branch', () => {
    expectAst('if a then 1 else 2', iff(name('a'), num('1'), num('2')));
    expectAst(
      "if a then 'x' else if b then 'y' else 'z'",
      iff(name('a'), str('x'), iff(name('b'), str('y'), str('z'))),
    );
  });

  it('the else branch of if takes a whole expression', () => {
    expectAst('if a then 1 else 2 + 3', iff(name('a'), num('1'), bin('+', num('2'), num('3'))));
    expectAst('(if a then 1 else 2) + 3', bin('+', iff(name('a'), num('1'), num('2')), num('3')));
  });

  it('param with a dotted id, and with a date', () => {
    expectAst('param(rate)', param('rate'));
    expectAst('param(allowance.death.rate)', param('allowance.death.rate'));
    expectAst('param(allowance.death.rate, 2018-07-01)', param('allowance.death.rate', date(20180701)));
    expectAst('param(x, month.start)', param('x', path('month.start')));
  });

  it('aggregates with and without where and of', () => {
    expectAst('count(c in children)', agg('count', 'c', name('children')));
    expectAst('count(c in children where c.adopted)', agg('count', 'c', name('children'), { where: path('c.adopted') }));
    expectAst(
      'any(c in children where exists(c.death_date))',
      agg('any', 'c', name('children'), { where: call('exists', path('c.death_date')) }),
    );
    expectAst('all(c in xs where c > 1)', agg('all', 'c', name('xs'), { where: bin('>', name('c'), num('1')) }));
    expectAst('sum(c in children of c.grant)', agg('sum', 'c', name('children'), { body: path('c.grant') }));
    expectAst(
      'sum(c in a + b where c > 1 of c * 2)',
      agg('sum', 'c', bin('+', name('a'), name('b')), {
        where: bin('>', name('c'), num('1')),
        body: bin('*', name('c'), num('2')),
      }),
    );
  });

  it('calls with no, one and several arguments', () => {
    expectAst('f()', call('f'));
    expectAst('exists(wife)', call('exists', name('wife')));
    expectAst("round(x * 60%, 'half_up', 1 CNY)", call('round', bin('*', name('x'), pct('60')), str('half_up'), money('1')));
    expectAst('f(g(1), [2])', call('f', call('g', num('1')), list(num('2'))));
  });

  it('member chains on names, calls, params and parentheses', () => {
    expectAst('a.b.c', member(member(name('a'), 'b'), 'c'));
    expectAst('f(x).y', member(call('f', name('x')), 'y'));
    expectAst('param(p).field', member(param('p'), 'field'));
    expectAst('(-a).b', member(neg(name('a')), 'b'));
    expectAst('1.5.x', member(num('1.5'), 'x'));
  });

  it('whitespace, including line breaks, is insignificant', () => {
    expectAst('a\n  and\tb', bin('and', name('a'), name('b')));
  });
});

describe('spans', () => {
  it('leaves cover their token', () => {
    const text = 'x + 650 CNY + 60% + 2019-03-01';
    const e = parse(text);
    const leaves: string[] = [];
    const visit = (n: Expr): void => {
      if (n.kind === 'binary') {
        visit(n.left);
        visit(n.right);
      } else leaves.push(textOf(n.span)!);
    };
    visit(e);
    expect(leaves).toEqual(['x', '650 CNY', '60%', '2019-03-01']);
  });

  it('binary nodes cover both operands; the inner node only its own', () => {
    const e = as(parse('a + b * c'), 'binary');
    expect(range(e.span)).toEqual({ start: 0, end: 9 });
    expect(range(e.right.span)).toEqual({ start: 4, end: 9 });
    expect(textOf(e.right.span)).toBe('b * c');
  });

  it('member reads: the whole chain and the field alone', () => {
    const e = as(parse('wife.death_date'), 'member');
    expect(range(e.span)).toEqual({ start: 0, end: 15 });
    expect(range(e.fieldSpan)).toEqual({ start: 5, end: 15 });
    expect(range(e.object.span)).toEqual({ start: 0, end: 4 });
  });

  it('param: the whole reference and the id', () => {
    const e = as(parse('param(allowance.death.rate, 2018-07-01)'), 'param');
    expect(range(e.span)).toEqual({ start: 0, end: 39 });
    expect(textOf(e.idSpan)).toBe('allowance.death.rate');
    expect(textOf(e.at!.span)).toBe('2018-07-01');
  });

  it('calls, aggregates, if, unary and lists', () => {
    const c = as(parse('age(p.birth_date, today)'), 'call');
    expect(textOf(c.calleeSpan)).toBe('age');
    expect(textOf(c.span)).toBe('age(p.birth_date, today)');
    const a = as(parse('count(child in children where child.adopted)'), 'aggregate');
    expect(textOf(a.variableSpan)).toBe('child');
    expect(range(a.span)).toEqual({ start: 0, end: 44 });
    expect(textOf(a.where!.span)).toBe('child.adopted');
    const i = as(parse('if a then 1 else 2'), 'if');
    expect(range(i.span)).toEqual({ start: 0, end: 18 });
    const u = as(parse('not  flag'), 'unary');
    expect(range(u.span)).toEqual({ start: 0, end: 9 });
    expect(range(parse('[1, 2]').span)).toEqual({ start: 0, end: 6 });
  });

  it('line and column of nodes on later lines', () => {
    const source = new Source('rules.yaml', 'a +\n  b * c');
    const e = as(parse(source.text, source), 'binary');
    expect(location(e.span)).toBe('rules.yaml:1:1');
    expect(location(e.right.span)).toBe('rules.yaml:2:3');
    expect(location(as(e.right, 'binary').right.span)).toBe('rules.yaml:2:7');
  });

  it('an expression embedded at an offset points into its file', () => {
    const file = 'items:\n  amount: "param(rate) * 60%"\n';
    const source = new Source('items.yaml', file);
    const text = 'param(rate) * 60%';
    const base = file.indexOf(text);
    const e = as(parse(text, source, (i) => base + i), 'binary');
    expect(range(e.span)).toEqual({ start: base, end: base + text.length });
    expect(location(e.span)).toBe('items.yaml:2:12');
    expect(location(e.right.span)).toBe('items.yaml:2:26');
    expect(textOf(as(e.left, 'param').idSpan)).toBe('rate');
  });

  it('an offset map that skips characters (a folded YAML line) is followed token by token', () => {
    // The expression "a and b" stands in the file as "a\n  and b": the space after `a` is the line break.
    const file = 'a\n  and b';
    const source = new Source('f.yaml', file);
    const offsets = [0, 1, 4, 5, 6, 7, 8];
    const e = as(parse('a and b', source, (i) => offsets[i] ?? 8 + i - 6), 'binary');
    expect(location(e.right.span)).toBe('f.yaml:2:7');
    expect(textOf(e.span)).toBe(file);
  });

  // Regression: a parenthesised expression keeps the span of its insid…
  it('spans of nodes starting or ending with parentheses include the parentheses', () => {
    expect(textOf(parse('(a + b) * c').span)).toBe('(a + b) * c');
    expect(textOf(parse('-(a)').span)).toBe('-(a)');
  });
});

describe('syntax diagnostics', () => {
  it('E-SYNTAX-CHAR for a character the language does not use', () => {
    const d = single(parseErrors('a # b'));
    expect(d.code).toBe('E-SYNTAX-CHAR');
    expect(d.severity).toBe('error');
    expect(d.message).toBe("unexpected character '#'");
    expect(range(d.span)).toEqual({ start: 2, end: 3 });
  });

  it('E-SYNTAX-CHAR for an unclosed string, with help', () => {
    const d = single(parseErrors("category = 'death"));
    expect(d.code).toBe('E-SYNTAX-CHAR');
    expect(range(d.span)).toEqual({ start: 11, end: 12 });
    expect(d.help).toMatch(/close the string/);
  });

  it('E-SYNTAX-CHAR for Chinese text outside quotes', () => {
    const d = single(parseErrors('hukou.county = 柳北区'));
    expect(d.code).toBe('E-SYNTAX-CHAR');
    expect(d.message).toBe("unexpected character '柳'");
    expect(range(d.span)).toEqual({ start: 15, end: 16 });
  });

  it('E-SYNTAX-EXPECTED: if without else', () => {
    const d = single(parseErrors('if a then b'));
    expect(d.code).toBe('E-SYNTAX-EXPECTED');
    expect(d.message).toBe("expected 'else' but found the end of the expression");
    // At the end, the span is the last character.
    expect(range(d.span)).toEqual({ start: 10, end: 11 });
  });

  it('E-SYNTAX-EXPECTED: an unclosed call', () => {
    const d = single(parseErrors('f(1,2'));
    expect(d.code).toBe('E-SYNTAX-EXPECTED');
    expect(d.message).toBe("expected ')' but found the end of the expression");
    expect(range(d.span)).toEqual({ start: 4, end: 5 });
  });

  it('E-SYNTAX-EXPECTED: a missing operand, with help', () => {
    const d = single(parseErrors('a + * b'));
    expect(d.code).toBe('E-SYNTAX-EXPECTED');
    expect(d.message).toBe("expected an expression but found '*'");
    expect(range(d.span)).toEqual({ start: 4, end: 5 });
    expect(d.help).toMatch(/an expression is a value/);
  });

  it('E-SYNTAX-EXPECTED: a token in the middle, pointing at it', () => {
    const d = single(parseErrors('if a else b'));
    expect(d.code).toBe('E-SYNTAX-EXPECTED');
    expect(d.message).toBe("expected 'then' but found 'else'");
    expect(range(d.span)).toEqual({ start: 5, end: 9 });
  });

  it('E-SYNTAX-TRAILING suggests the keyword a misspelt word may be', () => {
    const d = single(parseErrors('if a then b eles c'));
    // `if a then b` needs else, so the misspelling is reported as what was expected there.
    expect(d.code).toBe('E-SYNTAX-EXPECTED');
    expect(d.message).toBe("expected 'else' but found 'eles'. Did you mean 'else'?");
    const t = single(parseErrors('a eles b'));
    expect(t.code).toBe('E-SYNTAX-TRAILING');
    expect(t.message).toBe("unexpected 'eles' after a complete expression. Did you mean 'else'?");
    expect(range(t.span)).toEqual({ start: 2, end: 6 });
    expect(t.help).toMatch(/join the parts with an operator/);
  });

  it('E-SYNTAX-TRAILING without a suggestion when nothing is close', () => {
    const d = single(parseErrors('wife husband'));
    expect(d.code).toBe('E-SYNTAX-TRAILING');
    expect(d.message).toBe("unexpected 'husband' after a complete expression");
    expect(range(d.span)).toEqual({ start: 5, end: 12 });
  });

  it.each(['', '   ', '\n\t'])('E-SYNTAX-EMPTY for %j', (text) => {
    const d = single(parseErrors(text));
    expect(d.code).toBe('E-SYNTAX-EMPTY');
    expect(d.span?.start).toBe(0);
  });

  it('E-DATE-INVALID for dates the calendar lacks', () => {
    const d = single(parseErrors('2019-02-30'));
    expect(d.code).toBe('E-DATE-INVALID');
    expect(d.message).toBe('2019-02-30 is not a calendar date');
    expect(range(d.span)).toEqual({ start: 0, end: 10 });
    const m = single(parseErrors('birth_date < 2019-13-01'));
    expect(m.code).toBe('E-DATE-INVALID');
    expect(range(m.span)).toEqual({ start: 13, end: 23 });
    expect(single(parseErrors('2019-02-29')).code).toBe('E-DATE-INVALID');
    expect(parse('2020-02-29').kind).toBe('date');
  });

  it('syntax errors in an embedded expression are located in the file', () => {
    const file = 'rules:\n  eligible:\n    expr: "if a then b"\n';
    const source = new Source('rules.yaml', file);
    const text = 'if a then b';
    const base = file.indexOf(text);
    const d = single(parseErrors(text, source, (i) => base + i));
    expect(d.code).toBe('E-SYNTAX-EXPECTED');
    expect(location(d.span!)).toBe('rules.yaml:3:22');
    expect(textOf(d.span)).toBe('b');
  });
});
