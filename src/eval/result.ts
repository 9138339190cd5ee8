/** The evaluation as the contract's JSON (shared/contracts/evaluation.md): money as strings with two decimals. */
import { Decimal } from 'decimal.js';
import type { Policy } from '../policy/index.js';
import { orderPayers } from '../policy/payers.js';
import type { EntitlementLine, Evaluation, Line } from './evaluate.js';
import { formatPeriod, monthPeriod } from './period.js';
import { evaluationScope, scopeJson } from './scope.js';

/** Money as the contract writes it: exact, two decimals. */
export function money(d: Decimal): string {
  return d.toFixed(2);
}

function payersJson(payers: ReadonlyMap<string, Decimal>, policy: Policy | undefined): Record<string, string> {
  return Object.fromEntries(orderPayers(payers, policy).map(([k, v]) => [k, money(v)]));
}

/** The sum of lines, and of each payer's shares. */
export function totals(lines: readonly Line[]): { amount: Decimal; payers: Map<string, Decimal> } {
  let amount = new Decimal(0);
  const payers = new Map<string, Decimal>();
  for (const l of lines) {
    amount = amount.plus(l.amount);
    for (const [p, v] of l.payers) payers.set(p, (payers.get(p) ?? new Decimal(0)).plus(v));
  }
  return { amount, payers };
}

function lineJson(l: Line, policy: Policy | undefined): Record<string, unknown> {
  return {
    item: l.item,
    person: l.person,
    amount: money(l.amount),
    payers: payersJson(l.payers, policy),
    cite: l.cite,
    provisional: l.provisional,
    every: l.every,
    label: l.label,
    ...(l.scenarios.length ? { scenarios: l.scenarios } : {}),
  };
}

function entitlementJson(e: EntitlementLine): Record<string, unknown> {
  return { id: e.id, person: e.person, cite: e.cite, label: e.label };
}

/**
 * The contract's JSON of an evaluation. Given the policy, it adds `scope`: the policy's statement
 * of what is not modelled and the provisional figures the lines rest on.
 */
export function evaluationJson(ev: Evaluation, policy?: Policy): Record<string, unknown> {
  const t = totals(ev.lines);
  const months = ev.months.length;
  const persons = Object.fromEntries(
    [...ev.persons].map(([role, n]) => [role, months === 1 ? { eligible: n > 0 } : { eligible: n > 0, months_eligible: n }]),
  );
  return {
    household: ev.household,
    period: formatPeriod(ev.period),
    policy: ev.policy,
    scenarios: ev.scenarios,
    in_force: ev.inForce,
    category: ev.category,
    persons,
    lines: ev.lines.map((l) => lineJson(l, policy)),
    ...(ev.unset.length ? { unset: ev.unset.map((u) => ({ item: u.item, person: u.person, cite: u.cite, parameter: u.parameter, label: u.label })) } : {}),
    entitlements: ev.entitlements.map(entitlementJson),
    totals: { amount: money(t.amount), payers: payersJson(t.payers, policy) },
    provisional: ev.lines.some((l) => l.provisional),
    ...(months > 1
      ? {
          months: ev.months.map((m) => ({
            period: formatPeriod(monthPeriod(m.month)),
            in_force: m.inForce,
            category: m.category,
            persons: Object.fromEntries([...m.persons].map(([r, e]) => [r, { eligible: e }])),
            amount: money(totals(m.lines).amount),
          })),
        }
      : {}),
    ...(policy ? { scope: scopeJson(evaluationScope(policy, ev)) } : {}),
  };
}
