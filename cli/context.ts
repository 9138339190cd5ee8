/** What the commands share: the policy (with scenarios), the period and the households. */
import { defaultPolicyDir, loadWithScenarios, parsePeriod, readHouseholdFiles, type Household, type Period, type Policy, type ScenarioInfo } from '../src/index.js';
import { UsageError } from './args.js';
import { reportDiagnostics, type Io } from './output.js';

export class Failed extends Error {}

export function policyFrom(io: Io, dir: string | undefined, scenarios: string[] | undefined): { policy: Policy; scenarios: ScenarioInfo[] } {
  const loaded = loadWithScenarios(dir ?? defaultPolicyDir(), scenarios ?? []);
  if (!loaded.ok) {
    reportDiagnostics(io, loaded.diagnostics);
    throw new Failed();
  }
  return { policy: loaded.policy, scenarios: loaded.scenarios };
}

export function periodFrom(text: string | undefined): Period {
  if (text === undefined) throw new UsageError('--period is required: a month (2019-03) or a year (2019)');
  const p = parsePeriod(text);
  if (!p) throw new UsageError(`--period '${text}' is neither a month (2019-03) nor a year (2019) between 1900 and 2199`);
  return p;
}

/** Reads households; any invalid one stops the command after all have been reported. */
export function householdsFrom(io: Io, policy: Policy, path: string): Household[] {
  const read = readHouseholdFiles(policy, path);
  if (read.diagnostics.length) {
    reportDiagnostics(io, read.diagnostics);
    throw new Failed();
  }
  return read.households;
}

export function langFrom(text: string | undefined): 'zh' | 'en' {
  if (text === undefined || text === 'en') return 'en';
  if (text === 'zh') return 'zh';
  throw new UsageError(`--lang '${text}': expected zh or en`);
}
