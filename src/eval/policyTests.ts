/**
 * Policy tests: YAML files in a package's tests/ folder, each giving a household, a period (or
 * several), optionally a scenario, and the expected result. Only what a test names is checked,
 * except lists (lines, entitlements), which must match exactly.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Decimal } from 'decimal.js';
import { type Diagnostic, type Span } from '../diag/index.js';
import type { Engine } from '../engines/engine.js';
import { monthByMonth } from '../engines/range.js';
import type { Household } from './household.js';
import { applyScenarioFile, displayPath, readYamlFile, validateAgainst, type Policy, type YamlFile } from '../policy/index.js';
import { EvalError } from './errors.js';
import type { Coverage } from './coverage.js';
import { evaluate, evaluationOf, type Evaluation } from './evaluate.js';
import { readHousehold } from './household.js';
import { monthsOf, parsePeriod, type Period } from './period.js';
import { evaluationJson } from './result.js';

export interface TestOutcome {
  readonly file: string;
  readonly name: string;
  /** The clauses the test says it covers. */
  readonly cites: readonly string[];
  readonly span: Span;
  readonly failures: readonly string[];
  /** Evaluations made, for coverage. */
  readonly evaluations: readonly Evaluation[];
}

export interface TestRun {
  readonly outcomes: TestOutcome[];
  readonly diagnostics: Diagnostic[];
}

type Json = unknown;

function isNumeric(v: Json): boolean {
  return (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v));
}

/** Compares an expected value with the actual one; pushes a message per difference. */
function compare(path: string, expected: Json, actual: Json, out: string[]): void {
  if (isNumeric(expected) && isNumeric(actual)) {
    if (!new Decimal(expected as string).eq(actual as string)) out.push(`${path}: expected ${String(expected)}, got ${String(actual)}`);
    return;
  }
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object') {
      out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      return;
    }
    for (const [k, v] of Object.entries(expected)) compare(`${path}.${k}`, v, (actual as Record<string, Json>)[k], out);
    return;
  }
  if (expected !== actual) out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Payers must match exactly: no payer missing, none extra. */
function comparePayers(path: string, expected: Record<string, Json>, actual: Record<string, Json>, out: string[]): void {
  for (const k of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    if (!(k in expected)) out.push(`${path}.${k}: not expected, got ${String(actual[k])}`);
    else if (!(k in actual)) out.push(`${path}.${k}: expected ${String(expected[k])}, got nothing`);
    else compare(`${path}.${k}`, expected[k], actual[k], out);
  }
}

type ExpectedLine = { item: string; person?: string | null; amount?: Json; payers?: Record<string, Json>; provisional?: boolean };

function compareLines(expected: ExpectedLine[], actual: Record<string, Json>[], out: string[]): void {
  const key = (item: Json, person: Json) => `${String(item)}${person ? ` (${String(person)})` : ''}`;
  const remaining = [...actual];
  for (const e of expected) {
    const i = remaining.findIndex((a) => a.item === e.item && (e.person === undefined || (a.person ?? null) === e.person));
    if (i < 0) {
      out.push(`lines: expected ${key(e.item, e.person)}, not due`);
      continue;
    }
    const a = remaining.splice(i, 1)[0]!;
    const path = `lines[${key(e.item, e.person)}]`;
    if (e.amount !== undefined) compare(`${path}.amount`, e.amount, a.amount, out);
    if (e.provisional !== undefined) compare(`${path}.provisional`, e.provisional, a.provisional, out);
    if (e.payers) comparePayers(`${path}.payers`, e.payers, a.payers as Record<string, Json>, out);
  }
  for (const a of remaining) out.push(`lines: ${key(a.item, a.person)} ${String(a.amount)} is due but not expected`);
}

/** Compares a list of ids (or {id, person}) exactly, as a set; `what` names the list. */
function compareSet(what: string, expected: (string | Record<string, string | null>)[], actual: Record<string, Json>[], idKey: string, out: string[]): void {
  const byId = expected.every((e) => typeof e === 'string');
  const want = new Set(expected.map((e) => (typeof e === 'string' ? e : `${e[idKey]}|${e.person ?? null}`)));
  const got = new Set(actual.map((a) => (byId ? String(a[idKey]) : `${String(a[idKey])}|${String(a.person)}`)));
  for (const w of want) if (!got.has(w)) out.push(`${what}: expected ${w.replace('|', ' for ')}, not there`);
  for (const g of got) if (!want.has(g)) out.push(`${what}: ${g.replace('|', ' for ')} is there but not expected`);
}

function check(expect: Record<string, Json>, ev: Evaluation | undefined, error: string | undefined, out: string[]): void {
  if (expect.error !== undefined) {
    if (error !== expect.error) out.push(`expected the error ${String(expect.error)}, got ${error ?? 'a result'}`);
    return;
  }
  if (!ev) {
    out.push(`evaluation failed: ${error}`);
    return;
  }
  const actual = evaluationJson(ev) as Record<string, Json>;
  for (const [k, v] of Object.entries(expect)) {
    if (k === 'lines') compareLines(v as ExpectedLine[], actual.lines as Record<string, Json>[], out);
    else if (k === 'entitlements') compareSet('entitlements', v as never, actual.entitlements as never, 'id', out);
    else if (k === 'unset') compareSet('unset', v as never, (actual.unset ?? []) as never, 'item', out);
    else if (k === 'totals') {
      const t = v as { amount?: Json; payers?: Record<string, Json> };
      const at = actual.totals as { amount: Json; payers: Record<string, Json> };
      if (t.amount !== undefined) compare('totals.amount', t.amount, at.amount, out);
      if (t.payers) comparePayers('totals.payers', t.payers, at.payers, out);
    } else compare(k, v, actual[k], out);
  }
}

/** The test files of a package, sorted. */
export function testFiles(policy: Policy): string[] {
  const dir = join(policy.dir, 'tests');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

interface RawTest {
  name: string;
  cite?: string | string[];
  period?: string | number;
  periods?: (string | number)[];
  scenario?: string;
  household: unknown;
  expect: Record<string, Json>;
}

/**
 * Runs every test of a package (or the files given). Evaluations use the default month-level
 * evaluator, or the reference interpreter when recording coverage (it alone traces), or, given
 * an engine (src/engines), that engine over the period's months; coverage needs no engine.
 */
export function runPolicyTests(policy: Policy, files: readonly string[] = testFiles(policy), coverage?: Coverage, engine?: Engine): TestRun {
  if (coverage && engine) throw new Error('coverage is recorded by the reference interpreter only: give no engine');
  const outcomes: TestOutcome[] = [];
  const diagnostics: Diagnostic[] = [];
  const scenarioCache = new Map<string, Policy | undefined>();
  for (const path of files) {
    const read = readYamlFile(path, displayPath(path));
    if (!read.ok) {
      diagnostics.push(...read.diagnostics);
      continue;
    }
    const schemaErrors = validateAgainst(read.file, 'tests');
    if (schemaErrors.length) {
      diagnostics.push(...schemaErrors);
      continue;
    }
    (read.file.data as { tests: RawTest[] }).tests.forEach((t, i) => outcomes.push(runOne(policy, read.file, t, i, scenarioCache, diagnostics, coverage, engine)));
  }
  return { outcomes, diagnostics };
}

/**
 * A period evaluated by an engine. A month's evaluation has no yearly items (as `evaluate`
 * gives it); an engine, walking the year from January, works them out in their month.
 */
function evaluatedBy(engine: Engine, policy: Policy, household: Household, period: Period): Evaluation {
  const months = monthsOf(period);
  const evaluations = monthByMonth(engine.prepare(policy, months[0]!, months[months.length - 1]!).evaluate(household));
  const kept = period.kind === 'year' ? evaluations : evaluations.map((m) => ({ ...m, lines: m.lines.filter((l) => l.every !== 'year'), unset: m.unset.filter((u) => u.every !== 'year') }));
  return evaluationOf(policy, household, period, kept);
}

function runOne(
  policy: Policy,
  file: YamlFile,
  t: RawTest,
  i: number,
  scenarios: Map<string, Policy | undefined>,
  diagnostics: Diagnostic[],
  coverage: Coverage | undefined,
  engine: Engine | undefined,
): TestOutcome {
  const failures: string[] = [];
  const evaluations: Evaluation[] = [];
  const span = file.spanAt(['tests', i, 'name']);
  const cites = t.cite === undefined ? [] : Array.isArray(t.cite) ? t.cite : [t.cite];
  const outcome = { file: file.source.path, name: t.name, cites, span, failures, evaluations };
  let p: Policy | undefined = policy;
  if (t.scenario !== undefined) {
    const scenarioPath = resolve(dirname(file.source.path), t.scenario);
    if (!scenarios.has(scenarioPath)) {
      const applied = applyScenarioFile(policy, scenarioPath);
      if (!applied.ok) diagnostics.push(...applied.diagnostics);
      scenarios.set(scenarioPath, applied.ok ? applied.policy : undefined);
    }
    p = scenarios.get(scenarioPath);
    if (!p) {
      failures.push(`the scenario ${t.scenario} could not be applied`);
      return outcome;
    }
  }
  // A year written without quotes (period: 2019) reads as a number.
  const periods = (t.periods ?? (t.period !== undefined ? [t.period] : [])).map(String);
  if (periods.length === 0) failures.push('the test names no period: give period or periods');
  const keyed = t.periods !== undefined;
  // A test must check something, and every expectation must belong to a period it evaluates.
  if (keyed) {
    for (const k of Object.keys(t.expect)) if (!periods.includes(k)) failures.push(`expectations for ${k}, which is not among the periods ${periods.join(', ')}`);
  }
  const at = ['tests', i, 'household'];
  const hh = readHousehold(p, t.household, (path, key) => (key ? file.keySpan([...at, ...path]) : file.spanAt([...at, ...path])), `test '${t.name}'`);
  for (const text of periods) {
    const expect = (keyed ? t.expect[text] : t.expect) as Record<string, Json> | undefined;
    if (!expect || Object.keys(expect).length === 0) {
      failures.push(`${keyed ? `${text}: ` : ''}the test checks nothing: give what the law expects (lines, persons, totals, …)`);
      continue;
    }
    const period = parsePeriod(text);
    if (!period) {
      failures.push(`${text} is not a period`);
      continue;
    }
    const prefix = keyed ? `${text}: ` : '';
    if (!hh.ok) {
      const codes = hh.diagnostics.map((d) => d.code);
      if (expect.error !== undefined && codes.includes(String(expect.error))) continue;
      failures.push(...hh.diagnostics.map((d) => `household invalid: ${d.code} ${d.message} (${d.at ?? ''})`));
      continue;
    }
    let ev: Evaluation | undefined;
    let error: string | undefined;
    try {
      ev = engine ? evaluatedBy(engine, p, hh.household, period) : evaluate(p, hh.household, period, coverage ? { coverage } : {});
      evaluations.push(ev);
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      error = e.code;
    }
    const found: string[] = [];
    check(expect, ev, error, found);
    failures.push(...found.map((f) => prefix + f));
  }
  return outcome;
}
