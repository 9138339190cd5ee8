/** Loading a policy with its scenarios, and the checks `fuzhu check` adds to loading. */
import { hasErrors, type Diagnostic } from './diag/index.js';
import { checkItemShares } from './eval/index.js';
import { applyScenarioFile, checkConsistency, idClashes, loadPolicy, type Policy, type ScenarioInfo } from './policy/index.js';

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
  diagnostics.push(...idClashes(scenarios));
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return { ok: true, policy, scenarios, diagnostics };
}

export type ScenariosResult = { ok: true; scenarios: (ScenarioInfo & { policy: Policy })[]; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Applies each scenario file to the same baseline, for a run that compares each with it
 * (`simulate`, `prop`). Each is checked whole before any household is read: its item shares
 * on every date a parameter changes. Two scenarios of the same id are refused.
 */
export function applyScenarioFiles(policy: Policy, paths: readonly string[]): ScenariosResult {
  const diagnostics: Diagnostic[] = [];
  const scenarios: (ScenarioInfo & { policy: Policy })[] = [];
  for (const path of paths) {
    const applied = applyScenarioFile(policy, path);
    diagnostics.push(...applied.diagnostics);
    if (!applied.ok) continue;
    diagnostics.push(...checkItemShares(applied.policy).filter((d) => d.severity === 'error'));
    scenarios.push({ ...applied.scenario, policy: applied.policy });
  }
  diagnostics.push(...idClashes(scenarios));
  return hasErrors(diagnostics) ? { ok: false, diagnostics } : { ok: true, scenarios, diagnostics };
}
