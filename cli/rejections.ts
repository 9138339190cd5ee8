/** Records of a population that were rejected, as `simulate` and `eval` report them: located, counted, and fatal unless --skip-invalid. */
import { rejectionText, type Rejected } from '../src/index.js';
import type { Io } from './output.js';

/** Reports rejected records; false when the run must fail for them (without --skip-invalid). */
export function rejectionsAllowed(io: Io, population: string, rejected: number, rejections: readonly Rejected[], skip: boolean | undefined): boolean {
  if (rejected === 0) return true;
  const lines = rejections.slice(0, 20).map((r) => `  ${rejectionText(population, r)}`);
  const more = rejected > lines.length ? [`  … and ${rejected - lines.length} more`] : [];
  io.err(`${rejected} records rejected:\n${[...lines, ...more].join('\n')}`);
  if (skip) return true;
  io.err('the run fails on invalid records; fix them, or pass --skip-invalid to evaluate the others and count these as skipped');
  return false;
}
