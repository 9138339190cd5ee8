/**
 * The help of every command, in Chinese and English: a summary, a paragraph, each flag's
 * description and default, and what each example does. The usage line and the examples' command
 * lines are the same in both languages, so they are written once, in COMMAND_LINES: the usage
 * line is also where each flag's value name (FILE, YYYY-MM, N) and whether it is required come
 * from (a flag outside brackets is required). Every example runs on the bundled files
 * (test/help.test.ts runs them all; `out/` stands for a folder of the reader's own).
 */
import { messages } from './lang.js';

/** The usage line and the examples of each command, in the language of the command line. */
export const COMMAND_LINES = {
  check: {
    usage: 'fuzhu check [POLICY] [--scenario FILE]… [--json] [--lang zh|en]',
    examples: ['fuzhu check', 'fuzhu check policy/liuzhou-2018 --scenario policy/scenarios/death-800.yaml'],
  },
  eval: {
    usage: 'fuzhu eval HOUSEHOLD|POPULATION --period P [--policy DIR] [--scenario FILE]… [--set PARAM=VALUE[@DATE]]… [--json] [--out FILE] [--monthly] [--skip-invalid] [--sheet NAME] [--encoding utf8|gbk|gb18030] [--bom] [--no-bom] [--lang zh|en]',
    examples: [
      'fuzhu eval policy/liuzhou-2018/examples/death-couple.yaml --period 2019-03',
      'fuzhu eval policy/populations/liuzhou-sample.jsonl --period 2019 --scenario policy/scenarios/death-800.yaml --out out/households.csv',
      'fuzhu eval policy/liuzhou-2018/examples/death-couple.yaml --period 2020-01 --set allowance.death.rate=800@2020-01-01 --set allowance.death.city=500@2020-01-01 --set allowance.death.county=300@2020-01-01',
    ],
  },
  explain: {
    usage: 'fuzhu explain HOUSEHOLD --period P [--item ID] [--policy DIR] [--scenario FILE]… [--set PARAM=VALUE[@DATE]]… [--lang zh|en]',
    examples: [
      'fuzhu explain policy/liuzhou-2018/examples/widower.yaml --period 2019-03',
      'fuzhu explain policy/liuzhou-2018/examples/death-couple.yaml --period 2019 --item allowance --lang zh',
    ],
  },
  generate: {
    usage: 'fuzhu generate --households N --seed S [--spec FILE] --out FILE.jsonl|.csv [--lang zh|en]',
    examples: ['fuzhu generate --households 200 --seed 2018 --out out/households.jsonl'],
  },
  simulate: {
    usage:
      'fuzhu simulate --population FILE (--from YYYY-MM --to YYYY-MM | --project YYYY..YYYY [--runs N] [--seed S] [--assumptions FILE]) [--jobs N] [--policy DIR] [--scenario FILE]… [--set PARAM=VALUE[@DATE]]… [--skip-invalid] [--sheet NAME] [--encoding utf8|gbk|gb18030] [--json] [--csv DIR] [--bom] [--no-bom] [--md FILE] [--xlsx FILE.xlsx] [--report FILE.html] [--households FILE] [--lang zh|en]',
    examples: [
      'fuzhu simulate --population policy/populations/liuzhou-sample.jsonl --from 2019-01 --to 2019-12',
      'fuzhu simulate --population policy/populations/liuzhou-sample.jsonl --from 2020-01 --to 2020-06 --scenario policy/scenarios/death-800.yaml --report out/death-800.html --lang zh',
      'fuzhu simulate --population policy/populations/liuzhou-sample.jsonl --project 2019..2020 --runs 2 --scenario policy/scenarios/reform-2019.yaml',
    ],
  },
  test: {
    usage: 'fuzhu test [POLICY] [--coverage] [--verbose] [--lang zh|en]',
    examples: ['fuzhu test policy/liuzhou-2018 --coverage'],
  },
  diff: {
    usage: 'fuzhu diff A [B] [--scenario FILE]… [--set PARAM=VALUE[@DATE]]… [--population FILE --from YYYY-MM --to YYYY-MM [--sheet NAME] [--encoding utf8|gbk|gb18030]] [--seed S] [--runs N] [--json] [--lang zh|en]',
    examples: [
      'fuzhu diff policy/liuzhou-2018 --scenario policy/scenarios/death-800.yaml --runs 200',
      'fuzhu diff policy/liuzhou-2018 --scenario policy/scenarios/city-60-percent.yaml --population policy/populations/liuzhou-sample.jsonl --from 2019-01 --to 2019-03 --runs 100',
    ],
  },
  prop: {
    usage: 'fuzhu prop [POLICY] [--seed S] [--runs N] [--path P] [--scenario FILE]… [--json] [--lang zh|en]',
    examples: ['fuzhu prop --seed 7 --runs 20', 'fuzhu prop --seed 7 --runs 20 --scenario policy/scenarios/death-800.yaml'],
  },
  doc: {
    usage: 'fuzhu doc [POLICY] --out DIR [--lang zh|en]',
    examples: ['fuzhu doc --out out/doc'],
  },
  params: {
    usage: 'fuzhu params [POLICY] [--at YYYY-MM-DD] [--scenario FILE]… [--set PARAM=VALUE[@DATE]]… [--lang zh|en] [--json]',
    examples: ['fuzhu params', 'fuzhu params --at 2020-01-01 --scenario policy/scenarios/death-800.yaml'],
  },
  explore: {
    usage: 'fuzhu explore --population FILE [--policy DIR] [--scenario FILE]… [--year YYYY] [--lang zh|en]',
    // Needs a terminal: test/help.test.ts runs it without one and expects the refusal (exit 2).
    examples: ['fuzhu explore --population policy/populations/liuzhou-sample.jsonl --year 2020 --lang zh'],
    terminal: true,
  },
} as const satisfies Record<string, { usage: string; examples: readonly string[]; terminal?: true }>;

export type CommandName = keyof typeof COMMAND_LINES;

/** The usage line of help itself. */
export const HELP_USAGE = 'fuzhu help [COMMAND] [--lang zh|en]';

/**
 * A flag: what it does, and its default when it is not required (a switch is off unless said),
 * or when it is required only with other flags, that condition.
 */
export interface FlagHelp {
  readonly text: string;
  readonly default?: string;
  readonly requiredWhen?: string;
}

/** A command: its line in the list, its paragraph, its flags, and what each example does (in COMMAND_LINES' order). */
export interface CommandHelp {
  readonly summary: string;
  readonly description: string;
  readonly flags: Readonly<Record<string, FlagHelp>>;
  readonly examples: readonly string[];
}

/** The default of --lang, and what --set does where it is overlaid on the policy: the same for every command that takes them. */
const langDefault = { en: 'the locale (LC_ALL, LC_MESSAGES, LANG), else the policy’s declared language', zh: '按环境的区域设置（LC_ALL、LC_MESSAGES、LANG），否则按政策声明的语言' };
const overlaidSet = {
  en: 'change one parameter from a date (from its first date without @DATE), checked like a scenario and overlaid after the scenarios',
  zh: '自某日起修改一个参数（不写 @DATE 时自其第一个日期起），按方案的规则检查，叠加在各方案之后',
};

const en = {
  words: {
    intro: 'fuzhu — policy as data: evaluate, explain, simulate and test welfare rules',
    commands: 'Commands:',
    usage: 'usage: ',
    options: 'Options:',
    examples: 'Examples:',
    default: 'default: ',
    required: 'required',
    off: 'off',
    repeatable: 'repeatable',
    helpFlag: 'prints this help (add --lang zh|en for its language)',
    note: (parts: readonly string[]) => (parts.length ? ` (${parts.join('; ')})` : ''),
    footer: [
      'The default policy is policy/liuzhou-2018. Periods are a month (2019-03) or a year (2019).',
      '`fuzhu help COMMAND` (or `fuzhu COMMAND --help`) shows its flags, defaults and examples; `--lang zh|en` chooses the language; `fuzhu --version` prints the version.',
    ].join('\n'),
    unknownCommand: (name: string, near: string | undefined) => `unknown command '${name}'.${near ? ` Did you mean '${near}'?` : ''}`,
    oneTopic: (extra: string) => `help shows one command at a time; '${extra}' is one too many`,
  },
  commands: {
    check: {
      summary: 'validate and type-check a policy package',
      description:
        'Validates every file of the policy package against its JSON Schema, type-checks every expression, checks citations and payer shares, and runs the consistency checks, with the scenarios overlaid. Each problem is printed with file:line:column and a code frame. Exit 0 only when nothing is reported.',
      flags: {
        scenario: { text: 'a scenario to overlay on the policy and check with it', default: 'none' },
        json: { text: 'print the result and the diagnostics as JSON' },
        lang: { text: 'the language of the messages', default: langDefault.en },
      },
      examples: ['checks the bundled policy', 'checks it with the death-800 reform overlaid'],
    },
    eval: {
      summary: 'evaluate households for a month or a year',
      description:
        'Evaluates a household file, or every household file of a folder, for a month or a year: eligibility, category, each item and what each payer bears, with the provisional figures the result rests on. A readable table, or the JSON of the result contract with --json (which holds both labels).',
      flags: {
        period: { text: 'the month (2019-03) or the year (2019) to evaluate' },
        policy: { text: 'the policy package', default: 'policy/liuzhou-2018' },
        scenario: { text: 'a scenario overlaid on the policy', default: 'none' },
        set: { text: overlaidSet.en, default: 'none' },
        json: { text: 'print the result as JSON instead of a table' },
        out: { text: 'write one row per household and period (eligibility, category, each item, each payer, total) to this .csv, .jsonl or .xlsx file, as households are read; a population file (JSONL, CSV) is read this way, and without --out prints a summary', default: 'not written' },
        monthly: { text: 'with --out and a year: one row per month instead of one for the year (a yearly item in the month it falls due)' },
        'skip-invalid': { text: 'with a population: evaluate the valid households and count invalid records as skipped, instead of failing' },
        sheet: { text: 'with an .xlsx population: the sheet to read', default: 'the first sheet' },
        encoding: { text: 'with a CSV population: its encoding, utf8, gbk or gb18030', default: 'utf8' },
        bom: { text: 'start a CSV file of --out with a UTF-8 byte-order mark, so that Excel shows its Chinese', default: 'yes in Chinese, no in English' },
        'no-bom': { text: 'write a CSV file of --out without the byte-order mark', default: 'yes in English, no in Chinese' },
        lang: { text: 'the language of the table', default: langDefault.en },
      },
      examples: [
        'what the couple whose only child died receive in March 2019',
        'who in the sample receives what over 2019 under the death-800 reform, one row per household, for a spreadsheet',
        'the same couple in January 2020 with the death-category allowance set to 800 CNY from that day (500 from the city, 300 from the county), without a scenario file',
      ],
    },
    explain: {
      summary: 'explain every figure down to the clause',
      description:
        'Prints the reasoning as an indented tree: each definition, condition (with the values read and the ages worked out), parameter (with the date its value dates from) and the clause’s own words, or the reading chosen where a rule implements an interpretation. A year shows each run of months with the same reasoning once.',
      flags: {
        period: { text: 'the month (2019-03) or the year (2019) to explain' },
        item: { text: 'explain only this item (an id from items.yaml)', default: 'every item' },
        policy: { text: 'the policy package', default: 'policy/liuzhou-2018' },
        scenario: { text: 'a scenario overlaid on the policy', default: 'none' },
        set: { text: overlaidSet.en, default: 'none' },
        lang: { text: 'the language of the explanation', default: langDefault.en },
      },
      examples: ['why the widower gets what he gets in March 2019', 'the monthly allowance of the bereaved couple over 2019, in Chinese'],
    },
    generate: {
      summary: 'write a synthetic population from a spec of stated assumptions',
      description:
        'Writes N synthetic households drawn from a spec whose every figure is a stated assumption, not an observation of real families. The same spec, number and seed give the same file to the byte.',
      flags: {
        households: { text: 'how many households to write' },
        seed: { text: 'the seed of the draws (0 or more)' },
        spec: { text: 'the population spec', default: 'policy/populations/liuzhou-synthetic.spec.yaml' },
        out: { text: 'the file to write; .jsonl or .csv chooses the format' },
        lang: { text: 'the language of the messages', default: langDefault.en },
      },
      examples: ['200 households drawn with seed 2018, as JSONL'],
    },
    simulate: {
      summary: 'the budget of a population, by payer, item, county and year, against scenarios',
      description:
        'Evaluates every household of a population (JSONL, CSV, XLSX, JSON or YAML) for every month of the range under the policy and under each scenario, and adds the money up by item, payer, county, category and year, with who gains and who loses. With --project instead of a range, the population is aged year by year over seeded runs, and each year shows its mean and 90% interval. A large population is shared among worker threads, with the same result to the byte.',
      flags: {
        population: { text: 'the households: a .jsonl, .csv, .xlsx, .json or .yaml file (a workbook has the CSV’s column names in its first row)' },
        sheet: { text: 'the sheet of an .xlsx population to read', default: 'the first sheet' },
        encoding: { text: 'the encoding of a CSV population: utf8, or gbk (gb18030) as Excel saves CSV on Chinese Windows', default: 'utf8' },
        xlsx: { text: 'write every table into this .xlsx workbook, a sheet each, with numbers as numbers', default: 'not written' },
        bom: { text: 'start CSV files with a UTF-8 byte-order mark, so that Excel shows their Chinese', default: 'yes in Chinese, no in English' },
        'no-bom': { text: 'write CSV files without the byte-order mark', default: 'yes in English, no in Chinese' },
        from: { text: 'the first month of the range', requiredWhen: 'required unless --project' },
        to: { text: 'the last month of the range (included)', requiredWhen: 'required unless --project' },
        project: { text: 'project over these years instead of a range of months', default: 'none' },
        runs: { text: 'with --project: the number of seeded runs', default: '20' },
        seed: { text: 'with --project: the seed of the first run', default: '1' },
        assumptions: { text: 'with --project: mortality and child events', default: 'policy/populations/projection.yaml' },
        jobs: { text: 'worker threads (at most one per core)', default: 'one per core for a large population, else 1' },
        policy: { text: 'the policy package', default: 'policy/liuzhou-2018' },
        scenario: { text: 'a scenario to compare with the policy as enacted', default: 'none' },
        set: { text: 'change one parameter from a date (from its first date without @DATE): all the --set together are one more scenario compared with the policy as enacted', default: 'none' },
        'skip-invalid': { text: 'evaluate the valid households and count invalid records as skipped, instead of failing' },
        json: { text: 'print the result as JSON (the simulation contract) instead of tables' },
        csv: { text: 'write every table as CSV into this folder', default: 'not written' },
        md: { text: 'write every table into this Markdown file', default: 'not written' },
        report: { text: 'write a self-contained HTML report with charts', default: 'not written' },
        households: { text: 'write each household’s figures over the range (baseline, each scenario, each scenario’s change) to this .csv, .jsonl or .xlsx file, one row a household; every scenario is then evaluated household by household', default: 'not written' },
        lang: { text: 'the language of the tables, the Markdown and the report', default: langDefault.en },
      },
      examples: [
        'the sample population’s budget for 2019',
        'the first half of 2020 under the death-800 reform, with a report in Chinese',
        'the sample aged over 2019 and 2020 in two runs, enacted and under the 2019 reform',
      ],
    },
    test: {
      summary: "run a policy's YAML tests",
      description:
        'Runs the tests of the policy package (tests/*.yaml) and ends with N passed, N failed. With --coverage it also lists every rule, branch, condition, item and parameter no test exercised, and prints the coverage.',
      flags: {
        coverage: { text: 'list what no test exercised, and the coverage; fail when it is incomplete' },
        verbose: { text: 'print every passing test too' },
        lang: { text: 'the language of the messages', default: langDefault.en },
      },
      examples: ['runs the bundled policy’s tests, and lists what none of them exercises'],
    },
    diff: {
      summary: 'what a new version of the rules changes: structure, meaning (witness households), impact',
      description:
        'Compares policy A with policy B, or with A under scenarios: the parameters, definitions, items, interpretations, labels and citations that changed; for every output whether some household gets a different result, shown by minimal witness households that fuzhu eval reproduces, with a verdict; and with --population, the change of the totals by payer and county.',
      flags: {
        scenario: { text: 'a scenario overlaid on B (or on A when B is not given)', default: 'none' },
        set: { text: 'change one parameter of B (or of A) from a date, after the scenarios', default: 'none' },
        population: { text: 'also measure the impact on this population', default: 'none' },
        sheet: { text: 'with an .xlsx --population: the sheet to read', default: 'the first sheet' },
        encoding: { text: 'with a CSV --population: its encoding, utf8, gbk or gb18030', default: 'utf8' },
        from: { text: 'with --population: the first month', requiredWhen: 'required with --population' },
        to: { text: 'with --population: the last month (included)', requiredWhen: 'required with --population' },
        seed: { text: 'the seed of the search for witness households', default: '1' },
        runs: { text: 'how many households the search generates', default: '1000' },
        json: { text: 'print the comparison as JSON' },
        lang: { text: 'the language of the comparison', default: langDefault.en },
      },
      examples: ['what the death-800 reform changes in the rules', 'what paying 60% from the city changes, and its impact on the sample over a quarter'],
    },
    prop: {
      summary: 'property-test the rules on generated households',
      description:
        'Checks the promises of the package’s properties.yaml, the invariants every policy keeps and the relations each scenario declares, on households generated from the input schema, biased toward every threshold. A failure prints the smallest household found as a policy test, with the seed and path that replay it.',
      flags: {
        seed: { text: 'the seed of the generated households', default: 'taken from the clock, and printed' },
        runs: { text: 'households generated for each property', default: '200' },
        path: { text: 'replay one failure: the path printed with it', default: 'none' },
        scenario: { text: 'a scenario whose declared relations are checked too', default: 'none' },
        json: { text: 'print the results as JSON' },
        lang: { text: 'the language of the messages', default: langDefault.en },
      },
      examples: ['every property on 20 households, seed 7', 'the same, and the relations the death-800 reform promises'],
    },
    doc: {
      summary: "write the document's text beside its encoding (Markdown and HTML)",
      description:
        'Writes the literate view of a policy: the document’s text clause by clause beside its encoding and the tests that cover it, as a Markdown file and a self-contained HTML page named after the policy.',
      flags: {
        out: { text: 'the folder to write the two pages into' },
        lang: { text: 'the language of the pages and the messages', default: langDefault.en },
      },
      examples: ['the pages of the bundled policy, into out/doc'],
    },
    params: {
      summary: 'every parameter with its label, unit, clause and values by date: what a scenario can change',
      description:
        'Lists every parameter of the policy, grouped by the clause it cites in the order of the document, with its label, unit and values by date (or the value in force on --at), whether each value is provisional and on what source, and which scenario changed it. --json keeps the exact values as a scenario writes them.',
      flags: {
        at: { text: 'show only the values in force on this day', default: 'every value by date' },
        scenario: { text: 'a scenario overlaid on the policy', default: 'none' },
        set: { text: 'change one parameter from a date (from its first date without @DATE), as a scenario would', default: 'none' },
        lang: { text: 'the language of the table', default: langDefault.en },
        json: { text: 'print the catalogue as JSON with both labels' },
      },
      examples: ['every parameter of the bundled policy by date', 'the values in force on 1 January 2020 under the death-800 reform'],
    },
    explore: {
      summary: 'the what-if in the terminal: change parameters with keys and see the budget at once',
      description:
        'Opens a full-screen view: the parameters by clause (label, unit, baseline and edited value, provisional ones marked *) and the chosen year’s budget by payer and by item, baseline against edited, with the change in amount and percent, the households gaining and losing, and bars. Arrow keys or -/+ change a parameter by a step (10 CNY, 1 %, one year, one grade), Enter types a value or VALUE@YYYY-MM-DD, y the year, r/R reset, u undo, s saves a scenario file for fuzhu simulate --scenario, d the edits, ? the keys, q quits. A change of rates or shares is priced at once; one of eligibility is evaluated again in the background. Needs a terminal: in a script use fuzhu simulate --set.',
      flags: {
        population: { text: 'the households (JSONL, CSV, XLSX, JSON or YAML)' },
        policy: { text: 'the policy package', default: 'policy/liuzhou-2018' },
        scenario: { text: 'a scenario applied to the policy first: the edits are compared with the policy so made', default: 'none' },
        year: { text: 'the year whose budget is shown (y changes it on the screen)', default: 'the first year through which every parameter has a value' },
        lang: { text: 'the language of the screen', default: langDefault.en },
      },
      examples: ['explores the sample population’s budget for 2020, in Chinese'],
    },
  },
} satisfies { words: Record<string, unknown>; commands: Record<CommandName, CommandHelp> };

const zh: typeof en = {
  words: {
    intro: 'fuzhu 扶助 —— 政策即数据：计算、解释、测算和测试扶助政策',
    commands: '命令：',
    usage: '用法：',
    options: '选项：',
    examples: '示例：',
    default: '默认：',
    required: '必填',
    off: '关闭',
    repeatable: '可重复',
    helpFlag: '显示本帮助（加 --lang zh|en 选择语言）',
    note: (parts: readonly string[]) => (parts.length ? `（${parts.join('；')}）` : ''),
    footer: [
      '默认政策为 policy/liuzhou-2018。期间为一个月（2019-03）或一年（2019）。',
      '“fuzhu help 命令”（或“fuzhu 命令 --help”）列出该命令的全部选项、默认值和示例；--lang zh|en 选择语言；fuzhu --version 显示版本。',
    ].join('\n'),
    unknownCommand: (name: string, near: string | undefined) => `没有“${name}”这个命令。${near ? `是否想用“${near}”？` : ''}`,
    oneTopic: (extra: string) => `帮助一次只说明一个命令；“${extra}”是多余的`,
  },
  commands: {
    check: {
      summary: '校验政策包并检查类型',
      description:
        '按 JSON 结构定义校验政策包的每个文件，检查每个表达式的类型、条款引用和出资比例，并做一致性检查；给出方案时一并叠加检查。每个问题都注明文件、行、列并显示原文片段。没有任何问题时才以 0 退出。',
      flags: {
        scenario: { text: '叠加到政策上一并检查的方案', default: '无' },
        json: { text: '以 JSON 输出结果和诊断信息' },
        lang: { text: '提示信息的语言', default: langDefault.zh },
      },
      examples: ['检查随附的政策', '叠加死亡扶助金提高到800元的方案后检查'],
    },
    eval: {
      summary: '计算家庭某月或某年的扶助',
      description:
        '计算一个家庭文件（或一个文件夹中的每个家庭文件）在某月或某年的结果：是否符合条件、类别、每个项目及各出资方承担的金额，并列出结果所依据的暂定数额。默认输出表格；加 --json 则按结果约定输出 JSON（含中英文标签）。',
      flags: {
        period: { text: '要计算的月份（2019-03）或年份（2019）' },
        policy: { text: '政策包', default: 'policy/liuzhou-2018' },
        scenario: { text: '叠加到政策上的方案', default: '无' },
        set: { text: overlaidSet.zh, default: '无' },
        json: { text: '以 JSON 代替表格输出结果' },
        out: { text: '把每户每期一行（是否符合条件、类别、每个项目、每个出资方、合计）边读边写入这个 .csv、.jsonl 或 .xlsx 文件；人群文件（JSONL、CSV）按此方式读取，不加 --out 时只输出汇总', default: '不写' },
        monthly: { text: '与 --out 和年份同用：每月一行，代替全年一行（按年发放的项目计入其应发放的月份）' },
        'skip-invalid': { text: '读取人群文件时：跳过无效记录并计数，只计算有效家庭，而不是直接失败' },
        sheet: { text: '读取 .xlsx 人群文件时：要读取的工作表', default: '第一个工作表' },
        encoding: { text: '读取 CSV 人群文件时：其编码，utf8、gbk 或 gb18030', default: 'utf8' },
        bom: { text: '--out 写出的 CSV 文件以 UTF-8 字节顺序标记开头，使电子表格软件正确显示中文', default: '中文时是，英文时否' },
        'no-bom': { text: '--out 写出的 CSV 文件不写字节顺序标记', default: '英文时是，中文时否' },
        lang: { text: '表格的语言', default: langDefault.zh },
      },
      examples: [
        '独生子女死亡的夫妇2019年3月应得的扶助',
        '死亡扶助金提高到800元的方案下，示例人群中谁在2019年领取什么，每个家庭一行，可用电子表格打开',
        '同一对夫妇2020年1月的扶助：不写方案文件，直接设定死亡扶助金自当日起为800元（市级500元、县区300元）',
      ],
    },
    explain: {
      summary: '逐项解释每个数额，直到条款原文',
      description:
        '以缩进的树形列出推理过程：每个定义、每个条件（含读取的数值和算出的年龄）、每个参数（含其数值的起始日期）及条款原文；规则采用某种解读时，写明所选的解读。按年解释时，理由相同的连续月份只写一次。',
      flags: {
        period: { text: '要解释的月份（2019-03）或年份（2019）' },
        item: { text: '只解释这一个项目（items.yaml 中的编号）', default: '全部项目' },
        policy: { text: '政策包', default: 'policy/liuzhou-2018' },
        scenario: { text: '叠加到政策上的方案', default: '无' },
        set: { text: overlaidSet.zh, default: '无' },
        lang: { text: '解释的语言', default: langDefault.zh },
      },
      examples: ['丧偶男子2019年3月所得扶助的理由', '失独夫妇2019年全年扶助金的理由，用中文'],
    },
    generate: {
      summary: '按写明假设的规格生成模拟人群',
      description:
        '按人群规格生成指定数量的模拟家庭；规格中的每个数字都是写明的假设，而非对真实家庭的观察。同一规格、数量和随机种子生成的文件逐字节相同。',
      flags: {
        households: { text: '生成的家庭数' },
        seed: { text: '随机种子（0或以上的整数）' },
        spec: { text: '人群规格文件', default: 'policy/populations/liuzhou-synthetic.spec.yaml' },
        out: { text: '写入的文件；扩展名 .jsonl 或 .csv 决定格式' },
        lang: { text: '提示信息的语言', default: langDefault.zh },
      },
      examples: ['以随机种子2018生成200个家庭，写成 JSONL'],
    },
    simulate: {
      summary: '测算人群的扶助预算：按出资方、项目、区县和年份，并与方案对比',
      description:
        '对人群文件（JSONL、CSV、XLSX、JSON 或 YAML）中的每个家庭，在期间的每个月分别按现行政策和每个方案计算，按项目、出资方、区县、类别和年份汇总金额，并统计得益和受损的家庭。用 --project 代替起止月份时，人群逐年变化，按随机种子多次运行，每年给出均值和90%区间。人群较大时由多个工作线程分担，结果逐字节相同。',
      flags: {
        population: { text: '家庭数据：.jsonl、.csv、.xlsx、.json 或 .yaml 文件（工作簿首行为与 CSV 相同的列名）' },
        sheet: { text: '要读取的 .xlsx 人群文件的工作表', default: '第一个工作表' },
        encoding: { text: 'CSV 人群文件的编码：utf8，或 gbk（gb18030，中文系统上的电子表格软件保存 CSV 时所用的编码）', default: 'utf8' },
        xlsx: { text: '把每张表写入这个 .xlsx 工作簿，每表一个工作表，数字为数值', default: '不写' },
        bom: { text: 'CSV 文件以 UTF-8 字节顺序标记开头，使电子表格软件正确显示中文', default: '中文时是，英文时否' },
        'no-bom': { text: 'CSV 文件不写字节顺序标记', default: '英文时是，中文时否' },
        from: { text: '期间的第一个月', requiredWhen: '未给出 --project 时必填' },
        to: { text: '期间的最后一个月（含）', requiredWhen: '未给出 --project 时必填' },
        project: { text: '按这些年份做逐年预测，代替起止月份', default: '无' },
        runs: { text: '与 --project 同用：随机运行的次数', default: '20' },
        seed: { text: '与 --project 同用：第一次运行的随机种子', default: '1' },
        assumptions: { text: '与 --project 同用：死亡和子女事件的假设', default: 'policy/populations/projection.yaml' },
        jobs: { text: '工作线程数（最多每个处理器核心一个）', default: '人群较大时每个核心一个，否则为1' },
        policy: { text: '政策包', default: 'policy/liuzhou-2018' },
        scenario: { text: '与现行政策对比的方案', default: '无' },
        set: { text: '自某日起修改一个参数（不写 @DATE 时自其第一个日期起）：全部 --set 合为一个方案，与现行政策对比', default: '无' },
        'skip-invalid': { text: '跳过无效记录并计数，只计算有效家庭，而不是直接失败' },
        json: { text: '以 JSON（测算结果约定）代替表格输出' },
        csv: { text: '把每张表以 CSV 写入这个文件夹', default: '不写' },
        md: { text: '把全部表格写入这个 Markdown 文件', default: '不写' },
        report: { text: '写出含图表的独立 HTML 报告', default: '不写' },
        households: { text: '把每户在期间内的数额（基准、每个方案及其变化）写入这个 .csv、.jsonl 或 .xlsx 文件，每户一行；此时每个方案都逐户计算', default: '不写' },
        lang: { text: '表格、Markdown 和报告的语言', default: langDefault.zh },
      },
      examples: ['示例人群2019年的预算', '死亡扶助金提高到800元的方案下2020年上半年的预算，并写出中文报告', '示例人群2019和2020年逐年预测，运行两次，对比现行政策和2019年改革方案'],
    },
    test: {
      summary: '运行政策的测试用例',
      description:
        '运行政策包中的测试（tests/*.yaml），最后给出通过和失败的数目。加 --coverage 时，还列出没有任何测试覆盖的规则、分支、条件、项目和参数，并给出覆盖率。',
      flags: {
        coverage: { text: '列出未被测试覆盖的内容和覆盖率；覆盖不全时失败' },
        verbose: { text: '也列出每个通过的测试' },
        lang: { text: '提示信息的语言', default: langDefault.zh },
      },
      examples: ['运行随附政策的测试，并列出未被任何测试覆盖的内容'],
    },
    diff: {
      summary: '新版规则改变了什么：结构、含义（见证家庭）和影响',
      description:
        '比较政策 A 和政策 B（或叠加方案后的 A）：改变了的参数、定义、项目、解读、标签和条款引用；对每项结果，是否有家庭得到不同结果，以 fuzhu eval 可以复现的最小见证家庭说明，并给出结论；加 --population 时，还给出按出资方和区县的合计变化。',
      flags: {
        scenario: { text: '叠加到 B 上的方案（未给出 B 时叠加到 A 上）', default: '无' },
        set: { text: '自某日起修改 B（或 A）的一个参数，叠加在各方案之后', default: '无' },
        population: { text: '同时测算对这个人群的影响', default: '无' },
        sheet: { text: '与 .xlsx 的 --population 同用：要读取的工作表', default: '第一个工作表' },
        encoding: { text: '与 CSV 的 --population 同用：其编码，utf8、gbk 或 gb18030', default: 'utf8' },
        from: { text: '与 --population 同用：第一个月', requiredWhen: '给出 --population 时必填' },
        to: { text: '与 --population 同用：最后一个月（含）', requiredWhen: '给出 --population 时必填' },
        seed: { text: '搜索见证家庭的随机种子', default: '1' },
        runs: { text: '搜索时生成的家庭数', default: '1000' },
        json: { text: '以 JSON 输出比较结果' },
        lang: { text: '比较结果的语言', default: langDefault.zh },
      },
      examples: ['死亡扶助金提高到800元的方案改变了哪些规则', '市级承担60%的方案改变了什么，及其对示例人群一个季度的影响'],
    },
    prop: {
      summary: '在生成的家庭上对规则做性质测试',
      description:
        '在按输入结构生成、偏向每个临界值的家庭上，检查政策包 properties.yaml 中的承诺、每个政策都须满足的不变量，以及每个方案声明的关系。失败时给出找到的最小家庭（写成政策测试），以及复现它的随机种子和路径。',
      flags: {
        seed: { text: '生成家庭的随机种子', default: '取自时钟，并会显示' },
        runs: { text: '每个性质生成的家庭数', default: '200' },
        path: { text: '复现一次失败：失败时显示的路径', default: '无' },
        scenario: { text: '一并检查其声明关系的方案', default: '无' },
        json: { text: '以 JSON 输出结果' },
        lang: { text: '提示信息的语言', default: langDefault.zh },
      },
      examples: ['以随机种子7、每个性质20个家庭检查全部性质', '同上，并检查死亡扶助金提高到800元的方案所承诺的关系'],
    },
    doc: {
      summary: '把文件原文与其编码对照写出（Markdown 和 HTML）',
      description:
        '写出政策的对照文本：逐条列出文件原文、对应的编码以及覆盖它的测试，写成以政策编号命名的一个 Markdown 文件和一个独立的 HTML 页面。',
      flags: {
        out: { text: '写入这两个页面的文件夹' },
        lang: { text: '页面和提示信息的语言', default: langDefault.zh },
      },
      examples: ['把随附政策的页面写入 out/doc'],
    },
    params: {
      summary: '列出每个参数的名称、单位、条款和各日期的取值：方案可以修改什么',
      description:
        '列出政策的每个参数，按所引条款在文件中的顺序分组，注明名称、单位和各日期的取值（或 --at 当日有效的取值）、每个取值是否暂定及其依据，以及由哪个方案修改。加 --json 时按方案文件的写法输出精确取值。',
      flags: {
        at: { text: '只列出这一天有效的取值', default: '按日期列出全部取值' },
        scenario: { text: '叠加到政策上的方案', default: '无' },
        set: { text: '自某日起修改一个参数（不写 @DATE 时自其第一个日期起），与方案的效果相同', default: '无' },
        lang: { text: '表格的语言', default: langDefault.zh },
        json: { text: '以 JSON 输出参数目录，含中英文名称' },
      },
      examples: ['按日期列出随附政策的全部参数', '死亡扶助金提高到800元的方案下，2020年1月1日有效的取值'],
    },
    explore: {
      summary: '在终端中试算：用按键调整参数，即时看到预算',
      description:
        '打开全屏界面：左侧按条款列出参数（名称、单位、基线取值和调整后取值，暂定的标 *），右侧为所选年份按出资方和按项目的预算，基线与调整后对比，列出变化金额和百分比、增加和减少的家庭，并以条形图显示。方向键或 -/+ 按一步调整参数（10元、1个百分点、1岁、1级），回车输入取值或 取值@YYYY-MM-DD；还可选年份、恢复、撤销、保存为可供 fuzhu simulate --scenario 使用的方案文件、显示调整，按 ? 查看全部按键。标准和分担比例的调整即时重算；涉及资格的调整在后台逐户重新测算。须在终端中运行；脚本中请用 fuzhu simulate --set。',
      flags: {
        population: { text: '人群文件（JSONL、CSV、XLSX、JSON 或 YAML）' },
        policy: { text: '政策包', default: 'policy/liuzhou-2018' },
        scenario: { text: '先叠加到政策上的方案：调整与由此得到的政策对比', default: '无' },
        year: { text: '显示哪一年的预算（界面中也可更改）', default: '每个参数全年都有取值的第一年' },
        lang: { text: '界面的语言', default: langDefault.zh },
      },
      examples: ['以中文试算样本人群2020年的预算'],
    },
  },
};

/** The help of every command and the words help is made of. */
export const HELP = messages<typeof en>(en, zh);
