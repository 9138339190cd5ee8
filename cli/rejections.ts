/** Records of a population that were rejected, as `simulate` and `eval` report them: located, counted, and fatal unless --skip-invalid. */
import { rejectionText, type Rejected } from '../src/sim/simulate.js';
import { COMMANDS_TEXT, grouped, type Lang } from '../src/messages/index.js';
import type { Io } from './output.js';

/** Reports rejected records; false when the run must fail for them (without --skip-invalid). */
export function rejectionsAllowed(io: Io, population: string, rejected: number, rejections: readonly Rejected[], skip: boolean | undefined, lang: Lang): boolean {
  if (rejected === 0) return true;
  const w = COMMANDS_TEXT[lang];
  const lines = rejections.slice(0, 20).map((r) => `  ${rejectionText(population, r)}`);
  const more = rejected > lines.length ? [`  ${w.andMore(grouped(String(rejected - lines.length)))}`] : [];
  io.err(`${w.rejected(grouped(String(rejected)))}\n${[...lines, ...more].join('\n')}`);
  if (skip) return true;
  io.err(w.failsOnInvalid);
  return false;
}
