/**
 * The runnable examples of the format documents (docs/household.md, docs/scenario.md,
 * docs/results.md, docs/writing-a-scenario.md), read from their fenced blocks; the marks are
 * explained in docs/household.md ("How the examples are checked"). Each example throws, naming
 * the document and line, when what the document claims is not what Fuzhu does. A document's
 * examples share one working folder, in order, so that a file one block writes is there for the
 * commands of the next.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../../src/diag/index.js';
import { readHouseholdFiles } from '../../src/eval/index.js';
import { applyScenarioFile, type Policy } from '../../src/policy/index.js';
import { fuzhuProcess } from '../cliRun.js';
import { blocksOf, type Block } from '../conformance/languageDoc.js';
import { csvColumns, exactJson, exactText, excerptText, subsetJson } from './outputs.js';
import { csvAsGbk, csvAsWorkbook, workbookAsCsv } from './workbooks.js';

export interface Workspace {
  /** The working folder of the document's commands; `policy/` in it is the project's. */
  readonly dir: string;
  readonly policy: Policy;
  /** The last command run, for the output blocks that follow it. */
  last?: { command: string; code: number; out: string; err: string };
}

export interface Example {
  readonly name: string;
  /** The diagnostic codes the example claims (a wrong example's). */
  readonly claims: readonly string[];
  run(ws: Workspace): void | Promise<void>;
}

/** What a block or command is said to give: success, a diagnostic code (exit 1), or an exit code. */
type Claim = { kind: 'ok' } | { kind: 'error'; code: string } | { kind: 'exit'; code: number };

const MARK = /^\s*# ⇒ (.*)$/;

function claimOf(mark: string | undefined, where: string): Claim {
  if (mark === undefined || mark === 'ok') return { kind: 'ok' };
  const error = /^error ([EW]-[A-Z0-9-]+)$/.exec(mark);
  if (error) return { kind: 'error', code: error[1]! };
  const exit = /^exit (\d+)$/.exec(mark);
  if (exit) return { kind: 'exit', code: Number(exit[1]) };
  throw new Error(`${where}: '# ⇒ ${mark}' says neither ok, error E-CODE nor exit N`);
}

/** A file block's claim: its one `# ⇒` line, none meaning it is accepted. */
function fileClaim(block: Block, where: string): Claim {
  const marks = block.text.split('\n').flatMap((l) => MARK.exec(l)?.[1]?.trim() ?? []);
  if (marks.length > 1) throw new Error(`${where}: more than one '# ⇒' line`);
  return claimOf(marks[0], where);
}

function claims(claim: Claim): string[] {
  return claim.kind === 'error' ? [claim.code] : [];
}

/** Diagnostics against a claim: the first reported has the claimed code, or there are none. */
function judgeDiagnostics(where: string, claim: Claim, diagnostics: readonly Diagnostic[]): void {
  const seen = diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n');
  if (claim.kind === 'ok' && diagnostics.length) throw new Error(`${where}: shown as accepted, but refused:\n${seen}`);
  if (claim.kind === 'error' && diagnostics[0]?.code !== claim.code) throw new Error(`${where}: shown as refused with ${claim.code}, but ${diagnostics.length ? `the first problem is\n${seen}` : 'accepted'}`);
  if (claim.kind === 'exit') throw new Error(`${where}: a file is accepted or refused; 'exit N' belongs to a command`);
}

/** The environment commands run in: an English locale, as the documents' outputs are shown. */
function commandEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
  delete env.FUZHU_DEBUG;
  return env;
}

/** Runs `fuzhu ARGS` in the working folder and judges its exit code (and code in stderr) against the claim. */
function runCommand(ws: Workspace, where: string, args: string[], claim: Claim): void {
  const r = fuzhuProcess(args, { cwd: ws.dir, env: commandEnv(), timeout: 300_000 });
  if (r.status === null) throw new Error(`${where}: fuzhu ${args.join(' ')} did not finish (${r.error?.message ?? r.signal})`);
  const out = String(r.stdout);
  const err = String(r.stderr);
  ws.last = { command: `fuzhu ${args.join(' ')}`, code: r.status, out, err };
  const said = `exit ${r.status}\n--- stdout\n${out.slice(0, 2000)}\n--- stderr\n${err.slice(0, 2000)}`;
  const want = claim.kind === 'exit' ? claim.code : claim.kind === 'error' ? 1 : 0;
  if (r.status !== want) throw new Error(`${where}: fuzhu ${args.join(' ')} should exit ${want}:\n${said}`);
  if (claim.kind === 'error' && !new RegExp(`\\b${claim.code}\\b`).test(err)) throw new Error(`${where}: fuzhu ${args.join(' ')} should report ${claim.code}:\n${said}`);
}

/**
 * Writes a block's text as a file of the working folder: where `file=` says, else a name of its
 * own. A CSV table named `.xlsx` is written as a workbook (its sheet named by `sheet=`), one with
 * `encoding=gbk` in GBK.
 */
async function writeBlock(ws: Workspace, block: Block, extension: string): Promise<string> {
  const path = block.attrs.file ?? `example-${block.line}.${extension}`;
  const to = join(ws.dir, path);
  // A YAML comment is part of the file; any other format has its marks taken out.
  const text = extension === 'yaml' ? block.text : block.text.split('\n').filter((l) => !MARK.test(l)).join('\n');
  mkdirSync(dirname(to), { recursive: true });
  if (extension === 'csv' && path.endsWith('.xlsx')) await csvAsWorkbook(to, text, block.attrs.sheet);
  else if (extension === 'csv' && block.attrs.encoding === 'gbk') csvAsGbk(to, text);
  else if (block.attrs.encoding !== undefined || block.attrs.sheet !== undefined) throw new Error(`${block.line}: encoding=gbk and sheet= belong to a CSV population (sheet= to one named .xlsx)`);
  else writeFileSync(to, `${text}\n`);
  return path;
}

/**
 * A block that is a file: saved in the working folder, then judged by `check` against the
 * claim of its `# ⇒` line.
 */
function fileExample(doc: string, block: Block, kind: string, extension: string, check: (ws: Workspace, path: string, where: string, claim: Claim) => void): Example {
  const where = `${doc}:${block.line}`;
  const claim = fileClaim(block, where);
  return {
    name: `${where} ${kind}${block.attrs.file ? ` ${block.attrs.file}` : ''}`,
    claims: claims(claim),
    run: async (ws) => check(ws, await writeBlock(ws, block, extension), where, claim),
  };
}

/** A household file, read as `fuzhu eval` reads it; with `period=P`, evaluated for the output block that follows. */
function householdExample(doc: string, block: Block, lang: string): Example {
  return fileExample(doc, block, 'household', lang, (ws, path, where, claim) => {
    judgeDiagnostics(where, claim, readHouseholdFiles(ws.policy, join(ws.dir, path)).diagnostics);
    if (block.attrs.period) runCommand(ws, where, ['eval', path, '--period', block.attrs.period, '--json'], { kind: 'ok' });
  });
}

/** A scenario file, applied to the shipped policy. */
function scenarioExample(doc: string, block: Block): Example {
  return fileExample(doc, block, 'scenario', 'yaml', (ws, path, where, claim) => {
    const r = applyScenarioFile(ws.policy, join(ws.dir, path));
    judgeDiagnostics(where, claim, r.ok ? [] : r.diagnostics);
  });
}

/** A population file, simulated for one month (`from=`, default 2019-01) as `fuzhu simulate` does. */
function populationExample(doc: string, block: Block, lang: string): Example {
  const month = block.attrs.from ?? '2019-01';
  return fileExample(doc, block, 'population', lang, (ws, path, where, claim) =>
    runCommand(ws, where, ['simulate', '--population', path, '--from', month, '--to', block.attrs.to ?? month, '--json'], claim),
  );
}

/** Each `fuzhu …` line of a shell block, with the `# ⇒` line after it (none: exit 0). */
function shellExamples(doc: string, block: Block): Example[] {
  const lines = block.text.split('\n');
  const out: Example[] = [];
  lines.forEach((raw, i) => {
    const where = `${doc}:${block.line + 1 + i}`;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const command = /^(?:npx )?fuzhu(?:\s+(.*))?$/.exec(line);
    if (!command) throw new Error(`${where}: a shell line the test cannot run (only fuzhu commands): ${line}`);
    if (/["'|<>;&$`\\]/.test(line)) throw new Error(`${where}: quotes, pipes and redirections are not run by the test: ${line}`);
    const claim = claimOf(MARK.exec(lines[i + 1] ?? '')?.[1]?.trim(), where);
    const args = (command[1] ?? '').split(/\s+/).filter(Boolean);
    out.push({ name: `${where} ${line}`, claims: claims(claim), run: (ws) => runCommand(ws, where, args, claim) });
  });
  if (out.length === 0) throw new Error(`${doc}:${block.line}: a sh block without a fuzhu command`);
  return out;
}

/**
 * What the last command printed (`output`: stdout, `stderr`) or wrote (`file=`), against the
 * block: exactly, or `excerpt` (lines), `subset` (JSON fields) or `columns` (of a CSV table) of it.
 * A workbook (`file=….xlsx`) is compared as the CSV of its sheet (`sheet=`, else the first);
 * `bom=yes` or `bom=no` says whether the file begins with a byte-order mark.
 */
function outputExample(doc: string, block: Block, lang: string, stream: 'out' | 'err'): Example {
  const where = `${doc}:${block.line}`;
  const mode = (['subset', 'excerpt', 'columns'] as const).find((m) => block.info.includes(m)) ?? 'exact';
  if (mode === 'subset' && lang !== 'json' && lang !== 'jsonl') throw new Error(`${where}: 'subset' compares JSON; use 'excerpt' for lines`);
  if (mode === 'columns' && lang !== 'csv') throw new Error(`${where}: 'columns' compares CSV tables`);
  if (mode === 'excerpt' && (lang === 'json' || lang === 'jsonl')) throw new Error(`${where}: 'excerpt' compares lines; use 'subset' for JSON`);
  return {
    name: `${where} ${lang} ${stream === 'err' ? 'stderr' : 'output'}${block.attrs.file ? ` ${block.attrs.file}` : ''} (${mode})`,
    claims: [],
    async run(ws) {
      if (!ws.last) throw new Error(`${where}: an output block with no command before it`);
      const file = block.attrs.file === undefined ? undefined : join(ws.dir, block.attrs.file);
      const workbook = file?.endsWith('.xlsx') && lang === 'csv';
      const got = !file ? (stream === 'err' ? ws.last.err : ws.last.out) : workbook ? await workbookAsCsv(file, block.attrs.sheet) : readFileSync(file, 'utf8');
      if (got === undefined) throw new Error(`${where}: ${block.attrs.file} has no sheet '${block.attrs.sheet}'`);
      const bom = block.attrs.bom;
      if (bom !== undefined && (bom === 'yes') !== got.startsWith('\uFEFF')) throw new Error(`${where}: ${block.attrs.file} should ${bom === 'yes' ? '' : 'not '}begin with a byte-order mark`);
      const parse = (text: string): unknown => (lang === 'jsonl' ? text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown) : JSON.parse(text));
      const differences =
        lang === 'json' || lang === 'jsonl'
          ? (mode === 'subset' ? subsetJson : exactJson)(parse(block.text), parse(got.replace(/^\uFEFF/, '')))
          : (mode === 'columns' ? csvColumns : mode === 'excerpt' ? excerptText : exactText)(block.text, got);
      if (differences.length) throw new Error(`${where}: not what ${ws.last.command} gave${block.attrs.file ? ` in ${block.attrs.file}` : ''}:\n${differences.slice(0, 10).join('\n')}`);
    },
  };
}

/** A verbatim excerpt of a file of the project (`excerpt=FILE`), found there line for line. */
function excerptExample(doc: string, block: Block, file: string): Example {
  const where = `${doc}:${block.line}`;
  return {
    name: `${where} excerpt of ${file}`,
    claims: [],
    run() {
      const differences = excerptText(block.text, readFileSync(file, 'utf8'));
      if (differences.length) throw new Error(`${where}: not in ${file}: ${differences.join('; ')}`);
    },
  };
}

function examplesOf(doc: string, block: Block): Example[] {
  const [lang = '', kind] = block.info;
  const where = `${doc}:${block.line}`;
  if (lang === 'text' && kind === undefined) return [];
  if (lang === 'sh') return shellExamples(doc, block);
  if (block.attrs.excerpt) return [excerptExample(doc, block, block.attrs.excerpt)];
  if ((lang === 'yaml' || lang === 'json') && kind === 'household') return [householdExample(doc, block, lang)];
  if (lang === 'yaml' && kind === 'scenario') return [scenarioExample(doc, block)];
  if (['jsonl', 'csv', 'json', 'yaml'].includes(lang) && kind === 'population') return [populationExample(doc, block, lang)];
  if (kind === 'output' || kind === 'stderr') return [outputExample(doc, block, lang, kind === 'stderr' ? 'err' : 'out')];
  throw new Error(`${where}: a code block the test cannot run (\`\`\`${block.info.join(' ')}); use \`\`\`text for text that is not an example`);
}

/** Every example of a document, in its order. */
export function docExamples(doc: string, markdown: string): Example[] {
  return blocksOf(markdown, doc).flatMap((b) => examplesOf(doc, b));
}
