/**
 * Runs every example of docs/language.md against the implementation, so that the language
 * reference cannot drift from it, and checks that the reference covers every built-in and
 * every diagnostic code the code base can produce. The conventions are explained at the top of
 * docs/language.md ("How to read the examples").
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { BUILTINS, dates, parseExpression, typeName, walk } from '../src/dsl/index.js';
import type { Diagnostic } from '../src/diag/index.js';
import { EvalError, evaluate, evaluateExpression, parsePeriod, readHouseholdFiles, type Evaluation, type Household } from '../src/eval/index.js';
import { applyScenarioFile, loadPolicy, orderPayers, type Policy } from '../src/policy/index.js';
import { checkPolicyDeeply } from '../src/index.js';
import { blocksOf, expressionsOf, type Block } from './conformance/languageDoc.js';
import { csvAsGbk, csvAsWorkbook } from './formatDocs/workbooks.js';

const DOC = 'docs/language.md';
const POLICY_DIR = 'policy/liuzhou-2018';
const EXAMPLES_DIR = join(POLICY_DIR, 'examples');
const SCENARIOS_DIR = 'policy/scenarios';

/**
 * Codes that no data can trigger: they guard the implementation against its own mistakes.
 * Each must still be explained in the reference (checked below).
 */
const EXEMPT: Record<string, string> = {
  'E-SCENARIO-ID-TWICE': 'needs two scenario files in one run, which an example block cannot give; test/scenario-check.test.ts covers it',
  'E-POLICY-UNREADABLE': 'needs a policy folder that cannot be read (permission denied), which an example block cannot make and root can read anyway; test/policy-unreadable.test.ts covers it',
  'E-FILE-UNREADABLE': 'needs a file that cannot be opened (permission denied, a loop of symbolic links), which an example block cannot make; test/readers.test.ts covers it with a loop of links',
  'E-SIM-WORKER-MEMORY': 'needs a worker thread beyond its heap bound, which no population reaches by its size; test/sim-ids.test.ts covers it with a job that holds all it is given',
  'E-API-DATE': 'thrown by the library to a program that passes a date in another form; no file or command reaches it; test/dateInput.test.ts covers it',
  'E-EVAL-NAME':
    'a name the checker accepted but evaluation cannot find; every household read through readHousehold has all its fields, so only a hand-built household object (a programming error) can reach it',
};

// ---------------------------------------------------------------------------------------------
// Reading the document

/** `⟪TEXT × N⟫` stands for TEXT written N times: for inputs too large to print. */
function expand(text: string): string {
  return text.replace(/⟪([\s\S]*?) × (\d+)⟫/g, (_, t: string, n: string) => t.repeat(Number(n)));
}

type Expectation = { kind: 'diagnostic'; severity: 'error' | 'warning'; code: string } | { kind: 'ok' } | { kind: 'value'; text: string; type?: string } | { kind: 'lines'; lines: string[] };

const TYPE_NAME = /^(optional |list of )*[a-z_]+$/;

function valueExpectation(s: string): Expectation {
  const diagnostic = /^(error|warning) ([EW]-[A-Z0-9-]+)$/.exec(s);
  if (diagnostic) return { kind: 'diagnostic', severity: diagnostic[1] as 'error' | 'warning', code: diagnostic[2]! };
  const at = s.lastIndexOf(' : ');
  if (at > 0 && TYPE_NAME.test(s.slice(at + 3))) return { kind: 'value', text: s.slice(0, at), type: s.slice(at + 3) };
  return { kind: 'value', text: s };
}

/** The `# ⇒ …` lines of a YAML or shell block. */
function fileExpectation(block: Block): Expectation {
  const marks = block.text
    .split('\n')
    .map((l) => /^\s*# ⇒ (.*)$/.exec(l)?.[1]?.trim())
    .filter((m): m is string => m !== undefined);
  if (marks.length === 0) throw new Error(`${DOC}:${block.line}: the block says nothing about its outcome (# ⇒ …)`);
  if (marks.length === 1 && marks[0] === 'ok') return { kind: 'ok' };
  if (marks.length === 1 && /^(error|warning) /.test(marks[0]!)) return valueExpectation(marks[0]!);
  return { kind: 'lines', lines: marks };
}

interface Example {
  readonly name: string;
  readonly line: number;
  readonly expect: Expectation;
  run(): Promise<Outcome> | Outcome;
  /** Built-in functions and constants the example uses (expression examples only). */
  readonly uses: readonly string[];
}

type Outcome = { ok: true; value?: string; type?: string; lines?: string[] } | { ok: false; diagnostics: readonly Diagnostic[] };

// ---------------------------------------------------------------------------------------------
// The world the examples run in

const tmpRoot = mkdtempSync(join(tmpdir(), 'fuzhu-docs-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
let tmpCount = 0;
function tmpDir(): string {
  const d = join(tmpRoot, String(tmpCount++));
  mkdirSync(d);
  return d;
}

function mustLoad(dir: string): Policy {
  const r = loadPolicy(dir);
  if (!r.ok) throw new Error(`${dir} does not load: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return r.policy;
}

const shipped = mustLoad(POLICY_DIR);

/** Households by name: the files of examples/ by their stem, and `name=` household blocks. */
const households = new Map<string, Household>();
for (const f of readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.yaml'))) {
  const r = readHouseholdFiles(shipped, join(EXAMPLES_DIR, f));
  if (r.diagnostics.length || r.households.length !== 1) throw new Error(`${f}: ${r.diagnostics.map((d) => d.code).join(', ')}`);
  households.set(basename(f, '.yaml'), r.households[0]!);
}

/** Scenario files by name: those of policy/scenarios by their stem, and `name=` scenario blocks. */
const scenarioFiles = new Map<string, string>(
  readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [basename(f, '.yaml'), join(SCENARIOS_DIR, f)]),
);

/**
 * Blocks that name a household or scenario, run on first use when that comes before their own
 * test (as when a single example is run with `-t`).
 */
const namedBlocks = new Map<string, () => unknown>();

function named<T>(map: Map<string, T>, name: string): T | undefined {
  if (!map.has(name)) namedBlocks.get(name)?.();
  return map.get(name);
}

function withScenario(policy: Policy, name: string | undefined): Policy {
  if (name === undefined) return policy;
  const path = named(scenarioFiles, name);
  if (!path) throw new Error(`unknown scenario '${name}'`);
  const r = applyScenarioFile(policy, path);
  if (!r.ok) throw new Error(`scenario ${name}: ${r.diagnostics.map((d) => d.code).join(', ')}`);
  return r.policy;
}

function monthOf(text: string | undefined): number {
  const p = parsePeriod(text ?? '2019-03');
  if (!p || p.kind !== 'month') throw new Error(`month=${text} is not a month`);
  return dates.ymd(p.year, p.month, 1);
}

function household(name: string | undefined): Household {
  const h = named(households, name ?? 'death-couple');
  if (!h) throw new Error(`unknown household '${name}'`);
  return h;
}

/** One line of an evaluation as the reference prints it. */
function lineText(l: Evaluation['lines'][number]): string {
  const payers = orderPayers(l.payers).map(([p, v]) => `${p} ${v.toFixed(2)} CNY`);
  return `${l.item} ${l.person ?? 'household'} ${l.amount.toFixed(2)} CNY: ${payers.join(', ')}`;
}

function evaluated(policy: Policy, attrs: Record<string, string>): Outcome {
  try {
    const ev = evaluate(policy, household(attrs.household), { kind: 'month', year: dates.yearOf(monthOf(attrs.month)), month: dates.monthOf(monthOf(attrs.month)) });
    const unset = ev.unset.map((u) => `${u.item} ${u.person ?? 'household'} unset: ${u.parameter}`);
    return { ok: true, lines: [...ev.lines.map(lineText), ...unset] };
  } catch (e) {
    if (e instanceof EvalError) return { ok: false, diagnostics: [e.toDiagnostic()] };
    throw e;
  }
}

/** What `fuzhu check` does: load the package, then run the consistency checks. */
function checked(dir: string): { ok: true; policy: Policy } | { ok: false; diagnostics: readonly Diagnostic[] } {
  const r = loadPolicy(dir);
  if (!r.ok) return { ok: false, diagnostics: r.diagnostics };
  const diagnostics = [...r.diagnostics, ...checkPolicyDeeply(r.policy)];
  return diagnostics.length ? { ok: false, diagnostics } : { ok: true, policy: r.policy };
}

// ---------------------------------------------------------------------------------------------
// Turning blocks into examples

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON Merge Patch (RFC 7386): mappings merge, null deletes, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function expressionExamples(block: Block): Example[] {
  const { attrs } = block;
  return expressionsOf(block, DOC).map(({ line, text, result }) => {
    const uses: string[] = [];
    const parsed = parseExpression(text);
    if (parsed.ok)
      for (const e of walk(parsed.expr)) {
        if (e.kind === 'call' && BUILTINS[e.callee]) uses.push(e.callee);
        if ((e.kind === 'name' || e.kind === 'call') && shipped.payers.some((p) => p.id === (e.kind === 'name' ? e.name : e.callee))) uses.push(e.kind === 'name' ? e.name : e.callee);
      }
    return {
      name: `${DOC}:${line} ${text.replace(/\s+/g, ' ')}`,
      line,
      expect: valueExpectation(result),
      uses,
      run: () => {
        const policy = withScenario(shipped, attrs.scenario);
        const person = attrs.person === 'none' ? undefined : (attrs.person ?? 'wife');
        const r = evaluateExpression(policy, household(attrs.household), monthOf(attrs.month), text, person);
        return r.ok ? { ok: true, value: r.text, type: typeName(r.type) } : { ok: false, diagnostics: r.diagnostics };
      },
    };
  });
}

/** A household file: YAML, or JSON (`json household`, whose `# ⇒` lines are not part of the file). */
function householdExample(block: Block, json = false): Example {
  return {
    name: `${DOC}:${block.line} household${block.attrs.name ? ` ${block.attrs.name}` : ''}`,
    line: block.line,
    expect: fileExpectation(block),
    uses: [],
    run: () => {
      const dir = tmpDir();
      const path = join(dir, json ? 'household.json' : 'household.yaml');
      const text = expand(block.text);
      writeFileSync(path, json ? text.split('\n').filter((l) => !/^\s*# ⇒/.test(l)).join('\n') : text);
      const r = readHouseholdFiles(shipped, path);
      if (r.diagnostics.length) return { ok: false, diagnostics: r.diagnostics };
      if (block.attrs.name) households.set(block.attrs.name, r.households[0]!);
      return { ok: true };
    },
  };
}

function scenarioExample(block: Block): Example {
  return {
    name: `${DOC}:${block.line} scenario${block.attrs.name ? ` ${block.attrs.name}` : ''}`,
    line: block.line,
    expect: fileExpectation(block),
    uses: [],
    run: () => {
      const path = join(tmpDir(), 'scenario.yaml');
      writeFileSync(path, expand(block.text));
      const r = applyScenarioFile(shipped, path);
      if (!r.ok) return { ok: false, diagnostics: r.diagnostics };
      if (block.attrs.name) scenarioFiles.set(block.attrs.name, path);
      if (block.attrs.household) return evaluated(r.policy, block.attrs);
      return { ok: true };
    },
  };
}

function policyExample(block: Block): Example {
  return {
    name: `${DOC}:${block.line} policy change`,
    line: block.line,
    expect: fileExpectation(block),
    uses: [],
    run: () => {
      const dir = tmpDir();
      cpSync(POLICY_DIR, dir, { recursive: true });
      const patch = parseYaml(expand(block.text)) as Record<string, unknown>;
      for (const [file, change] of Object.entries(patch)) {
        const path = join(dir, file);
        if (change === null) rmSync(path);
        else writeFileSync(path, stringifyYaml(mergePatch(parseYaml(readFileSync(path, 'utf8')), change), { lineWidth: 0 }));
      }
      // With a household, as `fuzhu eval` does: load, then evaluate. Without, as `fuzhu check`.
      if (block.attrs.household) {
        const r = loadPolicy(dir);
        return r.ok ? evaluated(r.policy, block.attrs) : { ok: false, diagnostics: r.diagnostics };
      }
      const r = checked(dir);
      return r.ok ? { ok: true } : r;
    },
  };
}

/**
 * A population file (JSONL, CSV or a JSON list, by the block's language), run through the
 * simulation for one month; its `# ⇒` lines are taken out before and `⟪text × n⟫` expanded. A
 * record that cannot be read or is refused is reported, and so is a file that cannot be read on.
 */
function populationExample(block: Block): Example {
  return {
    name: `${DOC}:${block.line} population`,
    line: block.line,
    expect: fileExpectation(block),
    uses: [],
    run: async () => {
      const path = join(tmpDir(), `population.${block.info[0]}`);
      const text = expand(block.text.split('\n').filter((l) => !/^\s*# ⇒/.test(l)).join('\n')) + '\n';
      // A workbook is shown as the CSV table its sheet holds (written typed, as Excel keeps it;
      // `raw` writes the text itself); `as=gbk` writes a CSV in GBK bytes.
      if (block.info[0] === 'xlsx' && !block.info.includes('raw')) await csvAsWorkbook(path, text, block.attrs.sheet);
      else if (block.attrs.as === 'gbk') csvAsGbk(path, text);
      else writeFileSync(path, text);
      const reading = { ...(block.attrs.read !== undefined ? { sheet: block.attrs.read } : {}), ...(block.attrs.encoding !== undefined ? { encoding: block.attrs.encoding as 'gbk' } : {}) };
      // Imported here, so that a change to the simulation fails this example, not the whole file.
      const { simulate } = await import('../src/sim/simulate.js');
      const { PopulationError } = await import('../src/sim/record.js');
      const month = monthOf(block.attrs.month);
      const { EvalError } = await import('../src/eval/errors.js');
      const r = await simulate(shipped, path, { ...reading, from: month, to: month }).catch((e: unknown) => {
        if (e instanceof PopulationError || e instanceof EvalError) return e;
        throw e;
      });
      if (r instanceof PopulationError) return { ok: false, diagnostics: [r.diagnostic] };
      if (r instanceof EvalError) return { ok: false, diagnostics: [r.toDiagnostic()] };
      if (r.rejections.length) return { ok: false, diagnostics: r.rejections.map((x) => ({ code: x.code, severity: 'error' as const, message: `line ${x.line}: ${x.message}` })) };
      return { ok: true };
    },
  };
}

/** `npx fuzhu check DIR` and `npx fuzhu eval PATH --period P`, done through the library. */
function shellExamples(block: Block): Example[] {
  const lines = block.text.split('\n');
  const out: Example[] = [];
  lines.forEach((l, i) => {
    const command = /^npx fuzhu (\S+)\s*(.*)$/.exec(l.trim());
    if (!command) return;
    const mark = /^\s*# ⇒ (.*)$/.exec(lines[i + 1] ?? '')?.[1]?.trim();
    if (mark === undefined) throw new Error(`${DOC}:${block.line + i + 1}: a command without '# ⇒' on the next line`);
    const args = command[2]!.split(/\s+/).filter(Boolean);
    const [name] = command.slice(1);
    out.push({
      name: `${DOC}:${block.line + i + 1} ${l.trim()}`,
      line: block.line + i + 1,
      expect: mark === 'ok' ? { kind: 'ok' } : valueExpectation(mark),
      uses: [],
      run: () => {
        if (name === 'check') {
          const r = checked(args[0] ?? POLICY_DIR);
          return r.ok ? { ok: true } : r;
        }
        if (name === 'eval') {
          const period = parsePeriod(args[args.indexOf('--period') + 1] ?? '');
          if (!period) throw new Error('eval needs --period');
          const r = readHouseholdFiles(shipped, args[0]!);
          if (r.diagnostics.length) return { ok: false, diagnostics: r.diagnostics };
          for (const h of r.households) evaluate(shipped, h, period);
          return { ok: true };
        }
        throw new Error(`the test does not know 'fuzhu ${name}'`);
      },
    });
  });
  if (out.length === 0) throw new Error(`${DOC}:${block.line}: a sh block without a fuzhu command`);
  return out;
}

/** An excerpt must appear in its file, line for line (at any indentation). */
function excerptExample(block: Block, file: string): Example {
  return {
    name: `${DOC}:${block.line} excerpt of ${file}`,
    line: block.line,
    expect: { kind: 'ok' },
    uses: [],
    run: () => {
      const want = block.text.split('\n');
      const have = readFileSync(file, 'utf8').split('\n');
      const indent = (s: string) => s.length - s.trimStart().length;
      for (let i = 0; i + want.length <= have.length; i++) {
        const shift = indent(have[i]!) - indent(want[0]!);
        if (shift < 0) continue;
        if (want.every((w, j) => (w.trim() === '' ? have[i + j]!.trim() === '' : have[i + j] === ' '.repeat(shift) + w))) return { ok: true };
      }
      return { ok: false, diagnostics: [{ code: 'NOT-FOUND', severity: 'error', message: `the excerpt is not in ${file}` }] };
    },
  };
}

function examplesOf(block: Block): Example[] {
  const examples = examplesOfKind(block);
  const name = block.attrs.name;
  if (name !== undefined) {
    if (namedBlocks.has(name) || households.has(name) || scenarioFiles.has(name)) throw new Error(`${DOC}:${block.line}: the name '${name}' is taken`);
    namedBlocks.set(name, () => examples[0]!.run());
  }
  return examples;
}

function examplesOfKind(block: Block): Example[] {
  const [lang, kind] = block.info;
  if (lang === 'fuzhu') return expressionExamples(block);
  if (lang === 'sh') return shellExamples(block);
  if (lang === 'yaml' && block.attrs.excerpt) return [excerptExample(block, block.attrs.excerpt)];
  if (lang === 'yaml' && kind === 'household') return [householdExample(block)];
  if (lang === 'json' && kind === 'household') return [householdExample(block, true)];
  if (lang === 'yaml' && kind === 'scenario') return [scenarioExample(block)];
  if (lang === 'yaml' && kind === 'policy') return [policyExample(block)];
  if ((lang === 'jsonl' || lang === 'csv' || lang === 'json' || lang === 'xlsx') && kind === 'population') return [populationExample(block)];
  if (lang === 'text') return [];
  throw new Error(`${DOC}:${block.line}: a code block the test cannot run (\`\`\`${block.info.join(' ')}); use \`\`\`text for text that is not an example`);
}

// ---------------------------------------------------------------------------------------------
// The tests

const markdown = readFileSync(DOC, 'utf8');
const examples = blocksOf(markdown, DOC).flatMap(examplesOf);

function describeOutcome(o: Outcome): string {
  if (!o.ok) return o.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n');
  if (o.lines) return o.lines.length ? o.lines.join('\n') : '(nothing due)';
  return o.value === undefined ? 'ok' : `${o.value} : ${o.type}`;
}

describe(`the examples of ${DOC}`, () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(100);
  });
  // Examples run in document order: a later one may use a household or scenario an earlier one named.
  for (const ex of examples) {
    it(ex.name, async () => {
      const got = await ex.run();
      const seen = describeOutcome(got);
      switch (ex.expect.kind) {
        case 'diagnostic': {
          const first = got.ok ? undefined : got.diagnostics[0]!;
          expect(first ? `${first.severity} ${first.code}` : seen, seen).toBe(`${ex.expect.severity} ${ex.expect.code}`);
          break;
        }
        case 'ok':
          expect(got.ok, seen).toBe(true);
          break;
        case 'value':
          expect(got.ok, seen).toBe(true);
          if (got.ok) {
            expect(got.value).toBe(ex.expect.text);
            if (ex.expect.type !== undefined) expect(got.type).toBe(ex.expect.type);
          }
          break;
        case 'lines':
          expect(got.ok, seen).toBe(true);
          if (got.ok) expect(got.lines).toEqual(ex.expect.lines.filter((l) => l !== 'nothing due'));
          break;
      }
    });
  }
});

/** Every `.ts` file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe(`what ${DOC} covers`, () => {
  const srcCodes = new Set(sources('src').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'([EW]-[A-Z0-9-]+)'/g)].map((m) => m[1]!)));
  const schema = parseYaml(readFileSync(join(POLICY_DIR, 'household.yaml'), 'utf8')) as { constraints?: { code: string }[] };
  const constraintCodes = new Set((schema.constraints ?? []).map((c) => c.code));
  const allCodes = new Set([...srcCodes, ...constraintCodes]);
  const documented = new Set(examples.flatMap((ex) => (ex.expect.kind === 'diagnostic' ? [ex.expect.code] : [])));

  it('has a runnable example for every diagnostic code', () => {
    const missing = [...allCodes].filter((c) => !documented.has(c) && !(c in EXEMPT)).sort();
    expect(missing, `codes without an example whose expected outcome they are`).toEqual([]);
  });

  it('exempts only codes that exist, and still explains them', () => {
    for (const code of Object.keys(EXEMPT)) {
      expect(allCodes.has(code), `${code} is exempt but no longer in src`).toBe(true);
      expect(markdown.includes(`\`${code}\``), `${code} is not explained in ${DOC}`).toBe(true);
    }
  });

  it('expects only codes that exist', () => {
    expect([...documented].filter((c) => !allCodes.has(c)).sort()).toEqual([]);
  });

  it('uses every built-in function and payer of the shipped policy in an example that succeeds', () => {
    const used = new Set(examples.filter((ex) => ex.expect.kind === 'value').flatMap((ex) => ex.uses));
    const names = [...Object.keys(BUILTINS), ...shipped.payers.map((p) => p.id)];
    expect(names.filter((n) => !used.has(n)).sort()).toEqual([]);
  });

  it('gives every built-in its signature', () => {
    for (const b of Object.values(BUILTINS)) expect(markdown.includes(b.signature), b.signature).toBe(true);
  });
});
