/**
 * The order vitest starts test files in: the longest first, so that on two cores the last
 * minutes are not one long file running alone while the other core idles. Vitest orders by the
 * durations of an earlier run, which a fresh clone (CI) does not have; it then starts the
 * largest files first, and the longest file of all (format-docs, whose examples live in
 * test/formatDocs/) is a small one. The files below took the longest in a run beside a
 * CPU-bound process (seconds, 2026-12-01); the others follow in vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST = [
  'test/format-docs.test.ts', // 162 s
  'test/help.test.ts', // 65 s
  'test/conformance.test.ts', // 51 s
  'test/zh-everywhere.test.ts', // 41 s
  'test/explore.test.ts', // 41 s
  'test/fuzz.test.ts', // 40 s
  'test/package.test.ts', // 37 s
  'test/prop.test.ts', // 36 s
  'test/reprice.test.ts', // 27 s
];

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONGEST.findIndex((name) => f.moduleId.endsWith(name));
      return i === -1 ? LONGEST.length : i;
    };
    // Vitest's own order stays among the rest, and the groups (sequence.groupOrder) stay apart.
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => a.f.project.config.sequence.groupOrder - b.f.project.config.sequence.groupOrder || rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}
