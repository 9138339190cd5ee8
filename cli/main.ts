#!/usr/bin/env node
/** The `fuzhu` command: argument parsing and output only; the work is in the library. */
import { renderDiagnostics } from '../src/diag/index.js';
import { EvalError } from '../src/eval/errors.js';
import { PopulationError } from '../src/sim/record.js';
import type { CommandName } from '../src/messages/help.js';
import { UsageError, type Options } from './args.js';
import { Failed } from './context.js';
import { fileError, OutputError } from './files.js';
import { commandList, errorLang, HELP_WORDS, isCommand, showHelp, unknownCommand, usageLine } from './help.js';
import { endQuietlyOnClosedPipe, processIo, type Io } from './output.js';

interface Command {
  run: (io: Io, argv: string[]) => number | Promise<number>;
  options: Options;
}

/**
 * Each command's module is loaded only when that command runs, so that `fuzhu check` never loads
 * what `simulate` draws with (ink, react, vega) nor what `prop` generates with (fast-check).
 * `draws` marks the commands that render ink views on a terminal. Their summaries, usage lines and
 * help are in src/messages/help.ts.
 */
const COMMANDS: Record<CommandName, { load: () => Promise<Command>; draws?: true }> = {
  check: { load: async () => import('./commands/check.js').then((m) => ({ run: m.check, options: m.options })) },
  eval: { load: async () => import('./commands/eval.js').then((m) => ({ run: m.evalCommand, options: m.options })) },
  explain: { load: async () => import('./commands/explain.js').then((m) => ({ run: m.explainCommand, options: m.options })) },
  generate: { load: async () => import('./commands/generate.js').then((m) => ({ run: m.generateCommand, options: m.options })) },
  simulate: { load: async () => import('./commands/simulate.js').then((m) => ({ run: m.simulateCommand, options: m.options })), draws: true },
  test: { load: async () => import('./commands/test.js').then((m) => ({ run: m.testCommand, options: m.options })) },
  diff: { load: async () => import('./commands/diff.js').then((m) => ({ run: m.diffCommand, options: m.options })) },
  prop: { load: async () => import('./commands/prop.js').then((m) => ({ run: m.propCommand, options: m.options })) },
  doc: { load: async () => import('./commands/doc.js').then((m) => ({ run: m.docCommand, options: m.options })) },
  params: { load: async () => import('./commands/params.js').then((m) => ({ run: m.paramsCommand, options: m.options })) },
  // Draws its own full-screen view (cli/explore/), so it needs no `draws`.
  explore: { load: async () => import('./commands/explore.js').then((m) => ({ run: (io: Io, argv: string[]) => m.exploreCommand(io, argv), options: m.options })) },
};

/** A command's declared options (its module loaded). */
export const optionsOf = async (name: CommandName): Promise<Options> => (await COMMANDS[name].load()).options;

/** Runs a command; returns the exit code. Never lets an exception reach the user as a stack trace. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  // `fuzhu --lang zh simulate …` is `fuzhu simulate --lang zh …`.
  const langWords = name === '--lang' ? 2 : name?.startsWith('--lang=') ? 1 : 0;
  const after = argv[langWords];
  if (langWords && after !== undefined && isCommand(after)) return run([after, ...argv.slice(0, langWords), ...argv.slice(langWords + 1)], io);
  const asksHelp = name === undefined || HELP_WORDS.has(name) || langWords > 0;
  const command = !asksHelp && isCommand(name) ? name : undefined;
  if (name === '--version' || name === '-V') {
    io.out(`fuzhu ${(await import('../src/policy/root.js')).fuzhuVersion()}`);
    return 0;
  }
  if (!asksHelp && !command) {
    const lang = errorLang(argv);
    io.err(`fuzhu: ${unknownCommand(name, lang)}\n\n${commandList(lang)}`);
    return 2;
  }
  try {
    if (!command) return await showHelp(io, argv, optionsOf);
    if (rest.includes('--help') || rest.includes('-h')) return await showHelp(io, rest, optionsOf, command);
    const entry = COMMANDS[command];
    const loaded = await entry.load();
    // The ink views of a terminal, for the commands that draw them (ink loaded only for a terminal).
    if (entry.draws && io === processIo && (process.stdout.isTTY || process.stderr.isTTY)) io = (await import('./terminal.js')).terminalIo(io);
    // Diagnostics printed before the command knows its policy speak the language asked for.
    return await loaded.run({ ...io, lang: errorLang(rest) }, rest);
  } catch (e) {
    const where = command ?? 'help';
    if (e instanceof UsageError && command) {
      const lang = errorLang(rest);
      io.err(`fuzhu ${command}: ${e.in(lang)}\n${usageLine(command, lang)}`);
      return 2;
    }
    if (e instanceof Failed) return 1;
    if (e instanceof OutputError) {
      io.err(`fuzhu ${where}: ${e.in(errorLang(rest))}`);
      return 1;
    }
    if (e instanceof Error && (await isWorkerFailure(where, e))) {
      io.err(`fuzhu ${where}: ${e.message}`);
      return 1;
    }
    if (e instanceof PopulationError) {
      io.err(renderDiagnostics([e.diagnostic], errorLang(rest)));
      return 1;
    }
    if (e instanceof EvalError) {
      io.err(renderDiagnostics([e.toDiagnostic()], errorLang(rest)));
      return 1;
    }
    const file = fileError(e, errorLang(rest));
    if (file) {
      io.err(`fuzhu ${where}: ${file}`);
      return 1;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.err(`fuzhu ${where}: internal error: ${message}\nThis is a bug in Fuzhu; please report it with the command you ran.`);
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
