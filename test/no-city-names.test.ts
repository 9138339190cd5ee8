/**
 * Nothing below the policy names one city's fields or budgets: every .ts file of src/ and cli/,
 * comments included, is free of Liuzhou's field names (hukou, wife, husband) and payer ids
 * ('city', "city", county:), which come from the policy package instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FORBIDDEN = /hukou|wife|husband|'city'|"city"|county:/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

describe('generic layers', () => {
  it('name no field or payer of one city in src/ or cli/', () => {
    const hits = ['src', 'cli'].flatMap(tsFiles).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
        .filter(({ line }) => FORBIDDEN.test(line))
        .map(({ line, at }) => `${at}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });

  it('would see such a name', () => {
    expect(FORBIDDEN.test("if (payer === 'city')")).toBe(true);
    expect(FORBIDDEN.test('const code = (h.hukou as { county: string }).county;')).toBe(true);
  });
});
