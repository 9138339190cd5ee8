/**
 * The ink views of a terminal: a rendered view on stdout and a progress bar on stderr, each
 * only when that stream is a terminal. Loaded by the commands that draw (`simulate`), so that
 * the others never load ink or react.
 */
import { render, renderToString } from 'ink';
import { createElement, type ReactElement } from 'react';
import type { Lang } from '../src/messages/index.js';
import type { Io, ProgressHandle } from './output.js';
import { Progress } from './views/Progress.js';
import { progressText } from './views/progressText.js';

function inkProgress(label: string, lang: Lang): ProgressHandle {
  const started = Date.now();
  const instance = render(createElement(Progress, { done: 0, text: progressText(label, 0, undefined, 0, lang) }), { stdout: process.stderr, patchConsole: false, exitOnCtrlC: true });
  return {
    update: (done, total) => instance.rerender(createElement(Progress, { done, ...(total ? { total } : {}), text: progressText(label, done, total, Date.now() - started, lang) })),
    done: () => {
      instance.clear();
      instance.unmount();
    },
  };
}

/** `io` with the views its terminal streams can show. */
export function terminalIo(io: Io): Io {
  return {
    ...io,
    ...(process.stdout.isTTY ? { view: (e: ReactElement) => process.stdout.write(`${renderToString(e, { columns: process.stdout.columns || 120 })}\n`) } : {}),
    ...(process.stderr.isTTY ? { progress: inkProgress } : {}),
  };
}
