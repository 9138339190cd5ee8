/** The type checker: inferred types, narrowing after exists(…), and every error code with its span. */
import { describe, expect, it } from 'vitest';
import { location, Source, type Diagnostic } from '../../src/diag/index.js';
import { Checker, T, typeName, walk, type Expr, type Type } from '../../src/dsl/index.js';
import { categoryType, checkText, countyType, parse, personType, range, single, testEnv, textOf } from './helpers.js';

/** Checks text that must type-check cleanly; returns its type. */
function typeOf(text: string, scope?: ReadonlyMap<string, Type>): Type {
  const { type, diagnostics } = checkText(text, scope ? { scope } : {});
  expect(diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  return type;
}

/** Checks text that must give exactly one diagnostic; returns it. */
function oneError(text: string, options: Parameters<Checker['check']>[1] = {}): Diagnostic {
  return single(checkText(text, options).diagnostics);
}

/** Asserts a diagnostic's code and the text its span covers (and, when given, its offsets). */
function expectDiag(d: Diagnostic, code: string, covers: string, at?: { start: number; end: number }): void {
  expect(d.code).toBe(code);
  expect(d.severity).toBe('error');
  expect(textOf(d.span)).toBe(covers);
  if (at) expect(range(d.span)).toEqual(at);
}

describe('inferred types', () => {
  it.each([
    ['1', 'integer'],
    ['1.5', 'decimal'],
    ['60%', 'decimal'],
    ['650 CNY', 'money'],
    ['2019-03-01', 'date'],
    ["'x'", 'string'],
    ['true', 'boolean'],
    ['none', 'none'],
    ['[]', 'list of nothing'],
    ['[1, 2]', 'list of integer'],
    ['[1, 2.5]', 'list of decimal'],
    ['p', 'person'],
    ['wife', 'optional person'],
    ['wife.birth_date', 'optional date'],
    ['p.death_date', 'optional date'],
    ['param(allowance.death.rate)', 'money'],
    ['param(scheme.start_date, 2018-07-01)', 'date'],
    ['eligible(p)', 'boolean'],
    ['monthly_total', 'money'],
    ['city', 'payer'],
    ["county(hukou.county)", 'payer'],
  ])('%s : %s', (text, type) => {
    expect(typeName(typeOf(text))).toBe(type);
  });

  it.each([
    ['n + n', 'integer'],
    ['n - 1', 'integer'],
    ['n * 2', 'integer'],
    ['n + rate', 'decimal'],
    ['1 + 0.5', 'decimal'],
    ['n / n', 'decimal'],
    ['amount + amount', 'money'],
    ['amount - 1 CNY', 'money'],
    ['amount * rate', 'money'],
    ['amount * 60%', 'money'],
    ['2 * amount', 'money'],
    ['amount / 3', 'money'],
    ['amount / amount', 'decimal'],
    ['-amount', 'money'],
    ['-n', 'integer'],
  ])('arithmetic %s : %s', (text, type) => {
    expect(typeName(typeOf(text))).toBe(type);
  });

  it.each([
    ['min(1, 2)', 'integer'],
    ['min(1, 2.5)', 'decimal'],
    ['max(amount, 600 CNY)', 'money'],
    ['max(today, 2019-01-01)', 'date'],
    ['abs(-rate)', 'decimal'],
    ["round(rate, 'half_up')", 'integer'],
    ["round(rate, 'half_up', 0.1)", 'decimal'],
    ["round(amount, 'half_even')", 'money'],
    ["round(amount, 'floor', 10 CNY)", 'money'],
    ['age(p.birth_date, today)', 'integer'],
    ['add_months(today, 3)', 'date'],
    ['month_end(today)', 'date'],
    ['year(today)', 'integer'],
    ['default(maybe_n, 0)', 'integer'],
    ['default(wife.death_date, today)', 'date'],
    ['exists(wife)', 'boolean'],
  ])('built-in %s : %s', (text, type) => {
    expect(typeName(typeOf(text))).toBe(type);
  });

  it('aggregates: count is an integer, any/all booleans, sum the type of its body', () => {
    expect(typeOf('count(c in people)')).toEqual(T.integer);
    expect(typeOf('count(c in people where c.birth_date < today)')).toEqual(T.integer);
    expect(typeOf('any(c in people where exists(c.death_date))')).toEqual(T.boolean);
    expect(typeOf('all(c in [1, 2] where c > 0)')).toEqual(T.boolean);
    expect(typeOf('sum(c in people of 100 CNY)')).toEqual(T.money);
    expect(typeOf('sum(x in [1, 2] of x * 0.5)')).toEqual(T.decimal);
  });

  it('fills in the type of every node', () => {
    const { expr } = checkText('amount * 60% > 100 CNY');
    const types = [...walk(expr)].map((e) => typeName(e.type!));
    expect(types).toEqual(['boolean', 'money', 'money', 'decimal', 'money']);
  });

  it('an if with none in one branch is optional', () => {
    expect(typeName(typeOf("if flag then 'x' else none"))).toBe('optional string');
    expect(typeName(typeOf('if flag then none else 1'))).toBe('optional integer');
  });

  it('variables from the scope shadow nothing and add names', () => {
    expect(typeOf('x + 1', new Map([['x', T.decimal]]))).toEqual(T.decimal);
  });
});

describe('narrowing after exists(…)', () => {
  it('E-TYPE-OPTIONAL when an optional date is used without exists', () => {
    const d = oneError('p.death_date > 2000-01-01');
    expectDiag(d, 'E-TYPE-OPTIONAL', 'p.death_date', { start: 0, end: 12 });
    expect(d.message).toBe("this date may be absent, so '>' cannot use it");
    expect(d.help).toMatch(/exists\(/);
  });

  it.each([
    'exists(p.death_date) and p.death_date > 2000-01-01',
    'not exists(p.death_date) or p.death_date > 2000-01-01',
    'if exists(p.death_date) then p.death_date > 2000-01-01 else false',
    'if not exists(p.death_date) then false else p.death_date > 2000-01-01',
    'exists(wife) and wife.birth_date < today',
    'exists(wife.death_date) and wife.death_date < today',
    'flag and exists(p.death_date) and p.death_date > today',
    'not (not exists(p.death_date)) and p.death_date > today',
    'any(c in people where exists(c.death_date) and c.death_date < today)',
    'sum(c in people where exists(c.death_date) of year(c.death_date))',
  ])('%s is fine', (text) => {
    expect(checkText(text).diagnostics).toEqual([]);
  });

  it('the narrowed branch of an if has the non-optional type', () => {
    expect(typeOf('if exists(p.death_date) then p.death_date else 2000-01-01')).toEqual(T.date);
  });

  it('exists(…) or … does not narrow the right side', () => {
    const d = oneError('exists(p.death_date) or p.death_date > 2000-01-01');
    expectDiag(d, 'E-TYPE-OPTIONAL', 'p.death_date', { start: 24, end: 36 });
  });

  it('the else branch of if exists(…) is not narrowed', () => {
    const d = oneError('if exists(p.death_date) then true else p.death_date > today');
    expectDiag(d, 'E-TYPE-OPTIONAL', 'p.death_date');
    expect(d.span!.start).toBe(39);
  });

  it('exists(wife) narrows wife but not her optional fields', () => {
    const d = oneError('exists(wife) and wife.death_date < today');
    expectDiag(d, 'E-TYPE-OPTIONAL', 'wife.death_date');
  });

  it('E-TYPE-OPTIONAL for an optional argument to a built-in and a definition', () => {
    expectDiag(oneError('age(wife.birth_date, today)'), 'E-TYPE-OPTIONAL', 'wife.birth_date', { start: 4, end: 19 });
    expectDiag(oneError('eligible(wife)'), 'E-TYPE-OPTIONAL', 'wife', { start: 9, end: 13 });
  });

  it('E-TYPE-OPTIONAL for an optional boolean condition', () => {
    const d = oneError('maybe_flag and true');
    expectDiag(d, 'E-TYPE-OPTIONAL', 'maybe_flag');
    expect(d.message).toBe("'and' needs a boolean that is always present");
  });

  it('equality may compare an optional value with none', () => {
    expect(typeOf('p.death_date = none')).toEqual(T.boolean);
    expect(typeOf('wife != none')).toEqual(T.boolean);
  });

  // Regression: the aggregate's variable is added to the scope but the facts learnt outside (here `p.death_date` is present) are kept, so inside `any(p in people …)`…
  it('facts about a name do not carry over to an aggregate variable of the same name', () => {
    const d = oneError('exists(p.death_date) and any(p in people where p.death_date > 2000-01-01)');
    expectDiag(d, 'E-TYPE-OPTIONAL', 'p.death_date', { start: 47, end: 59 });
  });
});

describe('type errors', () => {
  it('E-TYPE-MISMATCH: comparing money with a date', () => {
    const d = oneError('amount < today');
    expectDiag(d, 'E-TYPE-MISMATCH', 'amount < today', { start: 0, end: 14 });
    expect(d.message).toBe("cannot compare money with date using '<'");
  });

  it('E-TYPE-MISMATCH: money times money, with help', () => {
    const d = oneError('amount * amount');
    expectDiag(d, 'E-TYPE-MISMATCH', 'amount * amount', { start: 0, end: 15 });
    expect(d.message).toBe("cannot apply '*' to money and money");
    expect(d.help).toBe('money times money has no meaning; multiply by a rate or a count');
  });

  it('E-TYPE-MISMATCH: date plus a number, with help', () => {
    const d = oneError('today + 1');
    expectDiag(d, 'E-TYPE-MISMATCH', 'today + 1');
    expect(d.message).toBe("cannot apply '+' to date and integer");
    expect(d.help).toMatch(/add_days, add_months or add_years/);
  });

  it('E-TYPE-MISMATCH: money compared with a bare number, and money plus a number', () => {
    expectDiag(oneError('amount > 0'), 'E-TYPE-MISMATCH', 'amount > 0');
    expectDiag(oneError('amount + 1'), 'E-TYPE-MISMATCH', 'amount + 1');
  });

  it('E-TYPE-MISMATCH inside a larger expression points at the offending part only', () => {
    const d = oneError('flag and (amount * amount > 1 CNY)');
    expectDiag(d, 'E-TYPE-MISMATCH', 'amount * amount', { start: 10, end: 25 });
  });

  it('E-TYPE-MISMATCH: arguments of built-ins and definitions', () => {
    expectDiag(oneError('age(p.birth_date, 49)'), 'E-TYPE-MISMATCH', '49');
    expectDiag(oneError('eligible(1)'), 'E-TYPE-MISMATCH', '1', { start: 9, end: 10 });
    expectDiag(oneError('min(amount, 1)'), 'E-TYPE-MISMATCH', '1');
    expectDiag(oneError('param(scheme.start_date, 5)'), 'E-TYPE-MISMATCH', '5');
    expectDiag(oneError('-flag'), 'E-TYPE-MISMATCH', 'flag');
  });

  it('E-TYPE-MISMATCH for records of different kinds compared with =, with help; one kind is identity', () => {
    const d = oneError('p = hukou');
    expectDiag(d, 'E-TYPE-MISMATCH', 'p = hukou');
    expect(d.help).toMatch(/compare their fields/);
    expect(typeOf('p = p')).toEqual(T.boolean);
  });

  it('E-TYPE-CONDITION: if and not need booleans', () => {
    const d = oneError('if n then 1 else 2');
    expectDiag(d, 'E-TYPE-CONDITION', 'n', { start: 3, end: 4 });
    expect(d.message).toBe('the condition of if needs a boolean (true or false), not integer');
    expectDiag(oneError('not amount'), 'E-TYPE-CONDITION', 'amount', { start: 4, end: 10 });
    expectDiag(oneError('flag or 1'), 'E-TYPE-CONDITION', '1');
    expectDiag(oneError('count(c in people where c.birth_date)'), 'E-TYPE-CONDITION', 'c.birth_date');
  });

  it('E-TYPE-BRANCHES points at the else branch', () => {
    const d = oneError('if flag then 1 else today');
    expectDiag(d, 'E-TYPE-BRANCHES', 'today', { start: 20, end: 25 });
    expect(d.message).toBe('the branches of if must have one type: then gives integer, else gives date');
  });

  it('E-TYPE-LIST points at the first item that does not fit', () => {
    const d = oneError("[1, 2, 'three', today]");
    expectDiag(d, 'E-TYPE-LIST', "'three'", { start: 7, end: 14 });
    expect(d.message).toBe('a list holds values of one type: string does not go with integer');
  });

  it('E-TYPE-EXPECTED when the context wants another type', () => {
    const d = oneError('n + 1', { expected: T.money, what: 'the amount' });
    expectDiag(d, 'E-TYPE-EXPECTED', 'n + 1', { start: 0, end: 5 });
    expect(d.message).toBe('the amount must be money but is integer');
    expect(oneError('1', { expected: T.boolean }).message).toBe('this expression must be boolean but is integer');
  });

  it('an expected optional type is met by a plain value; an optional value does not meet a plain one', () => {
    expect(checkText('today', { expected: T.optional(T.date) }).diagnostics).toEqual([]);
    expect(checkText('none', { expected: T.optional(T.date) }).diagnostics).toEqual([]);
    const d = oneError('wife.death_date', { expected: T.date, what: 'the event date' });
    expectDiag(d, 'E-TYPE-OPTIONAL', 'wife.death_date');
    expect(d.message).toBe('the event date may be absent but must be date');
  });

  it('integers widen to decimals where a decimal is expected', () => {
    expect(checkText('n', { expected: T.decimal }).diagnostics).toEqual([]);
    expect(oneError('rate', { expected: T.integer }).code).toBe('E-TYPE-EXPECTED');
  });

  it('one error does not cascade', () => {
    // The unknown name makes its node an error type; the + and the comparison stay silent.
    const { diagnostics } = checkText('amout + 1 CNY > 100 CNY and flag');
    expect(diagnostics.map((d) => d.code)).toEqual(['E-NAME-UNKNOWN']);
  });
});

describe('names, fields, parameters and calls', () => {
  it('E-NAME-UNKNOWN with a suggestion', () => {
    const d = oneError('amout > 1 CNY');
    expectDiag(d, 'E-NAME-UNKNOWN', 'amout', { start: 0, end: 5 });
    expect(d.message).toBe("unknown name 'amout'. Did you mean 'amount'?");
  });

  it('E-NAME-UNKNOWN suggests definitions and scope variables too', () => {
    expect(oneError('monthly_totl').message).toBe("unknown name 'monthly_totl'. Did you mean 'monthly_total'?");
    const d = single(checkText('persn', { scope: new Map([['person', personType]]) }).diagnostics);
    expect(d.message).toBe("unknown name 'persn'. Did you mean 'person'?");
  });

  it('E-NAME-UNKNOWN without a suggestion when nothing is close', () => {
    expect(oneError('zzzzzzzz').message).toBe("unknown name 'zzzzzzzz'.");
  });

  it('E-NAME-UNKNOWN for an aggregate variable used outside its aggregate', () => {
    const d = single(checkText('count(c in people) + c').diagnostics);
    expectDiag(d, 'E-NAME-UNKNOWN', 'c', { start: 21, end: 22 });
  });

  it('E-FIELD-UNKNOWN with a suggestion and the list of fields', () => {
    const d = oneError('p.deth_date');
    expectDiag(d, 'E-FIELD-UNKNOWN', 'deth_date', { start: 2, end: 11 });
    expect(d.message).toBe("person has no field 'deth_date'. Did you mean 'death_date'?");
    expect(d.help).toBe('the fields of person are birth_date, death_date');
  });

  it('E-FIELD-UNKNOWN through an optional record', () => {
    expectDiag(oneError('wife.brith_date'), 'E-FIELD-UNKNOWN', 'brith_date', { start: 5, end: 15 });
  });

  it('E-FIELD-NOT-RECORD points at the field', () => {
    const d = oneError('p.birth_date.year');
    expectDiag(d, 'E-FIELD-NOT-RECORD', 'year', { start: 13, end: 17 });
    expect(d.message).toBe("date has no fields; '.year' cannot be read");
  });

  it('E-PARAM-UNKNOWN with a suggestion, at the id', () => {
    const d = oneError('param(allowance.deth.rate)');
    expectDiag(d, 'E-PARAM-UNKNOWN', 'allowance.deth.rate', { start: 6, end: 25 });
    expect(d.message).toBe("unknown parameter 'allowance.deth.rate'. Did you mean 'allowance.death.rate'?");
  });

  it('E-CALL-UNKNOWN at the callee, with a suggestion when one is close', () => {
    const d = oneError('foo(1)');
    expectDiag(d, 'E-CALL-UNKNOWN', 'foo', { start: 0, end: 3 });
    const e = oneError('eligable(p)');
    expectDiag(e, 'E-CALL-UNKNOWN', 'eligable');
    expect(e.message).toBe("unknown function 'eligable'. Did you mean 'eligible'?");
    expect(oneError('mnth_end(today)').message).toBe("unknown function 'mnth_end'. Did you mean 'month_end'?");
  });

  it('E-CALL-ARITY for built-ins, with the signature as help', () => {
    const d = oneError('age(p.birth_date)');
    expectDiag(d, 'E-CALL-ARITY', 'age(p.birth_date)', { start: 0, end: 17 });
    expect(d.message).toBe('age takes 2 argument(s), not 1');
    expect(d.help).toBe('age(date, date) -> integer');
    expect(oneError('min(1)').message).toBe('min takes 2 to 16 argument(s), not 1');
  });

  it('E-CALL-ARITY for definitions, and for functions used as names', () => {
    const d = oneError('eligible(p, p)');
    expectDiag(d, 'E-CALL-ARITY', 'eligible(p, p)');
    expect(d.help).toBe('eligible(q)');
    expectDiag(oneError('eligible and flag'), 'E-CALL-ARITY', 'eligible', { start: 0, end: 8 });
    expect(oneError('age').message).toBe("'age' is a function: call it as age(date, date) -> integer");
  });

  it('E-ROUND-MODE for an unknown or unquoted mode', () => {
    const d = oneError("round(rate, 'half')");
    expectDiag(d, 'E-ROUND-MODE', "'half'", { start: 12, end: 18 });
    expect(d.message).toBe("unknown rounding mode 'half'");
    expect(d.help).toBe('one of half_up, half_even, half_down, up, down, ceiling, floor');
    const e = oneError('round(rate, flag)');
    expectDiag(e, 'E-ROUND-MODE', 'flag');
    expect(e.message).toBe('the rounding mode must be written as a quoted name');
  });

  it('round: the unit must match money-ness', () => {
    expectDiag(oneError("round(amount, 'half_up', 1)"), 'E-TYPE-MISMATCH', '1');
    expectDiag(oneError("round(today, 'half_up')"), 'E-TYPE-MISMATCH', 'today');
  });

  it('E-AGGREGATE-BODY: sum without of, count with of, any/all without where', () => {
    const sum = oneError('sum(c in people)');
    expectDiag(sum, 'E-AGGREGATE-BODY', 'sum(c in people)', { start: 0, end: 16 });
    expect(sum.help).toMatch(/sum\(c in children of/);
    expectDiag(oneError('count(c in people of 1)'), 'E-AGGREGATE-BODY', '1', { start: 21, end: 22 });
    expectDiag(oneError('any(c in people)'), 'E-AGGREGATE-BODY', 'any(c in people)');
    expectDiag(oneError('all(c in people)'), 'E-AGGREGATE-BODY', 'all(c in people)');
  });

  it('aggregates go over lists only', () => {
    expectDiag(oneError('count(c in n)'), 'E-TYPE-MISMATCH', 'n');
    expectDiag(oneError("sum(c in people of 'x')"), 'E-TYPE-MISMATCH', "'x'");
  });
});

describe('enumerations', () => {
  it('a string compared with an enum must be a member, with did-you-mean', () => {
    const d = oneError("category = 'deth'");
    expectDiag(d, 'E-ENUM-UNKNOWN', "'deth'", { start: 11, end: 17 });
    expect(d.message).toBe("'deth' is not a category. Did you mean 'death'?");
    expect(d.help).toBe('a category is one of death, disability');
  });

  it('either side of = and != may be the literal', () => {
    expectDiag(oneError("'disabilty' != category"), 'E-ENUM-UNKNOWN', "'disabilty'", { start: 0, end: 11 });
  });

  it('aliases suggest too: a misspelt Chinese county name', () => {
    const d = oneError("hukou.county = '柳北去'");
    expectDiag(d, 'E-ENUM-UNKNOWN', "'柳北去'");
    expect(d.message).toBe("'柳北去' is not a county. Did you mean '柳北区'?");
  });

  it('in with a list of literals checks every item', () => {
    const d = oneError("hukou.county in ['柳北区', 'xx', '450204']");
    expectDiag(d, 'E-ENUM-UNKNOWN', "'xx'", { start: 24, end: 28 });
  });

  it('an alias becomes its canonical value on the literal node', () => {
    const { expr, diagnostics } = checkText("hukou.county = '柳北区'");
    expect(diagnostics).toEqual([]);
    const lit = expr.kind === 'binary' ? expr.right : undefined;
    expect(lit).toMatchObject({ kind: 'string', value: '柳北区', canonical: '450205' });
  });

  it('canonical values for every item of an in-list, and for canonical spellings themselves', () => {
    const { expr, diagnostics } = checkText("hukou.county in ['柳南区', '450205', '城中区']");
    expect(diagnostics).toEqual([]);
    const items = expr.kind === 'binary' && expr.right.kind === 'list' ? expr.right.items : [];
    expect(items.map((i) => (i.kind === 'string' ? i.canonical : undefined))).toEqual(['450204', '450205', '450202']);
  });

  it('a string literal where an enum is expected is typed as that enum and canonicalised', () => {
    const { expr, type, diagnostics } = checkText("'柳北区'", { expected: countyType });
    expect(diagnostics).toEqual([]);
    expect(type).toBe(countyType);
    expect(expr).toMatchObject({ canonical: '450205' });
  });

  it('branches of an if typed by the expected enum', () => {
    const { type, diagnostics } = checkText("if flag then 'death' else 'disabilty'", { expected: T.optional(categoryType) });
    expect(diagnostics.map((d) => [d.code, textOf(d.span)])).toEqual([['E-ENUM-UNKNOWN', "'disabilty'"]]);
    expect(type).toBe(categoryType);
  });

  it('an enum compared with an unrelated string variable is a mismatch, not a member check', () => {
    expect(oneError('category = n').code).toBe('E-TYPE-MISMATCH');
  });
});

describe('spans as line:column in a multi-line expression', () => {
  it('errors on later lines are located by line and column', () => {
    const text = 'exists(wife)\n  and wife.birth_date < today\n  and wife.death_date > today';
    const source = new Source('rules.yaml', text);
    const expr: Expr = parse(text, source);
    const checker = new Checker(testEnv);
    checker.check(expr);
    const d = single(checker.diagnostics);
    expect(d.code).toBe('E-TYPE-OPTIONAL');
    expect(location(d.span!)).toBe('rules.yaml:3:7');
    expect(textOf(d.span)).toBe('wife.death_date');
  });
});
