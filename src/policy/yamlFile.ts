/**
 * Reads an untrusted YAML (or JSON) file, keeping node positions so that every later
 * diagnostic can point at the line and column it is about.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import { error, Source, span, type Diagnostic, type Span } from '../diag/index.js';
import type { OffsetMap } from '../dsl/index.js';
import { readRegularFile } from './inputFile.js';
import { LIMITS } from './limits.js';

export type PathSegment = string | number;

export class YamlFile {
  constructor(
    readonly source: Source,
    readonly doc: Document.Parsed,
    readonly data: unknown,
  ) {}

  /** The node at a path, if any. */
  node(path: readonly PathSegment[]): Node | undefined {
    if (path.length === 0) return this.doc.contents ?? undefined;
    return (this.doc.getIn(path, true) as Node | undefined) ?? undefined;
  }

  /** The span of the value at a path, or of its nearest existing ancestor. */
  spanAt(path: readonly PathSegment[]): Span {
    for (let n = path.length; n >= 0; n--) {
      const node = this.node(path.slice(0, n));
      if (node?.range) return span(this.source, node.range[0], node.range[1]);
    }
    return span(this.source, 0, 0);
  }

  /**
   * The span of the value at a path; when there is none (a field left out), the first line of
   * its nearest existing ancestor, so that a code frame shows where the field belongs rather
   * than the whole record.
   */
  spanOrHead(path: readonly PathSegment[]): Span {
    const node = this.node(path);
    if (node?.range) return span(this.source, node.range[0], node.range[1]);
    const s = this.spanAt(path);
    const lineEnd = this.source.text.indexOf('\n', s.start);
    return span(this.source, s.start, lineEnd === -1 || lineEnd > s.end ? s.end : lineEnd);
  }

  /** The span of the key of the last segment of a path (for unknown or misspelt keys). */
  keySpan(path: readonly PathSegment[]): Span {
    const parent = this.node(path.slice(0, -1));
    const key = path[path.length - 1];
    if (isMap(parent)) {
      for (const item of parent.items) {
        if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(key) && item.key.range) {
          return span(this.source, item.key.range[0], item.key.range[1]);
        }
      }
    }
    return this.spanAt(path);
  }

  /** Maps offsets in a scalar's value to offsets in the file (quotes, escapes and folding skipped). */
  offsetMap(path: readonly PathSegment[]): OffsetMap {
    const node = this.node(path);
    if (!isScalar(node) || !node.range) {
      const s = this.spanAt(path);
      return (i) => s.start + i;
    }
    return scalarOffsets(this.source.text, node);
  }
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r';
}

/** Aligns the characters of a scalar's value with the characters of its source text. */
function scalarOffsets(text: string, node: Scalar): OffsetMap {
  const value = String(node.value);
  const [start, end] = node.range!;
  let j = start;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') j = text.indexOf('\n', start) + 1 || end;
  else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') j = start + 1;
  const positions: number[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (isSpace(ch)) {
      positions[i] = j;
      if (isSpace(text[j])) j++;
      if (!isSpace(value[i + 1])) while (j < end && isSpace(text[j])) j++;
    } else {
      while (j < end && text[j] !== ch) j++;
      positions[i] = Math.min(j, Math.max(start, end - 1));
      j++;
    }
  }
  return (i) => (i < positions.length ? positions[i]! : (positions[positions.length - 1] ?? start) + (i - positions.length + 1));
}

function depthOf(node: unknown, limit: number, depth = 0): number {
  if (depth > limit) return depth;
  if (isMap(node)) return Math.max(depth + 1, ...node.items.map((p) => depthOf(p.value, limit, depth + 1)));
  if (isSeq(node)) return Math.max(depth + 1, ...node.items.map((v) => depthOf(v, limit, depth + 1)));
  return depth;
}

export type ReadResult = { ok: true; file: YamlFile; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** Reads and parses a file from disk, within the limits; only a regular file is read. */
export function readYamlFile(path: string, displayPath = path): ReadResult {
  const read = readRegularFile(path, LIMITS.maxFileBytes, displayPath);
  if (!read.ok) return { ok: false, diagnostics: [read.diagnostic] };
  const source = new Source(displayPath, read.text);
  // A .json file must be JSON: YAML would also take a trailing comma or an unquoted key.
  if (/\.json$/i.test(path)) {
    try {
      JSON.parse(source.text);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const at = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
      return { ok: false, diagnostics: [error('E-JSON-SYNTAX', `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, span(source, at, at + 1))] };
    }
  }
  return parseYaml(source);
}

/**
 * The deepest nesting of flow brackets and of block indentation, found by a scan that costs
 * nothing next to parsing: the parser recurses, so too deep a file must be refused before it.
 */
function roughDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"') i++;
      else if (ch === '\n') quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') while (i < text.length && text[i] !== '\n') i++;
    else if (ch === '[' || ch === '{') max = Math.max(max, ++depth);
    else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  // Block nesting: every level indents by at least one column.
  let indent = 0;
  for (const line of text.split('\n')) {
    const m = /^( *)(- +)*/.exec(line)!;
    if (line.trim() && !line.trimStart().startsWith('#')) indent = Math.max(indent, m[0].length);
  }
  return Math.max(max, Math.ceil(indent / 2) + 1);
}

/** At most this many YAML errors of one file are reported. */
const MAX_YAML_ERRORS = 10;

/** Parses YAML text held in a Source. */
export function parseYaml(source: Source): ReadResult {
  if (roughDepth(source.text) > LIMITS.maxDepth) {
    return { ok: false, diagnostics: [error('E-YAML-TOO-DEEP', `nesting deeper than ${LIMITS.maxDepth} levels`, span(source, 0, 1))] };
  }
  let doc: Document.Parsed;
  try {
    // resolveKnownTags: false keeps YAML 1.1 tags as the text written: a `!!timestamp` date
    // is read as its characters, never through a time zone, and `!!binary` or `!!set` make no
    // objects that no field expects.
    doc = parseDocument(source.text, { prettyErrors: false, uniqueKeys: true, strict: true, version: '1.2', resolveKnownTags: false });
  } catch {
    // The parser recurses; pathological nesting can exhaust the stack before our depth check.
    return { ok: false, diagnostics: [error('E-YAML-TOO-DEEP', `nesting deeper than ${LIMITS.maxDepth} levels`, span(source, 0, 1))] };
  }
  const diagnostics: Diagnostic[] = [];
  // The first errors are reported: the rest mostly follow from them (a JSONL file read as YAML has one per token).
  const shown = doc.errors.slice(0, MAX_YAML_ERRORS);
  for (const [i, e] of shown.entries()) {
    const [from, to] = e.pos;
    const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const more = i === shown.length - 1 && doc.errors.length > shown.length ? { help: `${doc.errors.length - shown.length} more YAML errors follow, not shown; the first usually causes the rest` } : {};
    diagnostics.push(error(e.code === 'DUPLICATE_KEY' ? 'E-YAML-DUPLICATE-KEY' : 'E-YAML-SYNTAX', message, span(source, from, Math.max(to, from + 1)), more));
  }
  if (diagnostics.length) return { ok: false, diagnostics };
  const depth = depthOf(doc.contents, LIMITS.maxDepth);
  if (depth > LIMITS.maxDepth) {
    return { ok: false, diagnostics: [error('E-YAML-TOO-DEEP', `nesting deeper than ${LIMITS.maxDepth} levels`, span(source, 0, 1))] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: LIMITS.maxAliases });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, diagnostics: [error('E-YAML-ALIAS', `too many alias expansions (${message}); the limit is ${LIMITS.maxAliases}`, span(source, 0, 1))] };
  }
  return { ok: true, file: new YamlFile(source, doc, data), diagnostics };
}
