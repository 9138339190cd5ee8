/**
 * The files a document's table stands for when it cannot be shown as it is: a CSV block
 * written as an Excel workbook, as an analyst's sheet holds it (dates as date cells, TRUE and
 * FALSE as booleans, numbers as numbers, anything else as text), or in GBK bytes, as Excel
 * saves CSV on Chinese Windows; and a workbook a command wrote, read back as CSV text.
 */
import { writeFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { csvText, gbk, writeWorkbook, type Cell } from '../populationFiles.js';

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** A CSV cell as an analyst's workbook types it. */
function typed(text: string): Cell {
  if (text === '') return undefined;
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (NUMBER.test(text)) return Number(text);
  return text;
}

/** Writes a CSV table as a workbook of one sheet. */
export async function csvAsWorkbook(path: string, csv: string, sheet = 'Sheet1'): Promise<void> {
  const rows = (parseCsv(csv.trim(), { relax_column_count: true }) as string[][]).map((r) => r.map(typed));
  await writeWorkbook(path, [{ name: sheet, rows }]);
}

/** Writes a CSV table in GBK bytes. */
export function csvAsGbk(path: string, csv: string): void {
  writeFileSync(path, gbk(`${csv.trim()}\n`));
}

/** A cell of a workbook as text: a date as YYYY-MM-DD, a number as JavaScript writes it, a formula by its result. */
function cellText(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'result' in value) return cellText(value.result as ExcelJS.CellValue);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('');
  return value as Cell;
}

/** A sheet of a workbook (by name, else the first) as CSV text, each row to its last cell; undefined when there is no such sheet. */
export async function workbookAsCsv(path: string, sheet?: string): Promise<string | undefined> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const ws = sheet === undefined ? book.worksheets[0] : book.getWorksheet(sheet);
  if (!ws) return undefined;
  const rows: Cell[][] = [];
  // Each row as far as its last cell with a value: a sheet's title row is one cell.
  ws.eachRow((row) => rows.push(Array.from({ length: row.cellCount }, (_, i) => cellText(row.getCell(i + 1).value))));
  const [header = [], ...body] = rows;
  return csvText(header.map((c) => String(c ?? '')), body);
}
