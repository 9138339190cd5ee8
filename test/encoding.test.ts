/**
 * The encoding of CSV in and out: a GBK file (as Excel saves CSV on Chinese Windows) is refused
 * at its line and byte with the hint to convert it or name its encoding, and read with
 * --encoding gbk as its UTF-8 twin is, line numbers exact; booleans written TRUE/FALSE are
 * booleans; CSV output starts with a UTF-8 byte-order mark for Chinese unless --no-bom.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PopulationError } from '../src/index.js';
import { decoding, type PopulationEncoding } from '../src/sim/encoding.js';
import { fuzhu, tempDir } from './cliRun.js';
import { csvText, flatRows, gbk, sample, type Cell } from './populationFiles.js';

const RANGE = ['--from', '2019-01', '--to', '2019-12'];
const SEEDS = [1, 7, 42];

/** Counties by the Chinese names a CSV from a Chinese office spells them with (household.yaml's spellings). */
const COUNTY_NAMES: Record<string, string> = {
  '450202': '城中区',
  '450203': '鱼峰区',
  '450204': '柳南区',
  '450205': '柳北区',
  '450206': '柳江区',
  '450222': '柳城县',
  '450223': '鹿寨县',
  '450224': '融安县',
  '450225': '融水苗族自治县',
  '450226': '三江侗族自治县',
};

describe('a CSV population in GBK', () => {
  // Some false written out, as a spreadsheet writes every cell.
  const households = sample(1200).map((h, i) => (i % 3 === 0 && h.wife ? { ...h, wife: { wants_work: false, ...(h.wife as object) } } : h));
  const { header, rows } = flatRows(households);
  const chinese = rows.map((r) => r.map((v, j): Cell => (header[j]!.endsWith('county') && typeof v === 'string' ? (COUNTY_NAMES[v] ?? v) : v)));
  // The last row's county is misspelt in both: its rejection is at the same line in each.
  chinese.push([...chinese[0]!].map((v, j) => (j === 0 ? 'BAD-1' : header[j] === 'hukou.county' ? '柳北' : v)));
  const upper = chinese.map((r) => r.map((v) => (typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : v)));
  const dir = tempDir();
  const utf8 = join(dir, 'utf8.csv');
  const gbkPath = join(dir, 'gbk.csv');
  writeFileSync(utf8, csvText(header, chinese));
  const bytes = gbk(csvText(header, upper));
  writeFileSync(gbkPath, bytes);

  it('is refused without --encoding, at the line and byte of its first Chinese character, with what to do', async () => {
    const first = bytes.findIndex((b) => b >= 0x80);
    const line = bytes.subarray(0, first).filter((b) => b === 0x0a).length + 1;
    const hex = [...bytes.subarray(first, first + 4)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    const r = await fuzhu('simulate', '--population', gbkPath, ...RANGE, '--json');
    expect(r.code).toBe(1);
    expect(r.err).toContain('[E-POP-ENCODING]');
    expect(r.err).toContain(`the file is not valid UTF-8 at line ${line} (byte offset ${first}: ${hex})`);
    expect(r.err).toContain(`${gbkPath}:${line}:`);
    expect(r.err).toContain('it looks like GBK/GB18030');
    expect(r.err).toContain('pass --encoding gbk');
  });

  it('is read with --encoding gbk (or gb18030) as its UTF-8 twin, TRUE and FALSE as booleans, its rejection at the same line', async () => {
    expect(bytes.includes(Buffer.from(',TRUE'))).toBe(true);
    expect(bytes.includes(Buffer.from(',FALSE'))).toBe(true);
    expect(bytes.length).toBeGreaterThan(2 * 65536);
    const twin = await fuzhu('simulate', '--population', utf8, ...RANGE, '--skip-invalid', '--json');
    expect(twin.code, twin.err).toBe(0);
    const json = JSON.parse(twin.out);
    expect(json.population).toMatchObject({ households: 1200, rejected: 1 });
    expect(json.rejections[0]).toMatchObject({ line: 1202, id: 'BAD-1', code: 'E-HH-ENUM' });
    for (const name of ['gbk', 'GB18030']) {
      const r = await fuzhu('simulate', '--population', gbkPath, '--encoding', name, ...RANGE, '--skip-invalid', '--json');
      expect(r.out, name).toBe(twin.out);
    }
  }, 60_000);

  it('refuses an encoding it does not know, and --encoding for anything but a CSV, before any work', async () => {
    const r = await fuzhu('simulate', '--population', gbkPath, '--encoding', 'gbk2312', ...RANGE);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--encoding 'gbk2312': expected utf8, gbk or gb18030");
    const jsonl = await fuzhu('simulate', '--population', 'policy/populations/liuzhou-sample.jsonl', '--encoding', 'gbk', ...RANGE);
    expect(jsonl.code).toBe(2);
    expect(jsonl.err).toContain('--encoding applies to a CSV population');
  });
});

/** The bytes through `decoding`, fed in the chunks given; the UTF-8 it hands on, or the error. */
async function decoded(path: string, encoding: PopulationEncoding, chunks: readonly Buffer[]): Promise<Buffer | PopulationError> {
  const out: Buffer[] = [];
  try {
    await pipeline(Readable.from(chunks), decoding(path, encoding), async function* (source) {
      for await (const b of source) out.push(b as Buffer);
    });
    return Buffer.concat(out);
  } catch (e) {
    if (e instanceof PopulationError) return e;
    throw e;
  }
}

/** Bytes cut at the given places (a fast-check list of fractions). */
function cut(bytes: Buffer, at: readonly number[]): Buffer[] {
  const places = [...new Set(at.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  return [0, ...places].map((p, i) => bytes.subarray(p, places[i] ?? bytes.length)).filter((b) => b.length > 0);
}

const lineText = fc.array(fc.constantFrom('a', '1', ',', '柳', '北', '区', '"', ' ', 'é', '𠀀'), { maxLength: 30 }).map((cs) => cs.join(''));

describe('decoding as the bytes stream', () => {
  it('hands GBK on as UTF-8 however the file is cut into chunks', async () => {
    for (const seed of SEEDS) {
      await fc.assert(
        fc.asyncProperty(fc.array(lineText.map((t) => t.replace(/[é𠀀]/g, '')), { minLength: 1, maxLength: 20 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), async (lines, at) => {
          const text = lines.join('\n');
          const path = join(tempDir(), 'gbk.csv');
          const bytes = gbk(text);
          writeFileSync(path, bytes);
          expect((await decoded(path, 'gbk', cut(bytes, at))).toString('utf8')).toBe(text);
        }),
        { seed, numRuns: 40 },
      );
    }
  });

  it('finds the exact line and byte offset of a wrong byte, wherever it is and however the file is cut', async () => {
    for (const seed of SEEDS) {
      await fc.assert(
        fc.asyncProperty(fc.array(lineText, { minLength: 1, maxLength: 20 }), fc.nat(), fc.nat(), fc.constantFrom(0xff, 0x80, 0xc3), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), async (lines, pick, within, bad, at) => {
          const n = pick % lines.length;
          const before = Buffer.from(lines.slice(0, n).map((l) => `${l}\n`).join(''), 'utf8');
          const own = Buffer.from(lines[n]!, 'utf8');
          // A place between characters of the line, so that the wrong byte is the first wrong one.
          const places = [0, ...Array.from(lines[n]!, (_, i) => Buffer.byteLength(Array.from(lines[n]!).slice(0, i + 1).join(''), 'utf8'))];
          const place = places[within % places.length]!;
          const next = own[place];
          // 0xC3 followed by a continuation byte would be a character: put it before a byte that is not one.
          if (bad === 0xc3 && next !== undefined && next >= 0x80 && next < 0xc0) return;
          const rest = lines.slice(n + 1).map((l) => `\n${l}`).join('');
          const bytes = Buffer.concat([before, own.subarray(0, place), Buffer.of(bad), own.subarray(place), Buffer.from(rest, 'utf8')]);
          const path = join(tempDir(), 'bad.csv');
          writeFileSync(path, bytes);
          const e = await decoded(path, 'utf-8', cut(bytes, at));
          expect(e).toBeInstanceOf(PopulationError);
          const message = (e as PopulationError).diagnostic.message;
          expect(message).toContain(`at line ${n + 1} (byte offset ${before.length + place}: ${bad.toString(16).toUpperCase()}`);
        }),
        { seed, numRuns: 60 },
      );
    }
  });
});

describe('a JSONL population not in UTF-8', () => {
  const lines = readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8').trim().split('\n');
  // Far enough in that the line starts in a later chunk of the reading (64 KiB), on every thread's slice.
  const before = lines.slice(0, 400);
  const named = lines[400]!.replace(/"id":"[^"]*"/, '"id":"张三家"');
  const bytes = Buffer.concat([Buffer.from(before.join('\n') + '\n'), gbk(named + '\n'), Buffer.from(lines.slice(401, 800).join('\n') + '\n')]);
  const path = join(tempDir(), 'gbk.jsonl');
  writeFileSync(path, bytes);
  const first = bytes.findIndex((b) => b >= 0x80);

  it('refuses the line whose characters would be lost, at its line and byte, naming GBK, on one thread or two', async () => {
    expect(first).toBeGreaterThan(1 << 16);
    for (const jobs of ['1', '2']) {
      const r = await fuzhu('simulate', '--population', path, ...RANGE, '--jobs', jobs, '--lang', 'en');
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(`${path}:401: E-POP-ENCODING the line is not valid UTF-8 (byte offset ${first}: ${[...bytes.subarray(first, first + 4)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')})`);
      expect(r.err).toContain('it looks like GBK/GB18030');
      expect(r.err).toContain('1 record rejected:');
    }
    const skipped = await fuzhu('simulate', '--population', path, ...RANGE, '--skip-invalid', '--json');
    expect(skipped.code, skipped.err).toBe(0);
    expect((JSON.parse(skipped.out) as { population: unknown }).population).toMatchObject({ households: 799, rejected: 1 });
  }, 60_000);

  it('reads a UTF-8 file that holds U+FFFD as a character', async () => {
    const own = join(tempDir(), 'replacement.jsonl');
    writeFileSync(own, [lines[0]!.replace(/"id":"[^"]*"/, '"id":"\uFFFD-1"'), ...lines.slice(1, 20)].join('\n') + '\n');
    const r = await fuzhu('simulate', '--population', own, ...RANGE, '--json');
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as { population: unknown }).population).toMatchObject({ households: 20, rejected: 0 });
  });
});

describe('CSV output for Excel', () => {
  const population = join(tempDir(), 'pop.jsonl');
  writeFileSync(population, readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8').split('\n').slice(0, 40).join('\n'));
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
  const marks = async (...flags: string[]): Promise<boolean[]> => {
    const dir = tempDir();
    const r = await fuzhu('simulate', '--population', population, ...RANGE, '--csv', dir, ...flags);
    expect(r.code, r.err).toBe(0);
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(3);
    return files.map((f) => readFileSync(join(dir, f)).subarray(0, 3).equals(BOM));
  };

  it('starts with a UTF-8 byte-order mark in Chinese, not in English, as --bom and --no-bom say otherwise', async () => {
    expect(new Set(await marks('--lang', 'zh'))).toEqual(new Set([true]));
    expect(new Set(await marks('--lang', 'zh', '--no-bom'))).toEqual(new Set([false]));
    expect(new Set(await marks('--lang', 'en'))).toEqual(new Set([false]));
    expect(new Set(await marks('--lang', 'en', '--bom'))).toEqual(new Set([true]));
  }, 60_000);

  it('refuses --bom with --no-bom', async () => {
    const r = await fuzhu('simulate', '--population', population, ...RANGE, '--csv', tempDir(), '--bom', '--no-bom');
    expect(r.code).toBe(2);
    expect(r.err).toContain('give --bom or --no-bom, not both');
  });
});
