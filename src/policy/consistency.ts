/**
 * Consistency checks of a loaded policy, for `fuzhu check`: parameters nobody uses, provisional
 * figures used by items not marked provisional (and the reverse), conditions that can never hold
 * (contradictory bounds or enum tests, also along if/else chains, which is how overlapping
 * categories show), and category values the category definition can never give.
 */
import { Decimal } from 'decimal.js';
import { warning, type Diagnostic, type Span } from '../diag/index.js';
import { printExpr } from '../dsl/print.js';
import { walk } from '../dsl/ast.js';
import type { Expr } from '../dsl/index.js';
import { UNSET, type Definition, type Policy } from './model.js';
import { isShare } from './parameters.js';


/** Every expression of the policy, with what it belongs to. */
export function policyExpressions(policy: Policy): { owner: string; expr: Expr }[] {
  const out: { owner: string; expr: Expr }[] = [];
  for (const d of policy.definitions.values()) out.push({ owner: `definition '${d.name}'`, expr: d.expr });
  for (const i of policy.items) {
    for (const e of [i.on, i.when, i.amount, ...i.payers.flatMap((p) => [p.payer, p.share === 'rest' ? undefined : p.share])]) if (e) out.push({ owner: `item '${i.id}'`, expr: e });
  }
  for (const e of policy.entitlements) if (e.when) out.push({ owner: `entitlement '${e.id}'`, expr: e.when });
  return out;
}

/** Parameters an expression reads, directly or through the definitions it uses. */
export function parametersRead(policy: Policy, e: Expr, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  for (const n of walk(e)) {
    if (n.kind === 'param') out.add(n.id);
    const name = n.kind === 'name' ? n.name : n.kind === 'call' ? n.callee : undefined;
    const def: Definition | undefined = name === undefined ? undefined : policy.definitions.get(name);
    if (def && !seen.has(def.name)) {
      seen.add(def.name);
      for (const p of parametersRead(policy, def.expr, seen)) out.add(p);
    }
  }
  return out;
}

function unusedParameters(policy: Policy): Diagnostic[] {
  const used = new Set<string>();
  for (const { expr } of policyExpressions(policy)) for (const n of walk(expr)) if (n.kind === 'param') used.add(n.id);
  for (const p of policy.parameters.values()) if (p.shareOf) used.add(p.shareOf);
  return [...policy.parameters.values()]
    .filter((p) => !used.has(p.id))
    .map((p) => warning('W-PARAM-UNUSED', `parameter '${p.id}' is used by no rule, item or entitlement`, p.span, { help: 'use it, or remove it from parameters.yaml' }));
}

function provisionalMarks(policy: Policy): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const item of policy.items) {
    const exprs = [item.amount, ...item.payers.map((p) => (p.share === 'rest' ? undefined : p.share))].filter((e): e is Expr => e !== undefined);
    const read = new Set(exprs.flatMap((e) => [...parametersRead(policy, e)]));
    const provisional = [...read].filter((id) => {
      const p = policy.parameters.get(id);
      return p !== undefined && (p.provisional || p.values.some((v) => v.provisional));
    });
    if (provisional.length && !item.provisional) {
      out.push(warning('W-PROVISIONAL-UNMARKED', `item '${item.id}' pays a provisional figure (${provisional.join(', ')}) but is not marked provisional`, item.span, { help: 'add `provisional: true` to the item, so that readers of items.yaml see it' }));
    }
    if (!provisional.length && item.provisional) {
      out.push(warning('W-PROVISIONAL-UNUSED', `item '${item.id}' is marked provisional but its amount reads no provisional parameter`, item.span));
    }
  }
  return out;
}

/** What is known to hold: bounds of expressions by their printed text, and enum (in)equalities. */
interface Facts {
  readonly lower: Map<string, { value: Decimal; strict: boolean }>;
  readonly upper: Map<string, { value: Decimal; strict: boolean }>;
  readonly equal: Map<string, string>;
  readonly notEqual: Map<string, Set<string>>;
  readonly truths: Map<string, boolean>;
}

function emptyFacts(): Facts {
  return { lower: new Map(), upper: new Map(), equal: new Map(), notEqual: new Map(), truths: new Map() };
}

function copyFacts(f: Facts): Facts {
  return {
    lower: new Map(f.lower),
    upper: new Map(f.upper),
    equal: new Map(f.equal),
    notEqual: new Map([...f.notEqual].map(([k, v]) => [k, new Set(v)])),
    truths: new Map(f.truths),
  };
}

/** A constant: a literal, or a parameter with one value for all its dates. */
function constant(policy: Policy, e: Expr): Decimal | string | undefined {
  switch (e.kind) {
    case 'number':
    case 'money':
      return new Decimal(e.text);
    case 'date':
      return new Decimal(e.value);
    case 'string':
      return e.canonical ?? e.value;
    case 'param': {
      if (e.key || e.at) return undefined;
      const p = policy.parameters.get(e.id);
      const values = p?.values.map((v) => v.value).filter((v) => v !== null && v !== UNSET && !isShare(v)) ?? [];
      const distinct = new Set(values.map((v) => String(v)));
      if (distinct.size !== 1) return undefined;
      const v = values[0];
      if (Decimal.isDecimal(v)) return v as Decimal;
      if (typeof v === 'number') return new Decimal(v);
      return typeof v === 'string' ? v : undefined;
    }
    default:
      return undefined;
  }
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '!=': '!=' };
const NEGATE: Record<string, string> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '=': '!=', '!=': '=' };

/** Adds what `e` being `value` says; returns false when that contradicts what is known. */
function assume(policy: Policy, facts: Facts, e: Expr, value: boolean, depth = 0): boolean {
  // A definition without arguments stands for its expression (`rural` for registration.type = 'rural').
  const def = e.kind === 'name' ? policy.definitions.get(e.name) : undefined;
  if (def && def.params.length === 0 && def.type.kind === 'boolean' && depth < 8) return assume(policy, facts, def.expr, value, depth + 1);
  if (e.kind === 'unary' && e.op === 'not') return assume(policy, facts, e.operand, !value, depth);
  if (e.kind === 'binary' && (e.op === 'and' || e.op === 'or')) {
    // A compound condition is also known whole, so that a disjunction known to hold (which adds
    // no fact of its own parts) contradicts the same disjunction failing later.
    const key = printExpr(e);
    const known = facts.truths.get(key);
    if (known !== undefined && known !== value) return false;
    facts.truths.set(key, value);
  }
  if (e.kind === 'binary' && e.op === (value ? 'and' : 'or')) return assume(policy, facts, e.left, value, depth) && assume(policy, facts, e.right, value, depth);
  if (e.kind === 'binary' && ['<', '<=', '>', '>=', '=', '!='].includes(e.op)) {
    let op = e.op as string;
    let subject = e.left;
    let k = constant(policy, e.right);
    if (k === undefined) {
      k = constant(policy, e.left);
      subject = e.right;
      op = FLIP[op]!;
    }
    if (k !== undefined && constant(policy, subject) === undefined) {
      if (!value) op = NEGATE[op]!;
      return bound(facts, printExpr(subject), op, k);
    }
  }
  if (e.kind === 'binary' && (e.op === 'and' || e.op === 'or')) {
    // A disjunction (`or` holding, `and` failing) adds no fact, but contradicts what is known
    // when each of its sides does.
    return assume(policy, copyFacts(facts), e.left, value, depth) || assume(policy, copyFacts(facts), e.right, value, depth);
  }
  const key = printExpr(e);
  const known = facts.truths.get(key);
  if (known !== undefined && known !== value) return false;
  facts.truths.set(key, value);
  return true;
}

function bound(facts: Facts, subject: string, op: string, k: Decimal | string): boolean {
  if (typeof k === 'string') {
    const eq = facts.equal.get(subject);
    const ne = facts.notEqual.get(subject) ?? new Set<string>();
    if (op === '=') {
      if ((eq !== undefined && eq !== k) || ne.has(k)) return false;
      facts.equal.set(subject, k);
    } else if (op === '!=') {
      if (eq === k) return false;
      ne.add(k);
      facts.notEqual.set(subject, ne);
    }
    return true;
  }
  const lo = facts.lower.get(subject);
  const hi = facts.upper.get(subject);
  // Not equal to the one value the bounds leave.
  if (op === '!=') return !(lo && hi && !lo.strict && !hi.strict && lo.value.eq(k) && hi.value.eq(k));
  if (op === '>' || op === '>=' || op === '=') {
    const strict = op === '>';
    if (!lo || k.gt(lo.value) || (k.eq(lo.value) && strict)) facts.lower.set(subject, { value: k, strict });
  }
  if (op === '<' || op === '<=' || op === '=') {
    const strict = op === '<';
    if (!hi || k.lt(hi.value) || (k.eq(hi.value) && strict)) facts.upper.set(subject, { value: k, strict });
  }
  const l = facts.lower.get(subject);
  const h = facts.upper.get(subject);
  if (l && h && (l.value.gt(h.value) || (l.value.eq(h.value) && (l.strict || h.strict)))) return false;
  return true;
}

/** Walks an expression along its if/else branches, reporting conditions that can never hold. */
function unreachable(policy: Policy, owner: string, e: Expr, facts: Facts, out: Diagnostic[]): void {
  if (e.kind === 'if') {
    const yes = copyFacts(facts);
    if (!assume(policy, yes, e.cond, true)) out.push(never(owner, e.cond, 'this condition can never hold here, so the then-branch is never taken'));
    else unreachable(policy, owner, e.then, yes, out);
    const no = copyFacts(facts);
    if (!assume(policy, no, e.cond, false)) out.push(never(owner, e.else, 'the condition before always holds here, so this else-branch is never taken'));
    else unreachable(policy, owner, e.else, no, out);
    unreachable(policy, owner, e.cond, facts, out);
    return;
  }
  if (e.type?.kind === 'boolean' && e.kind === 'binary' && e.op === 'and') {
    if (!assume(policy, copyFacts(facts), e, true)) {
      out.push(never(owner, e, 'this condition can never hold: its parts contradict each other'));
      return;
    }
  }
  for (const c of e.kind === 'binary' || e.kind === 'unary' || e.kind === 'call' || e.kind === 'list' ? childrenOf(e) : []) unreachable(policy, owner, c, facts, out);
}

function childrenOf(e: Expr): Expr[] {
  switch (e.kind) {
    case 'binary':
      return [e.left, e.right];
    case 'unary':
      return [e.operand];
    case 'call':
      return [...e.args];
    case 'list':
      return [...e.items];
    default:
      return [];
  }
}

function never(owner: string, e: Expr, message: string): Diagnostic {
  return warning('W-NEVER', `${owner}: ${message}: ${printExpr(e)}`, e.span as Span);
}

function categoryGaps(policy: Policy): Diagnostic[] {
  const def = policy.definitions.get(policy.eligibility.category);
  if (!def) return [];
  const t = def.type.kind === 'optional' ? def.type.of : def.type;
  if (t.kind !== 'enum') return [];
  const produced = new Set<string>();
  const results = (e: Expr) => {
    if (e.kind === 'if') {
      results(e.then);
      results(e.else);
    } else if (e.kind === 'string') produced.add(e.canonical ?? e.value);
  };
  results(def.expr);
  return t.values
    .filter((v) => !produced.has(v))
    .map((v) => warning('W-CATEGORY-GAP', `the category '${v}' is never given by '${def.name}'`, def.span, { help: `every category should be reachable; a household of category '${v}' cannot exist` }));
}

export function checkConsistency(policy: Policy): Diagnostic[] {
  const out: Diagnostic[] = [...unusedParameters(policy), ...provisionalMarks(policy), ...categoryGaps(policy)];
  for (const { owner, expr } of policyExpressions(policy)) unreachable(policy, owner, expr, emptyFacts(), out);
  return out;
}
