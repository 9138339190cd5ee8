/**
 * The command line checks what it can before the work starts: flags a command does not use,
 * missing flags, periods (one range for every command), languages, output names and folders,
 * and paths that hold another kind of file than the argument wants.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportDiagnostics } from '../cli/output.js';
import { error } from '../src/index.js';
import { fuzhu, tempDir } from './cliRun.js';
import { deathCouple } from './helpers.js';

const EXAMPLE = 'policy/liuzhou-2018/examples/death-couple.yaml';
const SAMPLE = 'policy/populations/liuzhou-sample.jsonl';
const SCENARIO = 'policy/scenarios/death-800.yaml';
const MONTHS = ['--from', '2019-01', '--to', '2019-01'];

/** A population whose only record is invalid: a run that reads it fails on it. */
function badPopulation(): string {
  const path = join(tempDir(), 'bad.jsonl');
  writeFileSync(path, `${JSON.stringify({ ...deathCouple, wife: { birth_date: '2019-02-30' } })}\n`);
  return path;
}

describe('flags a command does not use are refused', () => {
  it('explain --json', async () => {
    const r = await fuzhu('explain', EXAMPLE, '--period', '2019-03', '--json');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option '--json'");
    expect(r.err).toContain('usage: fuzhu explain');
    expect(r.out).toBe('');
  });

  it('--runs, --seed and --assumptions without --project', async () => {
    for (const flag of ['--runs', '--seed']) {
      const r = await fuzhu('simulate', '--population', SAMPLE, ...MONTHS, flag, '3');
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${flag} goes with --project`);
    }
    const r = await fuzhu('simulate', '--population', SAMPLE, ...MONTHS, '--assumptions', 'policy/populations/projection.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--assumptions goes with --project');
  });

  it('--lang where nothing printed has a language', async () => {
    const cases: [string[], string][] = [
      [['eval', EXAMPLE, '--period', '2019-03', '--json', '--lang', 'en'], '--lang chooses the language of the table'],
      [['simulate', '--population', SAMPLE, ...MONTHS, '--json', '--lang', 'en'], 'with --json alone there are none'],
      [['simulate', '--population', SAMPLE, '--project', '2019..2020', '--json', '--lang', 'en'], "the language of the projection's tables"],
    ];
    for (const [argv, message] of cases) {
      const r = await fuzhu(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toContain(message);
    }
  });

  it('diff --from and --to without --population', async () => {
    const r = await fuzhu('diff', 'policy/liuzhou-2018', '--scenario', SCENARIO, '--from', '2019-01', '--to', '2019-12');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--from and --to give the months of --population');
  });
});

describe('a missing required flag says it is required', () => {
  it.each([
    [['simulate', '--population', SAMPLE, '--from', '2019-01'], '--to is required'],
    [['simulate', '--population', SAMPLE, '--to', '2019-01'], '--from is required'],
    [['diff', 'policy/liuzhou-2018', '--scenario', SCENARIO, '--population', SAMPLE, '--to', '2019-01'], '--from is required'],
    [['generate', '--seed', '1', '--out', 'x.jsonl'], '--households is required'],
    [['generate', '--households', '3', '--out', 'x.jsonl'], '--seed is required'],
    [['generate', '--households', '3', '--seed', '1'], '--out is required'],
    [['eval', EXAMPLE], '--period is required'],
  ])('%j', async (argv, message) => {
    const r = await fuzhu(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});

describe('periods: one range of years for every command', () => {
  it.each([
    [['simulate', '--population', SAMPLE, '--from', '2019-01', '--to', '9999-12'], "--to must be a month such as 2019-01, between 1900 and 2199, not '9999-12'"],
    [['simulate', '--population', SAMPLE, '--from', '1899-12', '--to', '2019-12'], "not '1899-12'"],
    [['simulate', '--population', SAMPLE, '--project', '2019..9999'], '9999 is not a year between 1900 and 2199'],
    [['diff', 'policy/liuzhou-2018', '--scenario', SCENARIO, '--population', SAMPLE, '--from', '2019-01', '--to', '2200-01'], "not '2200-01'"],
    [['eval', EXAMPLE, '--period', '2200-01'], 'between 1900 and 2199'],
    [['diff', 'policy/liuzhou-2018', '--scenario', SCENARIO, '--population', SAMPLE, '--from', '2019-05', '--to', '2019-01'], '--to is before --from'],
  ])('%j', async (argv, message) => {
    const r = await fuzhu(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});

describe('whole-number flags: only values the work can honour', () => {
  it.each([
    // A seed beyond 31 bits would alias another seed's results, or replay as a negative seed.
    [['generate', '--households', '3', '--seed', '4294967297', '--out', 'x.jsonl'], "--seed must be a whole number from 0 to 2147483647, not '4294967297'"],
    [['prop', '--seed', '3000000000', '--runs', '1'], "--seed must be a whole number from 0 to 2147483647, not '3000000000'"],
    [['simulate', '--population', SAMPLE, '--project', '2019..2020', '--seed', '2147483648'], '--seed must be a whole number from 0 to 2147483647'],
    [['diff', 'policy/liuzhou-2018', '--scenario', SCENARIO, '--seed', '2147483648'], '--seed must be a whole number from 0 to 2147483647'],
    // Runs a projection could not hold: an internal error (exit 70) before the limit.
    [['simulate', '--population', SAMPLE, '--project', '2019..2020', '--runs', '99999999999'], "--runs must be a whole number from 1 to 10000, not '99999999999'"],
    [['simulate', '--population', SAMPLE, ...MONTHS, '--jobs', '0'], "--jobs must be a whole number of at least 1, not '0'"],
  ])('%j', async (argv, message) => {
    const r = await fuzhu(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});

describe('checked before the work starts', () => {
  it('the language of a projection, even without a report', async () => {
    const r = await fuzhu('simulate', '--population', badPopulation(), '--project', '2019..2020', '--lang', 'fr');
    expect(r.code).toBe(2);
    expect(r.err).toContain("--lang 'fr'");
  });

  it('the extension of each output file', async () => {
    const cases: [string[], string][] = [
      [['--report', 'out/x.pdf'], '--report out/x.pdf: the file must end in .html'],
      [['--md', 'out/x.txt'], '--md out/x.txt: the file must end in .md'],
    ];
    for (const [flags, message] of cases) {
      const r = await fuzhu('simulate', '--population', badPopulation(), ...MONTHS, ...flags);
      expect(r.code).toBe(2);
      expect(r.err).toContain(message);
      expect(r.err).not.toContain('rejected');
    }
    const g = await fuzhu('generate', '--households', '3', '--seed', '1', '--out', join(tempDir(), 'x.pdf'));
    expect(g.code).toBe(2);
    expect(g.err).toContain('must end in .jsonl or .csv');
  });

  it('output paths that cannot be written, before the population is read', async () => {
    const file = join(tempDir(), 'plain');
    writeFileSync(file, 'x');
    for (const flags of [['--md', `${file}/r.md`], ['--report', `${file}/sub/r.html`], ['--csv', file], ['--md', tempDir() + '/']]) {
      const r = await fuzhu('simulate', '--population', badPopulation(), ...MONTHS, ...flags);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/cannot use .*: /);
      // The population (whose record is invalid) was never read.
      expect(r.err).not.toContain('rejected');
    }
  });

  it('--csv under /proc, /sys or /dev is refused at once instead of hanging', async () => {
    for (const dir of ['/proc/x', '/sys/fuzhu', '/dev/fuzhu']) {
      const started = Date.now();
      const r = await fuzhu('simulate', '--population', badPopulation(), ...MONTHS, '--csv', dir);
      expect(r.code).toBe(1);
      expect(r.err).toContain('is a system folder');
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    const doc = await fuzhu('doc', '--out', '/proc/fuzhu-doc');
    expect(doc.code).toBe(1);
    expect(doc.err).toContain('/proc is a system folder');
  });
});

describe('a path of the wrong kind says what it is and what reads it', () => {
  it('a JSONL or CSV population given to explain (eval reads one), without echoing the file', async () => {
    const r = await fuzhu('explain', SAMPLE, '--period', '2019');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${SAMPLE} is a population (JSONL); \`fuzhu simulate --population\` reads it`);
    expect(r.err.length).toBeLessThan(1_000);
    const csv = join(tempDir(), 'pop.csv');
    writeFileSync(csv, 'id,hukou.county,hukou.type,wife.birth_date\nA,450205,urban,1960-01-01\n');
    const c = await fuzhu('explain', csv, '--period', '2019');
    expect(c.code).toBe(2);
    expect(c.err).toContain('is a population (CSV)');
  });

  it('a spreadsheet Fuzhu does not read, and a workbook that is not one', async () => {
    const ods = join(tempDir(), 'pop.ods');
    writeFileSync(ods, 'PK');
    const r = await fuzhu('simulate', '--population', ods, ...MONTHS);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is a spreadsheet Fuzhu does not read (.xls, .ods, .numbers); save it as .xlsx');
    const xlsx = join(tempDir(), 'pop.xlsx');
    writeFileSync(xlsx, 'PK');
    const x = await fuzhu('simulate', '--population', xlsx, ...MONTHS);
    expect(x.code).toBe(1);
    expect(x.err).toContain('E-XLSX-READ');
  });

  it('a policy folder as a scenario or a population, and a scenario as a policy or a household', async () => {
    const cases: [string[], string][] = [
      [['eval', EXAMPLE, '--period', '2019', '--scenario', 'policy/liuzhou-2018'], '--scenario policy/liuzhou-2018 is a policy package; `--policy` reads it'],
      [['check', '--scenario', 'policy/liuzhou-2018'], '--scenario policy/liuzhou-2018 is a policy package'],
      [['simulate', '--population', 'policy/liuzhou-2018', ...MONTHS], '--population policy/liuzhou-2018 is a policy package'],
      [['eval', EXAMPLE, '--period', '2019', '--policy', SCENARIO], `--policy ${SCENARIO} is a scenario; \`--scenario\` reads it`],
      [['eval', SCENARIO, '--period', '2019'], `${SCENARIO} is a scenario`],
      [['simulate', '--population', EXAMPLE, ...MONTHS], `--population ${EXAMPLE} is a household; \`fuzhu eval\``],
      [['check', SAMPLE], `the policy ${SAMPLE} is a population (JSONL)`],
      [['generate', '--households', '1', '--seed', '1', '--spec', SCENARIO, '--out', join(tempDir(), 'p.jsonl')], `--spec ${SCENARIO} is a scenario`],
    ];
    for (const [argv, message] of cases) {
      const r = await fuzhu(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toContain(message);
    }
  });

  it('still reads what it should: a household list, a folder of households, a YAML population', async () => {
    expect((await fuzhu('eval', 'policy/liuzhou-2018/examples', '--period', '2019-03')).code).toBe(0);
    const list = join(tempDir(), 'list.yaml');
    writeFileSync(list, `- ${JSON.stringify(deathCouple)}\n`);
    expect((await fuzhu('eval', list, '--period', '2019-03')).code).toBe(0);
    expect((await fuzhu('simulate', '--population', list, ...MONTHS)).code).toBe(0);
  });
});

describe('diagnostics quote at most an excerpt', () => {
  it('a population named .yaml gives its first YAML errors, not one per token of 20,000 lines', async () => {
    const path = join(tempDir(), 'pop.yaml');
    copyFileSync(SAMPLE, path);
    const r = await fuzhu('eval', path, '--period', '2019');
    expect(r.code).toBe(1);
    expect(r.err.match(/error\[E-YAML-SYNTAX\]/g)).toHaveLength(10);
    expect(r.err).toMatch(/\d+ more YAML errors follow, not shown/);
    expect(r.err.length).toBeLessThan(5_000);
  });

  it('cuts a message that quotes a whole file', () => {
    const err: string[] = [];
    reportDiagnostics({ out: () => undefined, err: (t) => void err.push(t) }, [error('E-YAML-SYNTAX', `Unexpected token "${'x'.repeat(50_000)}"`)]);
    const text = err.join('\n');
    expect(text).toContain('error[E-YAML-SYNTAX]');
    expect(text).toMatch(/… \(\d+ characters\)/);
    expect(text.length).toBeLessThan(1_000);
  });
});

describe('scenarios of one id in one run', () => {
  it('are refused by prop with both file names', async () => {
    const copy = join(tempDir(), 'reform-2019.yaml');
    copyFileSync('policy/scenarios/reform-2019.yaml', copy);
    const r = await fuzhu('prop', '--runs', '1', '--scenario', 'policy/scenarios/reform-2019.yaml', '--scenario', copy);
    expect(r.code).toBe(1);
    expect(r.err).toContain('E-SCENARIO-ID-TWICE');
    expect(r.err).toContain(copy);
  });
});
