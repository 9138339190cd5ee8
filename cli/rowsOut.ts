/**
 * Writing households' rows to a file as they come, in the format its extension names: `.csv`
 * (exact plain figures, a UTF-8 byte-order mark for Excel when asked), `.jsonl` (one JSON object a
 * line) or `.xlsx` (one sheet, numbers as numeric cells). The file is written beside its place
 * and renamed into it once every row is there, or removed, so that a failed run leaves nothing
 * half written. An unknown extension is refused before any work.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { extname } from 'node:path';
import { ROWS, type Lang } from '../src/messages/index.js';
import type { HouseholdRow } from '../src/index.js';
import { outputTemp } from './files.js';
import { csvCell } from './formats.js';
import { rowCells, rowHeader, rowJson, type RowLayout } from './rowCells.js';
import { openRows } from './xlsx.js';

type Format = 'csv' | 'jsonl' | 'xlsx';

export interface RowsOut {
  /** Writes rows; resolves once the disk has taken them, or enough of them to go on. */
  write(rows: readonly HouseholdRow[]): Promise<void>;
  /** Puts the file in place. */
  close(): Promise<void>;
  /** Removes the unfinished file; the error to throw in its place (in words when it was the disk's). */
  abort(e: unknown): Promise<Error>;
  /** Rows written so far. */
  readonly rows: number;
}

/** Opens the rows' file; `bom` puts a byte-order mark at the head of a CSV file. */
export async function openRowsOut(path: string, layout: RowLayout, lang: Lang, bom: boolean): Promise<RowsOut> {
  const format = extname(path).slice(1).toLowerCase() as Format;
  if (format === 'xlsx') {
    const sheet = await openRows(path, ROWS[lang].sheet, rowHeader(layout, lang));
    let rows = 0;
    return {
      async write(batch) {
        for (const r of batch) await sheet.addRow(rowCells(layout, r, lang));
        rows += batch.length;
      },
      close: () => sheet.close(),
      abort: (e) => sheet.abort(e),
      get rows() {
        return rows;
      },
    };
  }
  const line = format === 'csv' ? (r: HouseholdRow) => csvLine(rowCells(layout, r, lang)) : (r: HouseholdRow) => `${JSON.stringify(rowJson(layout, r))}\n`;
  const text = new TextFile(path);
  if (format === 'csv') await text.write(`${bom ? '\uFEFF' : ''}${csvLine(rowHeader(layout, lang).map((c) => c.title))}`);
  let rows = 0;
  return {
    async write(batch) {
      await text.write(batch.map(line).join(''));
      rows += batch.length;
    },
    close: () => text.close(),
    abort: (e) => text.abort(e),
    get rows() {
      return rows;
    },
  };
}

function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map((c) => (c === null || c === undefined ? '' : csvCell(String(c)))).join(',')}\n`;
}

/** A text file written as a stream to its temporary place, waiting for the disk when it is behind. */
class TextFile {
  private readonly pending: ReturnType<typeof outputTemp>;
  private readonly stream: WriteStream;
  private failure: unknown;

  constructor(path: string) {
    this.pending = outputTemp(path);
    this.stream = createWriteStream(this.pending.temp, { flags: 'wx' });
    this.stream.on('error', (e) => (this.failure ??= e));
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  async write(text: string): Promise<void> {
    this.check();
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve) => {
        const go = () => {
          this.stream.off('drain', go).off('error', go);
          resolve();
        };
        this.stream.on('drain', go).on('error', go);
      });
    }
    this.check();
  }

  async close(): Promise<void> {
    try {
      this.check();
      await new Promise<void>((resolve, reject) => this.stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
      this.check();
    } catch (e) {
      throw this.pending.discard(e);
    }
    this.pending.commit();
  }

  async abort(e: unknown): Promise<Error> {
    this.stream.destroy();
    return this.pending.discard(e);
  }
}
