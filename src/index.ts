/** Fuzhu's public library API: load and check a policy, apply scenarios, read households, evaluate and explain. */
import { join } from 'node:path';
import type { Diagnostic } from './diag/index.js';
import { checkItemShares } from './eval/index.js';
import { applyScenarioFile, checkConsistency, loadPolicy, packageRoot, type Policy, type ScenarioInfo } from './policy/index.js';

export * from './diag/index.js';
export { parseExpression, printExpr, Checker, BUILTINS, ROUNDING_MODES, dates, type Expr, type Type, type CivilDate } from './dsl/index.js';
export * from './policy/index.js';
export * from './eval/index.js';

/** The policy `fuzhu` uses when none is named. */
export function defaultPolicyDir(): string {
  return join(packageRoot(), 'policy', 'liuzhou-2018');
}

export type Loaded = { ok: true; policy: Policy; scenarios: ScenarioInfo[]; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** Everything `fuzhu check` reports beyond loading: consistency warnings and item shares. */
export function checkPolicyDeeply(policy: Policy): Diagnostic[] {
  return [...checkConsistency(policy), ...checkItemShares(policy)];
}

/** Loads a policy and overlays scenarios in order; any error refuses the whole. */
export function loadWithScenarios(dir: string, scenarioPaths: readonly string[] = []): Loaded {
  const loaded = loadPolicy(dir);
  if (!loaded.ok) return loaded;
  let policy = loaded.policy;
  const scenarios: ScenarioInfo[] = [];
  const diagnostics = [...loaded.diagnostics];
  for (const path of scenarioPaths) {
    const applied = applyScenarioFile(policy, path);
    diagnostics.push(...applied.diagnostics);
    if (!applied.ok) return { ok: false, diagnostics };
    policy = applied.policy;
    scenarios.push(applied.scenario);
  }
  return { ok: true, policy, scenarios, diagnostics };
}
export { literateView, toMarkdown, toHtml, escapeHtml } from './literate/index.js';
export * from './sim/index.js';
export * from './prop/index.js';
export * from './diff/index.js';
