/**
 * What re-pricing may assume. A parameter read only by items' amounts, shares and payers (no
 * definition, condition or date reads it) changes what is paid, never who is paid or when:
 * a scenario that changes only such parameters is priced from the eligibility profiles of a
 * first pass, without evaluating a household again. For each item that reads one, the plan
 * names the "leaves" of its figures: the largest parts that read none of them (a category, a
 * count of children), whose values the profiles keep; the figures are then worked out from
 * the leaves and the scenario's parameters alone.
 */
import { children, walk, type Expr } from '../dsl/ast.js';
import { BUILTINS } from '../dsl/builtins.js';
import type { Item, Policy } from '../policy/index.js';

export type ItemRepricing =
  /** The item reads no price parameter: its lines stay as they are. */
  | { readonly kind: 'fixed' }
  /** Its figures come from these leaves and the price parameters. */
  | { readonly kind: 'leaves'; readonly leaves: readonly Expr[] }
  /** It reads a price parameter in a way the leaves cannot carry (inside an aggregate). */
  | { readonly kind: 'evaluate'; readonly parameters: ReadonlySet<string> };

export interface RepricingPlan {
  /** Parameters read only by the figures of items. */
  readonly prices: ReadonlySet<string>;
  readonly items: ReadonlyMap<string, ItemRepricing>;
}

/** The expressions that give an item's figures: amount, each share and each payer. */
export function figureExprs(item: Item): Expr[] {
  return [item.amount, ...item.payers.flatMap((p) => [p.payer, ...(p.share === 'rest' ? [] : [p.share])])];
}

/** Expressions that decide who is paid and when: definitions, item conditions and dates, entitlements. */
function deciding(policy: Policy): Expr[] {
  return [
    ...[...policy.definitions.values()].map((d) => d.expr),
    ...policy.items.flatMap((i) => [...(i.when ? [i.when] : []), ...(i.on ? [i.on] : [])]),
    ...policy.entitlements.flatMap((e) => (e.when ? [e.when] : [])),
  ];
}

function paramsIn(exprs: readonly Expr[]): Set<string> {
  const ids = new Set<string>();
  for (const e of exprs) for (const n of walk(e)) if (n.kind === 'param') ids.add(n.id);
  return ids;
}

class NotCarried extends Error {}

const isBuiltin = (name: string) => name in BUILTINS;

function leavesOf(e: Expr, prices: ReadonlySet<string>, out: Expr[]): void {
  const readsPrice = [...walk(e)].some((n) => n.kind === 'param' && prices.has(n.id));
  if (!readsPrice) {
    if (e.kind === 'number' || e.kind === 'money' || e.kind === 'percent' || e.kind === 'string' || e.kind === 'boolean' || e.kind === 'date' || e.kind === 'none') return;
    out.push(e);
    return;
  }
  // An aggregate's body sees its variable, and a definition's body reads the household and the
  // month: a part of either cannot be kept apart from the household.
  if (e.kind === 'aggregate' || (e.kind === 'call' && !isBuiltin(e.callee))) throw new NotCarried();
  for (const c of children(e)) leavesOf(c, prices, out);
}

const byPolicy = new WeakMap<Policy, RepricingPlan>();

export function repricingPlan(policy: Policy): RepricingPlan {
  let plan = byPolicy.get(policy);
  if (plan) return plan;
  const decidingParams = paramsIn(deciding(policy));
  const prices = new Set([...policy.parameters.keys()].filter((id) => !decidingParams.has(id)));
  const items = new Map<string, ItemRepricing>();
  for (const item of policy.items) {
    const exprs = figureExprs(item);
    const read = [...paramsIn(exprs)].filter((id) => prices.has(id));
    if (!read.length) {
      items.set(item.id, { kind: 'fixed' });
      continue;
    }
    try {
      const leaves: Expr[] = [];
      for (const e of exprs) leavesOf(e, prices, leaves);
      items.set(item.id, { kind: 'leaves', leaves });
    } catch (e) {
      if (!(e instanceof NotCarried)) throw e;
      items.set(item.id, { kind: 'evaluate', parameters: new Set(read) });
    }
  }
  plan = { prices, items };
  byPolicy.set(policy, plan);
  return plan;
}

/**
 * Whether a scenario (the policy it makes) can be priced from the profiles of the baseline:
 * every parameter whose values differ is a price, and no item reads it in a way leaves cannot carry.
 */
export function repriceable(baseline: Policy, scenario: Policy): boolean {
  const plan = repricingPlan(baseline);
  const blocked = new Set([...plan.items.values()].flatMap((r) => (r.kind === 'evaluate' ? [...r.parameters] : [])));
  if (baseline.items.length !== scenario.items.length || baseline.items.some((item, i) => scenario.items[i] !== item)) return false;
  // The checker remakes each definition around the same expression; a replaced rule has its own.
  if (baseline.definitions.size !== scenario.definitions.size || [...baseline.definitions].some(([k, d]) => scenario.definitions.get(k)?.expr !== d.expr)) return false;
  for (const [id, p] of scenario.parameters) {
    const before = baseline.parameters.get(id);
    if (before === p) continue;
    if (!before || !plan.prices.has(id) || blocked.has(id)) return false;
  }
  return baseline.parameters.size === scenario.parameters.size;
}
