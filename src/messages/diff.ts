/** The words of a structural difference's details (`fuzhu diff`; the JSON keeps the English). */
import { messages } from './lang.js';

export const DIFF = messages(
  {
    type: 'type',
    unit: 'unit',
    valueFrom: (date: string, x: string, y: string) => `value from ${date}: ${x} → ${y}`,
    sameAgain: (date: string, x: string) => `value from ${date}: the same again (${x})`,
    label: 'label',
    citation: 'citation',
    payer: (n: number) => `payer ${n}`,
    pays: (payer: string, share: string) => `${payer} pays ${share}`,
    theRest: 'the rest',
    before: 'before: ',
    after: 'after:  ',
    expression: 'expression',
    reading: 'reading',
    alternatives: 'alternatives',
    implementedBy: 'implemented by',
  },
  {
    type: '类型',
    unit: '单位',
    valueFrom: (date: string, x: string, y: string) => `${date}起的数值：${x} → ${y}`,
    sameAgain: (date: string, x: string) => `${date}起的数值：恢复相同（${x}）`,
    label: '名称',
    citation: '条款',
    payer: (n: number) => `承担方${n}`,
    pays: (payer: string, share: string) => `${payer} 承担 ${share}`,
    theRest: '其余部分',
    before: '修改前：',
    after: '修改后：',
    expression: '表达式',
    reading: '解读',
    alternatives: '其他解读',
    implementedBy: '实现于',
  },
);
