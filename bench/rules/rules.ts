/**
 * The eligibility (二) and the monthly allowance (三（一）) of the Liuzhou 2018 scheme as
 * json-rules-engine rules: one rule per spouse, category and dated rate, whose event carries
 * the rate and the payers' shares in fen. The thresholds come from the parameter tables.
 */
import type { NestedCondition, RuleProperties, TopLevelCondition } from 'json-rules-engine';
import type { Allowance, Dated, Parameters } from '../handwritten/params.js';

type Role = 'wife' | 'husband';

export interface AllowanceEvent {
  readonly role: Role;
  readonly category: 'death' | 'disability';
  readonly rate: number;
  readonly city: number;
  readonly county: number;
}

function fact(id: string, operator: string, value: unknown, role?: Role): NestedCondition {
  return { fact: id, operator, value, ...(role ? { params: { role } } : {}) };
}

/**
 * The conditions of a recipient (二) for one spouse, the category's aside. The family's
 * 只生育一个子女 (one spouse has one child) follows from the spouse's own, so it is not repeated.
 */
function eligible(prm: Parameters, role: Role): NestedCondition[] {
  return [
    fact('monthEnd', 'greaterThanInclusive', prm.schemeStart),
    fact('hukouCounty', 'notEqual', 'outside'),
    fact('recorded', 'equal', true, role),
    fact('aliveAtMonthStart', 'equal', true, role),
    fact('birthDate', 'greaterThanInclusive', prm.minBirthDate, role),
    fact('decidingAge', 'greaterThanInclusive', prm.minAge, role),
    fact('ownChildrenArrived', 'equal', 1, role),
    fact('latestOwnArrival', 'lessThanInclusive', prm.oneChildPeriodEnd, role),
    { any: [fact('ownChildDied', 'equal', true, role), fact('ownChildGrade', 'lessThanInclusive', prm.maxDisabilityGrade, role)] },
  ];
}

/** The months a dated value holds, as conditions on the month's end. */
function period(table: Dated<Allowance>, i: number): NestedCondition[] {
  const next = table[i + 1];
  return [fact('monthEnd', 'greaterThanInclusive', table[i]![0]), ...(next ? [fact('monthEnd', 'lessThan', next[0])] : [])];
}

/** The rules for the months from `first` to `last` (yyyymmdd): a rate that does not hold then has no rule. */
export function allowanceRules(prm: Parameters, first: number, last: number): RuleProperties[] {
  const rules: RuleProperties[] = [];
  for (const role of ['wife', 'husband'] as const) {
    for (const category of ['death', 'disability'] as const) {
      const table = category === 'death' ? prm.death : prm.disability;
      // 二（四）: the death category when the child has died, otherwise the disability category.
      const which = category === 'death' ? [fact('childDied', 'equal', true)] : [fact('childDied', 'equal', false), fact('childGrade', 'lessThanInclusive', prm.maxDisabilityGrade)];
      table.forEach(([from, a], i) => {
        if (from > last || (table[i + 1] && table[i + 1]![0] <= first)) return;
        const conditions: TopLevelCondition = { all: [...eligible(prm, role), ...which, ...period(table, i)] };
        const params: AllowanceEvent = { role, category, rate: a.rate, city: a.city, county: a.county };
        rules.push({ name: `allowance-${role}-${category}-${i}`, conditions, event: { type: 'allowance', params: { ...params } } });
      });
    }
  }
  return rules;
}
