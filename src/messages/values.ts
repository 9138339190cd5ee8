/** How values read in results and explanations: money's unit, yes and no, absent, unset, shares. */
import { messages } from './lang.js';

export const VALUES = messages(
  {
    money: (amount: string) => `${amount} CNY`,
    true: 'true',
    false: 'false',
    absent: 'absent',
    noValue: 'no value',
    unset: 'unset',
    unsetForEvery: 'unset for every one',
    rest: (of: string) => `the rest of ${of}`,
    percentOf: (percent: string, of: string) => `${percent}% of ${of}`,
    listSeparator: ', ',
  },
  {
    money: (amount: string) => `${amount}元`,
    true: '是',
    false: '否',
    absent: '无',
    noValue: '无数值',
    unset: '未设定',
    unsetForEvery: '均未设定',
    rest: (of: string) => `${of}的其余部分`,
    percentOf: (percent: string, of: string) => `${of}的${percent}%`,
    listSeparator: '、',
  },
);
