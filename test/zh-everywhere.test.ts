/**
 * Every command with --lang zh speaks Chinese: outside ids (of items, parameters, entitlements,
 * definitions, enumeration values, household fields, scenarios, households, diagnostics), file
 * paths, flags, dates and numbers, no word in Latin letters reaches the reader. JSON is exempt,
 * since it holds both labels by design; so is the policy's own text that exists only in English
 * (the sources of provisional figures and the projection's assumptions, named below). Help has
 * its own test of this (test/help.test.ts), with the placeholders and format names it may show.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzhuProcess, tempDir } from './cliRun.js';
import { BUILTINS } from '../src/dsl/builtins.js';
import { KEYWORDS } from '../src/dsl/tokens.js';
import { shippedPolicy } from './helpers.js';

const EXAMPLE = 'policy/liuzhou-2018/examples/death-couple.yaml';
const SAMPLE = 'policy/populations/liuzhou-sample.jsonl';
const REFORM = 'policy/scenarios/reform-2019.yaml';

/** Every id a Chinese reader may meet as written: the policy's names, its household fields and values, the scenarios'. */
function ids(): Set<string> {
  const p = shippedPolicy();
  // The commands' own names, and the ids of the bundled scenarios and population spec.
  const words = new Set<string>(['fuzhu', 'diff', 'liuzhou', 'reform', 'synthetic', 'baseline', 'set']);
  const add = (id: string) => id.split(/[^A-Za-z]+/).forEach((w) => w && words.add(w));
  [...p.parameters.keys(), ...p.definitions.keys(), ...p.items.map((i) => i.id), ...p.entitlements.map((e) => e.id), ...p.properties.map((x) => x.id), ...p.interpretations.map((i) => i.id), ...p.payers.map((x) => x.id)].forEach(add);
  for (const r of p.household.records.values()) r.fields.forEach((f) => add(f.name));
  for (const [name, e] of [...p.household.enums, ...p.enums]) [name, ...e.values].forEach(add);
  for (const name of p.household.records.keys()) add(name);
  // Clause ids (三（一） para 2) and the expression language that explain and diff quote as code.
  [...p.clauses.keys()].forEach(add);
  [...KEYWORDS, ...Object.keys(BUILTINS), 'month', 'end', 'start'].forEach(add);
  // The built-in invariants and scenario relations, listed by id (src/messages/prop.ts).
  ['evaluates_without_error', 'deterministic', 'no_negative_amounts', 'shares_sum_to_amounts', 'year_is_its_months', 'no_change_scenario_is_baseline', 'compiled_is_interpreter', 'payouts_never_lower'].forEach(add);
  return words;
}

/**
 * Text that is the policy's own and exists only in English: the sources of provisional figures
 * (parameters.yaml `source:`) and of the projection's assumptions. Listed so that nothing else
 * hides behind them.
 */
function englishOnlyPolicyText(): string[] {
  const p = shippedPolicy();
  const sources = [...p.parameters.values()].flatMap((x) => [x.source, ...x.values.map((v) => v.source)]).filter((s): s is string => typeof s === 'string');
  const projection = readFileSync('policy/populations/projection.yaml', 'utf8').match(/source: >-\n((?:\s{4}.*\n)+)|source: (.*)/g) ?? [];
  // Longest first, so that a short one (`assumed`) does not break a longer one that holds it.
  return [...sources, ...projection.map((s) => s.replace(/^source: (>-)?/, '').replace(/\s+/g, ' ').trim())].sort((a, b) => b.length - a.length);
}

/** The Latin-letter words of a text that are not ids, flags, paths, codes, dates or exempt policy text. */
function englishWords(text: string): string[] {
  const known = ids();
  let rest = text;
  for (const s of englishOnlyPolicyText()) rest = rest.split(s).join(' ');
  rest = rest
    .replace(/(?:[\w.-]+\/)+[\w.-]+/g, ' ') // paths
    .replace(/--[\w-]+/g, ' ') // flags
    .replace(/\bE-[A-Z]+(?:-[A-Z0-9]+)*\b/g, ' ') // diagnostic codes
    .replace(/\b(?:LZ|GEN)-\d+\b/g, ' ') // household ids, of the sample and of generated witnesses
    .replace(/\b[\w-]+\.(?:yaml|jsonl|csv|html|md|xlsx)\b/g, ' '); // file names
  const words = rest.match(/[A-Za-z]{2,}/g) ?? [];
  return [...new Set(words.filter((w) => !known.has(w)))];
}

function zh(args: string[]): { code: number | null; text: string } {
  const r = fuzhuProcess([...args, '--lang', 'zh'], { env: { ...process.env, LANG: 'en_US.UTF-8' }, timeout: 120_000 });
  return { code: r.status, text: `${r.stdout}\n${r.stderr}` };
}

describe('--lang zh: every command speaks Chinese', { timeout: 240_000 }, () => {
  const dir = tempDir();
  const cases: [string, string[]][] = [
    ['check', ['check']],
    ['test', ['test', '--coverage']],
    ['eval', ['eval', EXAMPLE, '--period', '2019']],
    ['eval of a folder', ['eval', 'policy/liuzhou-2018/examples', '--period', '2019-03']],
    ['explain', ['explain', EXAMPLE, '--period', '2019-03']],
    ['simulate', ['simulate', '--population', SAMPLE, '--from', '2019-01', '--to', '2019-03', '--scenario', REFORM, '--md', join(dir, 'r.md')]],
    ['simulate --project', ['simulate', '--population', SAMPLE, '--project', '2019..2019', '--runs', '1', '--scenario', REFORM]],
    ['diff', ['diff', 'policy/liuzhou-2018', '--scenario', REFORM, '--runs', '50', '--population', SAMPLE, '--from', '2019-01', '--to', '2019-01']],
    ['prop', ['prop', '--seed', '1', '--runs', '3', '--scenario', REFORM]],
    ['generate', ['generate', '--households', '5', '--seed', '1', '--out', join(dir, 'g.jsonl')]],
    ['doc', ['doc', '--out', join(dir, 'doc')]],
    ['params', ['params']],
  ];
  for (const [name, args] of cases) {
    it(`${name}: no English word outside ids`, () => {
      const r = zh(args);
      expect(r.code, r.text).toBe(0);
      expect(r.text).toMatch(/[\u4e00-\u9fff]/);
      expect(englishWords(r.text).join(' '), r.text.slice(0, 3000)).toBe('');
    });
  }

  it('the Markdown of simulate is Chinese too', () => {
    expect(englishWords(readFileSync(join(dir, 'r.md'), 'utf8')).join(' ')).toBe('');
  });

  it('finds English where there is some (the check itself can fail)', () => {
    expect(englishWords('合计 total 650.00 allowance')).toEqual(['total']);
  });
});

describe('--lang zh: the frame of an error', () => {
  it('is in Chinese, the message and location exact', () => {
    const dir = tempDir();
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'id: X1\nhukou: { county: "450299", type: urban }\nwife: { birth_date: 1960-01-01 }\nchildren: []\n');
    const r = zh(['eval', path, '--period', '2019-03']);
    expect(r.code).toBe(1);
    expect(r.text).toContain('错误[E-HH-ENUM]：');
    expect(r.text).toContain(`--> ${path}:2:18`);
    expect(r.text).toContain('1个错误');
    expect(r.text).not.toMatch(/\berror\b/);
  });
});

describe('--lang zh: an output file that cannot be used', () => {
  it('is refused in Chinese, and in English as before', () => {
    const args = ['simulate', '--population', SAMPLE, '--from', '2019-01', '--to', '2019-01', '--report', '/proc/x.html'];
    const r = zh(args);
    expect(r.code).toBe(1);
    expect(r.text).toContain('fuzhu simulate: 无法使用 /proc/x.html：/proc 是系统文件夹，不能存放输出文件');
    const en = fuzhuProcess([...args, '--lang', 'en']);
    expect(en.stderr).toContain('fuzhu simulate: cannot use /proc/x.html: /proc is a system folder, not a place for output files');
  });
});
