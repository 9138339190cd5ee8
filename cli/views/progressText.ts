/**
 * Progress in words (how many households are done, of how many, and the time left at the pace
 * so far), for the progress bar on a terminal and, now and then, as a plain line otherwise.
 */
import type { ProgressHandle } from '../output.js';

export function progressText(label: string, done: number, total: number | undefined, elapsedMs: number): string {
  const count = total ? `${done.toLocaleString('en')} of ${total.toLocaleString('en')} households` : `${done.toLocaleString('en')} households`;
  const left = total && done > 0 && done < total ? `, about ${duration((elapsedMs * (total - done)) / done)} left` : '';
  return `${label}: ${count}${left}`;
}

function duration(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Lines written at most every `everyMs` (none for a run shorter than that), for a stderr that is not a terminal. */
export function textProgress(write: (text: string) => void, label: string, everyMs = 2000): ProgressHandle {
  const started = Date.now();
  let last = started;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      write(progressText(label, done, total, now - started));
    },
    done() {},
  };
}
