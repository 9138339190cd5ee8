/** Writing to the terminal: diagnostics to stderr, results to stdout. */
import type { ReactElement } from 'react';
import { excerpt, renderDiagnostics, type Diagnostic } from '../src/diag/index.js';
import { COMMANDS_TEXT, type Lang } from '../src/messages/index.js';

export interface ProgressHandle {
  /** Households done so far, of `total` when it is known. */
  update(done: number, total?: number): void;
  done(): void;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Set when stdout is a terminal: renders an ink view there. */
  view?(element: ReactElement): void;
  /** The language diagnostics are framed in, when the command line asks for one. */
  lang?: Lang;
  /** Set when stderr is a terminal: a progress bar for long runs, its words in `lang`. */
  progress?(label: string, lang: Lang): ProgressHandle;
}

/** Standard output and error; the ink views are added by `terminalIo` for the commands that draw. */
export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

/**
 * A closed pipe (`fuzhu explain … | head`) ends the command quietly: whoever read the output has
 * what they wanted. Any other error of the terminal streams is left to the usual handling.
 */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
}

/** The longest message or help printed whole; a longer one (quoting a file's text) is cut. */
const MAX_MESSAGE = 400;

export function reportDiagnostics(io: Io, ds: readonly Diagnostic[], lang: Lang = io.lang ?? 'en'): void {
  if (!ds.length) return;
  io.err(renderDiagnostics(ds.map((d) => ({ ...d, message: excerpt(d.message, MAX_MESSAGE), ...(d.help ? { help: excerpt(d.help, MAX_MESSAGE) } : {}) })), lang));
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.length - errors;
  io.err(`\n${COMMANDS_TEXT[lang].counts(errors, warnings)}`);
}
