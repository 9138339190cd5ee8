/**
 * Population and household readers: nothing is lost without being counted, every fault is
 * located, huge records and special files are refused before they are read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../cli/main.js';
import { dates, LIMITS, PopulationError, readHousehold, readHouseholdFiles, readYamlFile, rejectionText, simulate, simulationJson, type SimulationResult } from '../src/index.js';
import { shippedPolicy, tempFile } from './helpers.js';
import { csvText, flatRows } from './populationFiles.js';
import { readPopulation, readPopulationBatches, type RawRecord } from '../src/sim/readers.js';

type Raw = Record<string, unknown> & { id: string };
const SAMPLE: Raw[] = readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8').trim().split('\n').slice(0, 100).map((l) => JSON.parse(l) as Raw);
const range = { from: dates.ymd(2019, 1, 1), to: dates.ymd(2019, 12, 31) };
const SEEDS = [1, 7, 42];

const simulated = (path: string) => simulate(shippedPolicy(), path, range);
const totals = (r: SimulationResult) => JSON.stringify(simulationJson(r).baseline);
const jsonl = (hs: readonly unknown[]) => hs.map((h) => JSON.stringify(h)).join('\n') + '\n';

/** The baseline of a clean run over the households kept. */
async function cleanTotals(kept: readonly Raw[]): Promise<string> {
  return totals(await simulated(tempFile('clean.jsonl', jsonl(kept))));
}

async function populationError(path: string): Promise<PopulationError> {
  const e = await simulated(path).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(PopulationError);
  return e as PopulationError;
}

function where(e: PopulationError): string {
  const s = e.diagnostic.span!;
  const { line, column } = s.source.position(s.start);
  return `${line}:${column}`;
}

/** Ways to spoil a household's values while keeping it well-formed data. */
const SPOILERS: ((h: Raw) => unknown)[] = [
  (h) => ({ ...h, hukou: { ...(h.hukou as object), county: 'Liubei' } }),
  (h) => ({ ...h, wife: { birth_date: '2019-02-30' } }),
  (h) => ({ ...h, weight: null }),
  (h) => ({ ...h, id: '   ' }),
  (h) => ({ ...h, husband: { birth_date: '1960-01-01', death_date: '' } }),
  () => 42,
  (h) => ({ ...h, note: 'x'.repeat(LIMITS.maxRecordBytes) }),
];

const corruptions = fc.record({
  at: fc.uniqueArray(fc.integer({ min: 0, max: SAMPLE.length - 1 }), { minLength: 1, maxLength: 8 }),
  how: fc.array(fc.integer({ min: 0, max: SPOILERS.length - 1 }), { minLength: 8, maxLength: 8 }),
});

describe('a JSON list population', () => {
  it('counts exactly the elements planted as invalid, and the others total as a clean run of them', async () => {
    for (const seed of SEEDS) {
      await fc.assert(
        fc.asyncProperty(corruptions, async ({ at, how }) => {
          const list = SAMPLE.map((h, i) => (at.includes(i) ? SPOILERS[how[at.indexOf(i)]!]!(h) : h));
          const r = await simulated(tempFile('pop.json', JSON.stringify(list, null, 2)));
          expect(r.rejected).toBe(at.length);
          expect(r.evaluated).toBe(SAMPLE.length - at.length);
          expect(r.rejections.map((x) => x.record)).toEqual([...at].sort((a, b) => a - b).map((i) => i + 1));
          expect(totals(r)).toBe(await cleanTotals(SAMPLE.filter((_, i) => !at.includes(i))));
        }),
        { seed, numRuns: 3 },
      );
    }
  }, 120_000);

  it('locates each element by line and column, several on one line', async () => {
    const bad = { ...SAMPLE[1]!, wife: { birth_date: '1963-02-30' } };
    const r = await simulated(tempFile('pop.json', `[${JSON.stringify(SAMPLE[0])},\n ${JSON.stringify(SAMPLE[2])}, ${JSON.stringify(bad)}]`));
    expect(r.rejections.map((x) => [x.line, x.column, x.code])).toEqual([[2, 4 + JSON.stringify(SAMPLE[2]).length, 'E-HH-DATE']]);
  });

  it('locates an element that begins in one chunk of the file and ends in the next', async () => {
    const r = await simulated(tempFile('pop.json', `[\n${' '.repeat(65_530)}"${'a'.repeat(100)}", ${JSON.stringify(SAMPLE[0])}]`));
    expect(r.rejections.map((x) => [x.line, x.column, x.code])).toEqual([[2, 65_531, 'E-HH-TYPE']]);
  });

  const text = JSON.stringify(SAMPLE.slice(0, 100), null, 2);
  const faults: [string, string, RegExp, string][] = [
    ['a stray } after the first element', text.replace('},\n  {', '}},\n  {'), /'}' where ',' or a closing bracket was expected; reading stopped here, after 1 household$/, ''],
    ['a missing ]', text.replace(/\]\s*$/, ''), /the file ends before the list is closed/, ''],
    ['a file cut inside an element', text.slice(0, text.lastIndexOf('"id"') + 10), /the file ends inside the household that starts at line \d+, column 3/, ''],
    ['a second list after the first', text + text, /text after the end of the list/, ''],
    ['garbage after ]', `${text} x`, /text after the end of the list/, ''],
    ['an object instead of a list', JSON.stringify(SAMPLE[0]), /must be a list/, '1:1'],
  ];
  for (const [name, content, message, at] of faults) {
    it(`stops at ${name}, with its line and column`, async () => {
      const e = await populationError(tempFile('pop.json', content));
      expect(e.diagnostic.code).toMatch(/^E-JSON-/);
      expect(e.diagnostic.message).toMatch(message);
      if (at) expect(where(e)).toBe(at);
    });
  }

  it('puts the stray } at its own line and column', async () => {
    const e = await populationError(tempFile('pop.json', text.replace('},\n  {', '}},\n  {')));
    const line = text.split('\n').findIndex((l) => l === '  },') + 1;
    expect(where(e)).toBe(`${line}:4`);
  });

  it('fails the run even with --skip-invalid, since the households after the fault are unknown', async () => {
    const err: string[] = [];
    const code = await run(['simulate', '--population', tempFile('pop.json', text.replace(/\]\s*$/, '')), '--from', '2019-01', '--to', '2019-12', '--skip-invalid'], { out: () => undefined, err: (t) => err.push(t) });
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('error[E-JSON-SYNTAX]');
    expect(err.join('\n')).not.toContain('    at ');
  });

  it('refuses an element larger than the record limit while it streams in, inside a string too, and reads on', async () => {
    const big = 'x\\"{['.repeat(2 * LIMITS.maxRecordBytes);
    const huge = `[${JSON.stringify(SAMPLE[0])},\n{"id": "${big}", "n": [1, {"a": "]"}]},\n"${big}", ${JSON.stringify(SAMPLE[1])},\n${JSON.stringify({ ...SAMPLE[2], note: big })}]`;
    const r = await simulated(tempFile('pop.json', huge));
    expect(r.rejections.map((x) => [x.line, x.code])).toEqual([
      [2, 'E-POP-TOO-LARGE'],
      [3, 'E-POP-TOO-LARGE'],
      [4, 'E-POP-TOO-LARGE'],
    ]);
    expect(r.rejections[0]).toMatchObject({ column: 1 });
    expect(r.evaluated).toBe(2);
    expect(totals(r)).toBe(await cleanTotals([SAMPLE[0]!, SAMPLE[1]!]));
  });

  it('counts an element just over the limit, wherever the chunks of the file fall', async () => {
    for (const pad of [0, 1, 4097, 65_000]) {
      const over = { ...SAMPLE[3]!, note: 'y'.repeat(LIMITS.maxRecordBytes) };
      const r = await simulated(tempFile('pop.json', `[${' '.repeat(pad)}${JSON.stringify(SAMPLE[0])}, ${JSON.stringify(over)}, ${JSON.stringify(SAMPLE[1])}]`));
      expect([r.rejected, r.evaluated, r.rejections[0]!.code]).toEqual([1, 2, 'E-POP-TOO-LARGE']);
    }
  });

  it('stops at a file cut inside an element too large to read', async () => {
    const e = await populationError(tempFile('pop.json', `[${JSON.stringify(SAMPLE[0])}, {"id": "${'z'.repeat(3 * LIMITS.maxRecordBytes)}`));
    expect(e.diagnostic.message).toContain('the file ends inside a household too large to read');
  });
});

describe('a JSONL population', () => {
  it('counts exactly the lines planted as invalid, an over-long line among them, and reads on', async () => {
    const spoil: ((h: Raw) => string)[] = [(h) => JSON.stringify(SPOILERS[1]!(h)), (h) => JSON.stringify(h).slice(0, 30), (h) => JSON.stringify({ ...h, note: 'x'.repeat(LIMITS.maxRecordBytes) })];
    for (const seed of SEEDS) {
      await fc.assert(
        fc.asyncProperty(corruptions, async ({ at, how }) => {
          const lines = SAMPLE.map((h, i) => (at.includes(i) ? spoil[how[at.indexOf(i)]! % spoil.length]!(h) : JSON.stringify(h)));
          const r = await simulated(tempFile('pop.jsonl', lines.join('\n')));
          expect(r.rejected).toBe(at.length);
          expect(r.rejections.map((x) => x.line)).toEqual([...at].sort((a, b) => a - b).map((i) => i + 1));
          expect(totals(r)).toBe(await cleanTotals(SAMPLE.filter((_, i) => !at.includes(i))));
        }),
        { seed, numRuns: 2 },
      );
    }
  }, 120_000);

  it('reports an over-long line by its size, with its line number, without holding it', async () => {
    const r = await simulated(tempFile('pop.jsonl', [JSON.stringify(SAMPLE[0]), 'y'.repeat(3 * LIMITS.maxRecordBytes), JSON.stringify(SAMPLE[1])].join('\n')));
    expect(r.rejections.map((x) => [x.line, x.code])).toEqual([[2, 'E-POP-TOO-LARGE']]);
    expect(r.evaluated).toBe(2);
  });

  it('reads past a byte-order mark at the start of the file, and names one on a later line', async () => {
    const r = await simulated(tempFile('pop.jsonl', `\uFEFF${JSON.stringify(SAMPLE[0])}\n\uFEFF${JSON.stringify(SAMPLE[1])}\n`));
    expect(r.evaluated).toBe(1);
    expect(r.rejections.map((x) => x.line)).toEqual([2]);
    expect(r.rejections[0]!.message).toContain('byte-order mark (U+FEFF');
  });

  it('is read a chunk of lines at a time, record for record as one at a time: blank lines left out, faults in their place', async () => {
    const lines = SAMPLE.flatMap((h, i) => [JSON.stringify(h), ...(i % 7 === 0 ? ['', '  '] : []), ...(i % 31 === 0 ? ['{"id": '] : [])]);
    const all = [...lines, ...lines, ...lines];
    const path = tempFile('pop.jsonl', `${all.join('\n')}\n`);
    const batches: (readonly RawRecord[])[] = [];
    for await (const b of readPopulationBatches(path, shippedPolicy())) batches.push(b);
    const one: RawRecord[] = [];
    for await (const r of readPopulation(path, shippedPolicy())) one.push(r);
    expect(batches.flat()).toEqual(one);
    expect(one.map((r) => r.line)).toEqual(all.flatMap((l, i) => (l.trim() === '' ? [] : [i + 1])));
    expect(one.filter((r) => r.error).map((r) => r.line)).toEqual(all.flatMap((l, i) => (l === '{"id": ' ? [i + 1] : [])));
    // The file's 64 KiB chunks each give their records together, not one by one.
    expect(batches.length).toBeLessThan(one.length / 10);
  });
});

/** The households as CSV rows with flattened columns. */
function toCsv(hs: readonly Raw[], eol = '\n'): { header: string[]; rows: string[][]; text: string } {
  const { header, rows } = flatRows(hs);
  return { header, rows: rows.map((r) => r.map((c) => (c === undefined ? '' : String(c)))), text: csvText(header, rows, eol) };
}

describe('a CSV population', () => {
  const csv = toCsv(SAMPLE);

  it('reads the same households as JSONL', async () => {
    expect(totals(await simulated(tempFile('pop.csv', csv.text)))).toBe(await cleanTotals(SAMPLE));
  });

  it('counts exactly the rows planted with too few or too many cells, and the others total as a clean run', async () => {
    for (const seed of SEEDS) {
      await fc.assert(
        fc.asyncProperty(corruptions, async ({ at, how }) => {
          const rows = csv.rows.map((r, i) => (at.includes(i) ? (how[at.indexOf(i)]! % 2 ? r.slice(0, -1) : [...r, '']) : r));
          const r = await simulated(tempFile('pop.csv', [csv.header, ...rows].map((x) => x.join(',')).join('\n')));
          expect(r.rejected).toBe(at.length);
          expect(new Set(r.rejections.map((x) => x.code))).toEqual(new Set(['E-CSV-CELLS']));
          expect(r.rejections.map((x) => x.line)).toEqual([...at].sort((a, b) => a - b).map((i) => i + 2));
          expect(totals(r)).toBe(await cleanTotals(SAMPLE.filter((_, i) => !at.includes(i))));
        }),
        { seed, numRuns: 2 },
      );
    }
  }, 120_000);

  it('says how many cells a short row has', async () => {
    const r = await simulated(tempFile('pop.csv', `${csv.header.join(',')}\n${csv.rows[0]!.slice(0, 3).join(',')}\n`));
    expect(r.rejections[0]).toMatchObject({ line: 2, code: 'E-CSV-CELLS', message: `the row has 3 cells but the header has ${csv.header.length} columns` });
  });

  it('keeps a quoted line break inside its cell, and later rows keep their first line (LF and CRLF)', async () => {
    for (const eol of ['\n', '\r\n']) {
      const hs = [{ ...SAMPLE[0]!, id: `two${eol}lines` }, SAMPLE[1]!, { ...SAMPLE[2]!, wife: { birth_date: '1963-02-30' } }];
      const r = await simulated(tempFile('pop.csv', toCsv(hs, eol).text));
      expect(r.evaluated).toBe(2);
      expect(r.rejections.map((x) => [x.line, x.id, x.code])).toEqual([[5, SAMPLE[2]!.id, 'E-HH-DATE']]);
    }
  });

  it('stops at a quote left open, at the line where its record began', async () => {
    const lines = csv.text.split('\n');
    lines[3] = lines[3]!.replace(',', ',"');
    const e = await populationError(tempFile('pop.csv', lines.join('\n')));
    expect(e.diagnostic).toMatchObject({ code: 'E-CSV-SYNTAX' });
    expect(e.diagnostic.message).toMatch(/^the CSV is malformed at line 4: a quoted cell is never closed; reading stopped here, after 2 rows/);
    expect(where(e)).toBe('4:1');
  });

  it('stops at a header longer than the record limit, at line 1, rather than saying it holds no household', async () => {
    const e = await populationError(tempFile('pop.csv', `${'a'.repeat(LIMITS.maxRecordBytes + 10)},b\n1,2\n`));
    expect(e.diagnostic.code).toBe('E-CSV-SYNTAX');
    expect(e.diagnostic.message).toContain('at line 1: a record longer than');
  });

  it('stops at a header with a duplicate or out-of-range column, underlining it, rather than refusing every row as if each were at fault', async () => {
    const header = csv.header.join(',');
    const dup = await populationError(tempFile('pop.csv', `\uFEFF${header},hukou.county\n${csv.rows.slice(0, 3).map((r) => `${r.join(',')},450202`).join('\n')}\n`));
    expect(dup.diagnostic.code).toBe('E-CSV-HEADER');
    expect(dup.diagnostic.message).toMatch(/the column 'hukou\.county' appears twice in the header \(columns \d+ and \d+\)/);
    expect(where(dup)).toBe(`1:${header.length + 2}`);
    const s = dup.diagnostic.span!;
    expect(s.source.text.slice(s.start, s.end)).toBe('hukou.county');
    const far = await populationError(tempFile('pop.csv', `\n${header},children.4294967296.birth_date\n${csv.rows[0]!.join(',')},2000-01-01\n`));
    expect(far.diagnostic.code).toBe('E-CSV-HEADER');
    expect(far.diagnostic.message).toContain("'children.4294967296.birth_date'");
    expect(where(far)).toBe(`2:${header.length + 2}`);
  });

  it('strips a byte-order mark at the start of the file only; one inside a row is refused, never kept in an id', async () => {
    const r = await simulated(tempFile('pop.csv', `\uFEFF${csv.header.join(',')}\n${csv.rows[0]!.join(',')}\n\uFEFF${csv.rows[1]!.join(',')}\n`));
    expect(r.evaluated).toBe(1);
    expect(r.rejections.map((x) => [x.line, x.code])).toEqual([[3, 'E-CSV-BOM']]);
  });

  it('accepts booleans written TRUE and FALSE', async () => {
    const upper = csv.text.replace(/,true(?=[,\n])/g, ',TRUE').replace(/,false(?=[,\n])/g, ',FALSE');
    expect(upper).toContain('TRUE');
    expect(totals(await simulated(tempFile('pop.csv', upper)))).toBe(await cleanTotals(SAMPLE));
  });
});

describe('household values never taken as absent or changed', () => {
  const base = { id: 'V1', hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '1963-05-20' }, children: [] };
  const refused = (raw: unknown) => {
    const r = readHousehold(shippedPolicy(), raw);
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.diagnostics.map((d) => [d.code, d.at]);
  };

  it('an empty death_date is an error, not alive', () => {
    expect(refused({ ...base, wife: { birth_date: '1963-05-20', death_date: '' } })).toEqual([['E-HH-EMPTY', 'household V1, field wife.death_date']]);
  });

  it('weight: null is an error, not 1', () => {
    expect(refused({ ...base, weight: null })).toEqual([['E-HH-NULL', 'household V1, field weight']]);
  });

  it('a blank id is an error', () => {
    expect(refused({ ...base, id: ' \t' })).toEqual([['E-HH-MISSING-FIELD', 'household (no id), field id']]);
  });

  it('a YAML !!timestamp date is read as written, never through a time zone', () => {
    const read = (value: string) => readHouseholdFiles(shippedPolicy(), tempFile('h.yaml', `id: T1\nhukou: { county: "450205", type: urban }\nwife: { birth_date: ${value} }\nchildren: []\n`));
    const plain = read('!!timestamp 1963-05-20');
    expect(plain.diagnostics).toEqual([]);
    expect(plain.households[0]!.wife).toMatchObject({ birth_date: dates.ymd(1963, 5, 20) });
    // 01:00 in Beijing is the day before in UTC: a date with a time is refused, at its place.
    const timed = read('!!timestamp 1963-05-20T01:00:00+08:00');
    expect(timed.diagnostics.map((d) => [d.code, d.span!.source.position(d.span!.start).line])).toEqual([['E-HH-DATE', 3]]);
  });
});

describe('special files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fuzhu-special-'));
  const fifo = (name: string) => {
    const path = join(dir, name);
    execFileSync('mkfifo', [path]);
    return path;
  };

  it('a FIFO as household, policy or population file is refused at once, not waited on', async () => {
    const started = Date.now();
    expect(readHouseholdFiles(shippedPolicy(), fifo('h.yaml')).diagnostics.map((d) => d.code)).toEqual(['E-FILE-NOT-REGULAR']);
    const policy = readYamlFile(fifo('policy.yaml'));
    expect(policy.ok ? [] : policy.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('is a FIFO (named pipe), not a regular file')]);
    for (const name of ['p.jsonl', 'p.csv', 'p.json', 'p.yaml']) expect((await populationError(fifo(name))).diagnostic.code).toBe('E-FILE-NOT-REGULAR');
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 10_000);

  it('a population linked to /dev/zero is refused as a device', async () => {
    const link = join(dir, 'zero.jsonl');
    symlinkSync('/dev/zero', link);
    const e = await populationError(link);
    expect(e.diagnostic.message).toContain('is a character device, not a regular file');
    const err: string[] = [];
    expect(await run(['simulate', '--population', link, '--from', '2019-01', '--to', '2019-01'], { out: () => undefined, err: (t) => err.push(t) })).toBe(1);
    expect(err.join('\n')).toContain('error[E-FILE-NOT-REGULAR]');
  }, 10_000);
});

describe('files that cannot be opened', () => {
  it('a loop of symbolic links is refused in words, for a household and a population', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzhu-loop-'));
    symlinkSync(join(dir, 'b.jsonl'), join(dir, 'a.jsonl'));
    symlinkSync(join(dir, 'a.jsonl'), join(dir, 'b.jsonl'));
    const e = await populationError(join(dir, 'a.jsonl'));
    expect([e.diagnostic.code, e.diagnostic.message]).toEqual(['E-FILE-UNREADABLE', `cannot read ${join(dir, 'a.jsonl')}: too many symbolic links`]);
    symlinkSync(join(dir, 'h.yaml'), join(dir, 'h.yaml'));
    expect(readHouseholdFiles(shippedPolicy(), join(dir, 'h.yaml')).diagnostics.map((d) => d.code)).toEqual(['E-FILE-UNREADABLE']);
  });
});

describe('population errors say each thing once', () => {
  it('file:line, then the household and field, then the code and message', async () => {
    const path = tempFile('pop.jsonl', jsonl([SAMPLE[0], { ...SAMPLE[1]!, id: 'X', hukou: { county: 'xx', type: 'urban' } }]));
    const r = await simulated(path);
    const text = rejectionText('population.jsonl', r.rejections[0]!);
    expect(text).toMatch(/^population\.jsonl:2: household X, field hukou\.county: E-HH-ENUM unknown county 'xx'; expected one of 450202 城中区, 450203 鱼峰区/);
    expect(text.match(/household X/g)).toHaveLength(1);
    expect(text.match(/county/g)).toHaveLength(2);
    expect(text).not.toContain('line 2');
  });

  it('a duplicate id names the household once', async () => {
    const r = await simulated(tempFile('pop.jsonl', jsonl([SAMPLE[0], SAMPLE[0]])));
    expect(rejectionText('p.jsonl', r.rejections[0]!)).toBe(`p.jsonl:2: household ${SAMPLE[0]!.id}: E-POP-DUPLICATE-ID the id is used by an earlier record; ids are unique within a population`);
  });

  it('a county given by its English name is pointed to its spelling and code', () => {
    const r = readHousehold(shippedPolicy(), { id: 'E', hukou: { county: 'Liubei District', type: 'urban' }, wife: { birth_date: '1963-05-20' }, children: [] });
    expect(r.ok ? '' : r.diagnostics[0]!.message).toContain("Did you mean '柳北区' (450205)?");
  });

  it('a missing id underlines the first line of the household, not the whole file', () => {
    const path = tempFile('h.yaml', 'hukou: { county: "450205", type: urban }\nwife: { birth_date: 1963-05-20 }\nchildren: []\n');
    const [d] = readHouseholdFiles(shippedPolicy(), path).diagnostics;
    expect(d!.code).toBe('E-HH-MISSING-FIELD');
    const s = d!.span!;
    expect([s.source.position(s.start).line, s.source.position(s.end).line]).toEqual([1, 1]);
  });
});
