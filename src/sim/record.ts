/** What a population reader gives: records with their place in the file, and the error that stops reading. */
import type { Diagnostic } from '../diag/index.js';

export interface RawRecord {
  /** The record's first line in the file. */
  readonly line: number;
  /** Its column, where the format has one record after another on a line (a JSON list). */
  readonly column?: number;
  /** The household as plain data, or a reason it could not even be read as data. */
  readonly data: unknown;
  readonly error?: string;
  /** The error's code, when it is more precise than E-POP-RECORD. */
  readonly code?: string;
}

/**
 * The file cannot be read on (it is not a regular file, or it is malformed where the records
 * after the fault cannot be told apart): the run stops with this error, whatever
 * `--skip-invalid` says, so that no household is lost without a word.
 */
export class PopulationError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'PopulationError';
  }
}
