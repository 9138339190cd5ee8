/**
 * `fuzhu explore` driven by its keys (ink-testing-library), the frame read back: a step of the
 * death-category rate changes the city's and each county's figures as `simulate --set` does; a
 * typed value that does not check shows its error and changes nothing; undo restores the
 * figures; a saved scenario, run by `fuzhu simulate`, gives the totals the screen showed; without
 * a terminal the command refuses, pointing to simulate. (A .ts file, with createElement: vitest
 * here runs test/**\/*.test.ts.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { inkForAPerson } from '../cli/commands/explore.js';
import { ExploreApp } from '../cli/explore/ExploreApp.js';
import { paramRows } from '../cli/explore/rows.js';
import { Explorer } from '../cli/explore/state.js';
import { grouped } from '../src/messages/index.js';
import { payerLabel } from '../src/policy/payers.js';
import { fuzhu, fuzhuProcess, tempDir } from './cliRun.js';
import { shippedPolicy } from './helpers.js';

const POPULATION = 'policy/populations/liuzhou-sample.jsonl';
const policy = shippedPolicy();
const DOWN = '\u001B[B';
const ENTER = '\r';

interface Totals {
  amount: string;
  payers: Record<string, string>;
}

/** `fuzhu simulate --json` for 2019 with these extra flags: the baseline's totals and the (first) scenario's. */
function simulated(...flags: string[]): { baseline: Totals; scenario?: Totals } {
  const r = fuzhuProcess(['simulate', '--population', POPULATION, '--from', '2019-01', '--to', '2019-12', '--json', ...flags], { timeout: 110_000 });
  expect(r.status, String(r.stderr)).toBe(0);
  const json = JSON.parse(String(r.stdout)) as { baseline: { totals: Totals }; scenarios: { result: { totals: Totals } }[] };
  return { baseline: json.baseline.totals, ...(json.scenarios[0] ? { scenario: json.scenarios[0].result.totals } : {}) };
}

/** The three figures of a budget line (baseline, edited, change) shown for a label, as plain figures. */
function figures(frame: string, label: string): [string, string, string] {
  const line = frame.split('\n').find((l) => l.includes(`${label} `) && /\d\.\d\d/.test(l));
  expect(line, `no line for ${label} in\n${frame}`).toBeDefined();
  const at = line!.indexOf(`${label} `);
  const numbers = line!.slice(at + label.length).match(/[+-]?[\d,]+\.\d\d/g) ?? [];
  return numbers.slice(0, 3).map((n) => n.replace(/,/g, '').replace(/^\+/, '')) as [string, string, string];
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes keys one write at a time, letting ink take each. */
async function press(stdin: { write: (s: string) => void }, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await wait(20);
  }
}

async function opened(saveName = 'explored.yaml') {
  // One thread for a background evaluation: this file shares the cores with others.
  const explorer = new Explorer(policy, POPULATION, 2019, 1);
  await explorer.pending;
  const saveTo = join(tempDir(), saveName);
  const app = render(createElement(ExploreApp, { explorer, lang: 'en', color: false, size: { columns: 220, rows: 50 }, saveTo }));
  await wait(50);
  const index = paramRows(policy, policy, new Map(), explorer.at, 'en').findIndex((r) => r.id === 'allowance.death.rate');
  await press(app.stdin, ...Array.from({ length: index }, () => DOWN));
  return { explorer, app, saveTo };
}

const frameOf = (app: { lastFrame: () => string | undefined }) => app.lastFrame() ?? '';

/** Once the figures are worked out and the frame has stopped changing (for 60 ms; within 10 s). */
async function settled(explorer: Explorer, app: { lastFrame: () => string | undefined }): Promise<void> {
  await explorer.pending;
  const end = Date.now() + 10_000;
  let last = frameOf(app);
  for (;;) {
    await wait(60);
    const now = frameOf(app);
    if (now === last || Date.now() > end) return;
    last = now;
  }
}

/** The frame once it shows `text` (ink draws a little after the key on a busy machine), within 10 s. */
async function showing(app: { lastFrame: () => string | undefined }, text: string | RegExp): Promise<string> {
  const end = Date.now() + 10_000;
  const has = (f: string) => (typeof text === 'string' ? f.includes(text) : text.test(f));
  while (!has(frameOf(app)) && Date.now() < end) await wait(20);
  return frameOf(app);
}
const fen = (s: string) => new Decimal(s).times(100).toNumber();

describe('fuzhu explore on the bundled sample, 2019', { timeout: 180_000 }, () => {
  let base: Totals;
  let stepped: Totals;
  beforeAll(() => {
    // One step of the rate (650 → 660) moves the county's share with it (250 → 260), since the
    // shares are amounts that must add up to the rate: the same as these two --set.
    const r = simulated('--set', 'allowance.death.rate=660', '--set', 'allowance.death.county=260');
    base = r.baseline;
    stepped = r.scenario!;
  }, 120_000);

  it('raising allowance.death.rate one step (+) raises the total and each county’s figures as simulate --set does', async () => {
    const { explorer, app } = await opened();
    await press(app.stdin, '+');
    await settled(explorer, app);
    const frame = frameOf(app);
    expect([...explorer.edits.keys()]).toEqual(['allowance.death.rate', 'allowance.death.county']);
    expect(figures(frame, 'Total')).toEqual([base.amount, stepped.amount, new Decimal(stepped.amount).minus(base.amount).toFixed(2)]);
    for (const payer of Object.keys(base.payers)) {
      const [before, after, change] = figures(frame, payerLabel(policy, payer, 'en'));
      expect([before, after], payer).toEqual([base.payers[payer], stepped.payers[payer]]);
      expect(fen(change), payer).toBe(fen(stepped.payers[payer]!) - fen(base.payers[payer]!));
      // By hand: the city's share stays 400 CNY a person-month, so the city pays the same; each
      // county pays 10 CNY more for every person-month of a death-category recipient registered
      // there (450202, Chengzhong: 738,700.00 → 754,620.00, +15,920.00 = 10 CNY × 1,592 person-months),
      // so each county's change is a whole multiple of 10 CNY.
      if (payer === 'city') expect(fen(change)).toBe(0);
      else expect(fen(change) % 1000, payer).toBe(0);
      if (payer === 'county:450202') expect(fen(change)).toBe(1592 * 1000);
    }
    app.unmount();
  });

  it('a typed value that does not check shows its error in place and changes nothing', async () => {
    const { explorer, app } = await opened();
    const before = figures(frameOf(app), 'Total');
    await press(app.stdin, ENTER, 'a', 'b', 'c', ENTER);
    const frame = frameOf(app);
    expect(frame).toContain('E-SCENARIO-VALUE');
    expect(frame).toContain('allowance.death.rate=abc');
    expect(explorer.edits.size).toBe(0);
    expect(figures(frame, 'Total')).toEqual(before);
    app.unmount();
  });

  it('undo restores the figures', async () => {
    const { explorer, app } = await opened();
    await press(app.stdin, '+', '+');
    await explorer.pending;
    expect(figures(frameOf(app), 'Total')[2]).not.toBe('0.00');
    await press(app.stdin, 'u');
    await settled(explorer, app);
    expect(explorer.edits.get('allowance.death.rate')?.value).toBe('660.00');
    expect(figures(frameOf(app), 'Total')).toEqual([base.amount, stepped.amount, new Decimal(stepped.amount).minus(base.amount).toFixed(2)]);
    await press(app.stdin, 'u');
    await settled(explorer, app);
    expect(figures(frameOf(app), 'Total')).toEqual([base.amount, base.amount, '0.00']);
    app.unmount();
  });

  it('a saved scenario, run through fuzhu simulate, gives the totals the screen showed', async () => {
    const { explorer, app, saveTo } = await opened();
    // Two steps up of the rate, from 2019-07-01 (typed), and the year's figures.
    await press(app.stdin, ENTER, ...'680@2019-07-01', ENTER);
    await settled(explorer, app);
    const shown = figures(frameOf(app), 'Total')[1];
    const county = figures(frameOf(app), payerLabel(policy, 'county:450202', 'en'))[1];
    // d shows the edits as fuzhu diff shows a structure.
    await press(app.stdin, 'd');
    expect(await showing(app, 'parameter allowance.death.rate [三（一）]: changed')).toContain('parameter allowance.death.rate [三（一）]: changed');
    expect(frameOf(app)).toContain('value from 2019-07-01: 650.00 CNY → 680.00 CNY');
    await press(app.stdin, '\u001B');
    await press(app.stdin, 's', ENTER);
    expect(await showing(app, `saved ${saveTo}`)).toContain(`saved ${saveTo}`);
    expect(explorer.unsaved).toBe(false);
    const text = readFileSync(saveTo, 'utf8');
    expect(text).toContain('from: 2019-07-01');
    expect(text).toContain('Explored in the terminal: Monthly allowance, death category 680 from');
    const r = simulated('--scenario', saveTo);
    expect(r.scenario!.amount).toBe(shown);
    expect(r.scenario!.payers['county:450202']).toBe(county);
    expect(grouped(shown)).not.toBe(grouped(base.amount));
    app.unmount();
  });

  it('an edit of eligibility is evaluated in the background: the screen answers keys meanwhile, the figures marked stale, then those of simulate --set', async () => {
    const { explorer, app } = await opened();
    const expected = simulated('--set', 'eligibility.wife_min_age=48').scenario!;
    // Up from the rate to the wife's minimum age (the third parameter), typed 48.
    const index = paramRows(policy, policy, new Map(), explorer.at, 'en').findIndex((r) => r.id === 'eligibility.wife_min_age');
    const rateIndex = paramRows(policy, policy, new Map(), explorer.at, 'en').findIndex((r) => r.id === 'allowance.death.rate');
    await press(app.stdin, ...Array.from({ length: rateIndex - index }, () => '\u001B[A'), ENTER, '4', '8', ENTER);
    expect(explorer.stale).toBe(true);
    expect(await showing(app, 'evaluating the households again')).toContain('evaluating the households again');
    expect(frameOf(app)).toContain('(stale)');
    await press(app.stdin, DOWN);
    expect(await showing(app, /› +How a remarried couple/)).toMatch(/› +How a remarried couple/);
    expect(explorer.stale, 'the evaluation ended before the key was taken').toBe(true);
    await explorer.pending;
    expect(explorer.figures?.how).toBe('evaluated');
    expect(await showing(app, 'evaluated household by household')).toContain('evaluated household by household');
    expect(figures(frameOf(app), 'Total')).toEqual([base.amount, expected.amount, new Decimal(expected.amount).minus(base.amount).toFixed(2)]);
    app.unmount();
  });

  it('an edit of eligibility made while another is evaluated stops that one: the figures are the newer edit\'s, and no failure is shown', async () => {
    const explorer = new Explorer(policy, POPULATION, 2019, 1);
    await explorer.pending;
    const expected = simulated('--set', 'eligibility.wife_min_age=47').scenario!;
    expect(explorer.type('eligibility.wife_min_age', '48')).toBeUndefined();
    const first = explorer.pending;
    expect(explorer.type('eligibility.wife_min_age', '47')).toBeUndefined();
    await first;
    await explorer.pending;
    expect(explorer.failure).toBeUndefined();
    expect(explorer.figures?.how).toBe('evaluated');
    expect(explorer.figures?.edited?.result.totals.amount.toFixed(2)).toBe(expected.amount);
  });

  it('r resets the parameter (and the share that moved with it), R every one; undo brings them back', async () => {
    const { explorer, app } = await opened();
    await press(app.stdin, '+', DOWN, DOWN, DOWN, '+');
    // The rate and its county share, and the disability rate with its own county share.
    expect([...explorer.edits.keys()]).toEqual(['allowance.death.rate', 'allowance.death.county', 'allowance.disability.rate', 'allowance.disability.county']);
    await press(app.stdin, 'r');
    expect([...explorer.edits.keys()]).toEqual(['allowance.death.rate', 'allowance.death.county']);
    await press(app.stdin, 'R');
    expect(explorer.edits.size).toBe(0);
    await settled(explorer, app);
    expect(figures(frameOf(app), 'Total')).toEqual([base.amount, base.amount, '0.00']);
    await press(app.stdin, 'u');
    expect([...explorer.edits.keys()]).toEqual(['allowance.death.rate', 'allowance.death.county']);
    app.unmount();
  });

  it('a scenario file that cannot be written is refused on the screen, the edits still unsaved', async () => {
    const { explorer, app, saveTo } = await opened('explored.txt');
    await press(app.stdin, '+', 's', ENTER);
    expect(frameOf(app)).toContain(`could not save ${saveTo}`);
    expect(frameOf(app)).toContain('.yaml');
    expect(existsSync(saveTo)).toBe(false);
    expect(explorer.unsaved).toBe(true);
    app.unmount();
  });

  it('q asks before losing unsaved edits, and n stays (y quitting is in explore-tty.test.ts)', async () => {
    const { app } = await opened();
    await press(app.stdin, '+', 'q');
    expect(frameOf(app)).toContain('quit anyway? (y/n)');
    await press(app.stdin, 'n');
    expect(frameOf(app)).not.toContain('quit anyway?');
    app.unmount();
  });
});

describe('fuzhu explore without a terminal', () => {
  it('refuses with exit 2, in the chosen language, pointing to fuzhu simulate', async () => {
    const en = await fuzhu('explore', '--population', POPULATION, '--lang', 'en');
    expect(en.code).toBe(2);
    expect(en.err).toContain('needs a terminal');
    expect(en.err).toContain('fuzhu simulate --population FILE');
    const zh = fuzhuProcess(['explore', '--population', POPULATION, '--lang', 'zh']);
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain('需要在终端中运行');
  });

  it('a wrong flag is a usage error first, exit 2 with the usage line', async () => {
    const r = await fuzhu('explore', '--population', 'nosuch.jsonl', '--lang', 'en');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--population nosuch.jsonl: no such file');
    expect(r.err).toContain('usage: fuzhu explore --population FILE');
    expect((await fuzhu('explore', '--population', POPULATION, '--year', '19', '--lang', 'en')).err).toContain('--year: 19 is not a year');
  });
});

describe('fuzhu explore loading ink for a person', () => {
  it("asks for React's production build unless the environment names one, and draws every frame even under CI", () => {
    const saved = { NODE_ENV: process.env.NODE_ENV, CI: process.env.CI };
    try {
      delete process.env.NODE_ENV;
      process.env.CI = 'true';
      inkForAPerson();
      expect([process.env.NODE_ENV, process.env.CI]).toEqual(['production', undefined]);
      process.env.NODE_ENV = 'development';
      inkForAPerson();
      expect(process.env.NODE_ENV).toBe('development');
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
});
