/**
 * `--set PARAM=VALUE[@DATE]` on the commands that take `--scenario` (and `fuzhu params`): the
 * edits read before any work (a usage error for one not of that form), then applied as one
 * scenario. The scenario reader is loaded only when the flag is given, so that a run without it
 * loads no schema library.
 */
import { hasErrors } from '../src/diag/index.js';
import type { Lang } from '../src/messages/lang.js';
import { PARAMS } from '../src/messages/params.js';
import type { Policy, ScenarioInfo } from '../src/index.js';
import type { SetEdit } from '../src/policy/setFlag.js';
import { UsageError } from './args.js';
import { Failed } from './context.js';
import { reportDiagnostics, type Io } from './output.js';

/** The edits of every --set given, in order; a usage error for the first that is not PARAM=VALUE[@DATE]. */
export async function setEditsFrom(texts: readonly string[] | undefined, lang: Lang): Promise<SetEdit[]> {
  if (!texts?.length) return [];
  const { parseSetEdit } = await import('../src/policy/setFlag.js');
  return texts.map((text) => {
    const r = parseSetEdit(text);
    if (!r.ok) throw new UsageError(PARAMS[lang].setSyntax[r.problem](text));
    return r.edit;
  });
}

/** The edits applied as a scenario after the others (a scenario of the same id refused); errors stop the command. */
async function applied(io: Io, policy: Policy, earlier: readonly ScenarioInfo[], edits: readonly SetEdit[]): Promise<{ policy: Policy; scenario: ScenarioInfo }> {
  const { applySetEdits } = await import('../src/policy/setFlag.js');
  const r = applySetEdits(policy, edits, earlier);
  if (!r.ok) {
    reportDiagnostics(io, r.diagnostics);
    throw new Failed();
  }
  return r;
}

/** eval, explain, diff and params: the policy with the edits overlaid after its scenarios. */
export async function overlaySet(io: Io, loaded: { policy: Policy; scenarios: readonly ScenarioInfo[] }, edits: readonly SetEdit[]): Promise<{ policy: Policy; scenarios: ScenarioInfo[] }> {
  if (!edits.length) return { policy: loaded.policy, scenarios: [...loaded.scenarios] };
  const r = await applied(io, loaded.policy, loaded.scenarios, edits);
  return { policy: r.policy, scenarios: [...loaded.scenarios, r.scenario] };
}

/** A scenario compared with the baseline, with the policy it makes. */
export type Compared = ScenarioInfo & { policy: Policy };

/**
 * simulate: the edits as one more scenario compared with the baseline, after the scenario files,
 * checked as they are (the shares of every item on every date a value changes).
 */
export async function withSetScenario(io: Io, baseline: Policy, scenarios: readonly Compared[], edits: readonly SetEdit[]): Promise<Compared[]> {
  if (!edits.length) return [...scenarios];
  const r = await applied(io, baseline, scenarios, edits);
  const { checkItemShares } = await import('../src/eval/itemShares.js');
  const shares = checkItemShares(r.policy);
  if (hasErrors(shares)) {
    reportDiagnostics(io, shares.filter((d) => d.severity === 'error'));
    throw new Failed();
  }
  return [...scenarios, { ...r.scenario, policy: r.policy }];
}
