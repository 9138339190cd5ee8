/**
 * Comparing what a command printed or wrote with what a document shows: exactly, as an excerpt
 * (the shown lines appear together, in order, somewhere in the output) or, for JSON, as a subset
 * (every field shown is there with the value shown; a list shows some of its elements, in
 * order) or, for CSV, by `columns` (the columns shown, with every row's cells in them). Each
 * returns the differences in words, empty when the output matches.
 */
import { parse as parseCsv } from 'csv-parse/sync';

/** Lines without trailing spaces or a final empty line; a leading byte-order mark is not text. */
function linesOf(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n').split('\n').map((l) => l.trimEnd());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The whole text, line for line. */
export function exactText(shown: string, got: string): string[] {
  const want = linesOf(shown);
  const have = linesOf(got);
  const at = want.findIndex((w, i) => have[i] !== w);
  if (at === -1 && want.length === have.length) return [];
  const i = at === -1 ? want.length : at;
  return [`line ${i + 1}: the document shows ${JSON.stringify(want[i] ?? '(the end)')}, the output has ${JSON.stringify(have[i] ?? '(the end)')}`];
}

/** The shown lines, together and in order, somewhere in the output. */
export function excerptText(shown: string, got: string): string[] {
  const want = linesOf(shown);
  const have = linesOf(got);
  for (let i = 0; i + want.length <= have.length; i++) if (want.every((w, j) => have[i + j] === w)) return [];
  const first = have.indexOf(want[0]!);
  const where = first === -1 ? `its first line ${JSON.stringify(want[0])} is not in the output` : `from line ${first + 1} of the output on, the lines differ`;
  return [`the excerpt is not in the output: ${where}`];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Everything shown equal to the output: objects and lists of the same keys and length. */
export function exactJson(shown: unknown, got: unknown, path = '$'): string[] {
  if (Array.isArray(shown)) {
    if (!Array.isArray(got)) return [`${path}: a list is shown, the output has ${JSON.stringify(got)}`];
    if (shown.length !== got.length) return [`${path}: ${shown.length} elements are shown, the output has ${got.length}`];
    return shown.flatMap((s, i) => exactJson(s, got[i], `${path}[${i}]`));
  }
  if (isRecord(shown)) {
    if (!isRecord(got)) return [`${path}: an object is shown, the output has ${JSON.stringify(got)}`];
    const keys = new Set([...Object.keys(shown), ...Object.keys(got)]);
    return [...keys].flatMap((k) =>
      !(k in got) ? [`${path}.${k} is shown but not in the output`] : !(k in shown) ? [`${path}.${k} is in the output but not shown`] : exactJson(shown[k], got[k], `${path}.${k}`),
    );
  }
  return Object.is(shown, got) ? [] : [`${path}: the document shows ${JSON.stringify(shown)}, the output has ${JSON.stringify(got)}`];
}

/** Every field shown, with its value; a list's shown elements in the same order among its own. */
export function subsetJson(shown: unknown, got: unknown, path = '$'): string[] {
  if (Array.isArray(shown)) {
    if (!Array.isArray(got)) return [`${path}: a list is shown, the output has ${JSON.stringify(got)}`];
    let from = 0;
    for (const [i, s] of shown.entries()) {
      let found = -1;
      for (let j = from; j < got.length && found === -1; j++) if (subsetJson(s, got[j]).length === 0) found = j;
      if (found === -1) return [`${path}[${i}]: ${JSON.stringify(s)} is not in the output's list after its element ${from}`];
      from = found + 1;
    }
    return [];
  }
  if (isRecord(shown)) {
    if (!isRecord(got)) return [`${path}: an object is shown, the output has ${JSON.stringify(got)}`];
    return Object.entries(shown).flatMap(([k, v]) => (k in got ? subsetJson(v, got[k], `${path}.${k}`) : [`${path}.${k} is shown but not in the output`]));
  }
  return Object.is(shown, got) ? [] : [`${path}: the document shows ${JSON.stringify(shown)}, the output has ${JSON.stringify(got)}`];
}

/**
 * The shown columns of a CSV table: the output's header is its first row that has them all (a
 * sheet may begin with its title), and each row after it has the shown cells in them.
 */
export function csvColumns(shown: string, got: string): string[] {
  const [want = [], ...wantRows] = parseCsv(shown.trim(), { bom: true, relax_column_count: true }) as string[][];
  const rows = parseCsv(got, { bom: true, relax_column_count: true }) as string[][];
  const at = rows.findIndex((r) => want.every((c) => r.includes(c)));
  if (at === -1) return [`the output has no row with the columns ${want.map((c) => JSON.stringify(c)).join(', ')}; its first row: ${(rows[0] ?? []).join(', ')}`];
  const have = rows[at]!;
  const haveRows = rows.slice(at + 1);
  if (wantRows.length !== haveRows.length) return [`${wantRows.length} rows are shown, the output has ${haveRows.length}`];
  return wantRows.flatMap((row, i) =>
    want.flatMap((column, j) => {
      const cell = haveRows[i]![have.indexOf(column)] ?? '';
      return (row[j] ?? '') === cell ? [] : [`row ${i + 1}, column ${JSON.stringify(column)}: the document shows ${JSON.stringify(row[j] ?? '')}, the output has ${JSON.stringify(cell)}`];
    }),
  );
}
