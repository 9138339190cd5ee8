/**
 * Results say what they leave out (the policy's scope statement and the provisional figures they
 * rest on), and explanations read right for someone who does not program: readings instead of
 * clauses that do not say them, ages printed, guards read positively, whose age decides, and a
 * year's months of the same reasoning shown once.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dates, escapeHtml, evaluate, evaluationJson, explain, hintsFrom, householdArbitrary, simulate, simulationJson, simulationTables, testCorpus, Tracer, totals, type TraceNode } from '../src/index.js';
import { fuzhu, tempDir } from './cliRun.js';
import { deathCouple, household, shippedPolicy, tempFile } from './helpers.js';

const POLICY = 'policy/liuzhou-2018';
const COUPLE = `${POLICY}/examples/death-couple.yaml`;
const WIDOWER = `${POLICY}/examples/widower.yaml`;

type ScopeJson = { statement: { zh: string; en: string }; cite: string; provisional: { parameter: string; label: { en: string }; value: string; from: string; source: string | null }[] };

const statement = () => shippedPolicy().meta.scope!.statement;

describe('the scope of a result', () => {
  it('is declared by the policy package, in Chinese and English', () => {
    expect(statement().zh).toContain('除国家、自治区按照规定给予的扶助外');
    expect(statement().en).toMatch(/not modelled/);
  });

  it('ends the eval table, with the provisional figures the year rests on', async () => {
    const r = await fuzhu('eval', WIDOWER, '--period', '2019');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Scope: ${statement().en}`);
    expect(r.out).toContain('accident_insurance.premium — Premium of accident and hospital-allowance insurance: 100.00 CNY (since 2018-07-01; assumed)');
    expect(r.out).toContain('health_check.cost');
  });

  it('says no provisional figure was used when none was, in Chinese with --lang zh', async () => {
    const r = await fuzhu('eval', COUPLE, '--period', '2019-03', '--lang', 'zh');
    expect(r.out).toContain(`适用范围：${statement().zh}`);
    expect(r.out).toContain('未使用暂定数额。');
    expect(r.out).not.toContain('accident_insurance.premium');
  });

  it('is a scope field of eval --json, beside every field the contract names', async () => {
    const j = JSON.parse((await fuzhu('eval', WIDOWER, '--period', '2019', '--json')).out) as Record<string, unknown> & { scope: ScopeJson };
    for (const field of ['household', 'period', 'in_force', 'category', 'persons', 'lines', 'entitlements', 'totals']) expect(j).toHaveProperty(field);
    expect(j.scope.statement).toEqual(statement());
    expect(j.scope.cite).toBe('三（一）');
    expect(j.scope.provisional).toContainEqual({ parameter: 'accident_insurance.premium', label: expect.objectContaining({ en: 'Premium of accident and hospital-allowance insurance' }), value: '100.00 CNY', amount: '100.00', from: '2018-07-01', source: 'assumed' });
    expect(j.scope.provisional.find((p) => p.parameter === 'accident_insurance.bought_higher_up')).not.toHaveProperty('amount');
    // Only what the paid items read: the funeral waiver's cost is not among them.
    expect(j.scope.provisional.map((p) => p.parameter)).not.toContain('funeral.basic_services_cost');
  });

  it('comes from policy.yaml, not from the code: a changed statement is what eval prints', async () => {
    const dir = tempDir();
    cpSync(POLICY, dir, { recursive: true });
    const path = join(dir, 'policy.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/    en: >-\n(      .*\n)+/, '    en: Planted scope statement.\n'));
    const r = await fuzhu('eval', COUPLE, '--period', '2019-03', '--policy', dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Scope: Planted scope statement.');
    expect(r.out).not.toContain(statement().en);
  });

  it('ends every explanation', async () => {
    const r = await fuzhu('explain', COUPLE, '--period', '2019-03');
    expect(r.out.trimEnd().split('\n').slice(-2).join('\n')).toBe(`Scope: ${statement().en}\nNo provisional figure was used.`);
  });

  it('is a table of every simulation output and a field of its JSON', async () => {
    const policy = shippedPolicy();
    const path = tempFile('pop.jsonl', `${JSON.stringify(deathCouple)}\n`);
    const result = await simulate(policy, path, { from: dates.ymd(2019, 1, 1), to: dates.ymd(2019, 12, 31), scenarios: [] });
    const scope = simulationTables(policy, result, 'en').find((t) => t.id === 'scope')!;
    expect(scope.note).toBe(statement().en);
    expect(scope.rows.map((r) => r[0])).toContain('accident_insurance.premium');
    const json = simulationJson(result, policy) as { scope: ScopeJson };
    expect(json.scope.statement).toEqual(statement());
    expect(simulationJson(result)).not.toHaveProperty('scope');
  });

  it('is in the Markdown, CSV and HTML outputs of a simulation', async () => {
    const path = tempFile('pop.jsonl', `${JSON.stringify(deathCouple)}\n`);
    const dir = tempDir();
    const r = await fuzhu('simulate', '--population', path, '--from', '2019-01', '--to', '2019-12', '--md', join(dir, 'r.md'), '--csv', join(dir, 'csv'), '--report', join(dir, 'r.html'));
    expect(r.code).toBe(0);
    expect(r.out).toContain(statement().en);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toContain(`_${statement().en}_`);
    expect(readFileSync(join(dir, 'csv', 'scope.csv'), 'utf8')).toMatch(/^parameter,label,value,since,source\n[\s\S]*accident_insurance\.premium,/);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html.split(escapeHtml(statement().en)).length).toBeGreaterThan(2);
  });

  it('follows a projection, as text and in its JSON', async () => {
    const path = tempFile('pop.jsonl', `${JSON.stringify(deathCouple)}\n`);
    const text = await fuzhu('simulate', '--population', path, '--project', '2019..2020', '--runs', '1');
    expect(text.code).toBe(0);
    expect(text.out).toContain(statement().en);
    expect(text.out).toMatch(/medical\.premium\s+Individual premium of resident medical insurance\s+280\.00 CNY\s+since 2020-01-01/);
    const json = JSON.parse((await fuzhu('simulate', '--population', path, '--project', '2019..2020', '--runs', '1', '--json')).out) as { scope: ScopeJson };
    expect(json.scope.statement).toEqual(statement());
  });
});

describe('explanations', () => {
  it('print the ages they compute', async () => {
    const r = await fuzhu('explain', WIDOWER, '--period', '2019-03');
    // The widower, born 1956-03-15, is 63 at the end of March 2019.
    expect(r.out).toMatch(/^\s+age = 63 — age\(deciding_birth_date\(husband\)/m);
    expect(r.out).toMatch(/^\s+age = 63 — age\(husband\.birth_date/m);
  });

  it('never tick a negated guard: `not X` shows X with its own truth and says it must not hold', async () => {
    const r = await fuzhu('explain', WIDOWER, '--period', '2019-03');
    expect(r.out).not.toMatch(/[✓✗] not[ (]/);
    // The living husband: his death date must not exist, and does not.
    expect(r.out).toContain('✗ exists(husband.death_date) (must not hold; it does not, so the condition is met)');
    const zh = await fuzhu('explain', WIDOWER, '--period', '2019-03', '--lang', 'zh');
    expect(zh.out).toContain('✗ exists(husband.death_date)（须不成立；实际不成立，条件满足）');
  });

  it('say whose age decides the age condition', async () => {
    const widower = await fuzhu('explain', WIDOWER, '--period', '2019-03');
    expect(widower.out).toMatch(/✓ [^\n]*\(husband's own age\) — reached_min_age\(husband\)/);
    expect(widower.out).not.toMatch(/\(wife's age\) — reached_min_age\(husband\)/);
    const couple = await fuzhu('explain', COUPLE, '--period', '2019-03');
    expect(couple.out).toMatch(/\(wife's age\) — reached_min_age\(husband\)/);
    expect(couple.out).toMatch(/deciding_spouse\(husband\) = wife /);
    const zh = await fuzhu('explain', COUPLE, '--period', '2019-03', '--lang', 'zh');
    expect(zh.out).toMatch(/（以女方年龄为准） — reached_min_age\(husband\)/);
  });

  it("show an interpretation's title and reading for the rules implementing it, not a clause that does not say it", async () => {
    const policy = shippedPolicy();
    const r = await fuzhu('explain', COUPLE, '--period', '2019-03');
    const judged = policy.interpretations.find((i) => i.implementedBy.includes('judged_on'))!;
    expect(r.out).toContain(`reading — ${judged.title.en}: ${judged.reading.en}`);
    // The first rule implementing it is followed by the reading; the rules cite 二, whose text
    // names no day, and none of them is followed by a quote of it.
    const lines = r.out.split('\n');
    const implementing = lines.flatMap((l, i) => (judged.implementedBy.some((id) => l.includes(`— ${id} = `) || l.includes(`— ${id}(`) || l.includes(`· ${id} = `)) ? [i] : []));
    expect(implementing.length).toBeGreaterThan(1);
    expect(lines[implementing[0]! + 1]!.trim()).toBe(`reading — ${judged.title.en}: ${judged.reading.en}`);
    const clause = policy.clauses.get(judged.cite)!.text!.zh;
    for (const i of implementing) expect(lines[i + 1]).not.toContain(clause);
    // Each reading once in a month's explanation.
    expect(r.out.split(`reading — ${judged.title.en}:`).length).toBe(2);
    const zh = await fuzhu('explain', COUPLE, '--period', '2019-03', '--lang', 'zh');
    expect(zh.out).toContain(`解读 — ${judged.title.zh}: ${judged.reading.zh}`);
  });

  it('show a year once for each run of months with the same reasoning, then the year total', async () => {
    const r = await fuzhu('explain', COUPLE, '--period', '2019');
    const headers = r.out.split('\n').filter((l) => l.startsWith('LZ-0001 · '));
    // January carries the yearly items; the wife, born 1963-05-20, turns 56 in May.
    expect(headers).toEqual([
      'LZ-0001 · 2019-01 · the only child died',
      'LZ-0001 · 2019-02 … 2019-04 (3 months, same reasoning; shown for 2019-02) · the only child died',
      'LZ-0001 · 2019-05 … 2019-12 (8 months, same reasoning; shown for 2019-05) · the only child died',
      'LZ-0001 · total for 2019',
    ]);
    expect(r.out).toContain('age = 55 — age(deciding_birth_date(wife)');
    expect(r.out).toContain('age = 56 — age(deciding_birth_date(wife)');
    expect(r.out).toContain('= Monthly allowance (wife): 7800.00 CNY');
    // A birthday changes the reasoning: the widower turns 63 in March.
    const w = await fuzhu('explain', WIDOWER, '--period', '2019');
    expect(w.out).toContain('LZ-0003 · 2019-03 … 2019-12 (10 months, same reasoning; shown for 2019-03)');
  });

  it("show a person's definition in full once a month, then as above, with the same value", async () => {
    const r = await fuzhu('explain', WIDOWER, '--period', '2019-03');
    const lines = r.out.split('\n').filter((l) => l.includes('— one_child_for(wife) ['));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).not.toContain('(as above)');
    for (const l of lines.slice(1)) expect(l.trim()).toBe(`${lines[0]!.trim()} (as above)`);
    // Each month of a year shows it in full again.
    const year = await fuzhu('explain', WIDOWER, '--period', '2019');
    const full = year.out.split('\n').filter((l) => l.includes('— one_child_for(wife) [') && !l.includes('(as above)'));
    expect(full.length).toBe(year.out.split('\n').filter((l) => /^LZ-0003 · 2019-\d\d/.test(l)).length);
  });

  it('read the sentinel dates as words', async () => {
    const r = await fuzhu('explain', COUPLE, '--period', '2019-03');
    expect(r.out).not.toContain('1900-01-01');
    expect(r.out).not.toContain('9999-12-31');
    expect(r.out).toContain('scheme.start_date = 2018-07-01 — Date the scheme takes effect (from the start)');
  });
});

describe('explanations of generated households', () => {
  const policy = shippedPolicy();
  const generated = householdArbitrary(policy, hintsFrom(policy), testCorpus(policy));

  for (const seed of [1, 2018, 77]) {
    it(`group only months that pay the same, cover the twelve months, tick no negated guard and end with the scope (seed ${seed})`, () => {
      fc.assert(
        fc.property(generated, (g) => {
          const h = household(g.raw);
          const year = dates.yearOf(g.month);
          const traces = new Map<number, TraceNode[]>();
          const tracerFor = (m: number) => {
            const t = new Tracer();
            traces.set(m, t.roots);
            return t;
          };
          const ev = evaluate(policy, h, { kind: 'year', year }, { tracerFor });
          const text = explain(policy, ev, traces, 'en');
          expect(text).not.toMatch(/[✓✗] not[ (]/);
          expect(text).toContain(`Scope: ${policy.meta.scope!.statement.en}`);
          // Each header names its first month and how many follow with the same reasoning.
          const groups = [...text.matchAll(/^\S+ · (\d{4})-(\d{2})(?: … \d{4}-\d{2} \((\d+) months)?/gm)].map((m) => ({ first: Number(m[2]) - 1, size: m[3] ? Number(m[3]) : 1 }));
          expect(groups.reduce((n, x) => n + x.size, 0)).toBe(12);
          for (const { first, size } of groups) {
            const amounts = ev.months.slice(first, first + size).map((m) => totals(m.lines).amount.toFixed(2));
            expect(new Set(amounts).size).toBe(1);
          }
          // Every figure the scope lists is a provisional value of a parameter the policy has.
          const scope = (evaluationJson(ev, policy) as { scope: { provisional: { parameter: string; from: string }[] } }).scope;
          for (const f of scope.provisional) expect(policy.parameters.get(f.parameter)!.values.some((v) => v.provisional && dates.formatDate(v.from) === f.from)).toBe(true);
        }),
        { numRuns: 15, seed },
      );
    });
  }
});
