/**
 * `node dist/bench/explore.js POPULATION [COLUMNSxROWS]…`: how soon `fuzhu explore` shows the
 * figures of a rate change (issue 13: within 100 ms of the key on 1,000,000 households). The
 * screen is drawn by ink-testing-library at each size (80×24 and 220×50 by default); after the
 * first pass over the population (2019, on every core; then the time to open again from the
 * kept pass), the key `+`
 * (then `-`) on allowance.death.rate is written to its stdin and the clock stops when the frame
 * shows the new total (nine keys at each size, after four to warm up); also the pricing alone
 * (Explorer.step to new figures, five steps). Medians and maxima printed as one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inkForAPerson } from '../cli/commands/explore.js';
import { paramRows } from '../cli/explore/rows.js';
import { Explorer } from '../cli/explore/state.js';
import { grouped } from '../src/messages/index.js';
import { loadPolicy, type Policy } from '../src/index.js';

// React and ink as `fuzhu explore` loads them (the production build), so loaded after this.
inkForAPerson();
const [{ render }, { createElement }, { ExploreApp }] = await Promise.all([import('ink-testing-library'), import('react'), import('../cli/explore/ExploreApp.js')]);

const tick = () => new Promise((r) => setImmediate(r));
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)]!, maxMs: sorted.at(-1)! };
};

async function main(population: string): Promise<void> {
  const loaded = loadPolicy('policy/liuzhou-2018');
  if (!loaded.ok) throw new Error('the policy does not load');
  const policy = loaded.policy;
  // A cache of the bench's own, empty: the first opening makes the pass, the second finds it kept.
  process.env.FUZHU_CACHE_DIR = mkdtempSync(join(tmpdir(), 'fuzhu-bench-explore-'));
  const t0 = performance.now();
  const explorer = new Explorer(policy, population, 2019);
  await explorer.pending;
  const firstPassMs = performance.now() - t0;
  const t1 = performance.now();
  const reopened = new Explorer(policy, population, 2019);
  await reopened.pending;
  const reopenMs = performance.now() - t1;
  rmSync(process.env.FUZHU_CACHE_DIR, { recursive: true, force: true });

  const keyToFrame: Record<string, ReturnType<typeof summary>> = {};
  for (const size of sizes) keyToFrame[`${size.columns}x${size.rows}`] = summary(await keysToFrames(policy, explorer, size));

  const pricing: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    explorer.step('allowance.death.rate', i % 2 === 0 ? 1 : -1);
    await explorer.pending;
    pricing.push(performance.now() - t);
  }
  process.stdout.write(`${JSON.stringify({ population, firstPassMs: Math.round(firstPassMs), reopenMs: Math.round(reopenMs), groups: explorer.groups, keyToFrame, stepToFigures: summary(pricing), how: explorer.figures?.how })}\n`);
}

/**
 * Keys on a screen of this size (the first few to warm the code up), each timed to its frame: the frame drawn once the key is
 * taken (one a key); at 220 columns it must show the new total to the fen, at any size it must
 * differ from the one before.
 */
async function keysToFrames(policy: Policy, explorer: Explorer, size: { columns: number; rows: number }): Promise<number[]> {
  const app = render(createElement(ExploreApp, { explorer, lang: 'en', color: false, size, saveTo: '/dev/null' }));
  const index = paramRows(policy, policy, new Map(), explorer.at, 'en').findIndex((r) => r.id === 'allowance.death.rate');
  for (let i = 0; i < index; i++) {
    app.stdin.write('\u001B[B');
    await tick();
  }
  const times: number[] = [];
  for (let i = 0; i < WARM + MEASURED; i++) {
    const key = i % 2 === 0 ? '+' : '-';
    const before = app.lastFrame();
    const t = performance.now();
    app.stdin.write(key);
    await explorer.pending;
    const total = grouped((explorer.figures!.edited?.result ?? explorer.figures!.base).totals.amount.toFixed(2));
    while (app.lastFrame() === before || (size.columns >= 220 && !app.lastFrame()!.includes(total))) await tick();
    if (i >= WARM) times.push(performance.now() - t);
  }
  app.unmount();
  return times;
}

/** Keys that warm the code up at each size, and keys timed. */
const WARM = 4;
const MEASURED = 9;

/** Screen sizes from the command line (`80x24 220x50`, the default). */
const sizes = (process.argv.length > 3 ? process.argv.slice(3) : ['80x24', '220x50']).map((a) => {
  const [columns, rows] = a.split('x').map(Number);
  return { columns: columns!, rows: rows! };
});

await main(process.argv[2]!);
