/**
 * One household through one engine, against the interpreter month by month: the difference,
 * said with the smallest household that still shows it (optional fields and list elements taken
 * away while it does), the range and the policy, so that it can be replayed by hand.
 */
import { dates, type CivilDate } from '../../src/dsl/index.js';
import type { Engine } from '../../src/engines/index.js';
import { readHousehold, type Household } from '../../src/eval/index.js';
import type { Policy } from '../../src/policy/index.js';
import { minimizeHousehold } from '../../src/prop/index.js';
import { firstDifference, interpreterOutcome, outcomeOf, type Outcome } from './compare.js';

export type Raw = Record<string, unknown>;

export interface Range {
  readonly from: CivilDate;
  readonly to: CivilDate;
}

export const rangeText = (r: Range) => `${dates.formatDate(r.from).slice(0, 7)}..${dates.formatDate(r.to).slice(0, 7)}`;

/** Reference outcomes, kept per policy for the households of the fixed corpora, so that each engine reuses them. */
const references = new WeakMap<Policy, Map<string, Outcome>>();

function referenceOutcome(policy: Policy, household: Household, raw: Raw, range: Range, keep: boolean): Outcome {
  const key = `${JSON.stringify(raw)}|${range.from}|${range.to}`;
  let byKey = references.get(policy);
  if (!byKey) references.set(policy, (byKey = new Map()));
  let o = byKey.get(key);
  if (!o) {
    o = interpreterOutcome(policy, household, range.from, range.to);
    if (keep) byKey.set(key, o);
  }
  return o;
}

/**
 * The difference of an engine from the interpreter for a household (as written) over a range;
 * undefined when they agree or the policy's reader refuses the household.
 */
export function differenceOf(engine: Engine, policy: Policy, raw: Raw, range: Range, keep = true): string | undefined {
  const read = readHousehold(policy, raw);
  if (!read.ok) return undefined;
  return firstDifference(referenceOutcome(policy, read.household, raw, range, keep), outcomeOf(engine, policy, read.household, range.from, range.to));
}

/** What a disagreement says: the engine, the policy and range, the difference, and the smallest household showing one. */
export function disagreement(engine: Engine, policy: Policy, raw: Raw, range: Range, keep = true): string | undefined {
  const difference = differenceOf(engine, policy, raw, range, keep);
  if (difference === undefined) return undefined;
  const smallest = minimizeHousehold(policy, raw, (r) => differenceOf(engine, policy, r, range, false) !== undefined);
  const scenarios = policy.scenarios.length ? ` under ${policy.scenarios.join(', ')}` : '';
  return `engine ${engine.id}${scenarios}, ${rangeText(range)}, household ${String(raw.id)}: ${difference}\n  smallest household: ${JSON.stringify(smallest)}\n  its difference: ${differenceOf(engine, policy, smallest, range, false)}`;
}
