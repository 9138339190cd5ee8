/**
 * What is shipped stands alone: the policy package copied without the rest of the project passes
 * its own tests, and the packed npm package installs in an empty folder and serves the library
 * (JavaScript and TypeScript) and the `fuzhu` command, without the project's tests.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzhuProcess, tempDir } from './cliRun.js';
import { POLICY_DIR } from './helpers.js';

const ROOT = process.cwd();

function sh(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The README's library example, `import … from 'fuzhu'` as a user writes it. */
function readmeExample(): string {
  const m = /```js library\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  if (!m) throw new Error('README.md has no ```js library block');
  return m[1]!;
}

/**
 * Packs the project (as built) and installs the tarball in an empty project without the network:
 * the lock gives every dependency as the project's own lock resolves it, which `npm ci` takes from
 * the cache the project's install filled.
 */
function installPacked(): { dir: string; files: string[] } {
  const packs = tempDir();
  const [packed] = JSON.parse(sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], ROOT)) as { filename: string; files: { path: string }[] }[];
  const tarball = join(packs, packed!.filename);
  const dir = tempDir();
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; dependencies?: Record<string, string>; engines?: unknown }> };
  const own = lock.packages['']!;
  const packages: Record<string, unknown> = {
    '': { name: 'scratch', version: '1.0.0', dependencies: { fuzhu: `file:${tarball}` } },
    'node_modules/fuzhu': {
      version: '0.1.0',
      resolved: `file:${tarball}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      dependencies: own.dependencies,
      bin: { fuzhu: 'dist/cli/main.js' },
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path.startsWith('node_modules/') && !entry.dev) packages[path] = entry;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, dependencies: { fuzhu: `file:${tarball}` } }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', lockfileVersion: 3, requires: true, packages }));
  sh('npm', ['ci', '--offline', '--no-audit', '--no-fund'], dir);
  return { dir, files: packed!.files.map((f) => f.path) };
}

/** A TypeScript user of the library: the declarations give the types, and a wrong argument is caught. */
const TYPESCRIPT_USER = `import { civilDateOf, DateInputError, evaluate, loadPolicy, readHousehold, type Evaluation, type Policy } from 'fuzhu';

const loaded = loadPolicy('node_modules/fuzhu/policy/liuzhou-2018');
if (loaded.ok) {
  const policy: Policy = loaded.policy;
  const read = readHousehold(policy, { id: 'X', hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '1963-05-20' }, children: [] });
  if (read.ok) {
    const ev: Evaluation = evaluate(policy, read.household, '2019-03');
    console.log(ev.lines.length);
    // @ts-expect-error a period is a Period or a string, never a boolean
    evaluate(policy, read.household, true);
  }
}
const first: number = civilDateOf('2019-03', 'from');
const code: string = new DateInputError('x').code;
console.log(first, code);
`;

describe('the policy package', () => {
  it('copied alone to another folder passes its own tests and check', () => {
    const dir = join(tempDir(), 'liuzhou-2018');
    cpSync(POLICY_DIR, dir, { recursive: true });
    const elsewhere = tempDir();
    const tested = fuzhuProcess(['test', dir], { cwd: elsewhere });
    expect(tested.stderr).toBe('');
    expect(tested.stdout).toMatch(/\b(\d+) passed, 0 failed\n?$/);
    expect(tested.status).toBe(0);
    const checked = fuzhuProcess(['check', dir], { cwd: elsewhere });
    expect(checked.status).toBe(0);
  });
});

describe('the packed npm package', () => {
  it('installs in an empty folder and serves the library, its types and the command, without the tests', { timeout: 300_000 }, () => {
    const { dir, files } = installPacked();
    expect(files.filter((f) => !/^(dist\/(src|cli)\/|policy\/|docs\/|README\.md$|package\.json$)/.test(f))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['dist/src/index.js', 'dist/src/index.d.ts', 'dist/cli/main.js', 'policy/schemas/scenario.schema.json', 'policy/liuzhou-2018/policy.yaml', 'policy/liuzhou-2018/scenarios/test-each-spouse-49.yaml', 'policy/scenarios/death-800.yaml']));

    writeFileSync(join(dir, 'example.mjs'), readmeExample());
    expect(sh(process.execPath, ['example.mjs'], dir)).toBe('650.00 800.00\n');

    writeFileSync(join(dir, 'user.ts'), TYPESCRIPT_USER);
    sh(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', 'user.ts'], dir);

    const checked = spawnSync(join(dir, 'node_modules/.bin/fuzhu'), ['check'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FUZHU_CACHE: 'off' } });
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
  });
});
