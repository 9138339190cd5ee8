/** A source file held in memory, with the line index needed to turn offsets into line:column. */
export class Source {
  private lineStarts: number[] | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
    /** The line number of the text's first line: above 1 when the text is an excerpt of a file read as a stream. */
    readonly firstLine = 1,
  ) {}

  /** 1-based line and column of a UTF-16 offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + this.firstLine, column: offset - starts[lo]! + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  line(n: number): string {
    const starts = this.starts();
    const start = starts[n - this.firstLine] ?? this.text.length;
    const next = starts[n - this.firstLine + 1] ?? this.text.length + 1;
    return this.text.slice(start, next - 1).replace(/\r$/, '');
  }

  get lineCount(): number {
    return this.starts().length;
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}

/** A range of a source file, as UTF-16 offsets [start, end). */
export interface Span {
  readonly source: Source;
  readonly start: number;
  readonly end: number;
}

export function span(source: Source, start: number, end: number): Span {
  return { source, start, end: Math.max(start, end) };
}

/** The smallest span that covers both. */
export function cover(a: Span, b: Span): Span {
  return { source: a.source, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** `path:line:column` of a span's start. */
export function location(s: Span): string {
  const { line, column } = s.source.position(s.start);
  return `${s.source.path}:${line}:${column}`;
}
