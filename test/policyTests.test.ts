import { describe, expect, it } from 'vitest';
import { runPolicyTests } from '../src/index.js';
import { shippedPolicy, tempFile } from './helpers.js';

const household = `
    household:
      id: X
      hukou: { county: "450205", type: urban }
      wife: { birth_date: 1963-05-20 }
      children: [{ birth_date: 1988-09-01, death_date: 2014-03-02 }]`;

function run(body: string) {
  const path = tempFile('t.yaml', `tests:\n${body}`);
  return runPolicyTests(shippedPolicy(), [path]);
}

describe('policy tests', () => {
  it('the shipped tests all pass', () => {
    const r = runPolicyTests(shippedPolicy());
    expect(r.diagnostics).toEqual([]);
    expect(r.outcomes.length).toBeGreaterThan(20);
    expect(r.outcomes.filter((o) => o.failures.length)).toEqual([]);
  });

  it('a wrong amount fails with the expected and actual values', () => {
    const r = run(`  - name: wrong\n    period: 2019-03${household}\n    expect:\n      lines: [{ item: allowance, person: wife, amount: 600 }]\n`);
    expect(r.outcomes[0]!.failures).toEqual(['lines[allowance (wife)].amount: expected 600, got 650.00']);
  });

  it('a line due but not expected fails', () => {
    const r = run(`  - name: missing\n    period: 2019-03${household}\n    expect:\n      lines: []\n`);
    expect(r.outcomes[0]!.failures).toEqual(['lines: allowance (wife) 650.00 is due but not expected']);
  });

  it('a payer missing or extra fails', () => {
    const r = run(`  - name: payers\n    period: 2019-03${household}\n    expect:\n      totals: { payers: { city: 400 } }\n`);
    expect(r.outcomes[0]!.failures).toEqual(['totals.payers.county:450205: not expected, got 250.00']);
  });

  it('expectations keyed by period are checked per period', () => {
    const r = run(`  - name: keyed\n    periods: [2018-06, 2018-07]${household}\n    expect:\n      2018-06: { in_force: true }\n      2018-07: { in_force: true }\n`);
    expect(r.outcomes[0]!.failures).toEqual(['2018-06: in_force: expected true, got false']);
  });

  it('an expected household error passes only with that code', () => {
    const bad = `\n    household: { id: B, hukou: { county: "450205", type: urban }, wife: { birth_date: 2019-02-30 }, children: [] }`;
    expect(run(`  - name: e\n    period: 2019-03${bad}\n    expect: { error: E-HH-DATE }\n`).outcomes[0]!.failures).toEqual([]);
    expect(run(`  - name: e\n    period: 2019-03${bad}\n    expect: { error: E-HH-RANGE }\n`).outcomes[0]!.failures.length).toBe(1);
  });

  it('a malformed test file is reported with its location', () => {
    const r = run(`  - name: bad\n    perod: 2019-03${household}\n    expect: {}\n`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E-SCHEMA-UNKNOWN-FIELD']);
    expect(r.diagnostics[0]!.message).toContain("Did you mean 'period'");
  });
});

describe('policy tests that check nothing', () => {
  it('fail: an empty expect, and expectations for a period the test does not evaluate', () => {
    const empty = run(`  - name: empty\n    period: 2019-03${household}\n    expect: {}\n`);
    expect(empty.outcomes[0]!.failures).toEqual(['the test checks nothing: give what the law expects (lines, persons, totals, …)']);
    const stray = run(`  - name: stray\n    periods: [2019-03]${household}\n    expect:\n      2019-04: { in_force: true }\n`);
    expect(stray.outcomes[0]!.failures).toEqual(['expectations for 2019-04, which is not among the periods 2019-03', '2019-03: the test checks nothing: give what the law expects (lines, persons, totals, …)']);
  });
});
