/**
 * Output files are written whole or not at all: a write that fails or is killed half way leaves
 * the old file as it was and no fragment; `generate` reports a write it cannot make (exit 1).
 * Also: a closed pipe ends a command quietly.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeLines, writeOutput } from '../cli/files.js';
import { fuzhu, fuzhuProcess, MAIN, startFuzhu, tempDir } from './cliRun.js';
import { deathCouple } from './helpers.js';

const OLD = '{"id":"OLD"}\n';
/** Enough households that writing them takes seconds, time to stop the writer half way. Each
 * test here starts processes: 3–15 s on a loaded 2-core machine, hence budgets of a minute. */
const MANY = '400000';

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\``);
});

/** A folder holding one file with the old content; returns the file. */
function oldFile(name: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, OLD);
  return path;
}

/** Resolves once a temporary file beside `path` holds some bytes. */
async function tempFileGrows(path: string): Promise<void> {
  const dir = join(path, '..');
  for (let i = 0; i < 600; i++) {
    const temp = readdirSync(dir).find((f) => f.endsWith('.tmp'));
    if (temp && statSync(join(dir, temp), { throwIfNoEntry: false })?.size) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the writer never started writing');
}

describe('atomic output files', () => {
  it('replace the old file whole, keep its mode, and leave no temporary file', async () => {
    const path = oldFile('r.md');
    chmodSync(path, 0o640);
    writeOutput(path, '# new\n');
    expect(readFileSync(path, 'utf8')).toBe('# new\n');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(join(path, '..'))).toEqual(['r.md']);
    chmodSync(path, 0o600);
    await writeLines(path, ['a\n', 'b\n']);
    expect(readFileSync(path, 'utf8')).toBe('a\nb\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keep the old file, and no temporary one, when making the content fails half way', async () => {
    const path = oldFile('pop.jsonl');
    function* lines(): Generator<string> {
      for (let i = 0; i < 5_000; i++) yield `${'x'.repeat(100)}\n`;
      throw new RangeError('the generator failed');
    }
    await expect(writeLines(path, lines())).rejects.toThrow(RangeError);
    expect(readFileSync(path, 'utf8')).toBe(OLD);
    expect(readdirSync(join(path, '..'))).toEqual(['pop.jsonl']);
  });

  it('keep the old file when the writer is killed half way (SIGKILL)', async () => {
    const path = oldFile('pop.jsonl');
    const child = startFuzhu(['generate', '--households', MANY, '--seed', '1', '--out', path]);
    const ended = new Promise((r) => child.once('exit', r));
    await tempFileGrows(path);
    child.kill('SIGKILL');
    await ended;
    expect(readFileSync(path, 'utf8')).toBe(OLD);
  }, 60_000);

  it('keep the old file and remove the temporary one when the writer is stopped (SIGTERM, SIGINT)', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const path = oldFile('pop.jsonl');
      const child = startFuzhu(['generate', '--households', MANY, '--seed', '1', '--out', path]);
      const ended = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, s) => r(s)));
      await tempFileGrows(path);
      child.kill(signal);
      expect(await ended).toBe(signal);
      expect(readFileSync(path, 'utf8')).toBe(OLD);
      expect(readdirSync(join(path, '..'))).toEqual(['pop.jsonl']);
    }
  }, 60_000);

  it('report a write that fails half way (a file-size limit), exit 1, and keep the old file', () => {
    const pop = oldFile('pop.jsonl');
    const report = oldFile('report.html');
    const population = join(tempDir(), 'pop.yaml');
    writeFileSync(population, `- ${JSON.stringify(deathCouple)}\n`);
    for (const [args, path] of [
      [['generate', '--households', '20000', '--seed', '1', '--out', pop], pop],
      [['simulate', '--population', population, '--from', '2019-01', '--to', '2019-12', '--report', report], report],
    ] as const) {
      // ulimit -f counts blocks of 1024 bytes: 20 KB, less than either file.
      const r = spawnSync('sh', ['-c', `ulimit -f 20; exec "${process.execPath}" "${MAIN}" "$@"`, 'sh', ...args], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toContain(`cannot write ${path}: the file would exceed the size limit`);
      expect(r.stderr).not.toContain('internal error');
      expect(readFileSync(path, 'utf8')).toBe(OLD);
      expect(readdirSync(join(path, '..'))).toEqual([path.split('/').pop()]);
    }
  }, 60_000);
});

describe('fuzhu generate reports what it cannot write, with exit 1', { timeout: 60_000 }, () => {
  const generate = (out: string) => fuzhu('generate', '--households', '3', '--seed', '1', '--out', out);

  it('a folder as --out', async () => {
    const dir = join(tempDir(), 'pop.jsonl');
    mkdirSync(dir);
    const r = await generate(dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot use ${dir}: it is a folder; name a file`);
    expect(r.out).toBe('');
  });

  it('a device such as /dev/full', async () => {
    const r = fuzhuProcess(['generate', '--households', '3', '--seed', '1', '--out', '/dev/full']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot use /dev/full: /dev is a system folder');
    expect(r.stdout).toBe('');
  });

  // Root writes into a read-only folder regardless of its mode, so the test means nothing as root
  // (the test machine runs as root); the size-limit test above covers a failing write there.
  it.skipIf(process.getuid?.() === 0)('a read-only folder', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o555);
    const r = await generate(join(dir, 'pop.jsonl'));
    chmodSync(dir, 0o755);
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot be written in (permission denied)');
  });
});

describe('a closed pipe', () => {
  it('ends the command quietly, without a stack trace', () => {
    // 700 KB of explanation, far more than a pipe holds, so the writer meets the closed pipe.
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${MAIN}" explain policy/liuzhou-2018/examples --period 2019 | head -1 >/dev/null; echo "status \${PIPESTATUS[0]}"`], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('status 0');
  }, 60_000);
});
