/**
 * Record and field readers are generated source: whatever the names (quotes, backslashes, line
 * separators, code, `__proto__`), each reaches the source only as a JSON literal, so the reader
 * reads and builds exactly those fields, as assigning them in turn would, and runs nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldsReader, recordReader } from '../src/eval/fieldReader.js';

const SEEDS = [1, 7, 2018, Date.now() % 100000];

/** Names a policy or household could bring, with the characters that would break out of a string. */
const hostileName = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('"', "'", '\\', '`', '$', '{', '}', ']', '[', ';', '\n', '\r', '\u2028', '\u2029', '/', '*', 'o', ')', '(', 'x'), maxLength: 30 }),
  fc.constantFrom('"];globalThis.pwned=1;//', "'] + process.exit(1) + o['", '__proto__', 'constructor', '', '\\', '</script>'),
);

/** A record's field names: distinct, as a record's fields are. */
const hostileNames = fc.uniqueArray(hostileName, { maxLength: 6 });

const WRONG = Symbol('wrong');

/** The record as assigning each field in turn would build it: what the generated reader must give. */
function assigned(names: readonly string[], value: (name: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) out[n] = value(n);
  return out;
}

/** A JSON string literal in generated source (the generators write no other). */
const LITERAL = /"(?:[^"\\]|\\.)*"/g;

/**
 * Whether the names reach the generated source only as their JSON literals: with every literal
 * taken out, it is the source generated for as many plain names, and every literal is one of the names.
 */
function onlyAsLiterals(read: (...args: never[]) => unknown, make: (names: readonly string[]) => (...args: never[]) => unknown, names: readonly string[]): boolean {
  const source = read.toString();
  const plain = make(names.map((_, i) => `f${i}`)).toString();
  const literals = source.match(LITERAL) ?? [];
  return source.replace(LITERAL, '@') === plain.replace(LITERAL, '@') && literals.every((l) => names.includes(JSON.parse(l) as string));
}

describe('recordReader', () => {
  it.each(SEEDS)('reads and builds exactly the named fields, refuses any other key, and runs no other code (seed %i)', (seed) => {
    fc.assert(
      fc.property(hostileNames, fc.array(fc.anything(), { minLength: 6, maxLength: 6 }), hostileName, (names, values, extra) => {
        const read = recordReader(names);
        const o = Object.create(null) as Record<string, unknown>;
        names.forEach((n, i) => (o[n] = values[i]));
        // Each field's converter is given that field's value, and gives an object of its own.
        const tags = names.map((n) => ({ n }));
        const convert = names.map((n, i) => (v: unknown) => (Object.is(v, o[n]) ? tags[i] : 'another value'));
        const out = read(o, convert, [], WRONG) as Record<string, unknown>;
        const expected = assigned(names, (n) => tags[names.indexOf(n)]);
        expect(Object.getPrototypeOf(out)).toBe(Object.getPrototypeOf(expected));
        expect(Object.keys(out)).toEqual(Object.keys(expected));
        for (const k of Object.keys(expected)) expect(out[k]).toEqual(expected[k]);
        if (!names.includes(extra)) expect(read({ ...o, [extra]: 1 }, convert, [], WRONG)).toBe(WRONG);
        if (names.length) expect(read(o, convert.map((c, i) => (i === names.length - 1 ? () => WRONG : c)), [], WRONG)).toBe(WRONG);
        expect(onlyAsLiterals(read, recordReader, names)).toBe(true);
        expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
      }),
      { seed, numRuns: 300 },
    );
  });

  it('gives one reader per list of names', () => {
    expect(recordReader(['birth_date', 'death_date'])).toBe(recordReader(['birth_date', 'death_date']));
    expect(recordReader(['birth_date'])).not.toBe(recordReader(['death_date']));
  });
});

describe('fieldsReader', () => {
  it.each(SEEDS)('reads exactly the named fields, in order, and runs no other code (seed %i)', (seed) => {
    fc.assert(
      fc.property(hostileNames, fc.anything(), (names, value) => {
        const read = fieldsReader(names);
        const o = Object.create(null) as Record<string, unknown>;
        names.forEach((n, i) => (o[n] = i === 0 ? value : i));
        expect(read(o)).toEqual(names.map((n) => o[n]));
        expect(onlyAsLiterals(read, fieldsReader, names)).toBe(true);
        expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
      }),
      { seed, numRuns: 300 },
    );
  });
});
