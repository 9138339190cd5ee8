/**
 * Readers of a record's named fields, generated as JavaScript source once per list of names: a
 * closure reading `o[name]` shares its code, and so its inline caches, with every other field
 * read the same way, which in V8 become megamorphic (a dictionary lookup on every read); code
 * of its own per record reads and builds a household's records at the speed of `o.name` and of
 * an object literal. A name reaches the source only as a JSON-encoded string literal
 * (test/field-reader.test.ts), so no text of a policy or a household is ever code.
 */

/** Reads one field's value as given (undefined when absent) into what the record holds, or `wrong`. */
export type FieldConvert = (v: unknown, pending: unknown[]) => unknown;

/**
 * A record's reader: `wrong` when `o` has an enumerable key that is none of the names, or when
 * a field's conversion gives `wrong`; else a new object with each name, in order, set to its
 * conversion (as `out[name] = value` would set it).
 */
export type RecordReader = (o: Readonly<Record<string, unknown>>, convert: readonly FieldConvert[], pending: unknown[], wrong: unknown) => unknown;

/** The values of the named fields of `o`, in order (`o[name]` each). */
export type FieldsReader = (o: Readonly<Record<string, unknown>>) => unknown[];

const records = new Map<string, RecordReader>();
const picks = new Map<string, FieldsReader>();

/** The reader of a record of these fields (one per list of names; the names of a record are distinct). */
export function recordReader(names: readonly string[]): RecordReader {
  const key = JSON.stringify(names);
  let read = records.get(key);
  if (!read) {
    const lit = names.map((n) => JSON.stringify(n));
    const source = [
      `for (const key in o) switch (key) {${lit.map((n) => ` case ${n}:`).join('')}${lit.length ? ' continue;' : ''} default: return wrong; }`,
      ...lit.map((n, i) => `const v${i} = convert[${i}](o[${n}], pending); if (v${i} === wrong) return wrong;`),
      `return {${lit.map((n, i) => ` ${n}: v${i}`).join(',')} };`,
    ].join('\n');
    read = new Function('o', 'convert', 'pending', 'wrong', source) as RecordReader;
    records.set(key, read);
  }
  return read;
}

/** `[o[name], …]` for these names, in order. */
export function fieldsReader(names: readonly string[]): FieldsReader {
  const key = JSON.stringify(names);
  let read = picks.get(key);
  if (!read) {
    read = new Function('o', `return [${names.map((n) => `o[${JSON.stringify(n)}]`).join(', ')}];`) as FieldsReader;
    picks.set(key, read);
  }
  return read;
}
