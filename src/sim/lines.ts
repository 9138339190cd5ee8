/**
 * The lines of a file read as a stream, each at most the record limit: a longer line is counted
 * as it streams and dropped, never held, and reported by its size alone. A range of whole lines
 * (a worker's slice of a population) is read the same way, numbered from the line it starts at.
 * Lines come a chunk of the file at a time (an array each), so that a reader goes through them
 * without waiting on a promise for each.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { Source, span, type Span } from '../diag/index.js';
import { LIMITS } from '../policy/limits.js';
import { openRegularFile } from '../policy/inputFile.js';
import { faultIn, looksGbk } from './encoding.js';

/** A line: its text; or its size, when it is longer than a record may be; or, when it is not UTF-8, where its first wrong byte is. */
export type Line = { line: number; text: string } | { line: number; bytes: number } | { line: number; notUtf8: { offset: number; bytes: string; gbk: boolean } };

/** Bytes `start` to `end` (excluded) of a file, whole lines, the first of them line `line`. */
export interface LineRange {
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

/** The lines of the file (or of a range of it), those ending in each chunk read; a byte-order mark is dropped only from the file's first line. */
export async function* boundedLines(fd: number, range?: LineRange): AsyncGenerator<Line[]> {
  /** The start of a line that began in an earlier chunk (while it is within the limit), and its size. */
  let carried: Buffer[] = [];
  let bytes = 0;
  let line = range?.line ?? 1;
  /** The offsets in the file of the chunk being read and of the line being taken. */
  let chunkStart = range?.start ?? 0;
  let lineStart = chunkStart;
  const take = (buffer: Buffer, from: number, to: number): Line => {
    const size = bytes + to - from;
    let out: Line;
    if (size > LIMITS.maxRecordBytes) out = { line, bytes: size };
    else {
      // Most lines lie within one chunk: decoded in place, without copying.
      const whole = carried.length ? Buffer.concat([...carried, buffer.subarray(from, to)]) : undefined;
      const raw = whole ? whole.toString('utf8') : buffer.toString('utf8', from, to);
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      out = { line, text: line === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text };
      // A byte that is no UTF-8 character decodes as U+FFFD: only then are the bytes looked at.
      if (text.includes('\uFFFD')) {
        const own = whole ?? buffer.subarray(from, to);
        if (!isUtf8(own)) {
          const at = Math.max(0, faultIn(own, 'utf-8'));
          const bytes = [...own.subarray(at, at + 4)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
          out = { line, notUtf8: { offset: lineStart + at, bytes, gbk: looksGbk(own) } };
        }
      }
    }
    carried = [];
    bytes = 0;
    line++;
    lineStart = chunkStart + to + 1;
    return out;
  };
  const bounds = range ? { start: range.start, end: range.end - 1 } : {};
  for await (const chunk of createReadStream('', { fd, highWaterMark: 1 << 16, ...bounds })) {
    const buffer = chunk as Buffer;
    const lines: Line[] = [];
    let from = 0;
    for (let nl = buffer.indexOf(10); nl !== -1; nl = buffer.indexOf(10, from)) {
      lines.push(take(buffer, from, nl));
      from = nl + 1;
    }
    chunkStart += buffer.length;
    if (lines.length) yield lines;
    bytes += buffer.length - from;
    if (bytes <= LIMITS.maxRecordBytes) carried.push(buffer.subarray(from));
    else carried = [];
  }
  if (bytes > 0) yield [take(Buffer.alloc(0), 0, 0)];
}

/**
 * A span at the start of line `n` of a file, in an excerpt holding that line, for a code frame
 * when a streamed file is found malformed there; undefined when the line cannot be read again.
 */
export async function lineSpan(path: string, n: number): Promise<Span | undefined> {
  const opened = openRegularFile(path);
  if (!opened.ok) return undefined;
  for await (const lines of boundedLines(opened.fd)) {
    const l = lines.find((l) => l.line >= n);
    if (!l) continue;
    const text = 'text' in l ? l.text : '';
    return span(new Source(path, text, n), 0, Math.min(1, text.length));
  }
  return undefined;
}
