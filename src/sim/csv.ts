/**
 * CSV populations (shared/contracts/household.md): one row per household, read with csv-parse
 * (quoted cells may hold commas, quotes and line breaks), with flattened column names
 * (`registration.district`, `mother.birth_date`, `children.0.death_date`); an empty cell is an absent
 * field; a list of values (`mother.chronic`) is written with `;` between them. Every row must
 * have the header's cells; a header with a duplicate, unusable or out-of-range column stops the
 * run at that column (no row can be read by it), as a malformed file stops at the line where
 * the fault began. The file is UTF-8 unless its encoding is named (GBK, GB18030: encoding.ts);
 * a CSV is read on the main thread (only JSONL is read in slices by workers), so it is decoded
 * here, once, as it streams. A workbook's rows are made into records by the same code
 * (`recordOf`), so that a household is built and checked alike from either.
 */
import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { error, Source, span } from '../diag/index.js';
import { stripOptional } from '../dsl/types.js';
import type { Policy } from '../policy/index.js';
import { LIMITS } from '../policy/limits.js';
import { decoding, type PopulationEncoding } from './encoding.js';
import { lineSpan } from './lines.js';
import { PopulationError, type RawRecord } from './record.js';


/** Fields whose CSV cell is a `;`-separated list, by their path with list indexes removed. */
export type ListFields = ReadonlySet<string>;

/** A column name that cannot name a field: one that would reach an object's prototype. */
export function unsafeColumn(column: string): boolean {
  return column.split('.').some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype' || p === '');
}

/**
 * Rebuilds a household object from a header and a row of cells; a string says why it cannot
 * (two columns that make the same field both a value and a record, such as `registration` and
 * `registration.district`).
 */
export function unflatten(header: readonly string[], cells: readonly string[], lists: ListFields): Record<string, unknown> | string {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < header.length; i++) {
    const column = header[i]!;
    const cell = (cells[i] ?? '').trim();
    if (cell === '') continue;
    const path = column.split('.');
    let node: Record<string, unknown> | unknown[] = out;
    for (let j = 0; j < path.length - 1; j++) {
      const key = path[j]!;
      const nextIsIndex = /^\d+$/.test(path[j + 1]!);
      const slot = (node as Record<string, unknown>)[key];
      if (slot === undefined) (node as Record<string, unknown>)[key] = nextIsIndex ? [] : {};
      else if (typeof slot !== 'object' || slot === null) return `the column ${column} and the column ${path.slice(0, j + 1).join('.')} both give ${path.slice(0, j + 1).join('.')}`;
      node = (node as Record<string, unknown>)[key] as Record<string, unknown> | unknown[];
    }
    const leaf = path[path.length - 1]!;
    const generic = genericColumn(column);
    if ((node as Record<string, unknown>)[leaf] !== undefined && typeof (node as Record<string, unknown>)[leaf] === 'object') return `the column ${column} gives a value where other columns give a record`;
    (node as Record<string, unknown>)[leaf] = lists.has(generic) ? cell.split(';').map((s) => s.trim()).filter(Boolean) : cell;
  }
  // Sparse child indexes (children.0 and children.2 only) become a dense list.
  if (Array.isArray(out.children)) out.children = (out.children as unknown[]).filter((c) => c !== undefined);
  return out;
}

/** Field paths (without list indexes) by what their columns hold: lists of values, lists of records (at the top), dates and booleans. */
export interface ColumnKinds {
  readonly values: ReadonlySet<string>;
  readonly records: ReadonlySet<string>;
  readonly dates: ReadonlySet<string>;
  readonly booleans: ReadonlySet<string>;
}

export function columnKinds(policy: Policy): ColumnKinds {
  const out = new Set<string>();
  const records = new Set<string>();
  const dates = new Set<string>();
  const booleans = new Set<string>();
  const visit = (record: string, prefix: string, depth: number) => {
    if (depth > 4) return;
    for (const f of policy.household.records.get(record)?.fields ?? []) {
      const t = stripOptional(f.type);
      const path = prefix ? `${prefix}.${f.name}` : f.name;
      if (t.kind === 'list' && t.of.kind !== 'record') out.add(path);
      else if (t.kind === 'list' && t.of.kind === 'record') {
        if (!prefix) records.add(path);
        visit(t.of.name, path, depth + 1);
      }
      else if (t.kind === 'record') visit(t.name, path, depth + 1);
      else if (t.kind === 'date') dates.add(path);
      else if (t.kind === 'boolean') booleans.add(path);
    }
  };
  visit(policy.household.root, '', 0);
  return { values: out, records, dates, booleans };
}

/** A column's field path without list indexes (`children.0.birth_date` → `children.birth_date`). */
export function genericColumn(column: string): string {
  return column.split('.').filter((p) => !/^\d+$/.test(p)).join('.');
}

/**
 * A row's cells (as text, in the header's order) as household data, or why they cannot be: the
 * same for a CSV line and a workbook's row.
 */
export function recordOf(header: readonly string[], cells: readonly string[], kinds: ColumnKinds): { data: Record<string, unknown> } | { error: string } {
  const data = unflatten(header, cells, kinds.values);
  if (typeof data === 'string') return { error: data };
  // A row with no cells for a list of records (no children) has an empty list, not none.
  for (const name of kinds.records) if (header.some((c) => c.startsWith(`${name}.`)) && data[name] === undefined) data[name] = [];
  return { data };
}

/** Why a header cannot be read and the index of the column at fault; undefined when it can. */
export function headerProblem(header: readonly string[]): { message: string; column: number } | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < header.length; i++) {
    const column = header[i]!;
    if (unsafeColumn(column)) return { message: `the header has a column that cannot name a field: '${column}' (column ${i + 1})`, column: i };
    const before = seen.get(column);
    if (before !== undefined) return { message: `the column '${column}' appears twice in the header (columns ${before + 1} and ${i + 1})`, column: i };
    seen.set(column, i);
    const index = column.split('.').find((p) => /^\d+$/.test(p) && (Number(p) >= LIMITS.maxChildren || String(Number(p)) !== p));
    if (index !== undefined) return { message: `the column '${column}' has the list index ${index}; indexes run from 0 to ${LIMITS.maxChildren - 1} (at most ${LIMITS.maxChildren} entries), written without leading zeros`, column: i };
  }
  return undefined;
}

/** The error that stops a run at a header's faulty column, underlined in the header's line. */
function headerError(path: string, line: number, raw: string, header: readonly string[], problem: { message: string; column: number }): PopulationError {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
  // Each column's name follows the previous one's in the raw line (quoted or not).
  let at: number | undefined = 0;
  for (let i = 0; i <= problem.column && at !== undefined; i++) {
    const found = text.indexOf(header[i]!, at);
    at = found === -1 ? undefined : i === problem.column ? found : found + header[i]!.length;
  }
  const where = at === undefined ? span(new Source(path, text, line), 0, Math.min(1, text.length)) : span(new Source(path, text, line), at, at + header[problem.column]!.length);
  return new PopulationError(error('E-CSV-HEADER', `${problem.message}; no row can be read by this header`, where));
}

/** Line feeds a raw record takes (csv-parse leaves out the last byte of a CRLF delimiter). */
function lineFeeds(raw: string): number {
  let n = raw.endsWith('\r') ? 1 : 0;
  for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) n++;
  return n;
}

const SYNTAX: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
  CSV_MAX_RECORD_SIZE: `a record longer than ${LIMITS.maxRecordBytes} characters, the limit for one record`,
  INVALID_OPENING_QUOTE: 'a quote inside a cell that does not begin with one (write the cell in quotes and double the quote)',
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote of a cell',
};

/** The rows of a CSV population as households, each with its first line. */
export async function* csvRecords(path: string, fd: number, policy: Policy, encoding: PopulationEncoding = 'utf-8'): AsyncGenerator<RawRecord> {
  const kinds = columnKinds(policy);
  const parser = parse({ bom: true, raw: true, relax_column_count: true, max_record_size: LIMITS.maxRecordBytes, record_delimiter: ['\r\n', '\n'] });
  const input = createReadStream('', { fd });
  const text = decoding(path, encoding);
  input.on('error', (e) => parser.destroy(e));
  text.on('error', (e) => parser.destroy(e));
  input.pipe(text).pipe(parser);
  let header: string[] | undefined;
  let line = 1;
  let rows = 0;
  try {
    for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const first = line;
      line += lineFeeds(raw);
      if (record.length === 1 && record[0]!.trim() === '') continue;
      if (!header) {
        header = record.map((c) => c.trim());
        const problem = headerProblem(header);
        if (problem) throw headerError(path, first, raw, header, problem);
        continue;
      }
      rows++;
      if (record.length !== header.length) {
        yield { line: first, data: undefined, error: `the row has ${record.length} cells but the header has ${header.length} columns`, code: 'E-CSV-CELLS' };
        continue;
      }
      const bom = record.findIndex((c) => c.includes('\uFEFF'));
      if (bom !== -1) {
        yield { line: first, data: undefined, error: `a byte-order mark (U+FEFF) in the cell of column ${header[bom]}: a file joined to another keeps its mark; remove it`, code: 'E-CSV-BOM' };
        continue;
      }
      const read = recordOf(header, record, kinds);
      yield 'error' in read ? { line: first, data: undefined, error: read.error } : { line: first, data: read.data };
    }
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const after = rows ? `; reading stopped here, after ${rows} row${rows === 1 ? '' : 's'}` : '';
    const what = SYNTAX[e.code] ?? e.message;
    const where = e.code === 'INVALID_OPENING_QUOTE' || e.code === 'CSV_INVALID_CLOSING_QUOTE' ? Number(e.lines ?? line) : line;
    const at = await lineSpan(path, where);
    throw new PopulationError(error('E-CSV-SYNTAX', `the CSV is malformed at line ${where}: ${what}${after}`, at, at ? {} : { at: `${path}:${where}` }));
  } finally {
    input.destroy();
    text.destroy();
  }
}
