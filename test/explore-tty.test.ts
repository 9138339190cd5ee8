/**
 * `fuzhu explore` as a user meets it: the built program in a detached tmux session of 100×30
 * (a real pseudo-terminal), keys sent, the screen read with `tmux capture-pane -p`, the window
 * resized, then q and the confirmation, and the program gone; with CI set, as on a build server. Skipped, with a note, where tmux is not installed.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MAIN } from './cliRun.js';

const TMUX = '/usr/bin/tmux';
const hasTmux = spawnSync(TMUX, ['-V']).status === 0;
if (!hasTmux) console.warn(`explore-tty.test.ts: ${TMUX} not found, the pseudo-terminal test is skipped`);

const session = `fuzhu-explore-${process.pid}`;
/** An escape sequence that sets a foreground colour (30–37, 90–97, or 256-colour/RGB). */
const COLOUR = /\u001b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[25];[0-9;]+)m/;
const tmux = (...args: string[]) => spawnSync(TMUX, ['-L', session, ...args], { encoding: 'utf8', timeout: 10_000 });
const screen = () => tmux('capture-pane', '-p', '-t', session).stdout;
const alive = () => tmux('has-session', '-t', session).status === 0;

/** Runs `command` in a detached session of 100×30, then `body`; the session and its server go in any case. */
async function inSession(command: string, body: () => Promise<void>): Promise<void> {
  expect(tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', '-c', process.cwd(), command).status).toBe(0);
  try {
    await body();
  } finally {
    if (alive()) tmux('kill-session', '-t', session);
    tmux('kill-server');
  }
}

/** Polls until the screen holds `text` (or the session ends), within `ms`. */
async function waitFor(test: (s: string) => boolean, ms: number): Promise<string> {
  const end = Date.now() + ms;
  let s = '';
  while (Date.now() < end) {
    s = alive() ? screen() : '';
    if (test(s)) return s;
    await new Promise((r) => setTimeout(r, 200));
  }
  return s;
}

describe.skipIf(!hasTmux)('fuzhu explore in a pseudo-terminal (tmux)', () => {
  it('draws the budget, steps the rate on a key, redraws on resize, asks before quitting and exits on y', { timeout: 90_000 }, async () => {
    // CI=1 as a build server sets it: ink would then draw only at exit, a blank screen.
    const command = `env CI=1 ${process.execPath} ${MAIN} explore --population policy/populations/liuzhou-sample.jsonl --year 2019 --lang en`;
    await inSession(command, async () => {
      // At 100 columns the figures are in 10,000 CNY (21,577,830.00 CNY is 2,157.78).
      const first = await waitFor((s) => /Total +2,157\.78/.test(s), 45_000);
      expect(first).toContain('Budget by payer');
      expect(first).toContain('Monthly allowance, death category');
      // In colour (the title in cyan) unless NO_COLOR says otherwise (the next test).
      expect(tmux('capture-pane', '-p', '-e', '-t', session).stdout).toMatch(COLOUR);
      // Down to the death-category rate (the 11th parameter in the document's order), one step up.
      for (let i = 0; i < 10; i++) tmux('send-keys', '-t', session, 'Down');
      tmux('send-keys', '-t', session, '+');
      const stepped = await waitFor((s) => s.includes('650.00→660.00'), 20_000);
      expect(stepped).toMatch(/Total +2,157\.78 +2,177\.79 +\+20\.01 +\+0\.9%/);
      // Wider, the screen is drawn again, with room for the figures in CNY to the fen.
      tmux('resize-window', '-t', session, '-x', '150', '-y', '40');
      expect(await waitFor((s) => /Total +21,577,830\.00 +21,777,910\.00 +\+200,080\.00/.test(s), 10_000)).toMatch(/Total +21,577,830\.00/);
      tmux('send-keys', '-t', session, 'q');
      expect(await waitFor((s) => s.includes('quit anyway? (y/n)'), 10_000)).toContain('quit anyway?');
      tmux('send-keys', '-t', session, 'y');
      await waitFor(() => !alive(), 10_000);
      expect(alive()).toBe(false);
    });
  });

  it('draws no colour under NO_COLOR', { timeout: 60_000 }, async () => {
    const command = `env NO_COLOR=1 CI=true ${process.execPath} ${MAIN} explore --population policy/populations/liuzhou-sample.jsonl --year 2019 --lang en`;
    await inSession(command, async () => {
      await waitFor((s) => /Total +2,157\.78/.test(s), 45_000);
      tmux('send-keys', '-t', session, '?');
      await waitFor((s) => s.includes('Keys (Esc to close)'), 10_000);
      const coloured = tmux('capture-pane', '-p', '-e', '-t', session).stdout;
      expect(coloured).toContain('Keys');
      expect(coloured).not.toMatch(COLOUR);
      tmux('send-keys', '-t', session, 'q');
      tmux('send-keys', '-t', session, 'q');
      await waitFor(() => !alive(), 10_000);
      expect(alive()).toBe(false);
    });
  });
});
