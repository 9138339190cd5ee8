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
  /** For a row of a workbook's sheet (`line` is then the row): the sheet, its header and the column at fault. */
  readonly sheet?: SheetRow;
}

export interface SheetRow {
  readonly name: string;
  /** The sheet's column names in order (one array, shared by its rows): a field's column is found in it. */
  readonly header: readonly string[];
  /** The column (from 0) of the cell that could not be read, when one could not. */
  readonly column?: number;
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
