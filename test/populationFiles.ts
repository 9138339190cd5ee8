/**
 * Populations written as the files an analyst brings, for the tests: the bundled sample's
 * households flattened into rows (as a CSV or a workbook holds them), a CSV's text, a workbook
 * with typed cells (dates as date cells, true/false as booleans, numbers as numbers), and GBK
 * bytes (Node encodes only UTF-8: the GBK table is read back from its own decoder).
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';

export type Raw = Record<string, unknown> & { id: string };

/** The first `n` households of the bundled sample. */
export function sample(n: number): Raw[] {
  return readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8').trim().split('\n').slice(0, n).map((l) => JSON.parse(l) as Raw);
}

export type Cell = string | number | boolean | undefined;

/** The households as rows of flattened columns (`hukou.county`, `children.0.birth_date`), `id` first; a list of values joined by `;`. */
export function flatRows(hs: readonly Raw[]): { header: string[]; rows: Cell[][] } {
  const flat = hs.map((h) => {
    const out = new Map<string, Cell>();
    const visit = (v: unknown, path: string) => {
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out.set(path, v.join(';'));
      else if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}.${i}`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, path ? `${path}.${k}` : k);
      else out.set(path, v as Cell);
    };
    visit(h, '');
    return out;
  });
  const header = [...new Set(flat.flatMap((m) => [...m.keys()]))].sort((a, b) => (a === 'id' ? -1 : b === 'id' ? 1 : a.localeCompare(b)));
  return { header, rows: flat.map((m) => header.map((c) => m.get(c))) };
}

/** Rows as CSV text, every cell as written, lines ending in `eol`. */
export function csvText(header: readonly string[], rows: readonly (readonly Cell[])[], eol = '\n'): string {
  const quote = (c: Cell) => {
    const s = c === undefined ? '' : String(c);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(quote).join(',')).join(eol) + eol;
}

export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A date cell's value as exceljs writes it: the UTC midnight of the day. */
export function dateCell(text: string): Date {
  return new Date(`${text}T00:00:00Z`);
}

export interface SheetSpec {
  readonly name: string;
  readonly rows: readonly (readonly unknown[])[];
}

/**
 * Writes a workbook of these sheets, in order: a YYYY-MM-DD text becomes a date cell shown as
 * such, anything else goes in as it is (a Date, a number, a boolean, a formula object).
 */
export async function writeWorkbook(path: string, sheets: readonly SheetSpec[]): Promise<void> {
  const book = new ExcelJS.Workbook();
  for (const s of sheets) {
    const sheet = book.addWorksheet(s.name);
    for (const r of s.rows) {
      const row = sheet.addRow(r.map((v) => (typeof v === 'string' && DATE.test(v) ? dateCell(v) : (v ?? null))));
      row.eachCell((cell) => {
        const v = cell.value as { formula?: string; result?: unknown } | Date | null;
        if (v instanceof Date || (v && typeof v === 'object' && 'formula' in v && v.result instanceof Date)) cell.numFmt = 'yyyy-mm-dd';
      });
    }
  }
  await book.xlsx.writeFile(path);
}

let gbkTable: Map<string, Buffer> | undefined;

/** Text encoded as GBK: ASCII as it is, every other character by the two bytes GBK's decoder reads as it. */
export function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(Uint8Array.of(lead, trail));
        if (ch.length === 1 && ch !== '\uFFFD' && !gbkTable.has(ch)) gbkTable.set(ch, Buffer.of(lead, trail));
      }
    }
  }
  return Buffer.concat(
    Array.from(text, (ch) => {
      if (ch.charCodeAt(0) < 0x80) return Buffer.from(ch, 'latin1');
      const bytes = gbkTable!.get(ch);
      if (!bytes) throw new Error(`no GBK for ${ch}`);
      return bytes;
    }),
  );
}
