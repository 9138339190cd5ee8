/**
 * A JSON population, a list `[ … ]` of households, read element by element with the
 * @streamparser/json tokenizer and token parser, so that one element is held at a time. Every
 * element comes with its line and column; an element larger than the record limit is refused
 * while it streams in, before it is parsed, and stepped over so that the reading goes on;
 * anything that is not JSON (a stray bracket, a cut file, text after the list) stops the
 * reading with an error at its line and column, since the elements after it cannot be told
 * apart.
 */
import { createReadStream } from 'node:fs';
import { TokenParser, Tokenizer, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import { error } from '../diag/index.js';
import { LIMITS } from '../policy/limits.js';
import { advance, StreamPositions } from './positions.js';
import { PopulationError, type RawRecord } from './record.js';

/** What the token parser expected, by the state its errors name. */
const EXPECTED: Record<string, string> = {
  VALUE: 'a value',
  KEY: 'a field name in double quotes',
  COLON: "':'",
  COMMA: "',' or a closing bracket",
};

const SYMBOL: Partial<Record<TokenType, string>> = {
  [TokenType.LEFT_BRACE]: "'{'",
  [TokenType.RIGHT_BRACE]: "'}'",
  [TokenType.LEFT_BRACKET]: "'['",
  [TokenType.RIGHT_BRACKET]: "']'",
  [TokenType.COLON]: "':'",
  [TokenType.COMMA]: "','",
};

function describeToken(t: ParsedTokenInfo): string {
  return SYMBOL[t.token] ?? (t.token === TokenType.STRING ? 'a string' : `'${String(t.value)}'`);
}

const OPENS = new Set([TokenType.LEFT_BRACE, TokenType.LEFT_BRACKET]);
const CLOSES = new Set([TokenType.RIGHT_BRACE, TokenType.RIGHT_BRACKET]);
const CHUNK = 1 << 16;

/**
 * Finds the end of a refused element without holding it: only strings and brackets are told
 * apart, which is all it takes to step over a value; the library parses everything after it.
 */
class Skipper {
  private depth = 0;
  private begun = false;
  private inString = false;
  private escaped = false;

  /** The offset just past the value in `bytes`, or -1 when it goes on in the next chunk. */
  scan(bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (!this.begun) {
        // Blanks before the value; then its first byte.
        if (b <= 0x20) continue;
        this.begun = true;
        if (b === 0x22) this.inString = true;
        else if (b === 0x7b || b === 0x5b) this.depth++;
      } else if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === 0x5c) this.escaped = true;
        else if (b === 0x22) {
          this.inString = false;
          if (this.depth === 0) return i + 1;
        }
      } else if (this.depth === 0 && (b === 0x2c || b === 0x5d || b <= 0x20)) return i;
      else if (b === 0x22) this.inString = true;
      else if (b === 0x7b || b === 0x5b) this.depth++;
      else if ((b === 0x7d || b === 0x5d) && --this.depth === 0) return i + 1;
    }
    return -1;
  }
}

export async function* jsonList(path: string, fd: number): AsyncGenerator<RawRecord> {
  const positions = new StreamPositions(path);
  const ready: RawRecord[] = [];
  /** The last chunks, enough to hold an element up to the limit from its first byte. */
  const recent: Buffer[] = [];
  let read = 0;
  let depth = 0;
  let started = false;
  let closed = false;
  /** Where the element being read starts: absolute offset, line and column. */
  let element: { offset: number; line: number; column: number } | undefined;
  /** Where the next element may begin, after a ',' or the '[' (a value being tokenized there is not yet an element). */
  let gap: { offset: number; line: number; column: number } | undefined;
  let current: ParsedTokenInfo | undefined;
  let tokenizer: Tokenizer;
  /** Offsets of the current tokenizer's tokens are counted from here. */
  let base = 0;
  /** After a refused element, the reading resumes with `[null` standing for it: that null is not a household. */
  let placeholder = false;

  const stop = (code: string, message: string, offset: number): PopulationError => {
    const after = read ? `; reading stopped here, after ${read} household${read === 1 ? '' : 's'}` : '';
    return new PopulationError(error(code, `${message}${after}`, positions.spanAt(offset)));
  };
  /** A refused element: its size when it was read whole, else none (it was stepped over unread). */
  const tooLarge = (at: { line: number; column: number }, size?: number): RawRecord => ({
    ...at,
    data: undefined,
    error: size === undefined ? `the household is more than ${LIMITS.maxRecordBytes} bytes, the limit for one record; it was stepped over unread` : `the household is ${size} bytes; the limit for one record is ${LIMITS.maxRecordBytes}`,
    code: 'E-POP-TOO-LARGE',
  });

  /** A tokenizer and token parser for the list from absolute offset `from` on. */
  const begin = (from: number): void => {
    base = from;
    depth = 0;
    started = false;
    tokenizer = new Tokenizer();
    const parser = new TokenParser({ paths: ['$.*'], keepStack: false });
    tokenizer.onToken = (t) => {
      current = { ...t, offset: base + t.offset };
      if (!started) {
        if (t.token !== TokenType.LEFT_BRACKET) throw stop('E-JSON-NOT-LIST', 'a JSON population must be a list [ … ] of households', current.offset);
        started = true;
      } else if (depth === 1 && t.token !== TokenType.COMMA && t.token !== TokenType.RIGHT_BRACKET) {
        element = { offset: current.offset, ...positions.at(current.offset) };
      }
      if (OPENS.has(t.token)) depth++;
      if (CLOSES.has(t.token)) depth--;
      gap = depth === 1 && (t.token === TokenType.COMMA || t.token === TokenType.LEFT_BRACKET) ? { offset: current.offset + 1, ...positions.at(current.offset + 1) } : undefined;
      parser.write(t);
    };
    parser.onValue = ({ value }) => {
      const { offset, ...at } = element!;
      element = undefined;
      if (placeholder) {
        placeholder = false;
        return;
      }
      read++;
      const size = current!.offset + 1 - offset;
      ready.push(size > LIMITS.maxRecordBytes ? tooLarge(at, size) : { ...at, data: value });
    };
    parser.onEnd = () => {
      closed = true;
      if (!tokenizer.isEnded) tokenizer.end();
    };
  };

  const syntax = (e: unknown): PopulationError => {
    if (e instanceof PopulationError) return e;
    const message = e instanceof Error ? e.message : String(e);
    const at = /absolute position "(\d+)"/.exec(message);
    if (at && closed) return stop('E-JSON-SYNTAX', 'text after the end of the list: a JSON population is one list [ … ]', base + Number(at[1]));
    if (at) return stop('E-JSON-SYNTAX', `not valid JSON: unexpected character '${/Unexpected "(.*?)"/.exec(message)?.[1] ?? '?'}'`, base + Number(at[1]));
    const state = /in state (\w+)/.exec(message)?.[1] ?? '';
    const expected = EXPECTED[state];
    if (current && expected) return stop('E-JSON-SYNTAX', `not valid JSON: ${describeToken(current)} where ${expected} was expected`, current.offset);
    return stop('E-JSON-SYNTAX', `not valid JSON: ${message}`, current?.offset ?? positions.end);
  };
  const write = (bytes: Uint8Array): void => {
    try {
      tokenizer.write(bytes);
    } catch (e) {
      throw syntax(e);
    }
  };
  /** Goes on after a refused element that ends `end` bytes into `rest` (which starts at absolute offset `from`). */
  const resume = (rest: Buffer, from: number, end: number): void => {
    begin(from + end - '[null'.length);
    placeholder = true;
    write(Buffer.from('[null'));
    write(rest.subarray(end));
  };

  begin(0);
  let skipper: Skipper | undefined;
  for await (const chunk of createReadStream('', { fd, highWaterMark: CHUNK })) {
    const bytes = chunk as Buffer;
    positions.feed(bytes);
    recent.push(bytes);
    while (recent.length > 2 + Math.ceil(LIMITS.maxRecordBytes / CHUNK)) recent.shift();
    const start = positions.end - bytes.length;
    if (!skipper) write(bytes);
    else {
      const end = skipper.scan(bytes);
      if (end !== -1) {
        skipper = undefined;
        resume(bytes, start, end);
      }
    }
    // An element (or a string or number between elements) still open past the limit is
    // refused now, before more of it is held, and stepped over.
    const open = element ?? (skipper ? undefined : gap);
    if (open && positions.end - open.offset > LIMITS.maxRecordBytes) {
      const { offset, ...at } = open;
      const held = Buffer.concat(recent);
      const rest = held.subarray(held.length - (positions.end - offset));
      element = undefined;
      gap = undefined;
      read++;
      // After a ',' the value starts at the first byte that is not blank (an element at its own).
      const blanks = Math.max(0, rest.findIndex((b) => b > 0x20));
      ready.push(tooLarge(advance(at, rest.subarray(0, blanks))));
      skipper = new Skipper();
      const end = skipper.scan(rest);
      if (end !== -1) {
        skipper = undefined;
        resume(rest, offset, end);
      }
    }
    yield* ready.splice(0);
  }
  if (!started && base === 0) return;
  if (!closed) {
    const inside = element ? `inside the household that starts at line ${element.line}, column ${element.column}` : skipper ? 'inside a household too large to read' : 'before the list is closed with ]';
    throw stop('E-JSON-SYNTAX', `the file ends ${inside}: the file was cut short, or a bracket is missing`, positions.end);
  }
}
