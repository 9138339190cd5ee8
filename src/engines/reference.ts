/**
 * The reference engine: the tree-walking interpreter, month by month. It is the one the
 * others are compared with, and the only one that traces (explanations, coverage).
 */
import type { CivilDate } from '../dsl/index.js';
import { dates } from '../dsl/index.js';
import { evaluateMonth, type Household } from '../eval/index.js';
import type { Policy } from '../policy/index.js';
import type { Engine, PreparedEngine } from './engine.js';
import { batchOf } from './batch.js';
import { walkRange } from './range.js';

export const referenceEngine: Engine = {
  id: 'interpreter',
  prepare(policy: Policy, from: CivilDate, to: CivilDate): PreparedEngine {
    const evaluate = (household: Household) =>
      walkRange(from, to, [], (month, due) => ({ evaluation: evaluateMonth(policy, household, month, { engine: 'interpreter' }, due), until: dates.addMonths(month, 1) }));
    return { evaluate, evaluateBatch: batchOf(evaluate) };
  },
};
