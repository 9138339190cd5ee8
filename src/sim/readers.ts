/**
 * Streaming population readers: JSONL, CSV and JSON lists are read record by record, so that
 * memory does not grow with the file; a YAML list is read whole (for small hand-made files).
 * Each record comes with its line number, for error reports.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Source } from '../diag/index.js';
import { stripOptional } from '../dsl/index.js';
import { LIMITS, parseYaml, type Policy } from '../policy/index.js';
import { splitCsvLine, unflatten, unsafeColumn } from './csv.js';

export interface RawRecord {
  readonly line: number;
  /** The household as plain data, or a reason it could not even be read as data. */
  readonly data: unknown;
  readonly error?: string;
}

export type PopulationFormat = 'jsonl' | 'csv' | 'json' | 'yaml';

export function formatOf(path: string): PopulationFormat | undefined {
  if (/\.jsonl$|\.ndjson$/i.test(path)) return 'jsonl';
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  return undefined;
}

async function* lines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of rl) yield { line: ++n, text: n === 1 ? text.replace(/^\uFEFF/, '') : text };
}

async function* jsonl(path: string): AsyncGenerator<RawRecord> {
  for await (const { line, text } of lines(path)) {
    if (text.trim() === '') continue;
    if (text.length > LIMITS.maxLineBytes) {
      yield { line, data: undefined, error: `the line is ${text.length} characters; the limit is ${LIMITS.maxLineBytes}` };
      continue;
    }
    try {
      yield { line, data: JSON.parse(text) };
    } catch (e) {
      yield { line, data: undefined, error: `not valid JSON: ${(e as Error).message}` };
    }
  }
}

/** Field paths (without list indexes) whose type is a list: of values, and of records. */
function listFields(policy: Policy): { values: Set<string>; records: Set<string> } {
  const out = new Set<string>();
  const records = new Set<string>();
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
    }
  };
  visit(policy.household.root, '', 0);
  return { values: out, records };
}

async function* csv(path: string, policy: Policy): AsyncGenerator<RawRecord> {
  let header: string[] | undefined;
  const lists = listFields(policy);
  for await (const { line, text } of lines(path)) {
    if (text.trim() === '') continue;
    const cells = text.length > LIMITS.maxLineBytes ? undefined : splitCsvLine(text);
    if (!header) {
      if (!cells) return;
      header = cells.map((c) => c.trim());
      const bad = header.find(unsafeColumn);
      if (bad !== undefined) {
        yield { line, data: undefined, error: `the header has a column that cannot name a field: '${bad}'` };
        return;
      }
      continue;
    }
    if (!cells) {
      yield { line, data: undefined, error: text.length > LIMITS.maxLineBytes ? `the line is longer than ${LIMITS.maxLineBytes} characters` : 'a quoted cell is not closed (a value cannot span lines)' };
      continue;
    }
    if (cells.length > header.length) {
      yield { line, data: undefined, error: `${cells.length} cells but the header has ${header.length} columns` };
      continue;
    }
    const data = unflatten(header, cells, lists.values);
    if (typeof data === 'string') {
      yield { line, data: undefined, error: data };
      continue;
    }
    // A row with no cells for a list of records (no children) has an empty list, not none.
    for (const name of lists.records) if (header.some((c) => c.startsWith(`${name}.`)) && data[name] === undefined) data[name] = [];
    yield { line, data };
  }
}

/**
 * A JSON array read element by element: the text is scanned for the top-level commas (outside
 * strings and nested brackets), so that only one element is held at a time.
 */
async function* jsonArray(path: string): AsyncGenerator<RawRecord> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  let elementLine = 1;
  let line = 1;
  let started = false;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    for (const ch of chunk as string) {
      if (ch === '\n') line++;
      if (!started) {
        if (ch === '[') {
          started = true;
          elementLine = line;
        } else if (!/\s|\uFEFF/.test(ch)) {
          yield { line, data: undefined, error: 'a JSON population must be a list [ … ] of households' };
          return;
        }
        continue;
      }
      if (inString) {
        element += ch;
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      if (ch === '{' || ch === '[') depth++;
      if (ch === '}' || ch === ']') depth--;
      if (depth < 0 || (depth === 0 && ch === ',')) {
        const text = element.trim();
        if (text) {
          try {
            yield { line: elementLine, data: JSON.parse(text) };
          } catch (e) {
            yield { line: elementLine, data: undefined, error: `not valid JSON: ${(e as Error).message}` };
          }
        }
        element = '';
        elementLine = line;
        if (depth < 0) return;
        continue;
      }
      if (element === '' && /\s/.test(ch)) continue;
      if (element === '') elementLine = line;
      element += ch;
      if (element.length > LIMITS.maxFileBytes) {
        yield { line: elementLine, data: undefined, error: 'a household record is larger than the limit' };
        return;
      }
    }
  }
}

function* yamlList(path: string): Generator<RawRecord> {
  const size = statSync(path).size;
  if (size > LIMITS.maxFileBytes) {
    yield { line: 1, data: undefined, error: `a YAML population is read whole and may be at most ${LIMITS.maxFileBytes} bytes; use JSONL or CSV for large populations` };
    return;
  }
  const source = new Source(path, readFileSync(path, 'utf8'));
  const read = parseYaml(source);
  if (!read.ok) {
    for (const d of read.diagnostics) yield { line: d.span ? source.position(d.span.start).line : 1, data: undefined, error: `${d.code} ${d.message}` };
    return;
  }
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

/** The records of a population file, one at a time. */
export async function* readPopulation(path: string, policy: Policy): AsyncGenerator<RawRecord> {
  const format = formatOf(path);
  if (format === 'jsonl') yield* jsonl(path);
  else if (format === 'csv') yield* csv(path, policy);
  else if (format === 'json') yield* jsonArray(path);
  else if (format === 'yaml') yield* yamlList(path);
  else yield { line: 0, data: undefined, error: 'unknown population format: name the file .jsonl, .csv, .json or .yaml' };
}
