/**
 * Line and column of a byte offset in a file read as a stream of chunks, without keeping the
 * file: the line count and the column at the start of the current chunk are carried from one
 * chunk to the next; the previous chunk is kept so that a line that began there can be shown.
 * Columns count UTF-16 units, as `Source` does for files read whole.
 */
import { Source, span, type Span } from '../diag/index.js';

const NEWLINE = 10;

/** UTF-16 units of the UTF-8 bytes [from, to): continuation bytes add none, 4-byte leads two. */
function units(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (b < 0x80 || b >= 0xc0) n += b >= 0xf0 ? 2 : 1;
  }
  return n;
}

/** The line and column reached from `from` by reading `bytes`. */
export function advance(from: { line: number; column: number }, bytes: Uint8Array): { line: number; column: number } {
  let line = from.line;
  let start = 0;
  for (let i = bytes.indexOf(NEWLINE); i !== -1; i = bytes.indexOf(NEWLINE, i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: (line === from.line ? from.column : 1) + units(bytes, start, bytes.length) };
}

export class StreamPositions {
  private chunk: Buffer = Buffer.alloc(0);
  private previous: Buffer = Buffer.alloc(0);
  /** Absolute offset of the current chunk's first byte. */
  private start = 0;
  /** Line (1-based) and column units at the start of the current chunk. */
  private line = 1;
  private column = 0;
  /** The same at the start of the previous chunk. */
  private previousLine = 1;
  private previousColumn = 0;
  private nextLine = 1;
  private nextColumn = 0;
  /** Offsets in the current chunk of its line feeds. */
  private newlines: number[] = [];

  constructor(private readonly path: string) {}

  /** Offset just past the bytes seen so far. */
  get end(): number {
    return this.start + this.chunk.length;
  }

  /** Takes the next chunk; positions are then asked of it (or of the previous one). */
  feed(chunk: Buffer): void {
    this.start += this.chunk.length;
    this.previous = this.chunk;
    this.previousLine = this.line;
    this.previousColumn = this.column;
    this.chunk = chunk;
    this.line = this.nextLine;
    this.column = this.nextColumn;
    this.newlines = [];
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) this.newlines.push(i);
    const last = this.newlines[this.newlines.length - 1];
    this.nextLine = this.line + this.newlines.length;
    this.nextColumn = last === undefined ? this.column + units(chunk, 0, chunk.length) : units(chunk, last + 1, chunk.length);
  }

  /**
   * Line and column (1-based) of an absolute offset in the current or the previous chunk (a
   * token that began there); an offset before both is taken as the previous chunk's start.
   */
  at(offset: number): { line: number; column: number } {
    if (offset < this.start) {
      const from = Math.max(0, offset - (this.start - this.previous.length));
      return advance({ line: this.previousLine, column: this.previousColumn + 1 }, this.previous.subarray(0, from));
    }
    const i = Math.min(Math.max(0, offset - this.start), this.chunk.length);
    // k: the number of line feeds before i, by binary search.
    let k = 0;
    for (let hi = this.newlines.length; k < hi; ) {
      const mid = (k + hi) >> 1;
      if (this.newlines[mid]! < i) k = mid + 1;
      else hi = mid;
    }
    if (k === 0) return { line: this.line, column: this.column + units(this.chunk, 0, i) + 1 };
    return { line: this.line + k, column: units(this.chunk, this.newlines[k - 1]! + 1, i) + 1 };
  }

  /**
   * A span of one character at an offset, in an excerpt of its line (as far as the two chunks
   * kept hold it), for a code frame.
   */
  spanAt(offset: number): Span {
    const text = Buffer.concat([this.previous, this.chunk]);
    const i = Math.min(Math.max(0, offset - (this.start - this.previous.length)), text.length);
    const lineStart = text.lastIndexOf(NEWLINE, i - 1) + 1;
    const next = text.indexOf(NEWLINE, i);
    const lineEnd = next === -1 ? text.length : next;
    const { line } = this.at(offset);
    const source = new Source(this.path, text.toString('utf8', lineStart, lineEnd), line);
    const at = text.toString('utf8', lineStart, i).length;
    return span(source, at, at + 1);
  }
}
