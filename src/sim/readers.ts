/**
 * Streaming population readers: JSONL, CSV, JSON lists and workbooks (.xlsx, one sheet) are
 * read record by record, so that memory does not grow with the file; a YAML list is read whole
 * (for small hand-made files).
 * Only a regular file is read; each record comes with its line number (and column, in a JSON
 * list), a record larger than the limit is refused before it is parsed, and a fault after
 * which records cannot be told apart stops the reading with a PopulationError.
 */
import { error, Source } from '../diag/index.js';
import type { Policy } from '../policy/index.js';
import { LIMITS } from '../policy/limits.js';
import { openRegularFile, readRegularFile } from '../policy/inputFile.js';
import { parseYaml } from '../policy/yamlFile.js';
import { XLSX } from '../messages/xlsx.js';
import { csvRecords } from './csv.js';
import type { PopulationEncoding } from './encodingNames.js';
import { jsonList } from './jsonList.js';
import { boundedLines, type Line, type LineRange } from './lines.js';
import { formatOf } from './populationFormat.js';
import { PopulationError, type RawRecord } from './record.js';

export { PopulationError, type RawRecord } from './record.js';

export { formatOf, type PopulationFormat } from './populationFormat.js';

/** How a population file is read, where its format leaves a choice. */
export interface PopulationReading {
  /** The sheet of a workbook (.xlsx) to read; by default its first visible sheet. */
  readonly sheet?: string;
  /** The encoding of a CSV population (UTF-8 by default); JSONL, JSON and YAML are UTF-8. */
  readonly encoding?: PopulationEncoding;
}

/** A line of a JSONL file as a record; undefined for a blank line. */
function jsonlRecord(l: Line): RawRecord | undefined {
  if ('bytes' in l) return { line: l.line, data: undefined, error: `the line is more than ${LIMITS.maxRecordBytes} bytes (${l.bytes}), the limit for one record`, code: 'E-POP-TOO-LARGE' };
  // Refused rather than read with its characters lost (an id or a name turned into U+FFFD).
  if ('notUtf8' in l) return { line: l.line, data: undefined, error: XLSX.en.jsonlNotUtf8(l.notUtf8.offset, l.notUtf8.bytes, l.notUtf8.gbk), code: 'E-POP-ENCODING' };
  if (l.text.trim() === '') return undefined;
  // The first line's mark is dropped by the line reader; a later one comes from a joined file.
  if (l.text.startsWith('\uFEFF')) return { line: l.line, data: undefined, error: 'not valid JSON: the line starts with a byte-order mark (U+FEFF, invisible), as when two files are joined; remove it' };
  try {
    return { line: l.line, data: JSON.parse(l.text) };
  } catch (e) {
    return { line: l.line, data: undefined, error: `not valid JSON: ${(e as Error).message}` };
  }
}

/** The records of a JSONL file (or of a range of its lines), those of each chunk read together. */
async function* jsonlBatches(fd: number, range?: LineRange): AsyncGenerator<RawRecord[]> {
  for await (const lines of boundedLines(fd, range)) {
    const records: RawRecord[] = [];
    for (const l of lines) {
      const r = jsonlRecord(l);
      if (r) records.push(r);
    }
    if (records.length) yield records;
  }
}

function* yamlList(path: string): Generator<RawRecord> {
  const text = readRegularFile(path, LIMITS.maxFileBytes);
  if (!text.ok) {
    const tooLarge = text.diagnostic.code === 'E-FILE-TOO-LARGE';
    throw new PopulationError(tooLarge ? { ...text.diagnostic, help: 'a YAML population is read whole; use JSONL or CSV for large populations' } : text.diagnostic);
  }
  const source = new Source(path, text.text);
  const read = parseYaml(source);
  if (!read.ok) throw new PopulationError(read.diagnostics[0]!);
  const items = Array.isArray(read.file.data) ? read.file.data : undefined;
  if (!items) {
    yield { line: 1, data: undefined, error: 'a YAML population must be a list of households' };
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const span = read.file.spanAt([i]);
    yield { line: source.position(span.start).line, data: items[i] };
  }
}

/**
 * The records of a population file, one at a time; throws a PopulationError when the file
 * cannot be read, or cannot be read on.
 */
export async function* readPopulation(path: string, policy: Policy, reading: PopulationReading = {}): AsyncGenerator<RawRecord> {
  for await (const records of readPopulationBatches(path, policy, reading)) yield* records;
}

/** readPopulation's records, those of each chunk of a JSONL file read together (a record at a time in another format). */
export async function* readPopulationBatches(path: string, policy: Policy, reading: PopulationReading = {}): AsyncGenerator<readonly RawRecord[]> {
  const format = formatOf(path);
  if (format === undefined) {
    yield [{ line: 0, data: undefined, error: 'unknown population format: name the file .jsonl, .csv, .json, .yaml or .xlsx' }];
    return;
  }
  if (reading.encoding !== undefined && reading.encoding !== 'utf-8' && format !== 'csv') throw new PopulationError(error('E-POP-ENCODING', XLSX.en.encodingNotCsv, undefined, { at: path }));
  if (reading.sheet !== undefined && format !== 'xlsx') throw new PopulationError(error('E-XLSX-SHEET', XLSX.en.sheetNotXlsx, undefined, { at: path }));
  if (format === 'yaml') return yield* singly(yamlList(path));
  const opened = openRegularFile(path);
  if (!opened.ok) throw new PopulationError(opened.diagnostic);
  // exceljs is loaded only for a workbook: other commands and formats start without it.
  if (format === 'xlsx') yield* singly((await import('./xlsx.js')).xlsxRecords(path, opened.fd, policy, reading.sheet));
  else if (format === 'jsonl') yield* jsonlBatches(opened.fd);
  else if (format === 'csv') yield* singly(csvRecords(path, opened.fd, policy, reading.encoding));
  else yield* singly(jsonList(path, opened.fd));
}

/** Each record as a batch of its own. */
async function* singly(records: Iterable<RawRecord> | AsyncIterable<RawRecord>): AsyncGenerator<readonly RawRecord[]> {
  for await (const r of records) yield [r];
}

/** The records of a range of whole lines of a JSONL population (a worker's slice), read as the whole file would read them. */
export async function* readJsonlRange(path: string, range: LineRange): AsyncGenerator<RawRecord> {
  for await (const records of readJsonlRangeBatches(path, range)) yield* records;
}

/** readJsonlRange's records, those of each chunk of the file read together. */
export async function* readJsonlRangeBatches(path: string, range: LineRange): AsyncGenerator<RawRecord[]> {
  const opened = openRegularFile(path);
  if (!opened.ok) throw new PopulationError(opened.diagnostic);
  yield* jsonlBatches(opened.fd, range);
}
