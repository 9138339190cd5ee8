/**
 * The words of households' rows (`eval --out`, `simulate --households`): the column headers a
 * policy does not label, the cells in words, the summary `eval` prints of a population, and the
 * usage errors of the flags that write rows.
 */
import { messages } from './lang.js';

export const ROWS = messages(
  {
    period: 'period',
    inForce: 'in force',
    category: 'category',
    eligible: (role: string) => `${role} eligible`,
    monthsEligible: (role: string) => `${role} months eligible`,
    total: 'total',
    change: 'change',
    baseline: 'baseline',
    sheet: 'households',
    /** A column of one policy's block (the baseline, a scenario) or of a scenario's change. */
    column: (block: string, name: string) => `${block}: ${name}`,
    yes: 'yes',
    no: 'no',
    summary: (households: string, paid: string, total: string, payers: string) => `${households} households, ${paid} with a payment: total ${total} CNY${payers ? ` (${payers})` : ''}`,
    skipped: (n: string) => `${n} invalid records skipped`,
    written: (rows: string, path: string) => `${rows} rows written to ${path}`,
    noHousehold: (path: string) => `${path} holds no household`,
    unknownExtension: (flag: string, path: string, extensions: string) => `${flag} ${path}: the file must end in ${extensions}, which tells the format of its rows`,
    monthlyNeedsYear: '--monthly splits a year into months: give --period as a year (2019)',
    monthlyNeedsOut: '--monthly goes with --out FILE: it splits the rows written there by month',
    jsonWithPopulation: (path: string) => `--json prints one household's result; ${path} is a population: write its rows with --out FILE.jsonl, or take its totals from fuzhu simulate --json`,
    householdsWithProject: '--households writes the figures of a range of months (--from, --to); a projection has none per household',
  },
  {
    period: '期间',
    inForce: '方案已施行',
    category: '类别',
    eligible: (role: string) => `${role}符合条件`,
    monthsEligible: (role: string) => `${role}符合条件月数`,
    total: '合计',
    change: '变化',
    baseline: '基准',
    sheet: '各户',
    column: (block: string, name: string) => `${block}·${name}`,
    yes: '是',
    no: '否',
    summary: (households: string, paid: string, total: string, payers: string) => `共${households}户，其中${paid}户有扶助：合计${total}元${payers ? `（${payers}）` : ''}`,
    skipped: (n: string) => `跳过无效记录${n}条`,
    written: (rows: string, path: string) => `已写入${rows}行：${path}`,
    noHousehold: (path: string) => `${path}中没有家庭`,
    unknownExtension: (flag: string, path: string, extensions: string) => `${flag} ${path}：文件名须以${extensions}结尾，由此确定各行的格式`,
    monthlyNeedsYear: '--monthly 把一年分为各月：--period 须为年份（如 2019）',
    monthlyNeedsOut: '--monthly 须与 --out 同用：它把写入该文件的各行按月分开',
    jsonWithPopulation: (path: string) => `--json 输出一个家庭的结果；${path} 是一个人口文件：请用 --out 文件名.jsonl 写出各户的行，或用 fuzhu simulate --json 得到合计`,
    householdsWithProject: '--households 写出一段月份（--from、--to）的各户数额；预测没有各户数额',
  },
);
