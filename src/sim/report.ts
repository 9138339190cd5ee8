/** The simulation as the contract's JSON (shared/contracts/simulation.md), and its tables. */
import type { Decimal } from 'decimal.js';
import * as dates from '../dsl/dates.js';
import { money } from '../eval/result.js';
import { provisionalFigures, scopeJson, scopeOf, type ResultScope } from '../eval/scope.js';
import { orderPayers } from '../policy/payers.js';
import type { Policy } from '../policy/index.js';
import type { Aggregate } from './aggregate.js';
import { bucketLabel, type Comparison, type HouseholdChange } from './compare.js';
import { Breakdown, ZERO } from './money.js';
import type { SimulationResult } from './simulate.js';

/** A weighted count, as a JSON number (fractional where the weights are). */
export function count(d: Decimal): number {
  return d.toNumber();
}

function breakdownJson(b: Breakdown): { amount: string; payers: Record<string, string> } {
  return { amount: money(b.amount), payers: Object.fromEntries(orderPayers(b.payers.byKey).map(([k, v]) => [k, money(v)])) };
}

function sortedEntries<K extends string | number, V>(m: ReadonlyMap<K, V>): [K, V][] {
  return [...m].sort(([a], [b]) => String(a).localeCompare(String(b)));
}

export function aggregateJson(a: Aggregate): Record<string, unknown> {
  return {
    totals: breakdownJson(a.totals),
    items: Object.fromEntries(
      sortedEntries(a.items).map(([id, it]) => [id, { ...breakdownJson(it.breakdown), recipients: count(it.recipients), person_months: count(it.personMonths), provisional: it.provisional }]),
    ),
    years: Object.fromEntries(sortedEntries(a.years).map(([y, b]) => [String(y), breakdownJson(b)])),
    counties: Object.fromEntries(sortedEntries(a.counties).map(([c, b]) => [c, breakdownJson(b)])),
    categories: Object.fromEntries(sortedEntries(a.categories).map(([c, b]) => [c, breakdownJson(b)])),
    households: count(a.households),
    paid_households: count(a.paidHouseholds),
    recipients: count(a.recipients),
    eligible_person_months: count(a.eligiblePersonMonths),
    ...(a.unset.size ? { unset: Object.fromEntries([...a.unset].map(([k, v]) => [k, count(v)])) } : {}),
  };
}

function diffMap<K>(a: ReadonlyMap<K, Breakdown>, b: ReadonlyMap<K, Breakdown>): Map<K, Breakdown> {
  const out = new Map<K, Breakdown>();
  for (const k of new Set([...a.keys(), ...b.keys()])) out.set(k, (a.get(k) ?? new Breakdown()).minus(b.get(k) ?? new Breakdown()));
  return out;
}

/** Scenario minus baseline, in the same shape. */
export function deltaJson(s: Aggregate, b: Aggregate): Record<string, unknown> {
  const items = new Map<string, Breakdown>();
  for (const id of new Set([...s.items.keys(), ...b.items.keys()])) items.set(id, (s.items.get(id)?.breakdown ?? new Breakdown()).minus(b.items.get(id)?.breakdown ?? new Breakdown()));
  return {
    totals: breakdownJson(s.totals.minus(b.totals)),
    items: Object.fromEntries(sortedEntries(items).map(([id, d]) => [id, { ...breakdownJson(d), recipients: count((s.items.get(id)?.recipients ?? ZERO).minus(b.items.get(id)?.recipients ?? ZERO)) }])),
    years: Object.fromEntries(sortedEntries(diffMap(s.years, b.years)).map(([y, d]) => [String(y), breakdownJson(d)])),
    counties: Object.fromEntries(sortedEntries(diffMap(s.counties, b.counties)).map(([c, d]) => [c, breakdownJson(d)])),
    categories: Object.fromEntries(sortedEntries(diffMap(s.categories, b.categories)).map(([c, d]) => [c, breakdownJson(d)])),
    recipients: count(s.recipients.minus(b.recipients)),
  };
}

/** The comparison of households as JSON; `by` names the policy's breakdown field (its value in each group and change). */
export function comparisonJson(c: Comparison, by: string): Record<string, unknown> {
  const change = (h: HouseholdChange) => ({ household: h.id, [by]: h.place, category: h.category, change: money(h.delta) });
  return {
    households: { gain: count(c.gain), lose: count(c.lose), same: count(c.same) },
    distribution: c.distribution.map((n, i) => ({ change: bucketLabel(i), households: count(n) })),
    by_county_category: [...c.byGroup.values()]
      .filter((g) => !g.delta.isZero() || !g.gain.isZero() || !g.lose.isZero())
      .sort((a, b) => b.delta.abs().cmp(a.delta.abs()) || `${a.place}|${a.category}`.localeCompare(`${b.place}|${b.category}`))
      .map((g) => ({ [by]: g.place, category: g.category, change: money(g.delta), gain: count(g.gain), lose: count(g.lose) })),
    largest_gains: c.largestGains.map(change),
    largest_losses: c.largestLosses.map(change),
  };
}

/**
 * What a simulation leaves out (the policy's scope statement), and the provisional figures in
 * force over its months that the items paid on one rest on, under the policy and each scenario.
 */
export function simulationScope(policy: Policy, r: SimulationResult): ResultScope {
  const provisionalItems = (a: Aggregate) => [...a.items].filter(([, it]) => it.provisional).map(([id]) => id);
  return scopeOf(policy, [
    ...provisionalFigures(policy, provisionalItems(r.baseline), r.from, r.to),
    ...r.scenarios.flatMap((s) => provisionalFigures(s.policy, provisionalItems(s.result), r.from, r.to)),
  ]);
}

/** The contract's JSON of a simulation; given the policy, with its `scope`. */
export function simulationJson(r: SimulationResult, policy?: Policy): Record<string, unknown> {
  const month = (d: number) => dates.formatDate(d).slice(0, 7);
  const first = r.scenarios[0];
  return {
    policy: r.policy,
    from: month(r.from),
    to: month(r.to),
    population: { households: r.evaluated, rejected: r.rejected, records: r.records, weighted_households: count(r.baseline.households) },
    ...(r.rejections.length ? { rejections: r.rejections } : {}),
    baseline: aggregateJson(r.baseline),
    ...(first
      ? {
          scenario: { id: first.id, ...aggregateJson(first.result) },
          delta: deltaJson(first.result, r.baseline),
          households: comparisonJson(first.comparison, first.policy.breakdown.id).households,
        }
      : {}),
    scenarios: r.scenarios.map((s) => ({
      id: s.id,
      title: s.title,
      result: aggregateJson(s.result),
      delta: deltaJson(s.result, r.baseline),
      changes: comparisonJson(s.comparison, s.policy.breakdown.id),
    })),
    ...(policy ? { scope: scopeJson(simulationScope(policy, r)) } : {}),
  };
}
