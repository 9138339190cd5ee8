/**
 * Runs every example of the format documents and the guide (docs/household.md, docs/scenario.md,
 * docs/results.md, docs/writing-a-scenario.md) against the built program and the library, so
 * that a document cannot drift from what Fuzhu does: households are read, scenarios applied,
 * commands run, and the outputs shown compared. Checks too that each document shows the
 * refusals its contract names, and that the runner itself fails a wrong claim.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docExamples, type Workspace } from './formatDocs/examples.js';
import { csvColumns } from './formatDocs/outputs.js';
import { csvAsWorkbook, workbookAsCsv } from './formatDocs/workbooks.js';
import { POLICY_DIR, shippedPolicy } from './helpers.js';

const DOCS = ['docs/household.md', 'docs/scenario.md', 'docs/results.md', 'docs/writing-a-scenario.md'];

/** What each contract says is refused, as the diagnostic codes the document must show. */
const REFUSALS: Record<string, string[]> = {
  'docs/household.md': [
    'E-HH-UNKNOWN-FIELD',
    'E-HH-DATE',
    'E-HH-DEATH-BEFORE-BIRTH',
    'E-HH-RANGE',
    'E-HH-ADOPTION-DATE',
    'E-HH-ENUM',
    'E-HH-DISABILITY-DATES',
    'E-HH-PARENT-NOT-SPOUSE',
    'E-HH-NO-SPOUSE',
    'E-HH-MISSING-FIELD',
    'E-POP-DUPLICATE-ID',
    'E-CSV-CELLS',
  ],
  'docs/scenario.md': ['E-SHARES-SUM', 'E-SCENARIO-PARAM-UNKNOWN', 'E-SCENARIO-VALUE', 'E-SCENARIO-CHANGE-TWICE'],
  'docs/writing-a-scenario.md': ['E-SHARES-SUM'],
};

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** A fresh working folder holding the project's policy folder, as a clone's root does. */
function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'fuzhu-format-docs-'));
  temps.push(dir);
  symlinkSync(resolve('policy'), join(dir, 'policy'));
  return { dir, policy: shippedPolicy() };
}

for (const doc of DOCS) {
  describe(doc, () => {
    const examples = docExamples(doc, readFileSync(doc, 'utf8'));
    const ws = workspace();

    it('has examples', () => {
      expect(examples.length).toBeGreaterThan(5);
    });

    it('shows every refusal its contract names', () => {
      const shown = new Set(examples.flatMap((e) => e.claims));
      expect((REFUSALS[doc] ?? []).filter((c) => !shown.has(c))).toEqual([]);
    });

    // In document order: a later example may run a file an earlier one wrote.
    for (const ex of examples) it(ex.name, () => ex.run(ws), 300_000);
  });
}

describe('the runner of the examples', () => {
  const run = async (markdown: string) => {
    const ws = workspace();
    for (const ex of docExamples('test.md', markdown)) await ex.run(ws);
  };
  const fence = (info: string, text: string) => `\`\`\`${info}\n${text}\n\`\`\`\n`;
  const valid = 'id: T-1\nhukou: { county: 柳北区, type: urban }\nwife: { birth_date: 1963-05-20 }\nchildren: []';

  it('accepts a valid household shown as valid', async () => {
    await expect(run(fence('yaml household', valid))).resolves.toBeUndefined();
  });

  it('fails a valid household shown as refused, and a refused one shown as valid or with another code', async () => {
    await expect(run(fence('yaml household', `${valid}\n# ⇒ error E-HH-DATE`))).rejects.toThrow(/test\.md:1: shown as refused with E-HH-DATE, but accepted/);
    await expect(run(fence('yaml household', valid.replace('1963-05-20', '1963-02-30')))).rejects.toThrow(/shown as accepted, but refused:\nE-HH-DATE/);
    await expect(run(fence('yaml household', `${valid.replace('1963-05-20', '1963-02-30')}\n# ⇒ error E-HH-ENUM`))).rejects.toThrow(/the first problem is\nE-HH-DATE/);
  });

  it('fails a scenario shown as applying that is refused', async () => {
    await expect(run(fence('yaml scenario', 'changes:\n  - { parameter: allowance.death.rate, from: 2020-01-01, value: 800 }'))).rejects.toThrow(/E-SHARES-SUM/);
  });

  it('fails an excerpt that is not in its file, and a block it cannot run', async () => {
    await expect(run(fence(`yaml excerpt=${POLICY_DIR}/parameters.yaml`, '  allowance.death.rate:\n    cite: 三（一）'))).rejects.toThrow(/not in policy\/liuzhou-2018\/parameters\.yaml/);
    await expect(run(fence('yaml', valid))).rejects.toThrow(/a code block the test cannot run/);
    await expect(run(fence('sh', 'ls policy'))).rejects.toThrow(/only fuzhu commands/);
  });

  it('writes a table as a workbook of typed cells and reads one back as CSV', async () => {
    const path = join(workspace().dir, 'w.xlsx');
    await csvAsWorkbook(path, 'id,hukou.county,wife.birth_date,wife.wants_work\nLZ-1,450205,1963-05-20,TRUE', '户籍');
    expect(await workbookAsCsv(path, '户籍')).toBe('id,hukou.county,wife.birth_date,wife.wants_work\nLZ-1,450205,1963-05-20,true\n');
    expect(await workbookAsCsv(path, 'Sheet1')).toBeUndefined();
    expect(csvColumns('id,wife.birth_date\nLZ-1,1963-05-21', (await workbookAsCsv(path))!)).toEqual(['row 1, column "wife.birth_date": the document shows "1963-05-21", the output has "1963-05-20"']);
  });

  it(
    'fails a command whose exit code or output is not what the document shows',
    async () => {
      const household = fence('yaml household file=h.yaml period=2019-03', valid);
      await expect(run(household + fence('json output subset', '{ "household": "T-1", "category": null }'))).resolves.toBeUndefined();
      await expect(run(household + fence('json output subset', '{ "household": "T-1", "category": "death" }'))).rejects.toThrow(/\$\.category: the document shows "death", the output has null/);
      await expect(run(fence('sh', 'fuzhu eval h.yaml --period 2019-13\n# ⇒ exit 1'))).rejects.toThrow(/should exit 1/);
    },
    300_000,
  );
});
