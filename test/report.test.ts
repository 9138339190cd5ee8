import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../cli/main.js';
import { deathCouple, tempFile } from './helpers.js';

/** Debian's Chromium, which .ci/run installs; where it is missing the test says so and is skipped. */
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
if (!chromium) console.warn('no Chromium installed: the HTML report is not opened in a browser (install Debian package chromium)');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars', '--enable-logging=stderr', '--v=0'];

function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('the HTML report in a browser', () => {
  it.skipIf(!chromium)('opens in headless Chromium without errors and shows its charts', async () => {
    const population = tempFile('pop.jsonl', [deathCouple, { ...deathCouple, id: 'B', hukou: { county: '450226', type: 'rural' } }].map((h) => JSON.stringify(h)).join('\n'));
    const report = tempFile('report.html', '');
    const io = { out: () => undefined, err: () => undefined };
    expect(await run(['simulate', '--population', population, '--from', '2019-01', '--to', '2020-12', '--scenario', 'policy/scenarios/reform-2019.yaml', '--report', report], io)).toBe(0);
    const profile = tempFile('profile', '').replace(/profile$/, 'chromium-profile');
    const common = [...FLAGS, `--user-data-dir=${profile}`];
    const dom = spawnSync(chromium!, [...common, '--dump-dom', `file://${report}`], { encoding: 'utf8', timeout: 60_000 });
    expect(dom.status).toBe(0);
    // The charts are inline SVG with drawn marks; nothing is fetched from the network.
    expect(dom.stdout.match(/<svg[^>]*class="marks"/g)?.length).toBe(3);
    expect(dom.stdout).toContain('Budget by payer and year');
    const messages = dom.stderr.split('\n').filter((l) => /CONSOLE|Uncaught|Failed to load resource|net::ERR/.test(l));
    expect(messages).toEqual([]);
    const png = tempFile('report.png', '');
    const shot = spawnSync(chromium!, [...common, '--window-size=1200,1600', `--screenshot=${png}`, `file://${report}`], { encoding: 'utf8', timeout: 60_000 });
    expect(shot.status).toBe(0);
    expect(pngSize(png)).toEqual({ width: 1200, height: 1600 });
    // A blank page compresses to a few kilobytes; charts and tables do not.
    expect(readFileSync(png).length).toBeGreaterThan(40_000);
  }, 120_000);
});
