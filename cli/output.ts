/** Writing to the terminal: diagnostics to stderr, results to stdout. */
import { render, renderToString } from 'ink';
import { createElement, type ReactElement } from 'react';
import { renderDiagnostics, type Diagnostic } from '../src/index.js';
import { Progress } from './views/Progress.js';

export interface ProgressHandle {
  update(done: number): void;
  done(): void;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Set when stdout is a terminal: renders an ink view there. */
  view?(element: ReactElement): void;
  /** Set when stderr is a terminal: a progress bar for long runs. */
  progress?(label: string): ProgressHandle;
}

function inkProgress(label: string): ProgressHandle {
  const instance = render(createElement(Progress, { done: 0, label }), { stdout: process.stderr, patchConsole: false, exitOnCtrlC: true });
  return {
    update: (done) => instance.rerender(createElement(Progress, { done, label })),
    done: () => {
      instance.clear();
      instance.unmount();
    },
  };
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  ...(process.stdout.isTTY ? { view: (e: ReactElement) => process.stdout.write(`${renderToString(e, { columns: process.stdout.columns || 120 })}\n`) } : {}),
  ...(process.stderr.isTTY ? { progress: inkProgress } : {}),
};

export function reportDiagnostics(io: Io, ds: readonly Diagnostic[]): void {
  if (!ds.length) return;
  io.err(renderDiagnostics(ds));
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.length - errors;
  io.err(`\n${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`);
}
