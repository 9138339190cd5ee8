/**
 * Who receives what: `eval POPULATION --out FILE` writes one row per household and period (per
 * month with --monthly) and `simulate --households FILE` one row per household with the baseline,
 * each scenario and the change, in CSV, JSONL or XLSX. The rows add up to `simulate --json` to
 * the fen, are the same whatever the number of worker threads, and an invalid record or an
 * unknown extension leaves no file. The --jobs 2 runs use the build (vitest's global setup).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyScenarioFile, fenText, payerLabel, simulate, type HouseholdRow } from '../src/index.js';
import { fuzhu, tempDir } from './cliRun.js';
import { shippedPolicy } from './helpers.js';

/** A year of 300 households through simulate and eval on a loaded 2-core machine: a few seconds each; with two scenarios evaluated in full, more. */
const BUDGET = 120_000;
const SCENARIOS = ['--scenario', 'policy/scenarios/reform-2019.yaml', '--scenario', 'policy/scenarios/death-800.yaml'];

let dir: string;
let population: string;

beforeAll(() => {
  dir = tempDir();
  population = join(dir, 'pop.jsonl');
  writeFileSync(population, readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8').split('\n').slice(0, 300).join('\n') + '\n');
});

const jsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
const csv = (path: string): Record<string, string>[] => parseCsv(readFileSync(path, 'utf8'), { columns: true, bom: true });
const sum = (texts: readonly (string | undefined)[]) => texts.reduce((t, x) => t.plus(x ?? 0), new Decimal(0)).toFixed(2);
const ok = async (...argv: string[]) => {
  const r = await fuzhu(...argv);
  expect(r.code, r.err).toBe(0);
  return r;
};
const simulationJson = async (...argv: string[]) => JSON.parse((await ok('simulate', '--population', population, '--json', '--jobs', '1', ...argv)).out);

describe('a row\'s money', () => {
  it('is written from whole fen exactly, as decimal.js writes it, to 2^53 fen', () => {
    for (const seed of [1, 42, 20180801]) {
      fc.assert(
        fc.property(fc.maxSafeInteger(), (fen) => fenText(fen) === new Decimal(fen).div(100).toFixed(2)),
        { seed, numRuns: 2000 },
      );
    }
    expect([0, 5, -5, 100, -250, 123456789].map(fenText)).toEqual(['0.00', '0.05', '-0.05', '1.00', '-2.50', '1234567.89']);
  });
});

describe('eval POPULATION --out', () => {
  it('CSV and JSONL rows, one per household, add up to simulate --json per item and payer, to the fen', async () => {
    const [c, j] = [join(dir, 'year.csv'), join(dir, 'year.jsonl')];
    const printed = await ok('eval', population, '--period', '2019', '--out', c, '--lang', 'en');
    await ok('eval', population, '--period', '2019', '--out', j, '--lang', 'en');
    const sim = (await simulationJson('--from', '2019-01', '--to', '2019-12')).baseline;
    const rows = jsonl(j);
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r) => r.household)).size).toBe(300);
    for (const [id, item] of Object.entries<{ amount: string }>(sim.items)) expect(sum(rows.map((r) => r.items[id])), id).toBe(item.amount);
    for (const [payer, amount] of Object.entries(sim.totals.payers)) expect(sum(rows.map((r) => r.totals.payers[payer])), payer).toBe(amount);
    expect(sum(rows.map((r) => r.totals.amount))).toBe(sim.totals.amount);
    // The CSV: the same rows, labelled, every figure plain.
    const table = csv(c);
    expect(table).toHaveLength(300);
    expect(sum(table.map((r) => r.total))).toBe(sim.totals.amount);
    for (const [payer, amount] of Object.entries(sim.totals.payers)) expect(sum(table.map((r) => r[payerLabel(shippedPolicy(), payer, 'en')])), payer).toBe(amount);
    expect(table.every((r) => /^-?\d+\.\d\d$/.test(r.total!))).toBe(true);
    expect(printed.out).toContain('300 households');
    expect(printed.out).toContain('300 rows written');
    // Without --out, a summary only (not a table per household).
    const summary = await ok('eval', population, '--period', '2019', '--lang', 'en');
    expect(summary.out).toContain(`total ${new Decimal(sim.totals.amount).toNumber().toLocaleString('en', { minimumFractionDigits: 2 })} CNY`);
    expect(summary.out).not.toContain('SYN-0000002');
  }, BUDGET);

  it('--monthly gives one row per household and month, adding up to its year', async () => {
    const [y, m] = [join(dir, 'y.jsonl'), join(dir, 'm.jsonl')];
    await ok('eval', population, '--period', '2019', '--out', y);
    await ok('eval', population, '--period', '2019', '--out', m, '--monthly');
    const [year, months] = [jsonl(y), jsonl(m)];
    expect(months).toHaveLength(300 * 12);
    expect(months.slice(0, 12).map((r) => r.period)).toEqual(Array.from({ length: 12 }, (_, i) => `2019-${String(i + 1).padStart(2, '0')}`));
    for (const r of year) {
      const own = months.filter((x) => x.household === r.household);
      expect(own).toHaveLength(12);
      expect(sum(own.map((x) => x.totals.amount)), r.household).toBe(r.totals.amount);
    }
  }, BUDGET);

  it('gives the rows eval --json gives, household by household, for a month and a year', async () => {
    for (const period of ['2019-03', '2019']) {
      const out = join(dir, `examples-${period}.jsonl`);
      await ok('eval', 'policy/liuzhou-2018/examples', '--period', period, '--out', out);
      const json = JSON.parse((await ok('eval', 'policy/liuzhou-2018/examples', '--period', period, '--json')).out) as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
      const rows = jsonl(out);
      expect(rows.map((r) => r.household)).toEqual(json.map((e) => e.household));
      rows.forEach((r, i) => {
        const e = json[i]!;
        expect(r.totals, `${e.household} ${period}`).toEqual(e.totals);
        expect([r.in_force, r.category, r.persons]).toEqual([e.in_force, e.category, e.persons]);
        const items: Record<string, string> = {};
        for (const l of e.lines) items[l.item] = new Decimal(items[l.item] ?? 0).plus(l.amount).toFixed(2);
        expect(r.items).toEqual(items);
      });
    }
  }, BUDGET);

  it('writes a workbook with numbers as numeric cells, and a CSV with a byte-order mark in Chinese', async () => {
    const [x, c, j] = [join(dir, 'rows.xlsx'), join(dir, 'zh.csv'), join(dir, 'rows.jsonl')];
    await ok('eval', population, '--period', '2019', '--out', x, '--lang', 'zh');
    await ok('eval', population, '--period', '2019', '--out', j);
    await ok('eval', population, '--period', '2019', '--out', c, '--lang', 'zh');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(x);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['家庭编号', '期间', '权重']);
    const totalAt = header.indexOf('合计') + 1;
    let total = new Decimal(0);
    for (let r = 2; r <= sheet.rowCount; r++) {
      const v = sheet.getRow(r).getCell(totalAt).value;
      expect(typeof v).toBe('number');
      total = total.plus(v as number);
    }
    expect(sheet.rowCount).toBe(301);
    expect(total.toFixed(2)).toBe(sum(jsonl(j).map((r) => r.totals.amount)));
    const text = readFileSync(c, 'utf8');
    expect(text.startsWith('\uFEFF家庭编号,期间,权重,')).toBe(true);
    const plain = join(dir, 'en.csv');
    await ok('eval', population, '--period', '2019-03', '--out', plain, '--lang', 'en');
    expect(readFileSync(plain, 'utf8').startsWith('household id,')).toBe(true);
    // --bom and --no-bom say otherwise.
    const [zh, en] = [join(dir, 'zh-no-bom.csv'), join(dir, 'en-bom.csv')];
    await ok('eval', population, '--period', '2019-03', '--out', zh, '--lang', 'zh', '--no-bom');
    await ok('eval', population, '--period', '2019-03', '--out', en, '--lang', 'en', '--bom');
    expect(readFileSync(zh, 'utf8').startsWith('家庭编号,')).toBe(true);
    expect(readFileSync(en, 'utf8').startsWith('\uFEFFhousehold id,')).toBe(true);
  }, BUDGET);

  it('reads a population from a workbook as from the same CSV', async () => {
    const pop = join(dir, 'pop-for-xlsx.csv');
    await ok('generate', '--households', '60', '--seed', '4', '--out', pop);
    const [header, ...records] = parseCsv(readFileSync(pop, 'utf8'), { bom: true }) as string[][];
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('families');
    sheet.addRow(header!);
    for (const r of records) sheet.addRow(r.map((cell) => (cell === '' ? null : cell)));
    const xlsx = join(dir, 'pop.xlsx');
    await book.xlsx.writeFile(xlsx);
    const [fromCsv, fromXlsx] = [join(dir, 'from-csv.jsonl'), join(dir, 'from-xlsx.jsonl')];
    await ok('eval', pop, '--period', '2019', '--out', fromCsv);
    await ok('eval', xlsx, '--period', '2019', '--out', fromXlsx, '--sheet', 'families');
    expect(readFileSync(fromXlsx, 'utf8')).toBe(readFileSync(fromCsv, 'utf8'));
    expect(jsonl(fromCsv)).toHaveLength(60);
  }, BUDGET);
});

describe('refusals', () => {
  it('an unknown extension before any work, leaving no file', async () => {
    const out = join(tempDir(), 'rows.txt');
    const r = await fuzhu('eval', population, '--period', '2019', '--out', out, '--lang', 'en');
    expect(r.code).toBe(2);
    expect(r.err).toContain('.csv, .jsonl, .xlsx');
    const s = await fuzhu('simulate', '--population', population, '--from', '2019-01', '--to', '2019-12', '--households', join(dir, 'rows.xls'), '--lang', 'en');
    expect(s.code).toBe(2);
    expect(s.err).toContain('--households');
    expect(existsSync(out)).toBe(false);
    expect((await fuzhu('eval', population, '--period', '2019-03', '--out', join(dir, 'm.csv'), '--monthly', '--lang', 'en')).code).toBe(2);
    expect((await fuzhu('eval', population, '--period', '2019', '--json', '--lang', 'en')).code).toBe(2);
  });

  it('an invalid record, located by line, failing the run and leaving no file unless --skip-invalid', async () => {
    const lines = readFileSync(population, 'utf8').trim().split('\n').slice(0, 20);
    lines[2] = lines[2]!.replace(/"county":"\d+"/, '"county":"450299"');
    const folder = tempDir();
    const bad = join(folder, 'bad.jsonl');
    writeFileSync(bad, `${lines.join('\n')}\n`);
    for (const argv of [
      ['eval', bad, '--period', '2019', '--out', join(folder, 'rows.csv')],
      ['simulate', '--population', bad, '--from', '2019-01', '--to', '2019-12', '--households', join(folder, 'rows.csv')],
    ]) {
      const r = await fuzhu(...argv, '--lang', 'en');
      expect(r.code, r.err).toBe(1);
      expect(r.err).toMatch(new RegExp(`${bad.replace(/[.\\]/g, '\\$&')}:3: household SYN-0000003, field hukou\\.county: E-HH-\\S+`));
      expect(readdirSync(folder)).toEqual(['bad.jsonl']);
    }
    const skipped = await ok('eval', bad, '--period', '2019', '--out', join(folder, 'rows.csv'), '--skip-invalid', '--lang', 'en');
    expect(skipped.out).toContain('1 invalid records skipped');
    expect(csv(join(folder, 'rows.csv')).map((r) => r['household id'])).not.toContain('SYN-0000003');
    expect(csv(join(folder, 'rows.csv'))).toHaveLength(19);
  }, BUDGET);
});

describe('simulate --households', () => {
  it('the same file with --jobs 1 and --jobs 2, a JSONL or a CSV population; baseline, scenario and change add up to the JSON', async () => {
    const csvPopulation = join(dir, 'pop.csv');
    await ok('generate', '--households', '300', '--seed', '12', '--out', csvPopulation);
    const range = ['--from', '2019-07', '--to', '2020-06'];
    for (const pop of [population, csvPopulation]) {
      const files = await Promise.all(
        ['1', '2'].map(async (jobs) => {
          const out = join(dir, `households-${jobs}-${pop.endsWith('.csv') ? 'csv' : 'jsonl'}.jsonl`);
          await ok('simulate', '--population', pop, ...range, ...SCENARIOS, '--households', out, '--jobs', jobs, '--json');
          return out;
        }),
      );
      expect(readFileSync(files[1]!, 'utf8')).toBe(readFileSync(files[0]!, 'utf8'));
      // The JSON of a run without --households: reform-2019 priced from profiles there.
      const sim = JSON.parse((await ok('simulate', '--population', pop, ...range, ...SCENARIOS, '--json', '--jobs', '1')).out);
      const rows = jsonl(files[0]!);
      expect(rows).toHaveLength(300);
      expect(sum(rows.map((r) => r.baseline.totals.amount))).toBe(sim.baseline.totals.amount);
      sim.scenarios.forEach((s: Record<string, any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
        expect(sum(rows.map((r) => r.scenarios[s.id].totals.amount)), s.id).toBe(s.result.totals.amount);
        expect(sum(rows.map((r) => r.scenarios[s.id].change.amount)), s.id).toBe(s.delta.totals.amount);
        for (const [payer, amount] of Object.entries(s.result.totals.payers)) expect(sum(rows.map((r) => r.scenarios[s.id].totals.payers[payer])), `${s.id} ${payer}`).toBe(amount);
        for (const [id, item] of Object.entries<{ amount: string }>(s.result.items)) expect(sum(rows.map((r) => r.scenarios[s.id].items[id])), `${s.id} ${id}`).toBe(item.amount);
      });
      // The gainers are the households whose change is positive.
      expect(rows.filter((r) => new Decimal(r.scenarios['reform-2019'].change.amount).gt(0)).length).toBe(sim.households.gain);
    }
  }, BUDGET);

  it('CSV columns per scenario, in the same order on two threads', async () => {
    const outs = await Promise.all(
      ['1', '2'].map(async (jobs) => {
        const out = join(dir, `households-${jobs}.csv`);
        await ok('simulate', '--population', population, '--from', '2019-01', '--to', '2019-12', ...SCENARIOS, '--households', out, '--jobs', jobs, '--json');
        return out;
      }),
    );
    expect(readFileSync(outs[1]!, 'utf8')).toBe(readFileSync(outs[0]!, 'utf8'));
    const table = csv(outs[0]!);
    expect(table).toHaveLength(300);
    const columns = Object.keys(table[0]!);
    expect(columns).toContain('baseline: total');
    expect(columns).toContain('reform-2019: total');
    expect(columns).toContain('reform-2019: change: total');
    for (const r of table) expect(new Decimal(r['reform-2019: total']!).minus(r['baseline: total']!).toFixed(2)).toBe(r['reform-2019: change: total']);
  }, BUDGET);

  it('rows in file order on two threads reading small slices, an id repeated across slices rejected and left out', async () => {
    const lines = readFileSync(population, 'utf8').trim().split('\n');
    const repeated = join(dir, 'repeated.jsonl');
    writeFileSync(repeated, [...lines.slice(0, 250), lines[3], ...lines.slice(250)].join('\n') + '\n');
    const s = applyScenarioFile(shippedPolicy(), 'policy/scenarios/reform-2019.yaml');
    if (!s.ok) throw new Error('the scenario does not apply');
    const run = async (jobs: number) => {
      const rows: HouseholdRow[] = [];
      const r = await simulate(shippedPolicy(), repeated, { from: '2019-01', to: '2019-12', jobs, sliceBytes: 8 << 10, scenarios: [{ id: s.scenario.id, title: s.scenario.title, policy: s.policy }], households: (batch) => void rows.push(...batch) });
      return { rows, rejected: r.rejected };
    };
    const [one, two] = [await run(1), await run(2)];
    expect(one.rejected).toBe(1);
    expect(two.rejected).toBe(1);
    expect(JSON.stringify(two.rows)).toBe(JSON.stringify(one.rows));
    expect(one.rows).toHaveLength(300);
    expect(one.rows.map((r) => r.record)).toEqual([...Array.from({ length: 250 }, (_, i) => i + 1), ...Array.from({ length: 50 }, (_, i) => i + 252)]);
  }, BUDGET);
});
