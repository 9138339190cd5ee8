/** Writing to the terminal: diagnostics to stderr, results to stdout. */
import { renderDiagnostics, type Diagnostic } from '../src/index.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

export function reportDiagnostics(io: Io, ds: readonly Diagnostic[]): void {
  if (!ds.length) return;
  io.err(renderDiagnostics(ds));
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.length - errors;
  io.err(`\n${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`);
}
