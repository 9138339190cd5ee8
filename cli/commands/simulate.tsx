/**
 * `fuzhu simulate --population FILE --from M --to M [--scenario FILE]…`: the budget of a
 * population under the policy and each scenario; a readable table, --json (the contract),
 * --csv DIR, --md FILE, --report FILE.html.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
// The modules themselves, not the library's index: that would load every command's (fast-check among them).
import * as dates from '../../src/dsl/dates.js';
import { packageRoot } from '../../src/policy/root.js';
import { project, type ProjectionAssumptions } from '../../src/sim/project.js';
import { projectionJson, projectionScope, projectionTable } from '../../src/sim/projectionReport.js';
import { simulationJson } from '../../src/sim/report.js';
import { simulate, type SimulationResult } from '../../src/sim/simulate.js';
import { periodText, scopeTable, simulationTables, type Table } from '../../src/sim/tables.js';
import type { ReactElement } from 'react';
import { COMMANDS_TEXT, grouped, TABLES, type Lang } from '../../src/messages/index.js';
import { parse, UsageError } from '../args.js';
import { comparedFrom, Failed, langAsked, langFrom, monthFrom, policyPaths, populationFrom, readingFrom, yearFrom } from '../context.js';
import { outputFile, outputFolder, writeOutput } from '../files.js';
import { expectKind } from '../kinds.js';
import { MAX_PROJECTION_RUNS, MAX_SEED, wholeFlag } from '../numbers.js';
import { bomAsked, bomFor, tableCsv, tableMarkdown, tableText } from '../formats.js';
import type { PopulationReading } from '../../src/sim/readers.js';
import { reportDiagnostics, type Io } from '../output.js';
import { rejectionsAllowed } from '../rejections.js';
import { householdsPath, openHouseholds, writingRows } from '../simulateRows.js';
import { REPORT } from '../../src/messages/report.js';
import { textProgress } from '../views/progressText.js';
import { withSetScenario, setEditsFrom } from '../setFlags.js';

/** The options of `fuzhu simulate`; their help is in src/messages/help.ts. */
export const options = {
  population: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  policy: { type: 'string' },
  scenario: { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  'skip-invalid': { type: 'boolean' },
  json: { type: 'boolean' },
  csv: { type: 'string' },
  md: { type: 'string' },
  report: { type: 'string' },
  lang: { type: 'string' },
  project: { type: 'string' },
  jobs: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  assumptions: { type: 'string' },
  households: { type: 'string' },
  sheet: { type: 'string' },
  encoding: { type: 'string' },
  xlsx: { type: 'string' },
  bom: { type: 'boolean' },
  'no-bom': { type: 'boolean' },
} as const;

export async function simulateCommand(io: Io, argv: string[]): Promise<number> {
  const started = new Date();
  const { values } = parse(argv, options, 0);
  populationFrom(values.population);
  const reading = readingFrom(values.population!, values.sheet, values.encoding, langFrom(values.lang));
  const bom = bomAsked(values, langFrom(values.lang));
  const households = householdsPath(values.households, values.project !== undefined, langFrom(values.lang));
  if (values.project !== undefined) {
    if (values.from !== undefined || values.to !== undefined) throw new UsageError((w) => w.monthsOrProject);
    return projectCommand(io, values, argv, started, reading, bom);
  }
  const projectOnly = (['runs', 'seed', 'assumptions'] as const).filter((f) => values[f] !== undefined);
  if (projectOnly.length) throw new UsageError((w) => w.projectOnly(projectOnly.map((f) => `--${f}`)));
  const from = monthFrom(values.from, '--from');
  const to = dates.monthEnd(monthFrom(values.to, '--to'));
  if (to < from) throw new UsageError((w) => w.toBeforeFrom);
  langAsked(values.lang);
  if (values.lang !== undefined && values.json && !values.csv && !values.md && !values.report && !values.xlsx && !values.households) throw new UsageError((w) => w.simulateJsonLang);
  const jobs = jobsFor(values.jobs, values.population!, 1, SIMULATION_WORTH_THREADS);
  outputsFrom(values);
  policyPaths(values.policy, values.scenario);
  const edits = await setEditsFrom(values.set, langFrom(values.lang));
  const compared = await comparedFrom(io, values.policy, values.scenario ?? []);
  const { policy } = compared;
  const lang = langFrom(values.lang, policy);
  const scenarios = await withSetScenario(io, policy, compared.scenarios, edits);
  const progress = io.progress?.(COMMANDS_TEXT[lang].simulating, lang);
  const rows = households === undefined ? undefined : await openHouseholds(households, policy, scenarios, from, to, lang, bomFor(bom, lang));
  const result = await writingRows(rows, () =>
    simulate(policy, values.population!, {
      ...reading,
      from,
      to,
      scenarios,
      jobs,
      ...(progress ? { onProgress: progress.update } : {}),
      ...(rows ? { households: (r) => rows.write(r) } : {}),
    }),
  );
  progress?.done();
  if (result.records === 0) {
    await rows?.abort(new Failed());
    io.err(COMMANDS_TEXT[lang].noHousehold(values.population!));
    return 1;
  }
  if (!rejectionsAllowed(io, values.population!, result.rejected, result.rejections, values['skip-invalid'], lang)) {
    await rows?.abort(new Failed());
    return 1;
  }
  await rows?.close();
  const tables = simulationTables(policy, result, lang);
  if (values.csv) {
    for (const t of tables) writeOutput(join(values.csv, `${t.id}.csv`), tableCsv(t, bomFor(bom, lang)));
  }
  if (values.xlsx) await (await import('../xlsx.js')).writeTablesXlsx(values.xlsx, tables);
  if (values.md) writeOutput(values.md, markdown(result, tables.map(tableMarkdown), lang));
  if (values.report) {
    await (await import('../report/html.js')).writeHtmlReport(values.report, policy, result, tables, lang, { argv: ['simulate', ...argv], population: values.population!, scenarios, started });
    io.err(REPORT[lang].written(values.report));
  }
  if (values.json) io.out(JSON.stringify(simulationJson(result, policy), null, 2));
  else if (io.view) io.view(await tablesView(summary(result, lang), tables));
  else io.out([summary(result, lang), ...tables.map(tableText)].join('\n\n'));
  return 0;
}

/**
 * The terminal's view of the tables. React, ink and the report's charts (vega) and workbooks
 * (exceljs) are loaded only when they are drawn or written: a run to a pipe or a file loads none.
 */
async function tablesView(summary: string, tables: readonly Table[]): Promise<ReactElement> {
  const [{ createElement }, { SimulationView }] = await Promise.all([import('react'), import('../views/SimulationView.js')]);
  return createElement(SimulationView, { summary, tables });
}

function summary(r: SimulationResult, lang: Lang): string {
  return TABLES[lang].summary(r.policy, periodText(r, lang), grouped(String(r.evaluated)), r.rejected ? grouped(String(r.rejected)) : '', r.scenarios.map((s) => s.id).join(', '));
}

function markdown(r: SimulationResult, sections: string[], lang: Lang): string {
  return `# ${TABLES[lang].markdownTitle(r.policy, periodText(r, lang))}\n\n${summary(r, lang)}\n\n${sections.join('\n\n')}\n`;
}

/**
 * Bytes of population (times its work) from which threads pay for themselves. Each worker starts,
 * warms its compiled code and keeps and prices its own profiles: measured on two cores
 * (bench/RESULTS.md, 2026-12-02), at 100,000 households a year (32 MiB of JSONL) two threads were
 * as fast as one for half as much CPU again, at 300,000 they took 9.7-10.1 s against 13.1-15.4 s.
 * A projection evaluates each household once a run and year, so it gains from threads far sooner.
 */
const SIMULATION_WORTH_THREADS = 48 * 1024 * 1024;
const PROJECTION_WORTH_THREADS = 4 * 1024 * 1024;

/**
 * Worker threads: as asked (no more than the cores, which more threads would only crowd), else
 * one per core when the work is large enough to be worth the start-up: the population's size
 * times `work`, the times each household is evaluated over a year (a projection's runs × years).
 */
function jobsFor(text: string | undefined, population: string, work: number, worthThreads: number): number {
  if (text !== undefined) {
    return Math.min(wholeFlag(text, '--jobs', 1, Number.MAX_SAFE_INTEGER), availableParallelism());
  }
  return statSync(population).size * work > worthThreads ? availableParallelism() : 1;
}

/** Checks the output flags before any work: the folder of --csv, the names of --md and --report. */
function outputsFrom(values: Values): void {
  if (values.csv !== undefined) outputFolder(values.csv, '--csv');
  if (values.md !== undefined) outputFile(values.md, '--md', ['.md']);
  if (values.report !== undefined) outputFile(values.report, '--report', ['.html']);
  if (values.xlsx !== undefined) outputFile(values.xlsx, '--xlsx', ['.xlsx']);
}

type Values = { population?: string; jobs?: string; policy?: string; scenario?: string[]; set?: string[]; json?: boolean; md?: string; csv?: string; report?: string; lang?: string; project?: string; runs?: string; seed?: string; assumptions?: string; 'skip-invalid'?: boolean; xlsx?: string };

/** `--project 2019..2035`: the population aged year by year, over seeded runs. */
async function projectCommand(io: Io, values: Values, argv: readonly string[], started: Date, reading: PopulationReading, bom: boolean | undefined): Promise<number> {
  const years = values.project ?? '';
  const range = /^(\d{4})\.\.(\d{4})$/.exec(years);
  if (!range) throw new UsageError((w) => w.projectInvalid(years));
  const [fromYear, toYear] = [yearFrom(range[1]!, '--project'), yearFrom(range[2]!, '--project')];
  if (fromYear > toYear) throw new UsageError((w) => w.projectReversed(years));
  const runs = wholeFlag(values.runs, '--runs', 1, MAX_PROJECTION_RUNS, 20);
  const seed = wholeFlag(values.seed, '--seed', 0, MAX_SEED, 1);
  const jobs = jobsFor(values.jobs, values.population!, runs * (toYear - fromYear + 1), PROJECTION_WORTH_THREADS);
  langAsked(values.lang);
  if (values.lang !== undefined && values.json && !values.report && !values.xlsx && !values.csv && !values.md) throw new UsageError((w) => w.projectionJsonLang);
  outputsFrom(values);
  policyPaths(values.policy, values.scenario);
  const edits = await setEditsFrom(values.set, langFrom(values.lang));
  const assumptionsPath = expectKind(values.assumptions ?? join(packageRoot(), 'policy', 'populations', 'projection.yaml'), '--assumptions', ['projection']);
  const { readYamlFile } = await import('../../src/policy/yamlFile.js');
  const { validateAgainst } = await import('../../src/policy/schemaCheck.js');
  const read = readYamlFile(assumptionsPath);
  const diagnostics = read.ok ? validateAgainst(read.file, 'projection') : read.diagnostics;
  if (!read.ok || diagnostics.length) {
    reportDiagnostics(io, diagnostics);
    return 1;
  }
  const compared = await comparedFrom(io, values.policy, values.scenario ?? []);
  const { policy } = compared;
  const lang = langFrom(values.lang, policy);
  const scenarios = await withSetScenario(io, policy, compared.scenarios, edits);
  const progress = io.progress?.(COMMANDS_TEXT[lang].projecting, lang) ?? textProgress(io.err, COMMANDS_TEXT[lang].projecting, lang);
  const result = await project(policy, values.population!, {
    ...reading,
    fromYear,
    toYear,
    runs,
    seed,
    jobs,
    assumptions: read.file.data as ProjectionAssumptions,
    scenarios,
    onProgress: progress.update,
  });
  progress.done();
  if (result.households === 0 && result.rejected === 0) {
    io.err(COMMANDS_TEXT[lang].noHouseholdToProject(values.population!));
    return 1;
  }
  if (!rejectionsAllowed(io, values.population!, result.rejected, result.rejections, values['skip-invalid'], lang)) return 1;
  const table = projectionTable(result, lang);
  const scope = scopeTable(projectionScope(policy, result), lang);
  if (values.csv) {
    writeOutput(join(values.csv, 'projection.csv'), tableCsv(table, bomFor(bom, lang)));
    writeOutput(join(values.csv, 'scope.csv'), tableCsv(scope, bomFor(bom, lang)));
  }
  if (values.xlsx) await (await import('../xlsx.js')).writeTablesXlsx(values.xlsx, [table, scope]);
  if (values.md) writeOutput(values.md, `# Projection of ${result.policy}\n\n${tableMarkdown(table)}\n\n${tableMarkdown(scope)}\n`);
  if (values.report) {
    await (await import('../report/html.js')).writeProjectionReport(values.report, policy, result, table, lang, { argv: ['simulate', ...argv], population: values.population!, scenarios, started });
    io.err(REPORT[lang].written(values.report));
  }
  if (values.json) io.out(JSON.stringify(projectionJson(result, policy), null, 2));
  else if (io.view) io.view(await tablesView(`${result.policy} · ${result.households} households · ${result.runs} runs`, [table, scope]));
  else io.out([tableText(table), tableText(scope)].join('\n\n'));
  return 0;
}
