/** The words of `fuzhu prop`: the built-in invariants and the relations a scenario declares. */
import { messages } from './lang.js';

export const PROP = messages(
  {
    invariants: {
      evaluates_without_error: 'every valid household evaluates without error',
      deterministic: 'evaluation is deterministic',
      no_negative_amounts: 'no amount or share is negative',
      shares_sum_to_amounts: "every line's payer shares sum to its amount, and the lines to the totals",
      year_is_its_months: 'a year equals the sum of its months plus its yearly items',
      no_change_scenario_is_baseline: 'a scenario with no effective change equals the baseline',
      compiled_is_interpreter: 'the compiled evaluator gives what the reference interpreter gives',
    } as Record<string, string>,
    relation: (scenario: string, relation: string) => `${scenario} against the baseline: ${relation}`,
    relations: { payouts_never_lower: 'payouts never lower', payouts_never_higher: 'payouts never higher', totals_unchanged: 'totals unchanged', equivalent: 'equivalent' } as Record<string, string>,
  },
  {
    invariants: {
      evaluates_without_error: '每户有效家庭都能无错误地计算',
      deterministic: '计算结果是确定的',
      no_negative_amounts: '金额和分担额都不为负',
      shares_sum_to_amounts: '每行各承担方的分担额之和等于该行金额，各行之和等于合计',
      year_is_its_months: '全年等于各月之和加上年度项目',
      no_change_scenario_is_baseline: '没有实际改动的方案与基准相同',
      compiled_is_interpreter: '编译后的计算器与参考解释器结果一致',
    } as Record<string, string>,
    relation: (scenario: string, relation: string) => `${scenario} 与基准相比：${relation}`,
    relations: { payouts_never_lower: '发放额从不降低', payouts_never_higher: '发放额从不提高', totals_unchanged: '合计不变', equivalent: '完全等价' } as Record<string, string>,
  },
);
