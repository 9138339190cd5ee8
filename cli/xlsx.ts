/**
 * Workbooks (.xlsx) written as a stream with exceljs's WorkbookWriter: rows go to the file as
 * they come, so a sheet of a million rows takes no more memory than one of ten. The workbook is
 * written to a temporary file beside the target and renamed into place on close (cli/files.ts),
 * so a failed or interrupted write leaves the old file as it was.
 *
 * The row writer, for one sheet of any length (one row per household):
 *
 *   const out = await openRows('out/households.xlsx', '户', [
 *     'id',                                   // a text column
 *     { title: '金额', kind: 'money' },       // money: the exact figure as text ('650.00') or a number
 *     { title: '人数', kind: 'integer' },     // counts; also 'number' and 'percent' (0.05 is 5%)
 *   ]);
 *   await out.addRow(['LZ-0001', '650.00', 2]); // null or undefined: an empty cell
 *   await out.close();                           // the file is in place; out.abort(e) drops it and gives back the error to throw
 *
 * The header row is frozen and bold; money shows two decimals and thousands separators. Await
 * each addRow: it waits for the disk now and then, which is what keeps memory flat.
 * `writeTablesXlsx` writes the simulation's tables, one sheet each. exceljs is loaded only when a
 * workbook is written, so that commands start without it.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type ExcelJS from 'exceljs';
import { displayWidth } from '../src/diag/index.js';
import type { Table } from '../src/index.js';
import { outputTemp } from './files.js';

export type ColumnKind = 'text' | 'money' | 'integer' | 'number' | 'percent';

export interface Column {
  readonly title: string;
  readonly kind?: ColumnKind;
  /** In characters; by default the title's width, at least 10. */
  readonly width?: number;
}

export type CellValue = string | number | boolean | null | undefined;

const FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  money: '#,##0.00',
  integer: '#,##0',
  number: undefined,
  percent: '+0.0%;-0.0%;0.0%',
};

/** Characters Excel refuses in a sheet's name, which is at most 31 characters. */
const NOT_IN_SHEET_NAME = /[[\]:*?/\\]/g;
const SHEET_NAME_MAX = 31;

/**
 * A name Excel accepts for a sheet, unlike every name in `taken` (compared as Excel does,
 * ignoring case), which it is added to: the refused characters become `_`, spaces and quotes
 * at either end go, the name is cut to 31 characters (never inside one), and a repeated one
 * gets ` (2)`, ` (3)`….
 */
export function sheetName(wanted: string, taken: Set<string>): string {
  const ends = (s: string) => s.replace(/^[\s']+|[\s']+$/g, '');
  const clean = ends(wanted.replace(NOT_IN_SHEET_NAME, '_')) || 'Sheet';
  const cut = (room: number) => {
    let out = '';
    for (const ch of clean) {
      if (out.length + ch.length > room) break;
      out += ch;
    }
    return ends(out) || 'Sheet';
  };
  let name = cut(SHEET_NAME_MAX);
  for (let n = 2; taken.has(name.toLowerCase()) || name.toLowerCase() === 'history'; n++) {
    const suffix = ` (${n})`;
    name = `${cut(SHEET_NAME_MAX - suffix.length)}${suffix}`;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** A cell's value as written: a money text becomes its number (exact to the fen, as Excel keeps it). */
function cellValue(kind: ColumnKind, value: CellValue): ExcelJS.CellValue {
  if (value === undefined || value === null || value === '') return null;
  if (kind === 'text' || typeof value !== 'string') return value;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
}

/** Rows written between looks at the disk: the zip stream buffers about this many. */
const ROWS_BETWEEN_WAITS = 256;

/** One workbook being written, sheet after sheet. */
class StreamedWorkbook {
  private readonly file: WriteStream;
  private readonly book: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly names = new Set<string>();
  private failure: unknown;

  private constructor(
    excel: typeof ExcelJS,
    private readonly pending: ReturnType<typeof outputTemp>,
  ) {
    this.file = createWriteStream(pending.temp, { flags: 'wx' });
    this.file.on('error', (e) => (this.failure ??= e));
    this.book = new excel.stream.xlsx.WorkbookWriter({ stream: this.file, useStyles: true, useSharedStrings: false });
    (this.book as unknown as { zip: NodeJS.EventEmitter }).zip.on('error', (e: unknown) => (this.failure ??= e));
  }

  /** A workbook to be written to `path` (through a temporary file). */
  static async open(path: string): Promise<StreamedWorkbook> {
    const excel = (await import('exceljs')).default;
    return new StreamedWorkbook(excel, outputTemp(path));
  }

  /** Throws the write error seen so far, if any. */
  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits while the disk is behind. */
  async drain(): Promise<void> {
    this.check();
    await new Promise((resolve) => setImmediate(resolve));
    if (this.file.writableNeedDrain) await new Promise<void>((resolve) => this.file.once('drain', () => resolve()).once('error', () => resolve()));
    this.check();
  }

  /** A new sheet whose first `frozen` rows stay in view. */
  sheet(wanted: string, columns: readonly Column[], frozen: number): ExcelJS.Worksheet {
    const sheet = this.book.addWorksheet(sheetName(wanted, this.names), { views: [{ state: 'frozen', ySplit: frozen }] });
    sheet.columns = columns.map((c, i) => ({ key: String(i), width: c.width ?? Math.max(10, displayWidth(c.title) + 2), ...(FORMATS[c.kind ?? 'text'] ? { style: { numFmt: FORMATS[c.kind ?? 'text']! } } : {}) }));
    return sheet;
  }

  async close(): Promise<void> {
    try {
      this.check();
      await this.book.commit();
      this.check();
    } catch (e) {
      throw this.pending.discard(e);
    }
    this.pending.commit();
  }

  async abort(e: unknown): Promise<Error> {
    this.file.destroy();
    return this.pending.discard(e);
  }
}

export interface RowWriter {
  addRow(values: readonly CellValue[]): Promise<void>;
  close(): Promise<void>;
  /** Drops the unfinished file; the error to throw (in words when it was the disk's). */
  abort(e: unknown): Promise<Error>;
}

/** Opens a workbook of one sheet with a frozen header row, to be written row by row. */
export async function openRows(path: string, name: string, header: readonly (string | Column)[]): Promise<RowWriter> {
  const book = await StreamedWorkbook.open(path);
  const columns = header.map((c) => (typeof c === 'string' ? { title: c } : c));
  const kinds = columns.map((c) => c.kind ?? 'text');
  const sheet = book.sheet(name, columns, 1);
  const top = sheet.addRow(columns.map((c) => c.title));
  top.font = { bold: true };
  top.commit();
  let rows = 0;
  return {
    async addRow(values) {
      sheet.addRow(kinds.map((k, i) => cellValue(k, values[i]))).commit();
      if (++rows % ROWS_BETWEEN_WAITS === 0) await book.drain();
    },
    async close() {
      sheet.commit();
      await book.close();
    },
    abort: (e) => book.abort(e),
  };
}

/** A table's cell as a typed value: figures as numbers, with money, count or percent formats, the rest as text. */
function tableCell(text: string, numeric: boolean): { value: ExcelJS.CellValue; kind: ColumnKind } {
  if (!numeric || text === '') return { value: text === '' ? null : text, kind: 'text' };
  const plain = text.replace(/,(?=\d{3}(\D|$))/g, '');
  const m = /^([+-]?\d+(?:\.(\d+))?)(%?)$/.exec(plain);
  if (!m) return { value: text, kind: 'text' };
  const n = Number(m[1]);
  if (m[3]) return { value: n / 100, kind: 'percent' };
  return { value: n, kind: m[2] === undefined ? 'integer' : m[2].length === 2 ? 'money' : 'number' };
}

/** Columns as wide as their widest cell (Chinese characters count two), within reason. */
function widths(t: Table): number[] {
  return t.header.map((h, i) => Math.min(60, Math.max(8, displayWidth(h), ...t.rows.map((r) => displayWidth(r[i] ?? ''))) + 2));
}

/**
 * The tables as one workbook, a sheet each (named after its title, made valid and unique): the
 * title in the first row, the header frozen under it, the rows with figures as numbers, and the
 * note below them.
 */
export async function writeTablesXlsx(path: string, tables: readonly Table[]): Promise<void> {
  const book = await StreamedWorkbook.open(path);
  try {
    for (const t of tables) {
      const sheet = book.sheet(t.title, widths(t).map((width, i) => ({ title: t.header[i]!, width })), 2);
      const title = sheet.addRow([t.title]);
      title.font = { bold: true, size: 13 };
      title.commit();
      const header = sheet.addRow([...t.header]);
      header.font = { bold: true };
      header.commit();
      for (const r of t.rows) {
        const row = sheet.addRow([]);
        r.forEach((text, i) => {
          const { value, kind } = tableCell(text, t.numeric[i] ?? false);
          const cell = row.getCell(i + 1);
          cell.value = value;
          if (FORMATS[kind]) cell.numFmt = FORMATS[kind]!;
        });
        row.commit();
      }
      if (t.note) {
        sheet.addRow([]).commit();
        const note = sheet.addRow([t.note]);
        note.font = { italic: true };
        note.commit();
      }
      sheet.commit();
      await book.drain();
    }
  } catch (e) {
    throw await book.abort(e);
  }
  await book.close();
}
