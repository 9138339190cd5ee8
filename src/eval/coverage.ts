/**
 * Coverage of a policy by its tests: which definitions, parameters, branches of `if`, item and
 * entitlement conditions (both outcomes), items and entitlements the evaluations exercised.
 */
import { location, type Span } from '../diag/index.js';
import { walk, type Expr } from '../dsl/index.js';
import type { Policy } from '../policy/index.js';

export interface CoverageTarget {
  readonly kind: 'definition' | 'parameter' | 'branch' | 'condition' | 'item' | 'entitlement';
  readonly key: string;
  readonly description: string;
  readonly span?: Span;
}

const spanKey = (s: Span) => `${s.source.path}:${s.start}`;

export class Coverage {
  readonly hits = new Set<string>();

  definition(name: string): void {
    this.hits.add(`definition:${name}`);
  }
  parameter(id: string): void {
    this.hits.add(`parameter:${id}`);
  }
  branch(e: Expr, taken: boolean): void {
    this.hits.add(`branch:${spanKey(e.span)}:${taken ? 'then' : 'else'}`);
  }
  condition(owner: string, value: boolean): void {
    this.hits.add(`condition:${owner}:${value}`);
  }
  item(id: string): void {
    this.hits.add(`item:${id}`);
  }
  entitlement(id: string): void {
    this.hits.add(`entitlement:${id}`);
  }
}

/** Everything in a policy that tests should exercise. */
export function coverageTargets(policy: Policy): CoverageTarget[] {
  const out: CoverageTarget[] = [];
  const branches = (e: Expr | undefined, where: string) => {
    if (!e) return;
    for (const n of walk(e)) {
      if (n.kind !== 'if') continue;
      for (const side of ['then', 'else'] as const) {
        out.push({ kind: 'branch', key: `branch:${spanKey(n.span)}:${side}`, description: `the '${side}' branch of an if in ${where}`, span: n.span });
      }
    }
  };
  for (const d of policy.definitions.values()) {
    out.push({ kind: 'definition', key: `definition:${d.name}`, description: `definition '${d.name}'`, span: d.span });
    branches(d.expr, `definition '${d.name}'`);
  }
  for (const p of policy.parameters.values()) out.push({ kind: 'parameter', key: `parameter:${p.id}`, description: `parameter '${p.id}'`, span: p.span });
  for (const i of policy.items) {
    out.push({ kind: 'item', key: `item:${i.id}`, description: `item '${i.id}' due`, span: i.span });
    if (i.when) for (const v of [true, false]) out.push({ kind: 'condition', key: `condition:${i.id}:${v}`, description: `the condition of item '${i.id}' ${v ? 'holding' : 'failing'}`, span: i.when.span });
    for (const e of [i.on, i.when, i.amount, ...i.payers.flatMap((p) => [p.payer, p.share === 'rest' ? undefined : p.share])]) branches(e, `item '${i.id}'`);
  }
  for (const e of policy.entitlements) {
    out.push({ kind: 'entitlement', key: `entitlement:${e.id}`, description: `entitlement '${e.id}' given`, span: e.span });
    if (e.when) {
      out.push({ kind: 'condition', key: `condition:${e.id}:false`, description: `the condition of entitlement '${e.id}' failing`, span: e.when.span });
      branches(e.when, `entitlement '${e.id}'`);
    }
  }
  return out;
}

export interface CoverageReport {
  readonly total: number;
  readonly covered: number;
  readonly missed: readonly CoverageTarget[];
}

export function coverageReport(policy: Policy, coverage: Coverage): CoverageReport {
  const targets = coverageTargets(policy);
  const missed = targets.filter((t) => !coverage.hits.has(t.key));
  return { total: targets.length, covered: targets.length - missed.length, missed };
}

export function describeTarget(t: CoverageTarget): string {
  return `${t.description}${t.span ? ` (${location(t.span)})` : ''}`;
}
