/**
 * Excel in and out: a population read from a workbook as from its CSV twin (date cells,
 * true/false cells, numbers and formulas read as Excel shows them), errors located by file,
 * sheet, row and column, and the simulation's tables written as a workbook whose figures are
 * those of the JSON to the fen.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { openRows, sheetName } from '../cli/xlsx.js';
import { applyScenarioFiles, readPopulation, simulate, simulationTables, type RawRecord } from '../src/index.js';
import { columnLetters } from '../src/sim/xlsxPlace.js';
import { fuzhu, tempDir } from './cliRun.js';
import { shippedPolicy } from './helpers.js';
import { csvText, dateCell, DATE, flatRows, sample, writeWorkbook, type Cell, type Raw } from './populationFiles.js';

const RANGE = ['--from', '2019-01', '--to', '2019-12'];
const DEATH_800 = 'policy/scenarios/death-800.yaml';
const SEEDS = [1, 7, 42];

/** Money with fen, so that a number cell has decimals (read as Excel shows it: 100.35, not 100.34999…). */
function withFen(h: Raw): Raw {
  const person = (p: unknown) => (p && typeof p === 'object' && 'family_doctor_package' in p ? { ...p, family_doctor_package: (p as { family_doctor_package: number }).family_doctor_package + 0.35 } : p);
  return { ...h, wife: person(h.wife), husband: person(h.husband) };
}

/** A CSV cell as a workbook's typed cell: dates (some as DATE formulas), true/false (some as formulas), county codes as numbers. */
function typed(column: string, value: Cell, row: number): unknown {
  if (typeof value === 'string' && DATE.test(value) && row % 5 === 0) {
    const [y, m, d] = value.split('-').map(Number);
    return { formula: `DATE(${y},${m},${d})`, result: dateCell(value) };
  }
  if (typeof value === 'boolean' && row % 7 === 0) return { formula: value ? 'TRUE()' : 'FALSE()', result: value };
  if (typeof value === 'string' && column.endsWith('county') && /^\d+$/.test(value)) return Number(value);
  return value;
}

async function cellTypes(path: string): Promise<Set<number>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const types = new Set<number>();
  book.worksheets[0]!.eachRow((r) => r.eachCell((c) => void types.add(c.type)));
  return types;
}

describe('a population given as XLSX', () => {
  const hs = sample(400).map(withFen);
  const { header, rows } = flatRows(hs);
  const dir = tempDir();
  const csv = join(dir, 'pop.csv');
  writeFileSync(csv, csvText(header, rows));
  const cells = [header, ...rows.map((r, i) => r.map((v, j) => typed(header[j]!, v, i)))];
  const first = join(dir, 'first.xlsx');
  const second = join(dir, 'second.xlsx');
  const ready = Promise.all([
    writeWorkbook(first, [{ name: '户籍', rows: cells }, { name: '说明', rows: [['这一页不是人口']] }]),
    writeWorkbook(second, [{ name: '说明', rows: [['这一页不是人口']] }, { name: '户籍', rows: cells }]),
  ]);

  it('gives the same simulation as its CSV twin: the first sheet, or the one --sheet names', async () => {
    await ready;
    const types = await cellTypes(first);
    for (const t of [ExcelJS.ValueType.Date, ExcelJS.ValueType.Boolean, ExcelJS.ValueType.Number, ExcelJS.ValueType.Formula]) expect(types.has(t), `cell type ${t}`).toBe(true);
    const fromCsv = await fuzhu('simulate', '--population', csv, ...RANGE, '--scenario', DEATH_800, '--json');
    expect(fromCsv.code, fromCsv.err).toBe(0);
    expect(JSON.parse(fromCsv.out).population.households).toBe(400);
    const fromFirst = await fuzhu('simulate', '--population', first, ...RANGE, '--scenario', DEATH_800, '--json');
    expect(fromFirst.err).toBe('');
    expect(fromFirst.out).toBe(fromCsv.out);
    const fromNamed = await fuzhu('simulate', '--population', second, '--sheet', '户籍', ...RANGE, '--scenario', DEATH_800, '--json');
    expect(fromNamed.out).toBe(fromCsv.out);
  }, 60_000);

  it('refuses a sheet it does not have, naming those it has and the nearest', async () => {
    await ready;
    const r = await fuzhu('simulate', '--population', second, '--sheet', '户藉', ...RANGE, '--json');
    expect(r.code).toBe(1);
    expect(r.err).toContain("[E-XLSX-SHEET]");
    expect(r.err).toContain(`the workbook has no sheet named '户藉'; its sheets are 说明, 户籍. Did you mean '户籍'?`);
    expect(r.err).toContain(second);
  });

  it('refuses --sheet for a CSV and --encoding for a workbook, before any work', async () => {
    await ready;
    expect((await fuzhu('simulate', '--population', csv, '--sheet', '户籍', ...RANGE)).code).toBe(2);
    const r = await fuzhu('simulate', '--population', first, '--encoding', 'gbk', ...RANGE);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--encoding applies to a CSV population');
  });
});

describe('a workbook population with faults', () => {
  const header = ['id', 'hukou.county', 'hukou.type', 'wife.birth_date', 'children.0.birth_date', 'children.0.death_date'];
  const letter = (column: string) => columnLetters(header.indexOf(column));
  const good = ['X1', 450205, 'urban', '1963-05-20', '1988-09-01', '2014-03-02'];
  const path = join(tempDir(), 'pop.xlsx');
  const ready = writeWorkbook(path, [
    {
      name: '户籍',
      rows: [
        header,
        good,
        ['X2', 450205, 'urban', new Date('1963-05-20T08:30:00Z'), '1988-09-01', '2014-03-02'],
        ['X3', 'Liubei', 'urban', '1963-05-20', '1988-09-01', '2014-03-02'],
        ['X4', 450205, 'urban', 23151, '1988-09-01', '2014-03-02'],
        good,
        ['X6', 450205, 'urban', '1963-05-20', { formula: 'A1' }, '2014-03-02'],
        ['X7', 450205, 'urban', '1963-05-20', '1988-09-01', { error: '#N/A' }],
        ['X8', 450205, 'urban', '1963-05-20', '1988-09-01', '2014-03-02', 'stray'],
        ['X9', '2019-01-01', 'urban', '1963-05-20', '1988-09-01', '2014-03-02'],
      ],
    },
  ]);

  it('says where each is: file, sheet, row, column and field', async () => {
    await ready;
    const r = await fuzhu('simulate', '--population', path, ...RANGE, '--skip-invalid', '--json');
    expect(r.code, r.err).toBe(0);
    const at = (row: number, column: string) => `${path}, sheet 户籍 row ${row} column ${letter(column)} (${column}): `;
    expect(r.err).toContain(`${at(3, 'wife.birth_date')}E-XLSX-CELL a date and time (1963-05-20 08:30) where a date is expected; a date has no time of day`);
    expect(r.err).toContain(`${at(4, 'hukou.county')}household X3: E-HH-ENUM`);
    expect(r.err).toContain(`${at(5, 'wife.birth_date')}E-XLSX-CELL a number (23151) where a date is expected`);
    expect(r.err).toContain(`${at(6, 'id')}household X1: E-POP-DUPLICATE-ID`);
    expect(r.err).toContain(`${at(7, 'children.0.birth_date')}E-XLSX-CELL a formula without a saved result`);
    expect(r.err).toContain(`${at(8, 'children.0.death_date')}E-XLSX-CELL the cell holds the error #N/A`);
    expect(r.err).toContain(`${path}, sheet 户籍 row 9 column G: E-XLSX-CELLS a value in column G, which has no name in the header`);
    expect(r.err).toContain(`${at(10, 'hukou.county')}E-XLSX-CELL a date (2019-01-01) in a column that does not hold dates`);
    const json = JSON.parse(r.out);
    expect(json.population).toMatchObject({ households: 1, rejected: 8 });
    expect(json.rejections[1]).toMatchObject({ line: 4, code: 'E-HH-ENUM', sheet: { name: '户籍', column: 'B', field: 'hukou.county' } });
  });

  it('stops at a header that cannot be read, at its column', async () => {
    const bad = join(tempDir(), 'bad.xlsx');
    await writeWorkbook(bad, [{ name: 'S', rows: [[], ['id', 'hukou.county', 'id'], good] }]);
    const r = await fuzhu('simulate', '--population', bad, ...RANGE, '--skip-invalid');
    expect(r.code).toBe(1);
    expect(r.err).toContain('[E-XLSX-HEADER]');
    expect(r.err).toContain(`${bad}, sheet S row 2 column C`);
  });

  it('names what a file is when it is not a workbook, and refuses other spreadsheets with what to save them as', async () => {
    const dir = tempDir();
    const ole = join(dir, 'old.xlsx');
    writeFileSync(ole, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
    const r = await fuzhu('simulate', '--population', ole, ...RANGE);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[E-XLSX-READ]');
    expect(r.err).toContain('an Excel 97-2003 workbook (.xls) or a password-protected one');
    const text = join(dir, 'text.xlsx');
    writeFileSync(text, 'id,hukou.county\n');
    expect((await fuzhu('simulate', '--population', text, ...RANGE)).err).toContain('is not an .xlsx workbook');
    for (const name of ['pop.xls', 'pop.ods', 'pop.numbers']) {
      writeFileSync(join(dir, name), 'x');
      const refused = await fuzhu('simulate', '--population', join(dir, name), ...RANGE);
      expect(refused.code, name).toBe(2);
      expect(refused.err).toContain('save it as .xlsx (Excel Workbook) or as CSV UTF-8');
    }
  });
});

describe('date cells read as the day Excel shows', () => {
  const birthDates = async (cells: { value: unknown; numFmt: string }[]): Promise<RawRecord[]> => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('S');
    sheet.addRow(['id', 'hukou.county', 'hukou.type', 'wife.birth_date']);
    cells.forEach((c, i) => {
      const row = sheet.addRow([`H${i}`, 450205, 'urban', c.value]);
      row.getCell(4).numFmt = c.numFmt;
    });
    const path = join(tempDir(), 'dates.xlsx');
    await book.xlsx.writeFile(path);
    const out: RawRecord[] = [];
    for await (const r of readPopulation(path, shippedPolicy())) out.push(r);
    return out;
  };

  it('counts days as Excel does, whose 1900 has a 29 February', async () => {
    const read = await birthDates([1, 59, 60, 61, 23151].map((value) => ({ value, numFmt: 'yyyy-mm-dd' })));
    const wife = (r: RawRecord) => (r.data as { wife?: { birth_date: string } } | undefined)?.wife?.birth_date;
    expect(read.map(wife)).toEqual(['1900-01-01', '1900-02-28', undefined, '1900-03-01', '1963-05-20']);
    expect(read[2]).toMatchObject({ line: 4, code: 'E-XLSX-CELL', error: '1900-02-29, a day Excel shows but the calendar does not have' });
  });

  it("reads Chinese Excel's own date formats (built-in format 31, 2019年3月14日) as dates", async () => {
    const path = join(tempDir(), 'cn.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('S');
    sheet.addRow(['id', 'hukou.county', 'hukou.type', 'wife.birth_date']);
    sheet.addRow(['H1', 450205, 'urban', 23151]).getCell(4).numFmt = 'yyyy"年"m"月"d"日"';
    await book.xlsx.writeFile(path);
    // As Chinese Excel saves it: the cell's style names the built-in format 31, which styles.xml does not spell out.
    const zip = await JSZip.loadAsync(readFileSync(path));
    const styles = await zip.file('xl/styles.xml')!.async('string');
    const custom = /<numFmt numFmtId="(\d+)" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"\/>/.exec(styles);
    expect(custom).not.toBeNull();
    // Rebuilt entry by entry with the sheets last, after the workbook, its styles and its shared
    // strings, so that the streaming reader meets what a sheet refers to first (the order in which
    // entries arrive is the zip's, and is kept the same in every run).
    const rebuilt = new JSZip();
    const names = Object.keys(zip.files).sort((x, y) => Number(x.startsWith('xl/worksheets/')) - Number(y.startsWith('xl/worksheets/')));
    for (const name of names) {
      const entry = zip.files[name]!;
      if (entry.dir) continue;
      rebuilt.file(name, name === 'xl/styles.xml' ? styles.replace(custom![0], '').replaceAll(`numFmtId="${custom![1]}"`, 'numFmtId="31"') : await entry.async('nodebuffer'));
    }
    writeFileSync(path, await rebuilt.generateAsync({ type: 'nodebuffer' }));
    const out: RawRecord[] = [];
    for await (const r of readPopulation(path, shippedPolicy())) out.push(r);
    expect(out.map((r) => r.error ?? (r.data as { wife: { birth_date: string } }).wife.birth_date)).toEqual(['1963-05-20']);
  });
});

describe('--xlsx FILE: every table as a sheet', () => {
  const fen = (v: unknown) => Math.round((v as number) * 100);
  const fenOf = (text: string) => Math.round(Number(text) * 100);

  it('holds every table the simulation prints, its numbers as numbers whose sums are the JSON to the fen', async () => {
    const dir = tempDir();
    const out = join(dir, 'tables.xlsx');
    const r = await fuzhu('simulate', '--population', 'policy/populations/liuzhou-sample.jsonl', ...RANGE, '--scenario', DEATH_800, '--xlsx', out, '--json', '--lang', 'zh');
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);

    // The tables as the library makes them, in Chinese: one sheet each, in order.
    const policy = shippedPolicy();
    const applied = applyScenarioFiles(policy, [DEATH_800]);
    if (!applied.ok) throw new Error('scenario');
    const result = await simulate(policy, 'policy/populations/liuzhou-sample.jsonl', { from: '2019-01', to: '2019-12', scenarios: applied.scenarios });
    const tables = simulationTables(policy, result, 'zh');
    expect(book.worksheets.map((s) => s.getCell(1, 1).value)).toEqual(tables.map((t) => t.title));
    const names = book.worksheets.map((s) => s.name);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[^[\]:*?/\\]{1,31}$/);
    tables.forEach((t, i) => {
      const sheet = book.worksheets[i]!;
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(sheet.getRow(2).values).toEqual([undefined, ...t.header]);
      t.rows.forEach((row, j) => {
        row.forEach((text, k) => {
          const cell = sheet.getCell(j + 3, k + 1);
          if (!t.numeric[k] || text === '' || !/^[+-]?\d/.test(text)) return expect(cell.value ?? '', `${t.id} ${text}`).toBe(text);
          expect(typeof cell.value, `${t.id} ${text}`).toBe('number');
          if (/\.\d\d$/.test(text)) {
            expect(fen(cell.value)).toBe(fenOf(text));
            expect(cell.numFmt).toBe('#,##0.00');
          } else if (/^[+-]?\d+$/.test(text)) {
            expect(cell.value).toBe(Number(text));
            expect(cell.numFmt).toBe('#,##0');
          }
        });
      });
      if (t.note) expect(sheet.getCell(t.rows.length + 4, 1).value).toBe(t.note);
    });

    // Sums, read from the workbook alone: the payers add up to the total, which is the JSON's.
    const payers = book.worksheets[0]!;
    const amounts = Array.from({ length: payers.rowCount - 2 }, (_, i) => fen(payers.getCell(i + 3, 2).value));
    const total = amounts.pop()!;
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(total);
    expect(total).toBe(fenOf(json.baseline.totals.amount));
    const items = book.worksheets[1]!;
    let itemSum = 0;
    for (let row = 3; row <= items.rowCount && typeof items.getCell(row, 2).value === 'number'; row++) itemSum += fen(items.getCell(row, 2).value);
    expect(itemSum).toBe(fenOf(json.baseline.totals.amount));
    const years = book.worksheets[4]!;
    expect(fen(years.getCell(3, 2).value)).toBe(fenOf(json.baseline.years['2019'].amount));
    const change = book.worksheets.find((s) => String(s.getCell(1, 1).value).startsWith('death-800 — '))!;
    expect(fen(change.getCell(change.rowCount, 4).value)).toBe(fenOf(json.delta.totals.amount));
  }, 120_000);

  it('refuses a name that does not end in .xlsx, before any work', async () => {
    const out = join(tempDir(), 'tables.xls');
    const r = await fuzhu('simulate', '--population', 'policy/populations/liuzhou-sample.jsonl', ...RANGE, '--xlsx', out, '--policy', 'no/such/policy');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--xlsx ${out}: the file must end in .xlsx`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('sheet names', () => {
  it('are ones Excel takes: at most 31 characters, none of []:*?/\\, unique ignoring case', () => {
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('户籍', 'History', 'A[1]:B', "'quoted'", 'x'.repeat(40))), { maxLength: 12 }), (wanted) => {
          const taken = new Set<string>();
          const names = wanted.map((w) => sheetName(w, taken));
          for (const n of names) {
            expect(n.length).toBeLessThanOrEqual(31);
            expect(n).not.toMatch(/[[\]:*?/\\]|^'|'$/);
            expect(n.trim()).toBe(n);
            expect(n).not.toBe('');
          }
          expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
        }),
        { seed, numRuns: 200 },
      );
    }
    const taken = new Set<string>();
    expect(['死亡扶助 [年度]: 合计?', 'a'.repeat(40), 'a'.repeat(40), 'History'].map((w) => sheetName(w, taken))).toEqual(['死亡扶助 _年度__ 合计_', 'a'.repeat(31), `${'a'.repeat(27)} (2)`, 'History (2)']);
  });
});

describe('the row writer (openRows)', () => {
  it('writes a sheet row by row: frozen bold header, money as numbers with two decimals, counts as integers, empty cells empty', async () => {
    const path = join(tempDir(), 'rows.xlsx');
    const out = await openRows(path, '户', ['id', { title: '金额', kind: 'money' }, { title: '人数', kind: 'integer' }, { title: '变化', kind: 'percent' }]);
    const n = 3000;
    for (let i = 0; i < n; i++) await out.addRow([`H${i}`, `${i}.${String(i % 100).padStart(2, '0')}`, i % 4, i % 3 === 0 ? null : 0.05]);
    await out.close();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('户');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).values).toEqual([undefined, 'id', '金额', '人数', '变化']);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.rowCount).toBe(n + 1);
    let fen = 0;
    for (let i = 0; i < n; i++) fen += Math.round((sheet.getCell(i + 2, 2).value as number) * 100);
    expect(fen).toBe(Array.from({ length: n }, (_, i) => i * 100 + (i % 100)).reduce((a, b) => a + b, 0));
    expect(sheet.getCell(2001, 2)).toMatchObject({ value: 1999.99, numFmt: '#,##0.00' });
    expect(sheet.getCell(2001, 3)).toMatchObject({ value: 3, numFmt: '#,##0' });
    expect(sheet.getCell(2, 4).value).toBeNull();
    expect(sheet.getCell(3, 4).value).toBe(0.05);
  });

  it('leaves the old file as it was when the writing is abandoned', async () => {
    const path = join(tempDir(), 'rows.xlsx');
    writeFileSync(path, 'old');
    const out = await openRows(path, 'S', ['id']);
    await out.addRow(['H1']);
    const e = await out.abort(new Error('stopped'));
    expect(e.message).toBe('stopped');
    expect(readFileSync(path, 'utf8')).toBe('old');
  });
});
