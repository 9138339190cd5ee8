#!/usr/bin/env node
/** The `fuzhu` command: argument parsing and output only; the work is in the library. */
import { EvalError, PopulationError, WorkerFailure, didYouMean, renderDiagnostics } from '../src/index.js';
import { UsageError } from './args.js';
import { check, usage as checkUsage } from './commands/check.js';
import { diffCommand, usage as diffUsage } from './commands/diff.js';
import { docCommand, usage as docUsage } from './commands/doc.js';
import { evalCommand, usage as evalUsage } from './commands/eval.js';
import { generateCommand, usage as generateUsage } from './commands/generate.js';
import { explainCommand, usage as explainUsage } from './commands/explain.js';
import { propCommand, usage as propUsage } from './commands/prop.js';
import { simulateCommand, usage as simulateUsage } from './commands/simulate.js';
import { testCommand, usage as testUsage } from './commands/test.js';
import { Failed } from './context.js';
import { fileError, OutputError } from './files.js';
import { endQuietlyOnClosedPipe, processIo, type Io } from './output.js';

const COMMANDS: Record<string, { run: (io: Io, argv: string[]) => number | Promise<number>; usage: string; summary: string }> = {
  check: { run: check, usage: checkUsage, summary: 'validate and type-check a policy package' },
  eval: { run: evalCommand, usage: evalUsage, summary: 'evaluate households for a month or a year' },
  explain: { run: explainCommand, usage: explainUsage, summary: 'explain every figure down to the clause' },
  generate: { run: generateCommand, usage: generateUsage, summary: 'write a synthetic population from a spec of stated assumptions' },
  simulate: { run: simulateCommand, usage: simulateUsage, summary: 'the budget of a population, by payer, item, county and year, against scenarios' },
  test: { run: testCommand, usage: testUsage, summary: "run a policy's YAML tests" },
  diff: { run: diffCommand, usage: diffUsage, summary: 'what a new version of the rules changes: structure, meaning (witness households), impact' },
  prop: { run: propCommand, usage: propUsage, summary: 'property-test the rules on generated households' },
  doc: { run: docCommand, usage: docUsage, summary: "write the document's text beside its encoding (Markdown and HTML)" },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'fuzhu — policy as data: evaluate, explain, simulate and test welfare rules',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}\n  ${' '.repeat(width)}  ${c.usage}`),
    '',
    'The default policy is policy/liuzhou-2018. Periods are a month (2019-03) or a year (2019).',
  ].join('\n');
}

/** Runs a command; returns the exit code. Never lets an exception reach the user as a stack trace. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`fuzhu: unknown command '${name}'.${didYouMean(name, Object.keys(COMMANDS))}\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(io, rest);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`fuzhu ${name}: ${e.message}\nusage: ${command.usage}`);
      return 2;
    }
    if (e instanceof Failed) return 1;
    if (e instanceof WorkerFailure || e instanceof OutputError) {
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

// Run only when executed as a program, not when imported by tests.
const invoked = process.argv[1] ?? '';
if (invoked.endsWith('main.js') || invoked.endsWith('fuzhu')) {
  endQuietlyOnClosedPipe();
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
