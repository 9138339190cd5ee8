/**
 * Usage errors speak the language of the command line: with --lang zh a wrong command line is
 * refused (exit 2) in Chinese, with no word in Latin letters outside flags, paths, placeholders,
 * quoted values and ids; with --lang en, in the English it always had.
 */
import { describe, expect, it } from 'vitest';
import { fuzhu } from './cliRun.js';
import { shippedPolicy } from './helpers.js';

const EXAMPLE = 'policy/liuzhou-2018/examples/death-couple.yaml';
const SAMPLE = 'policy/populations/liuzhou-sample.jsonl';
const REFORM = 'policy/scenarios/reform-2019.yaml';
const MONTHS = ['--from', '2019-01', '--to', '2019-02'];

/** A wrong command line (its command first; --lang is added after the command) and its English message. */
const CASES: [string, string[], string][] = [
  ['missing --period', ['eval', EXAMPLE], '--period is required: a month (2019-03) or a year (2019)'],
  ['a bad --period', ['eval', EXAMPLE, '--period', '2019-3'], "--period '2019-3' is neither a month (2019-03) nor a year (2019) between 1900 and 2199"],
  ['a bad month', ['simulate', '--population', SAMPLE, '--from', '2019-13', '--to', '2019-12'], "--from must be a month such as 2019-01, between 1900 and 2199, not '2019-13'"],
  ['--to before --from', ['simulate', '--population', SAMPLE, '--from', '2019-05', '--to', '2019-01'], '--to is before --from'],
  ['an unknown option, with a suggestion', ['eval', EXAMPLE, '--perod', '2019'], "unknown option '--perod'. Did you mean '--period'?"],
  ['a flag without its value', ['eval', EXAMPLE, '--period'], "Option '--period <value>' argument missing"],
  ['a value to a switch', ['check', '--json=yes'], "Option '--json' does not take an argument"],
  ['an argument too many', ['check', 'policy/liuzhou-2018', 'extra'], "unexpected argument 'extra'"],
  ['a scenario given as the population', ['simulate', '--population', REFORM, ...MONTHS], `--population ${REFORM} is a scenario; \`--scenario\` reads it`],
  ['a scenario given as the household', ['eval', REFORM, '--period', '2019'], `the household file ${REFORM} is a scenario; \`--scenario\` reads it`],
  ['a scenario given as the policy', ['check', REFORM], `the policy ${REFORM} is a scenario; \`--scenario\` reads it`],
  ['a bad --jobs', ['simulate', '--population', SAMPLE, ...MONTHS, '--jobs', '0'], "--jobs must be a whole number of at least 1, not '0'"],
  ['a bad --seed', ['prop', '--seed', '-1'], '--seed takes a value that does not start with'],
  ['--lang with --json alone', ['eval', EXAMPLE, '--period', '2019-03', '--json'], '--lang chooses the language of the table; the JSON of --json holds both labels (zh and en)'],
  ['an unknown --set form', ['eval', EXAMPLE, '--period', '2019-03', '--set', 'allowance.death.rate'], '--set allowance.death.rate: expected PARAMETER=VALUE or PARAMETER=VALUE@YYYY-MM-DD'],
  ['a --report not .html', ['simulate', '--population', SAMPLE, ...MONTHS, '--report', 'out/report.htm'], '--report out/report.htm: the file must end in .html'],
  ['--sheet of a population that is not a workbook', ['simulate', '--population', SAMPLE, ...MONTHS, '--sheet', 'Sheet2'], `--sheet chooses a sheet of an .xlsx population, and ${SAMPLE} is not one`],
  ['an unknown --encoding, with a suggestion', ['simulate', '--population', SAMPLE, ...MONTHS, '--encoding', 'gkb'], "--encoding 'gkb': expected utf8, gbk or gb18030. Did you mean 'gbk'?"],
  ['an unknown item, with a suggestion', ['explain', EXAMPLE, '--period', '2019-03', '--item', 'alowance'], "unknown item 'alowance'. Did you mean 'allowance'? The items are allowance, "],
  ['diff without a second package', ['diff', 'policy/liuzhou-2018'], 'give a second package B, or --scenario FILE (or --set PARAM=VALUE) to compare A with A under a scenario'],
  ['a bad --project', ['simulate', '--population', SAMPLE, '--project', '2019-2035'], "--project must be a range of years such as 2019..2035, not '2019-2035'"],
  ['--runs without --project', ['simulate', '--population', SAMPLE, ...MONTHS, '--runs', '5'], '--runs goes with --project (a projection over years); a range of months has no runs, seed or assumptions'],
  ['generate without --households', ['generate'], '--households is required: a whole number of at least 1'],
  ['generate without --out', ['generate', '--households', '10', '--seed', '1'], '--out is required: the file to write (.jsonl or .csv)'],
  ['a --seed out of range', ['generate', '--households', '10', '--seed', '4294967296'], "--seed must be a whole number from 0 to 2147483647, not '4294967296'"],
];

/** Latin words a Chinese message may show as written: placeholders, format and encoding names, language codes, the program and its commands. */
const ALLOWED = new Set(['FILE', 'DIR', 'PARAM', 'VALUE', 'YYYY', 'MM', 'DD', 'JSONL', 'CSV', 'XLSX', 'JSON', 'YAML', 'utf8', 'gbk', 'gb18030', 'zh', 'en', 'fuzhu', 'diff', 'params']);

/** The Latin-letter words of a message outside flags, paths, file names, dotted ids, quoted values and the policy's item ids. */
function englishWords(message: string): string[] {
  const items = new Set(shippedPolicy().items.map((i) => i.id));
  const rest = message
    .replace(/'[^']*'|“[^”]*”|`[^`]*`/g, ' ') // quoted values and commands
    .replace(/(?:[\w.-]+\/)+[\w.-]+/g, ' ') // paths
    .replace(/--[\w-]+/g, ' ') // flags
    .replace(/[\w-]*(?:\.[\w-]+)+/g, ' '); // file names, extensions and dotted ids
  const words = rest.match(/[A-Za-z]\w+/g) ?? [];
  return words.filter((w) => !ALLOWED.has(w) && !items.has(w));
}

/** The message of a usage error: stderr without `fuzhu COMMAND: ` and the usage line after it. */
async function refusal(argv: string[], lang: 'zh' | 'en'): Promise<{ code: number; message: string; usage: string }> {
  const [command, ...rest] = argv;
  const r = await fuzhu(command!, '--lang', lang, ...rest);
  const lines = r.err.split('\n');
  return { code: r.code, message: lines.slice(0, -1).join('\n').replace(`fuzhu ${command}: `, ''), usage: lines.at(-1)! };
}

describe('usage errors in the language of the command line', { timeout: 60_000 }, () => {
  it.each(CASES)('%s: in Chinese with --lang zh', async (_, argv) => {
    const r = await refusal(argv, 'zh');
    expect(r.code).toBe(2);
    expect(r.usage).toMatch(/^用法：fuzhu /);
    expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    expect(englishWords(r.message)).toEqual([]);
  });

  it.each(CASES)('%s: in English with --lang en', async (_, argv, english) => {
    const r = await refusal(argv, 'en');
    expect(r.code).toBe(2);
    expect(r.usage).toMatch(/^usage: fuzhu /);
    expect(r.message.startsWith(english)).toBe(true);
  });

  it('names the same flags, paths and values in both languages', async () => {
    const zh = await refusal(['simulate', '--population', REFORM, ...MONTHS], 'zh');
    expect(zh.message).toBe(`--population ${REFORM}：这是方案文件，由 \`--scenario\` 读取`);
    const suggestion = await refusal(['eval', EXAMPLE, '--perod', '2019'], 'zh');
    expect(suggestion.message).toBe('没有“--perod”这个选项。是否想用“--period”？');
  });

  it('the checker finds English where there is some', () => {
    expect(englishWords('--jobs must be a whole number, not 0')).toEqual(['must', 'be', 'whole', 'number', 'not']);
    expect(englishWords('--jobs 应为不小于 1 的整数，而不是 \'x\'')).toEqual([]);
  });
});
