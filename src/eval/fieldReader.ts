/**
 * Readers of one named field, generated as JavaScript source once per name: a closure reading
 * `o[name]` shares its code, and so its inline cache, with every other field read the same way,
 * which in V8 becomes megamorphic (a dictionary lookup on every read); a function of its own
 * per name reads a household's records at the speed of `o.name`. The name reaches the source
 * only as a JSON-encoded string literal (test/field-reader.test.ts), so no text of a policy
 * or a household is ever code.
 */

export type FieldReader = (o: Readonly<Record<string, unknown>>) => unknown;

const readers = new Map<string, FieldReader>();

/** `o[name]`, for an object `o`. */
export function fieldReader(name: string): FieldReader {
  let read = readers.get(name);
  if (!read) {
    read = new Function('o', `return o[${JSON.stringify(name)}];`) as FieldReader;
    readers.set(name, read);
  }
  return read;
}
