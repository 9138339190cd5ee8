/**
 * The type checker. It fills `type` on every node, narrows optional values after exists(…),
 * and reports each problem with its stable code and span.
 */
import { didYouMean, error, excerpt, type Diagnostic, type Span } from '../diag/index.js';
import type { Binary, Expr } from './ast.js';
import { BUILTINS } from './builtins.js';
import { T, assignable, enumMember, isNumeric, stripOptional, typeName, unify, type EnumType, type Type } from './types.js';

export interface DefinitionSignature {
  readonly params: readonly { readonly name: string; readonly type: Type }[];
  readonly type: Type;
}

/** What names mean where an expression stands: provided by the policy layer. */
export interface CheckEnv {
  readonly variables: ReadonlyMap<string, Type>;
  definition(name: string): DefinitionSignature | undefined;
  definitionNames(): Iterable<string>;
  parameter(id: string): Type | undefined;
  /** The enumeration a parameter is keyed by (one value per county), if it is. */
  parameterKey?(id: string): Type | undefined;
  parameterIds(): Iterable<string>;
  /**
   * The policy's payers: a name that is a payer, or (with `each`, the enumeration of its values)
   * a family of payers called with one value.
   */
  payer?(name: string): { readonly each?: Type } | undefined;
  payerNames?(): Iterable<string>;
}

/** Paths known to be present, e.g. `mother`, `mother.death_date`. */
type Facts = ReadonlySet<string>;

const OPTIONAL_HELP = 'test it with exists(…) first (e.g. `exists(x) and …`), or give a fallback with default(x, …)';

export class Checker {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly env: CheckEnv) {}

  /**
   * Checks an expression and returns its type. `scope` adds variables (a per-person rule's
   * `person`, a definition's parameters); `expected` reports E-TYPE-EXPECTED when it does not fit.
   */
  check(e: Expr, options: { scope?: ReadonlyMap<string, Type>; expected?: Type; what?: string } = {}): Type {
    const { scope = new Map(), expected, what = 'this expression' } = options;
    const t = this.infer(e, scope, new Set(), expected);
    if (expected && !assignable(t, expected)) {
      if (t.kind === 'optional' && assignable(t.of, expected)) this.fail('E-TYPE-OPTIONAL', `${what} may be absent but must be ${typeName(expected)}`, e.span, OPTIONAL_HELP);
      else this.fail('E-TYPE-EXPECTED', `${what} must be ${typeName(expected)} but is ${typeName(t)}`, e.span);
    }
    return t;
  }

  private fail(code: string, message: string, span: Span, help?: string): Type {
    this.diagnostics.push(error(code, message, span, help ? { help } : {}));
    return T.error;
  }

  /** `expected`, where known, types string literals as enum members and `none` as absent. */
  private infer(e: Expr, scope: ReadonlyMap<string, Type>, facts: Facts, expected?: Type): Type {
    const t = this.inferInner(e, scope, facts, expected);
    e.type = t;
    return t;
  }

  private inferInner(e: Expr, scope: ReadonlyMap<string, Type>, facts: Facts, expected: Type | undefined): Type {
    switch (e.kind) {
      case 'number':
        if (e.text.includes('.')) return T.decimal;
        if (!Number.isSafeInteger(Number(e.text))) return this.fail('E-NUMBER-RANGE', `${e.text} is too large for a whole number (at most ${Number.MAX_SAFE_INTEGER})`, e.span, 'write it as a decimal, e.g. 1.0 times the figure, or as money');
        return T.integer;
      case 'percent':
        return T.decimal;
      case 'money':
        return T.money;
      case 'date':
        return T.date;
      case 'string': {
        const want = expected && stripOptional(expected);
        if (want?.kind === 'enum') return this.enumLiterals(want, e) ? want : T.string;
        return T.string;
      }
      case 'none':
        return expected?.kind === 'optional' ? expected : T.optional(T.nothing);
      case 'boolean':
        return T.boolean;
      case 'list': {
        let acc: Type = T.nothing;
        const want = expected?.kind === 'list' ? expected.of : undefined;
        for (const item of e.items) {
          const it = this.infer(item, scope, facts, want);
          const u = unify(acc, it);
          if (!u) {
            this.fail('E-TYPE-LIST', `a list holds values of one type: ${typeName(it)} does not go with ${typeName(acc)}`, item.span);
            return T.error;
          }
          acc = u;
        }
        return T.list(acc);
      }
      case 'name':
        return this.name(e.name, e.span, scope, facts);
      case 'member': {
        const objectType = this.infer(e.object, scope, facts);
        const record = stripOptional(objectType);
        if (record.kind === 'error') return record;
        if (record.kind !== 'record') return this.fail('E-FIELD-NOT-RECORD', `${typeName(record)} has no fields; '.${e.field}' cannot be read`, e.fieldSpan);
        const field = record.fields.get(e.field);
        if (!field) return this.fail('E-FIELD-UNKNOWN', `${record.name} has no field '${excerpt(e.field)}'.${didYouMean(e.field, record.fields.keys())}`, e.fieldSpan, `the fields of ${record.name} are ${[...record.fields.keys()].join(', ')}`);
        const path = pathOf(e);
        const present = path !== undefined && facts.has(path);
        if (present) return stripOptional(field);
        return objectType.kind === 'optional' ? T.optional(field) : field;
      }
      case 'param': {
        const t = this.env.parameter(e.id);
        if (e.at) {
          const at = this.infer(e.at, scope, facts);
          if (!assignable(at, T.date)) this.fail('E-TYPE-MISMATCH', `the date of a parameter must be a date, not ${typeName(at)}`, e.at.span);
        }
        if (!t) return this.fail('E-PARAM-UNKNOWN', `unknown parameter '${excerpt(e.id)}'.${didYouMean(e.id, this.env.parameterIds())}`, e.idSpan);
        const keyType = this.env.parameterKey?.(e.id);
        if (keyType && !e.key) return this.fail('E-PARAM-KEY', `'${e.id}' has one value per ${typeName(keyType)}: read it as param(${e.id})[…]`, e.span);
        if (!keyType && e.key) return this.fail('E-PARAM-KEY', `'${e.id}' is not keyed: read it as param(${e.id}) without […]`, e.key.span);
        if (keyType && e.key) {
          const k = this.infer(e.key, scope, facts, keyType);
          if (!assignable(k, keyType)) return this.fail('E-TYPE-MISMATCH', `the key of '${e.id}' must be ${typeName(keyType)}, not ${typeName(k)}`, e.key.span);
        }
        return t;
      }
      case 'unary': {
        const t = this.infer(e.operand, scope, facts);
        if (e.op === 'not') return this.expectBoolean(t, e.operand, "'not'");
        if (t.kind === 'error' || isNumeric(t) || t.kind === 'money') return t;
        return this.operandFail(t, e.operand, "'-' takes a number or money");
      }
      case 'if': {
        const c = this.infer(e.cond, scope, facts);
        this.expectBoolean(c, e.cond, 'the condition of if');
        const a = this.infer(e.then, scope, union(facts, knownWhen(e.cond, true)), expected);
        const b = this.infer(e.else, scope, union(facts, knownWhen(e.cond, false)), expected);
        const u = unify(a, b);
        if (!u) return this.fail('E-TYPE-BRANCHES', `the branches of if must have one type: then gives ${typeName(a)}, else gives ${typeName(b)}`, e.else.span);
        return u;
      }
      case 'binary':
        return this.binary(e, scope, facts);
      case 'call':
        return this.call(e, scope, facts);
      case 'aggregate': {
        const listType = this.infer(e.list, scope, facts);
        let elem: Type = T.error;
        if (listType.kind === 'list') elem = listType.of;
        else if (listType.kind === 'optional') this.fail('E-TYPE-OPTIONAL', 'this list may be absent', e.list.span, OPTIONAL_HELP);
        else if (listType.kind !== 'error') this.fail('E-TYPE-MISMATCH', `${e.op} goes over a list, not ${typeName(listType)}`, e.list.span);
        const inner = new Map(scope);
        inner.set(e.variable, elem);
        // The bound variable hides any outer one of that name, and what was known of it.
        const bound = e.variable;
        facts = new Set([...facts].filter((f) => f !== bound && !f.startsWith(`${bound}.`)));
        let whereFacts = facts;
        if (e.where) {
          this.expectBoolean(this.infer(e.where, inner, facts), e.where, "the condition after 'where'");
          whereFacts = union(facts, knownWhen(e.where, true));
        }
        if (e.op === 'first') {
          // The first element that meets the condition (or what `of` makes of it); none if no element does.
          return T.optional(e.body ? this.infer(e.body, inner, whereFacts) : elem);
        }
        if (e.op === 'sum') {
          if (!e.body) return this.fail('E-AGGREGATE-BODY', "sum needs 'of' and what to add up", e.span, 'e.g. sum(c in children of c.grant)');
          const b = this.infer(e.body, inner, whereFacts);
          if (b.kind === 'error' || isNumeric(b) || b.kind === 'money') return b;
          if (b.kind === 'optional' && (isNumeric(b.of) || b.of.kind === 'money')) return this.fail('E-TYPE-OPTIONAL', `what sum adds may be absent`, e.body.span, 'add a where condition with exists(…), or use default(…, 0)');
          return this.operandFail(b, e.body, 'sum adds numbers or money');
        }
        if (e.body) this.fail('E-AGGREGATE-BODY', `${e.op} takes no 'of' part`, e.body.span);
        if ((e.op === 'any' || e.op === 'all') && !e.where) this.fail('E-AGGREGATE-BODY', `${e.op} needs a condition after 'where'`, e.span);
        return e.op === 'count' ? T.integer : T.boolean;
      }
    }
  }

  private name(name: string, span: Span, scope: ReadonlyMap<string, Type>, facts: Facts): Type {
    const local = scope.get(name) ?? this.env.variables.get(name);
    if (local) return facts.has(name) ? stripOptional(local) : local;
    const payer = this.env.payer?.(name);
    if (payer && !payer.each) return T.payer;
    const def = this.env.definition(name);
    if (def) {
      if (def.params.length) return this.fail('E-CALL-ARITY', `'${name}' takes ${def.params.length} argument(s): ${name}(${def.params.map((p) => p.name).join(', ')})`, span);
      // A definition without arguments has one value in a month, so exists() narrows it too.
      return facts.has(name) ? stripOptional(def.type) : def.type;
    }
    if (BUILTINS[name]) return this.fail('E-CALL-ARITY', `'${name}' is a function: call it as ${BUILTINS[name]!.signature}`, span);
    if (payer) return this.fail('E-CALL-ARITY', `'${name}' is a family of payers: call it with one value, ${name}(…)`, span);
    const known = [...scope.keys(), ...this.env.variables.keys(), ...this.env.definitionNames(), ...(this.env.payerNames?.() ?? [])];
    return this.fail('E-NAME-UNKNOWN', `unknown name '${excerpt(name)}'.${didYouMean(name, known)}`, span);
  }

  private call(e: Extract<Expr, { kind: 'call' }>, scope: ReadonlyMap<string, Type>, facts: Facts): Type {
    const builtin = BUILTINS[e.callee];
    const def = builtin ? undefined : this.env.definition(e.callee);
    const family = builtin || def ? undefined : this.env.payer?.(e.callee)?.each;
    if (family) return this.payerFamily(e, family, scope, facts);
    const argTypes = e.args.map((a) => this.infer(a, scope, facts));
    if (builtin) {
      const [min, max] = builtin.arity;
      if (e.args.length < min || e.args.length > max) {
        return this.fail('E-CALL-ARITY', `${e.callee} takes ${min === max ? min : `${min} to ${max}`} argument(s), not ${e.args.length}`, e.span, builtin.signature);
      }
      return builtin.type(e.args, argTypes, {
        fail: (code, message, arg, help) => this.fail(code, message, arg?.span ?? e.span, help),
      });
    }
    if (!def) {
      const known = [...Object.keys(BUILTINS), ...this.env.definitionNames(), ...(this.env.payerNames?.() ?? [])];
      return this.fail('E-CALL-UNKNOWN', `unknown function '${excerpt(e.callee)}'.${didYouMean(e.callee, known)}`, e.calleeSpan);
    }
    if (def.params.length !== e.args.length) {
      return this.fail('E-CALL-ARITY', `'${e.callee}' takes ${def.params.length} argument(s), not ${e.args.length}`, e.span, `${e.callee}(${def.params.map((p) => p.name).join(', ')})`);
    }
    def.params.forEach((p, i) => {
      const got = argTypes[i]!;
      if (assignable(got, p.type)) return;
      if (got.kind === 'optional' && assignable(got.of, p.type)) this.fail('E-TYPE-OPTIONAL', `argument '${p.name}' may be absent here`, e.args[i]!.span, OPTIONAL_HELP);
      else this.fail('E-TYPE-MISMATCH', `argument '${p.name}' of ${e.callee} must be ${typeName(p.type)}, not ${typeName(got)}`, e.args[i]!.span);
    });
    return def.type;
  }

  /** `family(value)`: the payer of a family for one value of its enumeration. */
  private payerFamily(e: Extract<Expr, { kind: 'call' }>, each: Type, scope: ReadonlyMap<string, Type>, facts: Facts): Type {
    if (e.args.length !== 1) return this.fail('E-CALL-ARITY', `${e.callee} takes 1 argument, not ${e.args.length}`, e.span, `${e.callee}(${typeName(each)})`);
    const arg = e.args[0]!;
    const t = this.infer(arg, scope, facts);
    if (t.kind === 'error' || each.kind === 'error') return T.payer;
    if (t.kind === 'optional') return this.fail('E-TYPE-OPTIONAL', `this ${typeName(each)} may be absent`, arg.span, 'use default(…, …)');
    if (!assignable(t, each)) return this.fail('E-TYPE-MISMATCH', `${e.callee}(…) takes a ${typeName(each)}, not ${typeName(t)}`, arg.span);
    return T.payer;
  }

  private binary(e: Binary, scope: ReadonlyMap<string, Type>, facts: Facts): Type {
    if (e.op === 'and' || e.op === 'or') {
      const l = this.infer(e.left, scope, facts);
      const r = this.infer(e.right, scope, union(facts, knownWhen(e.left, e.op === 'and')));
      this.expectBoolean(l, e.left, `'${e.op}'`);
      this.expectBoolean(r, e.right, `'${e.op}'`);
      return T.boolean;
    }
    const l = this.infer(e.left, scope, facts);
    const r = this.infer(e.right, scope, facts);
    if (l.kind === 'error' || r.kind === 'error') return comparisonOps.has(e.op) ? T.boolean : T.error;
    for (const [t, side] of [[l, e.left], [r, e.right]] as const) {
      // Equality may test an optional value: an absent value equals only `none`.
      if (t.kind === 'optional' && e.op !== '=' && e.op !== '!=') return this.fail('E-TYPE-OPTIONAL', `this ${typeName(t.of)} may be absent, so '${e.op}' cannot use it`, side.span, OPTIONAL_HELP);
    }
    switch (e.op) {
      case '=':
      case '!=':
        return this.equality(e, l, r);
      case 'in':
        if (r.kind !== 'list') return this.operandFail(r, e.right, "'in' needs a list on its right");
        if (!this.enumLiterals(l, e.right) && !this.enumLiterals(r.of, e.left) && !unify(l, r.of)) return this.mismatch(e, l, r);
        return T.boolean;
      case '<':
      case '<=':
      case '>':
      case '>=':
        if ((isNumeric(l) && isNumeric(r)) || (l.kind === r.kind && (l.kind === 'money' || l.kind === 'date'))) return T.boolean;
        return this.mismatch(e, l, r);
      case '+':
      case '-':
        if (e.op === '-' && looksLikeDate(e)) return this.fail('E-DATE-FORMAT', 'this reads as a subtraction, not a date', e.span, 'write dates as YYYY-MM-DD, with two-digit month and day (2019-03-01)');
        if (isNumeric(l) && isNumeric(r)) return unify(l, r)!;
        if (l.kind === 'money' && r.kind === 'money') return T.money;
        return this.mismatch(e, l, r, l.kind === 'date' ? 'to move a date use add_days, add_months or add_years' : undefined);
      case '*':
        if (isNumeric(l) && isNumeric(r)) return unify(l, r)!;
        if ((l.kind === 'money' && isNumeric(r)) || (isNumeric(l) && r.kind === 'money')) return T.money;
        return this.mismatch(e, l, r, l.kind === 'money' && r.kind === 'money' ? 'money times money has no meaning; multiply by a rate or a count' : undefined);
      case '/':
        if (isNumeric(l) && isNumeric(r)) return T.decimal;
        if (l.kind === 'money' && isNumeric(r)) return T.money;
        if (l.kind === 'money' && r.kind === 'money') return T.decimal;
        return this.mismatch(e, l, r);
    }
    return T.error;
  }

  private equality(e: Binary, l: Type, r: Type): Type {
    if (this.enumLiterals(stripOptional(l), e.right) || this.enumLiterals(stripOptional(r), e.left)) return T.boolean;
    for (const [side, other] of [[e.left, r], [e.right, l]] as const) {
      if (side.kind !== 'none' || other.kind === 'error') continue;
      // Any optional value, a spouse record too, may be tested against none.
      if (other.kind === 'optional') return T.boolean;
      const member = other.kind === 'enum' && other.values.includes('none') ? ` (to compare with the ${other.name} 'none', quote it: 'none')` : '';
      this.fail('E-TYPE-NONE', `this ${typeName(other)} is never absent, so comparing it with none is always ${e.op === '=' ? 'false' : 'true'}${member}`, e.span);
      return T.boolean;
    }
    // Two records of one type are equal when they are the same record of the household
    // (`p = mother`: the person is the mother); the language builds no records, so this is identity.
    const [lr, rr] = [stripOptional(l), stripOptional(r)];
    if (lr.kind === 'record' && rr.kind === 'record' && lr.name === rr.name) return T.boolean;
    if (lr.kind === 'record' || rr.kind === 'record') return this.mismatch(e, l, r, 'records are compared only with a record of the same kind of the household (a person with a person); compare their fields');
    if (!unify(l, r)) return this.mismatch(e, l, r);
    return T.boolean;
  }

  /**
   * Where an enum meets string literals ('death', '柳北区'), checks each is a member and
   * records its canonical spelling. True when this case applied.
   */
  private enumLiterals(t: Type, other: Expr): boolean {
    if (t.kind !== 'enum') return false;
    const literals = other.kind === 'string' ? [other] : other.kind === 'list' && other.items.every((i) => i.kind === 'string') ? other.items : undefined;
    if (!literals) return false;
    for (const lit of literals) {
      if (lit.kind !== 'string') continue;
      const canonical = enumMember(t as EnumType, lit.value);
      if (canonical === undefined) {
        const choices = [...t.values, ...(t.aliases?.keys() ?? [])];
        this.fail('E-ENUM-UNKNOWN', `'${excerpt(lit.value)}' is not a ${t.name}.${didYouMean(lit.value, choices)}`, lit.span, `a ${t.name} is one of ${t.values.join(', ')}`);
      } else lit.canonical = canonical;
    }
    return true;
  }

  private expectBoolean(t: Type, e: Expr, what: string): Type {
    if (t.kind === 'boolean' || t.kind === 'error') return T.boolean;
    if (t.kind === 'optional' && t.of.kind === 'boolean') this.fail('E-TYPE-OPTIONAL', `${what} needs a boolean that is always present`, e.span, OPTIONAL_HELP);
    else this.fail('E-TYPE-CONDITION', `${what} needs a boolean (true or false), not ${typeName(t)}`, e.span);
    return T.boolean;
  }

  private operandFail(t: Type, e: Expr, what: string): Type {
    return this.fail('E-TYPE-MISMATCH', `${what}, not ${typeName(t)}`, e.span);
  }

  private mismatch(e: Binary, l: Type, r: Type, help?: string): Type {
    const verb = comparisonOps.has(e.op) ? 'compare' : 'apply';
    const message =
      verb === 'compare'
        ? `cannot compare ${typeName(l)} with ${typeName(r)} using '${e.op}'`
        : `cannot apply '${e.op}' to ${typeName(l)} and ${typeName(r)}`;
    this.fail('E-TYPE-MISMATCH', message, e.span, help);
    return comparisonOps.has(e.op) ? T.boolean : T.error;
  }
}

const comparisonOps = new Set(['=', '!=', '<', '<=', '>', '>=', 'in']);

/** `2019-3-1`: a year minus a month minus a day, almost certainly meant as a date. */
function looksLikeDate(e: Binary): boolean {
  const small = (x: Expr) => x.kind === 'number' && /^\d{1,2}$/.test(x.text);
  return e.left.kind === 'binary' && e.left.op === '-' && e.left.left.kind === 'number' && /^\d{4}$/.test(e.left.left.text) && small(e.left.right) && small(e.right);
}

/** `mother.death_date` for a chain of member reads from a name; undefined otherwise. */
export function pathOf(e: Expr): string | undefined {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'member') {
    const base = pathOf(e.object);
    return base === undefined ? undefined : `${base}.${e.field}`;
  }
  return undefined;
}

/** The paths known to be present when `e` evaluates to `value`. */
function knownWhen(e: Expr, value: boolean): Set<string> {
  const out = new Set<string>();
  if (e.kind === 'call' && e.callee === 'exists' && value && e.args.length === 1) {
    let path = pathOf(e.args[0]!);
    while (path) {
      out.add(path);
      const dot = path.lastIndexOf('.');
      path = dot < 0 ? undefined : path.slice(0, dot);
    }
  } else if (e.kind === 'unary' && e.op === 'not') {
    return knownWhen(e.operand, !value);
  } else if (e.kind === 'binary' && ((e.op === 'and' && value) || (e.op === 'or' && !value))) {
    for (const p of knownWhen(e.left, value)) out.add(p);
    for (const p of knownWhen(e.right, value)) out.add(p);
  }
  return out;
}

function union(a: Facts, b: ReadonlySet<string>): Facts {
  if (b.size === 0) return a;
  return new Set([...a, ...b]);
}
