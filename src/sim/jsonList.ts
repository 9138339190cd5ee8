/**
 * A JSON population, a list `[ … ]` of households, read element by element with the
 * @streamparser/json tokenizer and token parser, so that one element is held at a time. Every
 * element comes with its line and column; an element larger than the record limit is refused
 * while it streams in, before it is parsed; anything that is not JSON (a stray bracket, a cut
 * file, text after the list) stops the reading with an error at its line and column, since
 * the elements after it cannot be told apart.
 */
import { createReadStream } from 'node:fs';
import { TokenParser, Tokenizer, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import { error } from '../diag/index.js';
import { LIMITS } from '../policy/index.js';
import { StreamPositions } from './positions.js';
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

export async function* jsonList(path: string, fd: number): AsyncGenerator<RawRecord> {
  const positions = new StreamPositions(path);
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: ['$.*'], keepStack: false });
  const ready: RawRecord[] = [];
  let read = 0;
  let depth = 0;
  let started = false;
  let closed = false;
  /** Where the element being read starts: absolute offset, line and column. */
  let element: { offset: number; line: number; column: number } | undefined;
  let current: ParsedTokenInfo | undefined;

  const stop = (code: string, message: string, offset: number): PopulationError => {
    const after = read ? `; reading stopped here, after ${read} household${read === 1 ? '' : 's'}` : '';
    return new PopulationError(error(code, `${message}${after}`, positions.spanAt(offset)));
  };

  tokenizer.onToken = (t) => {
    current = t;
    if (!started) {
      if (t.token !== TokenType.LEFT_BRACKET) throw stop('E-JSON-NOT-LIST', 'a JSON population must be a list [ … ] of households', t.offset);
      started = true;
    } else if (depth === 1 && t.token !== TokenType.COMMA && t.token !== TokenType.RIGHT_BRACKET) {
      element = { offset: t.offset, ...positions.at(t.offset) };
    }
    if (OPENS.has(t.token)) depth++;
    if (CLOSES.has(t.token)) depth--;
    parser.write(t);
  };
  parser.onValue = ({ value }) => {
    read++;
    ready.push({ line: element!.line, column: element!.column, data: value });
    element = undefined;
  };
  parser.onEnd = () => {
    closed = true;
    if (!tokenizer.isEnded) tokenizer.end();
  };

  const syntax = (e: unknown): PopulationError => {
    if (e instanceof PopulationError) return e;
    const message = e instanceof Error ? e.message : String(e);
    const at = /absolute position "(\d+)"/.exec(message);
    if (at && closed) return stop('E-JSON-SYNTAX', 'text after the end of the list: a JSON population is one list [ … ]', Number(at[1]));
    if (at) return stop('E-JSON-SYNTAX', `not valid JSON: unexpected character '${/Unexpected "(.*?)"/.exec(message)?.[1] ?? '?'}'`, Number(at[1]));
    const state = /in state (\w+)/.exec(message)?.[1] ?? '';
    const expected = EXPECTED[state];
    if (current && expected) return stop('E-JSON-SYNTAX', `not valid JSON: ${describeToken(current)} where ${expected} was expected`, current.offset);
    return stop('E-JSON-SYNTAX', `not valid JSON: ${message}`, current?.offset ?? positions.end);
  };

  for await (const chunk of createReadStream('', { fd, highWaterMark: 1 << 16 })) {
    positions.feed(chunk as Buffer);
    try {
      tokenizer.write(chunk as Buffer);
    } catch (e) {
      throw syntax(e);
    }
    if (element && positions.end - element.offset > LIMITS.maxRecordBytes) {
      throw stop('E-POP-TOO-LARGE', `the household starting at line ${element.line}, column ${element.column} is larger than ${LIMITS.maxRecordBytes} bytes, the limit for one record; write large populations as JSONL`, element.offset);
    }
    yield* ready.splice(0);
  }
  if (!started) return;
  if (!closed) {
    const inside = element ? `inside the household that starts at line ${element.line}, column ${element.column}` : 'before the list is closed with ]';
    throw stop('E-JSON-SYNTAX', `the file ends ${inside}: the file was cut short, or a bracket is missing`, positions.end);
  }
}
