/**
 * `simulate --households FILE`: each household's figures over the range under the baseline and
 * each scenario, and each scenario's change, one row a household in the population's order,
 * written as the simulation goes (cli/rowsOut.ts) and put in place only when the run succeeds.
 * Every scenario is then evaluated household by household (none re-priced from profiles).
 */
import * as dates from '../src/dsl/dates.js';
import type { CivilDate } from '../src/dsl/dates.js';
import type { Policy } from '../src/policy/index.js';
import { RowColumns } from '../src/sim/householdRows.js';
import { ROWS, type Lang } from '../src/messages/index.js';
import { UsageError } from './args.js';
import { rowsPath } from './rowsAsked.js';
import { openRowsOut, type RowsOut } from './rowsOut.js';

/** The --households path checked before any work; a projection has no households' figures. */
export function householdsPath(path: string | undefined, projection: boolean, lang: Lang): string | undefined {
  if (path === undefined) return undefined;
  if (projection) throw new UsageError(ROWS[lang].householdsWithProject);
  return rowsPath(path, '--households', lang);
}

/** Opens the households' file for the baseline and the scenarios (ids in order) over the months from `from` to `to`; `bom` heads a CSV file with a byte-order mark. */
export function openHouseholds(path: string, baseline: Policy, scenarios: readonly { id: string; policy: Policy }[], from: CivilDate, to: CivilDate, lang: Lang, bom = lang === 'zh'): Promise<RowsOut> {
  const columns = new RowColumns([baseline, ...scenarios.map((s) => s.policy)]);
  return openRowsOut(path, { columns, scenarios: scenarios.map((s) => s.id), period: false, months: dates.monthsBetween(from, to) + 1 }, lang, bom);
}

/** Runs the simulation writing rows to `out`: the file is dropped if it throws. */
export async function writingRows<T>(out: RowsOut | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw out ? await out.abort(e) : e;
  }
}
