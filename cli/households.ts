/** The households of `eval` and `explain`, apart from context.ts so that the other commands never load the YAML reader. */
import { readHouseholdFiles } from '../src/eval/householdFile.js';
import type { Household, Policy } from '../src/index.js';
import { UsageError } from './args.js';
import { Failed } from './context.js';
import { reportDiagnostics, type Io } from './output.js';

/** Reads households; any invalid one stops the command after all have been reported. */
export function householdsFrom(io: Io, policy: Policy, path: string): Household[] {
  const read = readHouseholdFiles(policy, path);
  if (read.diagnostics.length) {
    reportDiagnostics(io, read.diagnostics);
    throw new Failed();
  }
  if (!read.households.length) throw new UsageError((w) => w.noHousehold(path));
  return read.households;
}
