/**
 * The `fuzhu` command line, driven through `run(argv, io)` with a capturing io, plus one run of
 * the built program as a real process.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { fuzhu, fuzhuProcess, MAIN, tempDir } from './cliRun.js';


const POLICY = 'policy/liuzhou-2018';
const EXAMPLE = `${POLICY}/examples/death-couple.yaml`;
const BAD_HOUSEHOLD = 'test/fixtures/households/bad-date.yaml';

/** A copy of the shipped policy with `from` replaced by `to` in `file`; returns the folder and the new text. */
function plantedPolicy(file: string, from: string, to: string): { dir: string; text: string } {
  const dir = tempDir();
  cpSync(POLICY, dir, { recursive: true });
  const path = join(dir, file);
  const original = readFileSync(path, 'utf8');
  expect(original).toContain(from);
  const text = original.replace(from, to);
  writeFileSync(path, text);
  return { dir, text };
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function lineColumn(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' not found`);
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - (before.lastIndexOf('\n') + 1) + 1 };
}

describe('fuzhu check', () => {
  it('passes the shipped policy and says it is clean', async () => {
    const r = await fuzhu('check');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/— clean$/m);
    expect(r.out).toContain('柳政规〔2018〕41号');
    expect(r.err).toBe('');
  });

  it('passes the shipped policy named explicitly, also as --json', async () => {
    expect((await fuzhu('check', POLICY)).code).toBe(0);
    const r = await fuzhu('check', POLICY, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ ok: true, diagnostics: [] });
  });

  it('reports a planted type error with E-TYPE-MISMATCH at its file:line:column', async () => {
    const planted = 'p.birth_date >= param(eligibility.wife_min_age)';
    const { dir, text } = plantedPolicy('rules.yaml', 'p.birth_date >= param(eligibility.min_birth_date)', planted);
    const { line, column } = lineColumn(text, planted);
    const r = await fuzhu('check', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[E-TYPE-MISMATCH]');
    expect(r.err).toContain(`${join(dir, 'rules.yaml')}:${line}:${column}`);
    expect(r.err).toContain(planted);
    expect(r.out).not.toContain('clean');

    const json = await fuzhu('check', dir, '--json');
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.out) as { ok: boolean; diagnostics: { code: string; line: number; column: number; file: string }[] };
    expect(parsed.ok).toBe(false);
    expect(parsed.diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([['E-TYPE-MISMATCH', join(dir, 'rules.yaml'), line, column]]);
  });

  it('reports a misspelt parameter with E-PARAM-UNKNOWN and a suggestion', async () => {
    const { dir, text } = plantedPolicy('rules.yaml', 'param(eligibility.min_birth_date)', 'param(eligibility.min_birth_dat)');
    const { line, column } = lineColumn(text, 'eligibility.min_birth_dat)');
    const r = await fuzhu('check', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[E-PARAM-UNKNOWN]');
    expect(r.err).toContain("Did you mean 'eligibility.min_birth_date'?");
    expect(r.err).toContain(`${join(dir, 'rules.yaml')}:${line}:${column}`);
  });

  it('reports a definition cycle with E-DEF-CYCLE', async () => {
    const dir = tempDir();
    cpSync(POLICY, dir, { recursive: true });
    const path = join(dir, 'rules.yaml');
    const original = readFileSync(path, 'utf8');
    const judged = `expr: "if param(interpretation.judgement_day) = 'month_end' then month.end else month.start"`;
    expect(original).toContain('expr: month.end >= param(scheme.start_date)');
    expect(original).toContain(judged);
    // in_force uses judged_on, and judged_on uses in_force.
    const text = original.replace('expr: month.end >= param(scheme.start_date)', 'expr: judged_on >= param(scheme.start_date)').replace(judged, 'expr: "if in_force then month.end else month.start"');
    writeFileSync(path, text);
    const r = await fuzhu('check', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[E-DEF-CYCLE]');
    expect(r.err).toMatch(/in_force → judged_on → in_force|judged_on → in_force → judged_on/);
    const uses = [lineColumn(text, 'judged_on >= param'), lineColumn(text, 'in_force then')].map(({ line, column }) => `${path}:${line}:${column}`);
    expect(uses.some((u) => r.err.includes(u))).toBe(true);
  });

  it('reports a definition that uses itself with E-DEF-CYCLE', async () => {
    const { dir } = plantedPolicy('rules.yaml', 'expr: month.end >= param(scheme.start_date)', 'expr: in_force');
    const r = await fuzhu('check', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[E-DEF-CYCLE]');
    expect(r.err).toContain('in_force → in_force');
  });

  it('reports a missing policy file with E-POLICY-FILE-MISSING', async () => {
    const dir = tempDir();
    cpSync(POLICY, dir, { recursive: true });
    rmSync(join(dir, 'items.yaml'));
    const r = await fuzhu('check', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[E-POLICY-FILE-MISSING]');
    expect(r.err).toContain('items.yaml');
  });

  it('reports a folder that is not a policy package', async () => {
    const r = await fuzhu('check', join(tempDir(), 'nowhere'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[E-POLICY-MISSING]');
  });
});

interface EvalJson {
  household: string;
  period: string;
  in_force: boolean;
  category: string | null;
  persons: Record<string, { eligible: boolean }>;
  lines: { item: string; person?: string; amount: string; payers: Record<string, string>; cite: string; provisional: boolean }[];
  entitlements: { id: string; person?: string; cite: string }[];
  totals: { amount: string; payers: Record<string, string> };
}

const MONEY = /^-?\d+\.\d{2}$/;

function sum(values: Iterable<string>): Decimal {
  let s = new Decimal(0);
  for (const v of values) s = s.plus(v);
  return s;
}

describe('fuzhu eval', () => {
  it('prints the contract JSON for the death couple in 2019-03', async () => {
    const r = await fuzhu('eval', EXAMPLE, '--period', '2019-03', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as EvalJson;
    expect(j.household).toBe('LZ-0001');
    expect(j.period).toBe('2019-03');
    expect(j.in_force).toBe(true);
    expect(j.category).toBe('death');
    expect(j.persons).toEqual({ wife: { eligible: true }, husband: { eligible: true } });
    expect(Array.isArray(j.entitlements)).toBe(true);

    const allowance = j.lines.filter((l) => l.item === 'allowance');
    expect(allowance.map((l) => l.person).sort()).toEqual(['husband', 'wife']);
    for (const l of allowance) {
      expect(l.amount).toBe('650.00');
      expect(l.payers).toEqual({ city: '400.00', 'county:450205': '250.00' });
      expect(l.cite).toBe('三（一）');
      expect(l.provisional).toBe(false);
    }
    expect(j.totals.amount).toBe('1300.00');
    expect(j.totals.payers).toEqual({ city: '800.00', 'county:450205': '500.00' });
  });

  it('keeps the money arithmetic exact: payers sum to each line, lines and payers to the totals', async () => {
    for (const period of ['2019-03', '2019']) {
      const j = JSON.parse((await fuzhu('eval', EXAMPLE, '--period', period, '--json')).out) as EvalJson;
      expect(j.lines.length).toBeGreaterThan(0);
      for (const l of j.lines) {
        expect(l.amount).toMatch(MONEY);
        for (const [payer, v] of Object.entries(l.payers)) {
          expect(payer).toMatch(/^(city|county:\d{6})$/);
          expect(v).toMatch(MONEY);
        }
        expect(sum(Object.values(l.payers)).toFixed(2)).toBe(l.amount);
      }
      expect(j.totals.amount).toMatch(MONEY);
      expect(sum(j.lines.map((l) => l.amount)).toFixed(2)).toBe(j.totals.amount);
      expect(sum(Object.values(j.totals.payers)).toFixed(2)).toBe(j.totals.amount);
      for (const [payer, total] of Object.entries(j.totals.payers)) {
        expect(sum(j.lines.map((l) => l.payers[payer] ?? '0')).toFixed(2)).toBe(total);
      }
    }
  });

  it('pays the allowance for every month of 2019 (12 × 650 per person)', async () => {
    const j = JSON.parse((await fuzhu('eval', EXAMPLE, '--period', '2019', '--json')).out) as EvalJson;
    expect(j.period).toBe('2019');
    expect(sum(j.lines.filter((l) => l.item === 'allowance').map((l) => l.amount)).toFixed(2)).toBe('15600.00');
  });

  it('reports a month before 2018-07 as not in force, with nothing due', async () => {
    const j = JSON.parse((await fuzhu('eval', EXAMPLE, '--period', '2018-06', '--json')).out) as EvalJson;
    expect(j.in_force).toBe(false);
    expect(j.lines).toEqual([]);
    expect(j.totals.amount).toBe('0.00');
    expect(j.category).toBeNull();
  });

  it('prints a readable table with the total 1300.00', async () => {
    const r = await fuzhu('eval', EXAMPLE, '--period', '2019-03');
    expect(r.code).toBe(0);
    expect(r.out).toContain('LZ-0001');
    expect(r.out).toContain('allowance');
    expect(r.out).toMatch(/^\s*total\s.*1,300\.00\s+800\.00\s+500\.00/m);
    expect(r.out).toContain('Liubei District budget');
  });

  it('refuses an invalid household with exit 1, its id and field, and no stack trace', async () => {
    const r = await fuzhu('eval', BAD_HOUSEHOLD, '--period', '2019-03');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('error[E-HH-DATE]');
    expect(r.err).toContain('FX-DATE');
    expect(r.err).toContain('wife.birth_date');
    expect(r.err).toContain(`${BAD_HOUSEHOLD}:5:15`);
    expect(r.err).not.toContain('    at ');
    expect(r.err).not.toContain('internal error');
  });

  it('refuses an invalid household with --json too, without printing a result', async () => {
    const r = await fuzhu('eval', BAD_HOUSEHOLD, '--period', '2019-03', '--json');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('FX-DATE');
  });

  it('reports a missing household file with exit 1', async () => {
    const r = await fuzhu('eval', 'test/fixtures/households/no-such.yaml', '--period', '2019-03');
    expect(r.code).toBe(1);
    expect(r.err).toContain('E-FILE-MISSING');
    expect(r.err).not.toContain('    at ');
  });

  it('refuses --period 2019-13 with exit 2 and a usage message', async () => {
    const r = await fuzhu('eval', EXAMPLE, '--period', '2019-13');
    expect(r.code).toBe(2);
    expect(r.err).toContain("'2019-13'");
    expect(r.err).toContain('usage: fuzhu eval');
    expect(r.out).toBe('');
  });

  it('requires --period, with exit 2 and a usage message', async () => {
    const r = await fuzhu('eval', EXAMPLE);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--period is required');
    expect(r.err).toContain('usage: fuzhu eval');
  });

  it('requires a household, with exit 2', async () => {
    const r = await fuzhu('eval', '--period', '2019-03');
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage: fuzhu eval');
  });

  it('suggests --period for the unknown option --perod', async () => {
    const r = await fuzhu('eval', EXAMPLE, '--perod', '2019-03');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option '--perod'");
    expect(r.err).toContain("Did you mean '--period'?");
  });

  it('refuses an unknown --lang with exit 2', async () => {
    const r = await fuzhu('eval', EXAMPLE, '--period', '2019-03', '--lang', 'fr');
    expect(r.code).toBe(2);
    expect(r.err).toContain("'fr'");
  });

  // Regression: the code frame prints the whole source line for every diagnostic, so a one-line JSON file with N bad households prints N copies of that line (here ~21…
  it('keeps error output proportionate for a one-line JSON file of bad households', async () => {
    const dir = tempDir();
    const households = Array.from({ length: 200 }, (_, i) => ({ id: `L${i}`, hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '2019-02-30' }, children: [] }));
    const path = join(dir, 'one-line.json');
    writeFileSync(path, JSON.stringify(households));
    const r = await fuzhu('eval', path, '--period', '2019-03');
    expect(r.code).toBe(1);
    expect(r.err.match(/error\[E-HH-DATE\]/g)).toHaveLength(200);
    expect(r.err.length).toBeLessThan(1_000_000);
  });
});

describe('fuzhu explain', () => {
  it('quotes the clause text 女方年满49周岁 with --lang zh', async () => {
    const r = await fuzhu('explain', EXAMPLE, '--period', '2019-03', '--lang', 'zh');
    expect(r.code).toBe(0);
    expect(r.out).toContain('“女方年满49周岁。”');
    expect(r.out).toContain('LZ-0001');
  });

  it('explains one item with --item', async () => {
    const r = await fuzhu('explain', EXAMPLE, '--period', '2019-03', '--item', 'allowance');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Monthly allowance — allowance, wife [三（一）]');
    expect(r.out).toContain('= Monthly allowance (wife): 650.00 CNY');
    // Nothing of the other items: not their nodes, not who they are for.
    expect(r.out).not.toContain('funeral_waiver');
    expect(r.out).not.toContain('one_time_subsidy');
    const all = await fuzhu('explain', EXAMPLE, '--period', '2019-03');
    expect(all.out).toContain('funeral_waiver');
  });

  it('refuses --item nosuch with exit 2', async () => {
    const r = await fuzhu('explain', EXAMPLE, '--period', '2019-03', '--item', 'nosuch');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown item 'nosuch'");
    expect(r.err).toContain('usage: fuzhu explain');
  });

  it('suggests the nearest item for a misspelt --item', async () => {
    const r = await fuzhu('explain', EXAMPLE, '--period', '2019-03', '--item', 'allowanse');
    expect(r.code).toBe(2);
    expect(r.err).toContain("Did you mean 'allowance'?");
  });

  // Regression: with nothing near 'nosuch' the message offers neither a suggestion nor the valid item ids ("fuzhu explain: unknown item 'nosuch'." then the usage line…
  it('lists the valid items when nothing is near the unknown --item', async () => {
    const r = await fuzhu('explain', EXAMPLE, '--period', '2019-03', '--item', 'nosuch');
    expect(r.code).toBe(2);
    expect(r.err).toContain('allowance');
  });
});

describe('fuzhu: commands and help', () => {
  it('suggests the nearest command for an unknown one', async () => {
    const r = await fuzhu('evl');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'evl'");
    expect(r.err).toContain("Did you mean 'eval'?");
  });

  it('prints help with exit 0 for --help, and exit 2 with no command', async () => {
    const help = await fuzhu('--help');
    expect(help.code).toBe(0);
    for (const c of ['check', 'eval', 'explain']) expect(help.out).toContain(c);
    expect((await fuzhu()).code).toBe(2);
  });

  it('prints its version, the package.json one, for --version and -V', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await fuzhu(flag);
      expect(r.code).toBe(0);
      expect(r.out).toBe(`fuzhu ${version}`);
    }
  });

  it('prints a command usage for <command> --help', async () => {
    const r = await fuzhu('eval', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: fuzhu eval HOUSEHOLD|POPULATION --period P');
  });
});

/** A process of its own: 2–11 s on a loaded 2-core machine. */
describe('the built program', { timeout: 60_000 }, () => {
  // Built by vitest's global setup (test/setup/build.ts); a missing build fails, never skips.
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\``);
  });

  const node = (...args: string[]) => fuzhuProcess(args);

  it('`node dist/cli/main.js check` exits 0', () => {
    const r = node('check');
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('clean');
  });

  it('refuses a pathologically nested household file cleanly, as a real process', () => {
    const path = join(tempDir(), 'deep.yaml');
    writeFileSync(path, `x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    const r = node('eval', path, '--period', '2019-03');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error\[E-YAML-/);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).not.toContain('    at ');
  });

  // Regression: beyond ~1000 levels the yaml parser overflows its stack and records the RangeError as a document error instead of throwing, so parseYaml (src/policy/y…
  it('refuses a 5000-level nesting with E-YAML-TOO-DEEP', () => {
    const path = join(tempDir(), 'deep.yaml');
    writeFileSync(path, `x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    const r = node('eval', path, '--period', '2019-03');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error[E-YAML-TOO-DEEP]');
  });
});

describe('fuzhu eval on several households', () => {
  it('sums them in the table, and gives a list in JSON for a folder or a list file', async () => {
    const table = await fuzhu('eval', 'policy/liuzhou-2018/examples', '--period', '2019-03');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/5 households, 4 with a payment: total 4,450\.00 CNY \(city 2,750\.00, /);
    const dir = tempDir();
    const path = join(dir, 'two.yaml');
    writeFileSync(path, `- { id: A, hukou: { county: "450205", type: urban }, wife: { birth_date: 1963-05-20 }, children: [{ birth_date: 1988-09-01, death_date: 2014-03-02 }] }\n- { id: B, hukou: { county: "450205", type: urban }, wife: { birth_date: 1990-05-20 }, children: [] }\n`);
    const json = JSON.parse((await fuzhu('eval', path, '--period', '2019-03', '--json')).out) as { household: string }[];
    expect(json.map((j) => j.household)).toEqual(['A', 'B']);
    const one = JSON.parse((await fuzhu('eval', EXAMPLE, '--period', '2019-03', '--json')).out) as { household: string };
    expect(one.household).toBe('LZ-0001');
  });
});

describe('fuzhu eval of a list or folder with one id twice', () => {
  it('refuses the second with E-POP-DUPLICATE-ID at its id, pointing to the first', async () => {
    const dir = tempDir();
    const one = (birth: string) => `- id: A\n  hukou: { county: "450205", type: urban }\n  wife: { birth_date: ${birth} }\n  children: []\n`;
    const path = join(dir, 'dup.yaml');
    writeFileSync(path, one('1960-01-01') + one('1961-01-01'));
    const r = await fuzhu('eval', path, '--period', '2019-03', '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.err).toContain("error[E-POP-DUPLICATE-ID]: household id 'A' is given twice");
    expect(r.err).toMatch(/--> .*dup\.yaml:5:7[\s\S]*note: first given here\n  --> .*dup\.yaml:1:7/);
  });
});
