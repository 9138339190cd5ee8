/**
 * The fast engine runs generated JavaScript source: whatever text a policy or a household
 * brings (quotes, backslashes, line separators, code), it reaches the source only as a JSON
 * literal (a field's name) or not at all (a value, handed to the function by reference), so the
 * function reads exactly what it names and runs nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkExpression, evaluateChecked } from '../src/eval/index.js';
import { compiledSource } from '../src/eval/compiled.js';
import { SourceUnit, Temps } from '../src/eval/source.js';
import { deathCouple, household, shippedPolicy } from './helpers.js';

const SEEDS = [1, 7, 2018, Date.now() % 100000];

/** Texts that would break out of a string or a comment, or run code, if they were written into source. */
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('"', "'", '\\', '`', '$', '{', '}', ']', '[', ';', '\n', '\r', '\u2028', '\u2029', '/', '*', 'k', 'f', ')', '(', 'x', '0'), maxLength: 30 }),
  fc.constantFrom('"];globalThis.pwned=1;//', "'] + process.exit(1) + f['", '__proto__', 'constructor', '', '\\', '*/ globalThis.pwned = 1 /*', '${globalThis.pwned = 1}'),
);

/** What a DSL string literal may hold: any text without its quote or a line break. */
const literalText = hostile.map((s) => s.replace(/['\n\r]/g, '_'));

describe('generated source', () => {
  it.each(SEEDS)('writes a field name as its JSON encoding and a value by reference (seed %i)', (seed) => {
    fc.assert(
      fc.property(hostile, fc.anything(), (name, value) => {
        const unit = new SourceUnit({});
        const temps = new Temps();
        const t = temps.next();
        const { fn, source } = unit.build(temps, `[(${t} = l[0], ${unit.field(t, name)}), ${unit.value(value)}]`);
        expect(source).toBe(`"use strict";\nconst k0 = K[0];\nreturn function (f, l, g) {\nlet t0;\nreturn [(t0 = l[0], t0[${JSON.stringify(name)}]), k0];\n};`);
        const o = Object.create(null) as Record<string, unknown>;
        o[name] = value;
        const [read, given] = fn(undefined as never, [o], []) as unknown[];
        expect(read).toBe(value);
        expect(given).toBe(value);
        expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
      }),
      { seed, numRuns: 300 },
    );
  });

  it.each(SEEDS)("compiles a policy's text literals without writing them into the source (seed %i)", (seed) => {
    const policy = shippedPolicy();
    const h = household(deathCouple);
    const plain = (text: string) => {
      const c = checkExpression(policy, text);
      if (!c.ok) throw new Error(`${text}: ${c.diagnostics[0]?.message}`);
      return c;
    };
    // The same expression with a harmless literal: the source must be the same, whatever the text.
    const reference = compiledSource(policy, plain(`'zz' = 'b' or 'zz' in ['a', 'zz']`).expr);
    fc.assert(
      fc.property(
        literalText.filter((s) => s !== 'a' && s !== 'b'),
        (text) => {
          const checked = plain(`'${text}' = 'b' or '${text}' in ['a', '${text}']`);
          expect(compiledSource(policy, checked.expr)).toBe(reference);
          const compiled = evaluateChecked(policy, h, 20190301, checked, undefined, 'compiled');
          expect(compiled).toEqual(evaluateChecked(policy, h, 20190301, checked, undefined, 'interpreter'));
          expect(compiled.ok && compiled.value).toBe(true);
          expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
        },
      ),
      { seed, numRuns: 100 },
    );
  });
});
