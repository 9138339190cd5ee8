/** What the commands share: the policy (with scenarios), the period and the households. */
import { statSync } from 'node:fs';
import { dates, defaultPolicyDir, formatOf, loadWithScenarios, parsePeriod, readHouseholdFiles, type CivilDate, type Household, type Period, type Policy, type ScenarioInfo } from '../src/index.js';
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
  if (!read.households.length) throw new UsageError(`${path} holds no household (a folder is read for its .yaml, .yml and .json files)`);
  return read.households;
}

/** A population file that exists, is a file, and has a format Fuzhu reads. */
export function populationFrom(path: string | undefined): string {
  if (!path) throw new UsageError('--population FILE is required (JSONL, CSV, JSON or YAML list of households)');
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`--population ${path}: no such file`);
  if (stat.isDirectory()) throw new UsageError(`--population ${path} is a folder; name a .jsonl, .csv, .json or .yaml file`);
  if (!formatOf(path)) throw new UsageError(`--population ${path}: name the file .jsonl, .csv, .json or .yaml so that its format is known`);
  return path;
}

/** A month written YYYY-MM, from 1900 on. */
export function monthFrom(text: string | undefined, flag: string): CivilDate {
  const m = text === undefined ? undefined : /^(\d{4})-(\d{2})$/.exec(text);
  const y = Number(m?.[1]);
  const mo = Number(m?.[2]);
  if (!m || mo < 1 || mo > 12 || y < 1900) throw new UsageError(`${flag} must be a month such as 2019-01${text ? `, not '${text}'` : ''}`);
  return dates.ymd(y, mo, 1);
}

export function langFrom(text: string | undefined): 'zh' | 'en' {
  if (text === undefined || text === 'en') return 'en';
  if (text === 'zh') return 'zh';
  throw new UsageError(`--lang '${text}': expected zh or en`);
}
