/**
 * What `eval` and `simulate` are asked for when they write households' rows, checked before any
 * work and without loading what evaluates or writes them (cli/evalRows.ts, cli/rowsOut.ts): so
 * that `fuzhu eval` of one household loads no more than it did.
 */
import { extname } from 'node:path';
import { ROWS, type Lang } from '../src/messages/index.js';
import { formatOf } from '../src/sim/populationFormat.js';
import type { PopulationReading } from '../src/sim/readers.js';
import type { Period } from '../src/eval/period.js';
import { UsageError } from './args.js';
import { readingFrom } from './context.js';
import { outputFile } from './files.js';
import { bomAsked, bomFor } from './formats.js';

/** The files rows are written to, by extension. */
export const EXTENSIONS = ['.csv', '.jsonl', '.xlsx'] as const;

/** Checks a path for rows before any work: a writable file named .csv, .jsonl or .xlsx. */
export function rowsPath(path: string, flag: string, lang: Lang): string {
  if (!(EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase())) throw new UsageError(ROWS[lang].unknownExtension(flag, path, EXTENSIONS.join(', ')));
  return outputFile(path, flag, EXTENSIONS);
}

/** What `eval` is asked for when it writes rows or reads a population. */
export interface RowsAsked {
  readonly source: string;
  readonly population: boolean;
  readonly out: string | undefined;
  readonly monthly: boolean;
  readonly skipInvalid: boolean;
  /** How the population is read (a workbook's sheet, a CSV file's encoding). */
  readonly reading: PopulationReading;
  /** A byte-order mark heads a CSV file of rows. */
  readonly bom: boolean;
}

/** A population file for eval: one the population readers read that is not a household file (YAML, JSON). */
export function isPopulation(path: string | undefined): boolean {
  const format = path === undefined ? undefined : formatOf(path);
  return format !== undefined && format !== 'yaml' && format !== 'json';
}

/**
 * The rows asked for, checked before any work (the flags that go together, the output's name);
 * undefined when eval prints its tables or JSON as usual.
 */
export function rowsAsked(values: { out?: string; monthly?: boolean; json?: boolean; 'skip-invalid'?: boolean; sheet?: string; encoding?: string; bom?: boolean; 'no-bom'?: boolean }, source: string, period: Period, lang: Lang): RowsAsked | undefined {
  const w = ROWS[lang];
  const population = isPopulation(source);
  // Checked whatever is asked, so that a flag that reads a population is never ignored.
  const reading = readingFrom(source, values.sheet, values.encoding, lang);
  const bom = bomFor(bomAsked(values, lang), lang);
  if (values.monthly && values.out === undefined) throw new UsageError(w.monthlyNeedsOut);
  if (values.monthly && period.kind !== 'year') throw new UsageError(w.monthlyNeedsYear);
  if (!population && values.out === undefined) return undefined;
  if (population && values.json) throw new UsageError(w.jsonWithPopulation(source));
  const out = values.out === undefined ? undefined : rowsPath(values.out, '--out', lang);
  return { source, population, out, monthly: values.monthly ?? false, skipInvalid: values['skip-invalid'] ?? false, reading, bom };
}

