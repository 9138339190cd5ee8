/**
 * The words of `--set PARAM=VALUE[@DATE]` (a what-if given on the command line) and of
 * `fuzhu params` (the catalogue of parameters an analyst writes a scenario from). Parameter
 * labels come from the policy; units are the policy's words, read word by word in Chinese.
 */
import { messages } from './lang.js';

/** Why a --set is not PARAM=VALUE[@DATE]. */
export type SetSyntaxProblem = 'noEquals' | 'noParameter' | 'noValue' | 'noDate';

export const PARAMS = messages(
  {
    setSyntax: {
      noEquals: (text: string) => `--set ${text}: expected PARAMETER=VALUE or PARAMETER=VALUE@YYYY-MM-DD, such as allowance.death.rate=800@2020-01-01`,
      noParameter: (text: string) => `--set ${text}: no parameter before '='; write PARAMETER=VALUE (fuzhu params lists the parameters)`,
      noValue: (text: string) => `--set ${text}: no value after '='; write it as a scenario's value: 800, 60%, true, 2020-01-01 (null ends the parameter)`,
      noDate: (text: string) => `--set ${text}: no date after '@'; write it YYYY-MM-DD, or leave '@' out for a change from the parameter's first date`,
    },
    setTitle: (changes: string) => `Set on the command line: ${changes}`,
    setChange: (label: string, value: string, date: string | undefined) => `${label} ${value} ${date === undefined ? 'from the start' : `from ${date}`}`,
    setSeparator: '; ',
    heading: (document: string, id: string, count: number, provisional: number) => `Parameters of ${document} (${id}): ${count}, ${provisional} of them provisional`,
    inForce: (date: string) => `values in force on ${date}`,
    byDate: 'values by date, each holding until the next',
    scenarios: (ids: string) => `changed by scenarios: ${ids}`,
    columns: ['parameter', 'label', 'unit', 'from', 'value', 'provisional', 'scenario'],
    yes: 'yes',
    no: 'no',
    unset: 'unset (left to each to set)',
    ended: 'no value (ended)',
    noValue: 'no value on that date',
    rest: (whole: string) => `the rest of ${whole}`,
    percentOf: (percent: string, whole: string) => `${percent} of ${whole}`,
    keyed: (key: string, value: string) => `${key}: ${value}`,
    listSeparator: ', ',
    provisional: (source: string) => `provisional: ${source}`,
    kind: { boolean: 'true or false', date: 'date', integer: 'whole number', decimal: 'number', money: 'CNY', string: 'text' } as Record<string, string>,
    listOf: (element: string) => `list of ${element}`,
    perKey: (unit: string, key: string) => `${unit}, per ${key}`,
    /** A unit is the policy's words; in English it is shown as written. */
    unitWords: {} as Record<string, string>,
    unitJoin: ' per ',
    badAt: (text: string) => `--at '${text}': expected a date that exists, written YYYY-MM-DD, such as 2020-01-01`,
    jsonLang: '--lang chooses the language of the table; the JSON of --json holds both labels (zh and en)',
  },
  {
    setSyntax: {
      noEquals: (text: string) => `--set ${text}：应写作 参数=取值 或 参数=取值@YYYY-MM-DD，例如 allowance.death.rate=800@2020-01-01`,
      noParameter: (text: string) => `--set ${text}：“=”前缺少参数；应写作 参数=取值（fuzhu params 列出全部参数）`,
      noValue: (text: string) => `--set ${text}：“=”后缺少取值；写法与方案文件中的取值相同：800、60%、true、2020-01-01（null 表示参数终止）`,
      noDate: (text: string) => `--set ${text}：“@”后缺少日期；应写作 YYYY-MM-DD，或去掉“@”，自参数的第一个日期起修改`,
    },
    setTitle: (changes: string) => `命令行设定：${changes}`,
    setChange: (label: string, value: string, date: string | undefined) => `${label}为${value}（${date === undefined ? '自始' : `${date}起`}）`,
    setSeparator: '；',
    heading: (document: string, id: string, count: number, provisional: number) => `${document}（${id}）参数：共${count}项，其中暂定${provisional}项`,
    inForce: (date: string) => `${date}当日有效的取值`,
    byDate: '按日期列出的取值，每个取值有效至下一个日期',
    scenarios: (ids: string) => `经方案修改：${ids}`,
    columns: ['参数', '名称', '单位', '起始日期', '取值', '暂定', '方案'],
    yes: '是',
    no: '否',
    unset: '未设定（由各地自行规定）',
    ended: '无取值（已终止）',
    noValue: '该日无取值',
    rest: (whole: string) => `${whole}的其余部分`,
    percentOf: (percent: string, whole: string) => `${whole}的${percent}`,
    keyed: (key: string, value: string) => `${key}：${value}`,
    listSeparator: '、',
    provisional: (source: string) => `暂定：${source}`,
    kind: { boolean: '是或否', date: '日期', integer: '整数', decimal: '数值', money: '元', string: '文字' },
    listOf: (element: string) => `${element}列表`,
    perKey: (unit: string, key: string) => `${unit}，按${key}分别规定`,
    unitWords: { CNY: '元', person: '人', household: '户', student: '学生', month: '月', year: '年', years: '岁' },
    unitJoin: '/',
    badAt: (text: string) => `--at '${text}'：应为实际存在的日期，写作 YYYY-MM-DD，例如 2020-01-01`,
    jsonLang: '--lang 选择表格的语言；--json 输出同时包含中英文名称（zh 和 en）',
  },
);
