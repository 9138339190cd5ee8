/**
 * `--set PARAM=VALUE[@DATE]`: the edits of a run are one scenario, id `set`, exactly the scenario
 * file holding those changes (eval, simulate and diff give identical JSON); they are read and
 * refused by the scenario reader, with the flag's text named and located; a malformed one is a
 * usage error; without @DATE a change holds from the parameter's first date.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyScenario, dates, location, parseYaml, Source, type Policy } from '../src/index.js';
import { applySetEdits, parseSetEdit, type SetEdit } from '../src/policy/setFlag.js';
import { fuzhu } from './cliRun.js';
import { shippedPolicy, tempFile } from './helpers.js';

const COUPLE = 'policy/liuzhou-2018/examples/death-couple.yaml';
const SAMPLE = 'policy/populations/liuzhou-sample.jsonl';
const CITY_60 = 'policy/scenarios/city-60-percent.yaml';

function edit(text: string): SetEdit {
  const r = parseSetEdit(text);
  if (!r.ok) throw new Error(`${text}: ${r.problem}`);
  return r.edit;
}

/** A scenario file of id `set` holding these changes. */
function scenarioFile(changes: { parameter: string; from: string; value: string }[], title?: { zh: string; en: string }): string {
  const lines = changes.map((c) => `  - parameter: ${c.parameter}\n    from: ${c.from}\n    value: ${c.value}`);
  return tempFile('set.yaml', `scenario: set\n${title ? `title: ${JSON.stringify(title)}\n` : ''}changes:\n${lines.join('\n')}\n`);
}

const DEATH_800 = [
  { parameter: 'allowance.death.rate', from: '2020-01-01', value: '800' },
  { parameter: 'allowance.death.city', from: '2020-01-01', value: '500' },
  { parameter: 'allowance.death.county', from: '2020-01-01', value: '300' },
];
const setFlags = (changes: typeof DEATH_800) => changes.flatMap((c) => ['--set', `${c.parameter}=${c.value}@${c.from}`]);

describe('parseSetEdit', () => {
  it('splits the parameter, the value and the date at the last @', () => {
    expect(edit('allowance.death.rate=800@2020-01-01')).toMatchObject({ parameter: 'allowance.death.rate', value: '800', date: '2020-01-01', valueAt: 21, dateAt: 25 });
    expect(edit('allowance.death.city=60%')).toMatchObject({ parameter: 'allowance.death.city', value: '60%' });
    expect(edit('allowance.death.city=60%').date).toBeUndefined();
  });

  it('names what is missing', () => {
    expect(parseSetEdit('allowance.death.rate')).toEqual({ ok: false, problem: 'noEquals' });
    expect(parseSetEdit('=800')).toEqual({ ok: false, problem: 'noParameter' });
    expect(parseSetEdit('allowance.death.rate=@2020-01-01')).toEqual({ ok: false, problem: 'noValue' });
    expect(parseSetEdit('allowance.death.rate=800@')).toEqual({ ok: false, problem: 'noDate' });
  });
});

describe('--set is the scenario file of the same changes', () => {
  it('eval --json: identical', async () => {
    const file = await fuzhu('eval', COUPLE, '--period', '2020', '--json', '--scenario', scenarioFile(DEATH_800));
    const flags = await fuzhu('eval', COUPLE, '--period', '2020', '--json', ...setFlags(DEATH_800));
    expect(file.code).toBe(0);
    expect(flags.err).toBe('');
    expect(flags.out).toBe(file.out);
    expect(JSON.parse(flags.out).lines[0].amount).toBe('9600.00');
  });

  it('a share of 60% equals policy/scenarios/city-60-percent.yaml, but for its id', async () => {
    const file = await fuzhu('eval', COUPLE, '--period', '2020', '--json', '--scenario', CITY_60);
    const flags = await fuzhu('eval', COUPLE, '--period', '2020', '--json', '--set', 'allowance.death.city=60%@2020-01-01');
    expect(flags.code).toBe(0);
    expect(flags.out).toContain('"set"');
    expect(flags.out.replaceAll('"set"', '"city-60-percent"')).toBe(file.out);
    const payers = JSON.parse(flags.out).lines[0].payers;
    expect(payers.city).toBe('4680.00');
  });

  it('simulate --json on the sample: identical, the edits after the scenario files', async () => {
    const range = ['--population', SAMPLE, '--from', '2020-01', '--to', '2020-02', '--json', '--jobs', '1'];
    const flags = await fuzhu('simulate', ...range, '--scenario', CITY_60, ...setFlags(DEATH_800));
    expect(flags.err).toBe('');
    const json = JSON.parse(flags.out);
    expect(json.scenarios.map((s: { id: string }) => s.id)).toEqual(['city-60-percent', 'set']);
    const title = json.scenarios[1].title;
    expect(title.en).toContain('Monthly allowance, death category 800 from 2020-01-01');
    expect(title.zh).toContain('独生子女死亡家庭扶助金标准为800（2020-01-01起）');
    const file = await fuzhu('simulate', ...range, '--scenario', CITY_60, '--scenario', scenarioFile(DEATH_800, title));
    expect(file.code).toBe(0);
    expect(flags.out).toBe(file.out);
  }, 180_000);

  it('diff --json: identical', async () => {
    const args = ['policy/liuzhou-2018', '--runs', '60', '--json'];
    const file = await fuzhu('diff', ...args, '--scenario', scenarioFile(DEATH_800));
    const flags = await fuzhu('diff', ...args, ...setFlags(DEATH_800));
    expect(file.code).toBe(0);
    expect(flags.out).toBe(file.out);
    expect(JSON.parse(flags.out).structure.map((c: { id: string }) => c.id)).toContain('allowance.death.rate');
  }, 120_000);

  it('without @DATE holds from the parameter’s first date, so for every period', async () => {
    const first = dates.formatDate(shippedPolicy().parameters.get('allowance.death.city')!.values[0]!.from);
    const file = await fuzhu('eval', COUPLE, '--period', '2018-08', '--json', '--scenario', scenarioFile([{ parameter: 'allowance.death.city', from: first, value: '60%' }]));
    const flags = await fuzhu('eval', COUPLE, '--period', '2018-08', '--json', '--set', 'allowance.death.city=60%');
    expect(flags.out).toBe(file.out);
    expect(JSON.parse(flags.out).lines[0].payers.city).toBe('390.00');
  });

  const valueOf = (p: Policy, id: string) => p.parameters.get(id)!.values.map((v) => [v.from, String(v.value), v.provisional, v.scenario]);
  it('property: any amount and date, through the flag or a file, overlays the same values', () => {
    const policy = shippedPolicy();
    const amount = fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99 })).map(([y, f]) => `${y}.${String(f).padStart(2, '0')}`);
    const day = fc.date({ min: new Date('2018-07-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    for (const seed of [1, 7, 2018]) {
      fc.assert(
        fc.property(amount, day, fc.constantFrom('medical.premium', 'health_check.cost', 'family_doctor.cap'), (value, from, parameter) => {
          const flag = applySetEdits(policy, [edit(`${parameter}=${value}@${from}`)]);
          const read = parseYaml(new Source('s.yaml', `scenario: set\nchanges:\n  - { parameter: ${parameter}, from: ${from}, value: ${value} }\n`));
          const file = read.ok ? applyScenario(policy, read.file) : read;
          expect(flag.ok && file.ok).toBe(true);
          if (flag.ok && file.ok) expect(valueOf(flag.policy, parameter)).toEqual(valueOf(file.policy, parameter));
        }),
        { seed, numRuns: 12 },
      );
    }
  }, 120_000);
});

describe('a --set that does not fit', () => {
  it('a misspelt parameter: exit 1, the flag named and located, the nearest suggested', async () => {
    const r = await fuzhu('eval', COUPLE, '--period', '2020-03', '--set', 'allowance.death.rate=800@2020-01-01', '--set', 'allowance.deth.rate=800');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain("error[E-SCENARIO-PARAM-UNKNOWN]: --set allowance.deth.rate=800: scenario 'set' changes unknown parameter 'allowance.deth.rate'. Did you mean 'allowance.death.rate'?");
    expect(r.err).toContain('--> --set:2:1');
  });

  it('a value of the wrong type: exit 1, what was expected, at the value', () => {
    const r = applySetEdits(shippedPolicy(), [edit('eligibility.wife_min_age=forty@2020-01-01')]);
    expect(r.ok).toBe(false);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe('E-SCENARIO-VALUE');
    expect(d.message).toBe("--set eligibility.wife_min_age=forty@2020-01-01: parameter 'eligibility.wife_min_age': expected a whole number, not \"forty\"");
    expect(location(d.span!)).toBe('--set:1:26');
    expect(d.span!.end - d.span!.start).toBe('forty'.length);
  });

  it('a date that is not in the calendar: located at the date', () => {
    const r = applySetEdits(shippedPolicy(), [edit('family_doctor.cap=300'), edit('family_doctor.cap=300@2020-02-30')]);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, location(d.span!)])).toEqual([['E-SCENARIO-DATE', '--set:2:23']]);
  });

  it('a value that is not YAML: located in the flag', () => {
    const r = applySetEdits(shippedPolicy(), [edit('home_care.urban_counties=[450202,')]);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.code).toBe('E-YAML-SYNTAX');
    expect(r.diagnostics[0]!.message).toMatch(/^--set home_care\.urban_counties=\[450202,: /);
    expect(location(r.diagnostics[0]!.span!)).toMatch(/^--set:1:\d+$/);
  });

  it('wrong type through the command: exit 1, nothing printed but the error (never half applied)', async () => {
    const r = await fuzhu('eval', COUPLE, '--period', '2020', '--json', '--set', 'family_doctor.cap=300', '--set', 'eligibility.wife_min_age=true');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('E-SCENARIO-VALUE');
    expect(r.err).toContain('expected a whole number, not true');
  });

  it('malformed (no =): a usage error, exit 2', async () => {
    const r = await fuzhu('eval', COUPLE, '--period', '2020', '--lang', 'en', '--set', 'allowance.death.rate');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--set allowance.death.rate: expected PARAMETER=VALUE or PARAMETER=VALUE@YYYY-MM-DD');
  });

  it('a scenario file of id set is refused beside --set, both named', async () => {
    const file = scenarioFile([{ parameter: 'allowance.death.city', from: '2020-01-01', value: '60%' }]);
    const r = await fuzhu('eval', COUPLE, '--period', '2020', '--scenario', file, '--set', 'family_doctor.cap=300');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`E-SCENARIO-ID-TWICE]: scenarios ${file} and --set both have the id 'set'`);
    expect(r.err).toContain('--> --set:1:1');
    expect(r.err).toContain(`--> ${file}:1:11`);
  });

  it('simulate refuses an edit that breaks an item’s shares before reading a household', async () => {
    const r = await fuzhu('simulate', '--population', SAMPLE, '--from', '2020-01', '--to', '2020-01', '--json', '--set', 'allowance.death.rate=800@2020-01-01');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('E-SHARES-SUM');
    expect(r.err).toContain('--set allowance.death.rate=800@2020-01-01:');
  });
});
