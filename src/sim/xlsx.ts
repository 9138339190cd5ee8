/**
 * Workbook populations (.xlsx), read as a stream with exceljs: one sheet (the first visible one,
 * or the one named), whose first row holding anything is the header of flattened column names
 * as in a CSV, and each later row a household, made into a record by the CSV's own code
 * (csv.ts `recordOf`), so that it is built and checked exactly alike. A cell is read by its kind:
 * text as written; a number as the figure Excel shows (15 significant digits); TRUE/FALSE as
 * true/false; a date cell as the calendar date it shows; a formula by its saved result; an
 * empty cell as an absent field. A date with a time of day, a number where a date is expected, a
 * date where none is, an error value and a formula without a saved result are refused at their
 * row and column. A workbook is a zip archive that cannot be cut in slices: it is read on the
 * main thread, and its records go to the workers in batches as other formats' do.
 */
import { createReadStream, readSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { didYouMean, error } from '../diag/index.js';
import type { Policy } from '../policy/index.js';
import { XLSX } from '../messages/xlsx.js';
import { columnKinds, genericColumn, headerProblem, recordOf, type ColumnKinds } from './csv.js';
import { PopulationError, type RawRecord, type SheetRow } from './record.js';
import { columnLetters, sheetPlaceText } from './xlsxPlace.js';

const w = XLSX.en;

/** What of exceljs's stream reader is used beyond its declared types. */
interface ReaderState {
  model?: { sheets?: { name: string; state?: string }[]; properties?: { date1904?: boolean } };
  styles?: { index?: { numFmt?: Record<number, string> } };
  stream?: { destroy(): void };
}

/**
 * Built-in number formats that are dates (or times) in Chinese, Japanese and Korean Excel
 * (ECMA-376 §18.8.30), which exceljs leaves without a format, so that their cells would read as
 * plain numbers: a Chinese 2019年3月14日 is format 31.
 */
const ASIAN_DATE_FORMATS = [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58];

function nameAsianDateFormats(reader: ReaderState): void {
  const formats = reader.styles?.index?.numFmt;
  if (formats) for (const id of ASIAN_DATE_FORMATS) formats[id] ??= 'yyyy-mm-dd';
}

/** What the first bytes say: a zip archive (as .xlsx is), an OLE file (.xls, or a workbook with a password), or neither. */
function signature(fd: number): 'zip' | 'ole' | 'other' {
  const head = Buffer.alloc(4);
  const n = readSync(fd, head, 0, 4, 0);
  if (n === 4 && head.readUInt32BE(0) === 0x504b0304) return 'zip';
  return n === 4 && head.readUInt32BE(0) === 0xd0cf11e0 ? 'ole' : 'other';
}

function unreadable(path: string, why: string): PopulationError {
  return new PopulationError(error('E-XLSX-READ', w.notWorkbook(why), undefined, { at: path, help: w.saveAsXlsx }));
}

const DAY = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A date and time as Excel shows it (UTC, as exceljs gives it). */
function shown(d: Date): string {
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return d.getTime() % DAY === 0 ? date : `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${d.getUTCSeconds() ? `:${pad(d.getUTCSeconds())}` : ''}`;
}

/**
 * The calendar date a date cell shows, written YYYY-MM-DD. exceljs gives it as the UTC midnight
 * of the day it counts from 1899-12-30; Excel counts 1900 as a leap year, so a day before
 * 1900-03-01 shows one day later than that, and its 1900-02-29 is no day at all.
 */
function calendarDate(d: Date): { text: string } | { error: string } {
  if (Number.isNaN(d.getTime())) return { error: w.unknownCell };
  if (d.getTime() % DAY !== 0) return { error: w.dateTime(shown(d)) };
  const march1900 = Date.UTC(1900, 2, 1);
  if (d.getTime() === march1900 - DAY) return { error: w.noSuchDay };
  return { text: shown(d.getTime() < march1900 ? new Date(d.getTime() + DAY) : d) };
}

/** A number as the figure Excel shows and computes with (15 significant digits, so 0.1 + 0.2 is 0.3). */
function figure(n: number): string {
  return String(Number(n.toPrecision(15)));
}

/** What a column holds, for the cells that depend on it. */
type Holds = 'date' | 'boolean' | 'other';

/** A format that shows a number as a date (or a time), as exceljs tells them: quoted text and [codes] aside. */
function dateFormat(format: string | undefined): boolean {
  return format !== undefined && /[ymdhs]/i.test(format.replace(/"[^"]*"|\[[^\]]*]/g, ''));
}

/**
 * A cell's value as the text a CSV would hold, or why it cannot be read. A formula's saved result
 * is read as the cell would be; exceljs's stream reader gives a formula's true/false as 1/0 and
 * its date as a day number, which the column's kind and the cell's format tell apart.
 */
function cellText(value: unknown, format: string | undefined, holds: Holds, date1904: boolean): { text: string } | { error: string } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: String(value) };
  if (typeof value === 'number') return holds === 'date' ? { error: w.numberForDate(figure(value)) } : { text: figure(value) };
  if (value instanceof Date) return holds === 'date' ? calendarDate(value) : { error: w.dateNotHere(shown(value)) };
  const v = value as { richText?: { text: string }[]; error?: string; formula?: string; sharedFormula?: string; result?: unknown; text?: string };
  if (v.richText) return { text: v.richText.map((r) => r.text).join('') };
  if (v.error !== undefined) return { error: w.errorCell(v.error) };
  if (v.formula !== undefined || v.sharedFormula !== undefined) {
    const result = v.result;
    if (result === undefined || result === null) return { error: w.noResult };
    if (typeof result === 'number' && Number.isNaN(result)) return { error: w.formulaError };
    if (typeof result === 'number' && holds === 'boolean' && (result === 0 || result === 1)) return { text: String(result === 1) };
    if (typeof result === 'number' && dateFormat(format)) return cellText(new Date(Math.round((result - 25569 + (date1904 ? 1462 : 0)) * DAY)), format, holds, date1904);
    return cellText(result, format, holds, date1904);
  }
  if (typeof v.text === 'string') return { text: v.text };
  return { error: w.unknownCell };
}

/** The sheet to read: the one named, else the first visible one; the error when the workbook has no such sheet. */
function chosenSheet(path: string, reader: ReaderState, wanted: string | undefined): string {
  const sheets = reader.model?.sheets ?? [];
  const names = sheets.map((s) => s.name);
  if (wanted === undefined) {
    const first = sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? sheets[0];
    if (!first) throw new PopulationError(error('E-XLSX-SHEET', w.noSheets, undefined, { at: path }));
    return first.name;
  }
  if (names.includes(wanted)) return wanted;
  throw new PopulationError(error('E-XLSX-SHEET', `${w.noSheet(wanted, names.join(', '))}.${didYouMean(wanted, names)}`, undefined, { at: path }));
}

/** The rows of one sheet as records: the header first, then a record for each row holding anything. */
async function* sheetRecords(path: string, name: string, rows: AsyncIterable<ExcelJS.Row>, kinds: ColumnKinds, date1904: boolean): AsyncGenerator<RawRecord> {
  let header: string[] | undefined;
  let sheet: SheetRow | undefined;
  let holds: Holds[] = [];
  for await (const row of rows) {
    const cells: { column: number; cell: ExcelJS.Cell }[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (cell.value !== null && cell.value !== undefined && cell.value !== '') cells.push({ column: column - 1, cell });
    });
    if (!cells.length) continue;
    if (!header || !sheet) {
      const texts: string[] = [];
      for (const { column, cell } of cells) {
        const read = cellText(cell.value, cell.numFmt, 'other', date1904);
        texts[column] = 'text' in read ? read.text.trim() : '';
      }
      header = Array.from(texts, (t) => t ?? '');
      const problem = headerProblem(header);
      if (problem) throw new PopulationError(error('E-XLSX-HEADER', w.header(problem.message), undefined, { at: sheetPlaceText(path, row.number, { name, column: columnLetters(problem.column) }) }));
      sheet = { name, header };
      holds = header.map((c) => (kinds.dates.has(genericColumn(c)) ? 'date' : kinds.booleans.has(genericColumn(c)) ? 'boolean' : 'other'));
      continue;
    }
    const texts = header.map(() => '');
    let fault: RawRecord | undefined;
    for (const { column, cell } of cells) {
      if (column >= header.length) {
        fault = { line: row.number, data: undefined, error: w.beyondHeader(columnLetters(column)), code: 'E-XLSX-CELLS', sheet: { ...sheet, column } };
        break;
      }
      const read = cellText(cell.value, cell.numFmt, holds[column]!, date1904);
      if ('error' in read) {
        fault = { line: row.number, data: undefined, error: read.error, code: 'E-XLSX-CELL', sheet: { ...sheet, column } };
        break;
      }
      texts[column] = read.text;
    }
    if (fault) {
      yield fault;
      continue;
    }
    const record = recordOf(header, texts, kinds);
    yield 'error' in record ? { line: row.number, data: undefined, error: record.error, sheet } : { line: row.number, data: record.data, sheet };
  }
}

/**
 * The records of a workbook population, from one of its sheets; throws a PopulationError when
 * the file is not a workbook, has no such sheet, or its header cannot be read.
 */
export async function* xlsxRecords(path: string, fd: number, policy: Policy, wanted: string | undefined): AsyncGenerator<RawRecord> {
  const kind = signature(fd);
  if (kind !== 'zip') throw unreadable(path, kind === 'ole' ? w.oleFile : w.notZip);
  const kinds = columnKinds(policy);
  const input = createReadStream('', { fd });
  const book = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  const reader = book as unknown as ReaderState;
  let target: string | undefined;
  let found = false;
  try {
    for await (const worksheet of book) {
      target ??= chosenSheet(path, reader, wanted);
      if ((worksheet as unknown as { name?: string }).name !== target) continue;
      found = true;
      nameAsianDateFormats(reader);
      yield* sheetRecords(path, target, worksheet, kinds, reader.model?.properties?.date1904 === true);
    }
  } catch (e) {
    if (e instanceof PopulationError) throw e;
    throw unreadable(path, e instanceof Error ? e.message : String(e));
  } finally {
    input.destroy();
    reader.stream?.destroy();
  }
  if (!found) throw new PopulationError(error('E-XLSX-SHEET', target === undefined ? w.noSheets : w.sheetUnread(target), undefined, { at: path }));
}
