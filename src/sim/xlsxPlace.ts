/**
 * Places in a workbook's sheet, for errors: a column's letters, and a row's place in words
 * (`pop.xlsx, sheet 户籍 row 5 column C (a.field)`). Apart from the reader, so that what
 * reports a place loads no workbook library.
 */
import { XLSX } from '../messages/xlsx.js';
import type { SheetRow } from './record.js';

/** A column's letters from its index (0 → A, 25 → Z, 26 → AA). */
export function columnLetters(index: number): string {
  let out = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/** Where in its sheet a rejected row is at fault: the sheet, and the column and its name when known. */
export interface SheetPlace {
  readonly name: string;
  readonly column?: string;
  readonly field?: string;
}

/**
 * The place of a row's fault: the column the reader found, else the column of the field a
 * diagnostic is about (its path, as the household reader gives it), when the header has it.
 */
export function sheetPlace(sheet: SheetRow, path?: readonly (string | number)[]): SheetPlace {
  const index = sheet.column ?? (path ? sheet.header.indexOf(path.join('.')) : -1);
  return index < 0 ? { name: sheet.name } : { name: sheet.name, column: columnLetters(index), field: sheet.header[index]! };
}

/** The place in words, with the file and row. */
export function sheetPlaceText(file: string, row: number, place: SheetPlace): string {
  return XLSX.en.place(file, place.name, row, place.column, place.field);
}
