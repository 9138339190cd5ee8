/**
 * The encoding of a text population (CSV): UTF-8, or GBK/GB18030 as Excel saves CSV on Chinese
 * Windows. The bytes are checked as they stream, by Node's own decoder (no dependency), and
 * handed on as UTF-8; a byte that is not of the encoding stops the reading with its line and
 * byte offset, and a UTF-8 file that reads as GB18030 gets the hint to convert it or to name
 * its encoding. Lines stay exact: the bytes of a line break (0x0A) are never inside a character
 * in any of these encodings, so a line's place is the same whatever its encoding.
 */
import { closeSync, readSync } from 'node:fs';
import { Transform } from 'node:stream';
import { error, Source, span } from '../diag/index.js';
import { openRegularFile } from '../policy/inputFile.js';
import { LIMITS } from '../policy/limits.js';
import { XLSX } from '../messages/xlsx.js';
import { PopulationError } from './record.js';

export type { PopulationEncoding } from './encodingNames.js';
import type { PopulationEncoding } from './encodingNames.js';

const SHOWN: Record<PopulationEncoding, string> = { 'utf-8': 'UTF-8', gbk: 'GBK', gb18030: 'GB18030' };

/** Whether the bytes are whole characters of the encoding (`partial`: an unfinished one at the end is not yet wrong). */
function decodes(bytes: Uint8Array, encoding: PopulationEncoding, partial: boolean): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: partial });
    return true;
  } catch {
    return false;
  }
}

/** The first byte (from 0) of the first sequence in `bytes` that is not of the encoding, or -1. */
export function faultIn(bytes: Uint8Array, encoding: PopulationEncoding): number {
  if (decodes(bytes, encoding, false)) return -1;
  // The shortest prefix that already fails (failing is monotone as the prefix grows)…
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (decodes(bytes.subarray(0, mid), encoding, true)) lo = mid + 1;
    else hi = mid;
  }
  // …then the last place before it where every character is whole: the faulty one starts there.
  let start = lo - 1;
  while (start > 0 && !decodes(bytes.subarray(0, start), encoding, false)) start--;
  return Math.max(0, start);
}

/** Whether bytes that are not UTF-8 read as GB18030 text with Chinese characters in it. */
export function looksGbk(bytes: Uint8Array): boolean {
  return decodes(bytes, 'gb18030', false) && /[\u4e00-\u9fff]/.test(new TextDecoder('gb18030').decode(bytes));
}

/**
 * The error for a file that is not of its encoding somewhere from byte `from` (the start of
 * line `line`) on: the file is read again from there to find the line and the byte.
 */
function encodingError(path: string, encoding: PopulationEncoding, from: number, line: number): PopulationError {
  const opened = openRegularFile(path);
  const bytes = Buffer.alloc(opened.ok ? Math.min(opened.size - from, 4 * LIMITS.maxRecordBytes) : 0);
  if (opened.ok) {
    try {
      for (let got = 0, n = 1; got < bytes.length && n > 0; got += n) n = readSync(opened.fd, bytes, got, bytes.length - got, from + got);
    } finally {
      closeSync(opened.fd);
    }
  }
  let start = 0;
  let n = line;
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, start)) {
    if (!decodes(bytes.subarray(start, nl + 1), encoding, false)) break;
    start = nl + 1;
    n++;
  }
  const end = bytes.indexOf(10, start);
  const text = bytes.subarray(start, end === -1 ? bytes.length : end);
  const fault = Math.max(0, faultIn(text, encoding));
  const shown = [...text.subarray(fault, fault + 4)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  const w = XLSX.en;
  const lossy = new TextDecoder(encoding).decode(text);
  const column = new TextDecoder(encoding).decode(text.subarray(0, fault)).length;
  const at = span(new Source(path, lossy.replace(/\r$/, ''), n), column, column + 1);
  const gbk = encoding === 'utf-8' && looksGbk(text);
  return new PopulationError(error('E-POP-ENCODING', w.notUtf8(SHOWN[encoding], n, from + start + fault, shown), at, { help: gbk ? w.looksGbk : w.saveAsUtf8(SHOWN[encoding]) }));
}

/**
 * The bytes of `path` checked against (and decoded from) the encoding as they stream, handed on
 * as UTF-8: a UTF-8 file's own bytes, another's decoded. Only the start of the current line and
 * its number are kept, to read the file again from there when a byte is wrong.
 */
export function decoding(path: string, encoding: PopulationEncoding): Transform {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let at = 0;
  let lineStart = 0;
  let line = 1;
  const fail = () => encodingError(path, encoding, lineStart, line);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        done(fail());
        return;
      }
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, nl + 1)) {
        line++;
        lineStart = at + nl + 1;
      }
      at += chunk.length;
      done(null, encoding === 'utf-8' ? chunk : Buffer.from(text, 'utf8'));
    },
    flush(done) {
      try {
        // Only an unfinished character can be left, and it is wrong.
        decoder.decode();
        done();
      } catch {
        done(fail());
      }
    },
  });
}
