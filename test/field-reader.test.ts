/**
 * Field readers are generated source: whatever the name (quotes, backslashes, line separators,
 * code), it reaches the source only as a JSON literal, so the reader reads exactly that field
 * and runs nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldReader } from '../src/eval/fieldReader.js';

const SEEDS = [1, 7, 2018, Date.now() % 100000];

/** Names a policy or household could bring, with the characters that would break out of a string. */
const hostileName = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('"', "'", '\\', '`', '$', '{', '}', ']', '[', ';', '\n', '\r', '\u2028', '\u2029', '/', '*', 'o', ')', '(', 'x'), maxLength: 30 }),
  fc.constantFrom('"];globalThis.pwned=1;//', "'] + process.exit(1) + o['", '__proto__', 'constructor', '', '\\', '</script>'),
);

describe('fieldReader', () => {
  it.each(SEEDS)('reads exactly the named field and runs no other code (seed %i)', (seed) => {
    fc.assert(
      fc.property(hostileName, fc.anything(), (name, value) => {
        const read = fieldReader(name);
        const o = Object.create(null) as Record<string, unknown>;
        o[name] = value;
        expect(read(o)).toBe(value);
        expect(read({ [`${name}x`]: value })).toBe(({} as Record<string, unknown>)[name]);
        // The name is in the source as its JSON encoding, and nothing else is.
        expect(read.toString()).toBe(`function anonymous(o\n) {\nreturn o[${JSON.stringify(name)}];\n}`);
        expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
      }),
      { seed, numRuns: 500 },
    );
  });

  it('gives one reader per name', () => {
    expect(fieldReader('birth_date')).toBe(fieldReader('birth_date'));
    expect(fieldReader('birth_date')).not.toBe(fieldReader('death_date'));
  });
});
