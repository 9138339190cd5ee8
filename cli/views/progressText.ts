/**
 * Progress in words (how many households are done, of how many, and the time left at the pace
 * so far), for the progress bar on a terminal and, now and then, as a plain line otherwise.
 */
import { COMMANDS_TEXT, grouped, type Lang } from '../../src/messages/index.js';
import type { ProgressHandle } from '../output.js';

/** `label` is already in `lang` (COMMANDS_TEXT's simulating, projecting). */
export function progressText(label: string, done: number, total: number | undefined, elapsedMs: number, lang: Lang): string {
  const w = COMMANDS_TEXT[lang];
  const count = w.progressCount(grouped(String(done)), total ? grouped(String(total)) : '');
  const left = total && done > 0 && done < total ? w.timeLeft(duration((elapsedMs * (total - done)) / done, lang)) : '';
  return `${label}${lang === 'zh' ? '：' : ': '}${count}${left}`;
}

function duration(ms: number, lang: Lang): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  const w = COMMANDS_TEXT[lang];
  return s < 60 ? w.seconds(s) : w.minutes(Math.floor(s / 60), String(s % 60).padStart(2, '0'));
}

/** Lines written at most every `everyMs` (none for a run shorter than that), for a stderr that is not a terminal. */
export function textProgress(write: (text: string) => void, label: string, lang: Lang, everyMs = 2000): ProgressHandle {
  const started = Date.now();
  let last = started;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      write(progressText(label, done, total, now - started, lang));
    },
    done() {},
  };
}
