#!/usr/bin/env node
/** The `fuzhu` command: argument parsing and output only; the work is in the library. */
import { didYouMean, renderDiagnostics } from '../src/diag/index.js';
import { EvalError } from '../src/eval/errors.js';
import { PopulationError } from '../src/sim/record.js';
import { UsageError } from './args.js';
import { Failed } from './context.js';
import { fileError, OutputError } from './files.js';
import { endQuietlyOnClosedPipe, processIo, type Io } from './output.js';

interface Command {
  run: (io: Io, argv: string[]) => number | Promise<number>;
  usage: string;
}

/**
 * Each command's module is loaded only when that command runs, so that `fuzhu check` never loads
 * what `simulate` draws with (ink, react, vega) nor what `prop` generates with (fast-check).
 * `draws` marks the commands that render ink views on a terminal.
 */
const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string; draws?: true }> = {
  check: { load: async () => import('./commands/check.js').then((m) => ({ run: m.check, usage: m.usage })), summary: 'validate and type-check a policy package' },
  eval: { load: async () => import('./commands/eval.js').then((m) => ({ run: m.evalCommand, usage: m.usage })), summary: 'evaluate households for a month or a year' },
  explain: { load: async () => import('./commands/explain.js').then((m) => ({ run: m.explainCommand, usage: m.usage })), summary: 'explain every figure down to the clause' },
  generate: { load: async () => import('./commands/generate.js').then((m) => ({ run: m.generateCommand, usage: m.usage })), summary: 'write a synthetic population from a spec of stated assumptions' },
  simulate: { load: async () => import('./commands/simulate.js').then((m) => ({ run: m.simulateCommand, usage: m.usage })), summary: 'the budget of a population, by payer, item, county and year, against scenarios', draws: true },
  test: { load: async () => import('./commands/test.js').then((m) => ({ run: m.testCommand, usage: m.usage })), summary: "run a policy's YAML tests" },
  diff: { load: async () => import('./commands/diff.js').then((m) => ({ run: m.diffCommand, usage: m.usage })), summary: 'what a new version of the rules changes: structure, meaning (witness households), impact' },
  prop: { load: async () => import('./commands/prop.js').then((m) => ({ run: m.propCommand, usage: m.usage })), summary: 'property-test the rules on generated households' },
  doc: { load: async () => import('./commands/doc.js').then((m) => ({ run: m.docCommand, usage: m.usage })), summary: "write the document's text beside its encoding (Markdown and HTML)" },
};

/** The list of commands with their usage: the only place every command's module is loaded. */
async function help(): Promise<string> {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const usages = await Promise.all(Object.values(COMMANDS).map(async (c) => (await c.load()).usage));
  return [
    'fuzhu — policy as data: evaluate, explain, simulate and test welfare rules',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c], i) => `  ${name.padEnd(width)}  ${c.summary}\n  ${' '.repeat(width)}  ${usages[i]}`),
    '',
    'The default policy is policy/liuzhou-2018. Periods are a month (2019-03) or a year (2019).',
    '`fuzhu --version` prints the version.',
  ].join('\n');
}

/** Runs a command; returns the exit code. Never lets an exception reach the user as a stack trace. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(await help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(`fuzhu ${(await import('../src/policy/root.js')).fuzhuVersion()}`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.err(`fuzhu: unknown command '${name}'.${didYouMean(name, Object.keys(COMMANDS))}\n\n${await help()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${command.usage}`);
    return 0;
  }
  // The ink views of a terminal, for the commands that draw them.
  if (entry.draws && io === processIo) io = (await import('./terminal.js')).terminalIo(io);
  try {
    return await command.run(io, rest);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`fuzhu ${name}: ${e.message}\nusage: ${command.usage}`);
      return 2;
    }
    if (e instanceof Failed) return 1;
    if (e instanceof OutputError || (e instanceof Error && (await isWorkerFailure(name, e)))) {
      io.err(`fuzhu ${name}: ${e.message}`);
      return 1;
    }
    if (e instanceof PopulationError) {
      io.err(renderDiagnostics([e.diagnostic]));
      return 1;
    }
    if (e instanceof EvalError) {
      io.err(renderDiagnostics([e.toDiagnostic()]));
      return 1;
    }
    const file = fileError(e);
    if (file) {
      io.err(`fuzhu ${name}: ${file}`);
      return 1;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.err(`fuzhu ${name}: internal error: ${message}\nThis is a bug in Fuzhu; please report it with the command you ran.`);
    if (process.env.FUZHU_DEBUG && e instanceof Error) io.err(e.stack ?? '');
    return 70;
  }
}

/** A worker thread of `simulate` failed: its class is loaded with that command only. */
async function isWorkerFailure(name: string, e: Error): Promise<boolean> {
  return name === 'simulate' && e instanceof (await import('../src/sim/simulate.js')).WorkerFailure;
}

// Run only when executed as a program, not when imported by tests.
const invoked = process.argv[1] ?? '';
if (invoked.endsWith('main.js') || invoked.endsWith('fuzhu')) {
  endQuietlyOnClosedPipe();
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
