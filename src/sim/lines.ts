/**
 * The lines of a file read as a stream, each at most the record limit: a longer line is counted
 * as it streams and dropped, never held, and reported by its size alone.
 */
import { createReadStream } from 'node:fs';
import { Source, span, type Span } from '../diag/index.js';
import { LIMITS, openRegularFile } from '../policy/index.js';

export type Line = { line: number; text: string } | { line: number; bytes: number };

export async function* boundedLines(fd: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let bytes = 0;
  let line = 1;
  const take = (): Line => {
    const over = bytes > LIMITS.maxRecordBytes;
    const text = over ? '' : Buffer.concat(parts).toString('utf8').replace(/\r$/, '');
    const out: Line = over ? { line, bytes } : { line, text: line === 1 ? text.replace(/^\uFEFF/, '') : text };
    parts = [];
    bytes = 0;
    line++;
    return out;
  };
  for await (const chunk of createReadStream('', { fd, highWaterMark: 1 << 16 })) {
    const buffer = chunk as Buffer;
    let from = 0;
    for (let nl = buffer.indexOf(10); from <= buffer.length; nl = buffer.indexOf(10, from)) {
      const to = nl === -1 ? buffer.length : nl;
      bytes += to - from;
      if (bytes <= LIMITS.maxRecordBytes) parts.push(buffer.subarray(from, to));
      if (nl === -1) break;
      yield take();
      from = nl + 1;
    }
  }
  if (bytes > 0) yield take();
}

/**
 * A span at the start of line `n` of a file, in an excerpt holding that line, for a code frame
 * when a streamed file is found malformed there; undefined when the line cannot be read again.
 */
export async function lineSpan(path: string, n: number): Promise<Span | undefined> {
  const opened = openRegularFile(path);
  if (!opened.ok) return undefined;
  for await (const l of boundedLines(opened.fd)) {
    if (l.line < n) continue;
    const text = 'text' in l ? l.text : '';
    return span(new Source(path, text, n), 0, Math.min(1, text.length));
  }
  return undefined;
}
