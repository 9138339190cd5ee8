/** What the commands share: the policy (with scenarios), the period and the households. */
import { statSync } from 'node:fs';
import { loadChecked, loadCompared } from '../src/cache/checked.js';
import * as dates from '../src/dsl/dates.js';
import { parsePeriod } from '../src/eval/period.js';
import { langOfLocale, type Lang } from '../src/messages/index.js';
import { defaultPolicyDir, defaultPolicyLanguage } from '../src/policy/root.js';
import { didYouMean } from '../src/diag/suggest.js';
import { XLSX } from '../src/messages/xlsx.js';
import { ENCODING_NAMES, encodingOf } from '../src/sim/encodingNames.js';
import { formatOf } from '../src/sim/populationFormat.js';
import type { PopulationReading } from '../src/sim/readers.js';
import type { CivilDate, Period, Policy, ScenarioInfo } from '../src/index.js';
import { UsageError, type Wording } from './args.js';
import { expectKind } from './kinds.js';
import { reportDiagnostics, type Io } from './output.js';

export class Failed extends Error {}

/** Refuses a policy or scenario path that holds something else, saying what it holds. */
export function policyPaths(dir: string | undefined, scenarios: readonly string[] | undefined, what: Wording = '--policy'): void {
  if (dir !== undefined) expectKind(dir, what, ['policy']);
  for (const s of scenarios ?? []) expectKind(s, '--scenario', ['scenario']);
}

/** The checked policy with scenarios overlaid (from the cache when the same files were checked before); errors stop the command. */
export async function policyFrom(io: Io, dir: string | undefined, scenarios: string[] | undefined, what: Wording = '--policy'): Promise<{ policy: Policy; scenarios: ScenarioInfo[] }> {
  policyPaths(dir, scenarios, what);
  const { loaded } = await loadChecked(dir ?? defaultPolicyDir(), scenarios ?? []);
  if (!loaded.ok) {
    reportDiagnostics(io, loaded.diagnostics);
    throw new Failed();
  }
  return { policy: loaded.policy, scenarios: loaded.scenarios };
}

/**
 * The checked baseline and each scenario file applied to it apart, for a run that compares each
 * with it (from the cache when the same files were checked before); errors stop the command.
 */
export async function comparedFrom(io: Io, dir: string | undefined, scenarios: readonly string[], what: Wording = '--policy', langFlag?: string): Promise<{ policy: Policy; scenarios: (ScenarioInfo & { policy: Policy })[] }> {
  policyPaths(dir, [...scenarios], what);
  const { loaded, applied } = await loadCompared(dir ?? defaultPolicyDir(), scenarios);
  if (!loaded.ok) {
    reportDiagnostics(io, loaded.diagnostics);
    throw new Failed();
  }
  if (!applied?.ok) {
    reportDiagnostics(io, applied?.diagnostics ?? [], langFrom(langFlag, loaded.policy));
    throw new Failed();
  }
  return { policy: loaded.policy, scenarios: applied.scenarios };
}

export function periodFrom(text: string | undefined): Period {
  if (text === undefined) throw new UsageError((w) => w.periodRequired);
  const p = parsePeriod(text);
  if (!p) throw new UsageError((w) => w.periodInvalid(text));
  return p;
}

/** A household file or folder for eval and explain: not a population, a scenario or a policy. */
export function householdPath(path: string | undefined, usage: string): string {
  if (!path) throw new UsageError((w) => w.householdRequired(usage));
  return expectKind(path, (w) => w.theHouseholdFile, ['household']);
}

/** A population file that exists, is a file, and has a format Fuzhu reads. */
export function populationFrom(path: string | undefined): string {
  if (!path) throw new UsageError((w) => w.populationRequired);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new UsageError((w) => w.noSuchFile('--population', path));
  expectKind(path, '--population', ['population']);
  if (stat.isDirectory()) throw new UsageError((w) => w.populationIsFolder(path));
  if (!formatOf(path)) throw new UsageError((w) => w.populationFormatUnknown(path));
  return path;
}

/** How a population is read: `--sheet` of a workbook, `--encoding` of a CSV; refused for another format, and an unknown encoding, before any work. */
export function readingFrom(path: string, sheet: string | undefined, encoding: string | undefined, lang: Lang): PopulationReading {
  const w = XLSX[lang];
  if (sheet !== undefined && formatOf(path) !== 'xlsx') throw new UsageError(w.sheetFlagNotXlsx(path));
  if (encoding === undefined) return sheet !== undefined ? { sheet } : {};
  const known = encodingOf(encoding);
  if (!known) throw new UsageError(`${w.unknownEncoding(encoding)}${didYouMean(encoding, ENCODING_NAMES, lang)}`);
  if (formatOf(path) !== 'csv') throw new UsageError(w.encodingFlagNotCsv(path));
  return { ...(sheet !== undefined ? { sheet } : {}), encoding: known };
}

/** A month written YYYY-MM, within the years every command accepts (those of `parsePeriod`). */
export function monthFrom(text: string | undefined, flag: string): CivilDate {
  if (text === undefined) throw new UsageError((w) => w.monthRequired(flag));
  const p = /^\d{4}-\d{2}$/.test(text) ? parsePeriod(text) : undefined;
  if (p?.kind !== 'month') throw new UsageError((w) => w.monthInvalid(flag, text));
  return dates.ymd(p.year, p.month, 1);
}

/** A year written YYYY, within the same bounds. */
export function yearFrom(text: string, flag: string): number {
  const p = /^\d{4}$/.test(text) ? parsePeriod(text) : undefined;
  if (p?.kind !== 'year') throw new UsageError((w) => w.yearInvalid(flag, text));
  return p.year;
}

/**
 * The language asked for: `--lang`, else the environment's locale (LC_ALL, then LC_MESSAGES, then
 * LANG, as POSIX orders them); undefined when neither names zh or en (`C.UTF-8`, unset). An
 * unknown --lang is refused here, before any work starts.
 */
export function langAsked(text: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang | undefined {
  if (text !== undefined) {
    if (text === 'zh' || text === 'en') return text;
    throw new UsageError((w) => w.langInvalid(text));
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  return langOfLocale(locale);
}

/** The language of output: as asked, else the policy's declared language (the default package's when none is loaded). */
export function langFrom(text: string | undefined, policy?: Policy): Lang {
  return langAsked(text) ?? policy?.meta.language ?? defaultPolicyLanguage();
}
