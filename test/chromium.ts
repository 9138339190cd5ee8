/**
 * Headless Chromium driven over its DevTools protocol on a pipe (--remote-debugging-pipe: JSON
 * messages ended by a NUL byte, written on fd 3 and read on fd 4), with nothing but Node: open a
 * page, evaluate script in it, move the mouse, take a screenshot. No network, no download.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Debian's Chromium, which .ci/run installs; undefined where it is missing. */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

/** Flags that keep a headless Chromium from reaching the network or writing outside its profile. */
export const QUIET_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars'];

interface Reply {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/** One browser with one page. */
export class Browser {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: Reply) => void)[] = [];
  private session = '';
  /** What the page logged or threw, and resources it failed to load. */
  readonly problems: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    let buffer = '';
    (child.stdio[4] as Readable).on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\0'); end >= 0; end = buffer.indexOf('\0')) {
        const message = JSON.parse(buffer.slice(0, end)) as Reply;
        buffer = buffer.slice(end + 1);
        this.receive(message);
      }
    });
    child.on('exit', () => {
      for (const w of this.waiting.values()) w.reject(new Error('Chromium ended'));
      this.waiting.clear();
    });
  }

  /** Starts Chromium with a fresh profile and a page of the given size. */
  static async start(width: number, height: number): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 'fuzhu-chromium-'));
    const child = spawn(CHROMIUM!, [...QUIET_FLAGS, '--remote-debugging-pipe', `--user-data-dir=${profile}`, `--window-size=${width},${height}`, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    });
    const browser = new Browser(child, profile);
    const target = await browser.send('Target.createTarget', { url: 'about:blank' }, false);
    const attached = await browser.send('Target.attachToTarget', { targetId: target.targetId, flatten: true }, false);
    browser.session = attached.sessionId as string;
    await browser.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    for (const domain of ['Page', 'Runtime', 'Log']) await browser.send(`${domain}.enable`);
    return browser;
  }

  private receive(m: Reply): void {
    if (m.id !== undefined) {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error) w?.reject(new Error(m.error.message));
      else w?.resolve(m);
      return;
    }
    if (m.method === 'Runtime.exceptionThrown') this.problems.push(JSON.stringify(m.params));
    if (m.method === 'Runtime.consoleAPICalled') this.problems.push(JSON.stringify(m.params));
    if (m.method === 'Log.entryAdded') this.problems.push(JSON.stringify(m.params));
    for (const l of this.listeners) l(m);
  }

  /** Sends a command (to the page unless `toPage` is false) and waits for its result. */
  send(method: string, params: Record<string, unknown> = {}, toPage = true): Promise<Record<string, unknown>> {
    const id = ++this.next;
    const message = { id, method, params, ...(toPage ? { sessionId: this.session } : {}) };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: (r) => resolve(r.result ?? {}), reject });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify(message)}\0`);
    });
  }

  /** Opens a URL and waits until the page has loaded. */
  async open(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => this.listeners.push((m) => m.method === 'Page.loadEventFired' && resolve()));
    await this.send('Page.navigate', { url });
    await loaded;
  }

  /** The value of a JavaScript expression evaluated in the page. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true });
    if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
    return (r.result as { value: T }).value;
  }

  /** Moves the mouse to a point of the page's viewport, as a user's pointer would. */
  async hover(x: number, y: number): Promise<void> {
    await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
  }

  /** A PNG of the viewport. */
  async screenshot(): Promise<Buffer> {
    const r = await this.send('Page.captureScreenshot', { format: 'png' });
    return Buffer.from(r.data as string, 'base64');
  }

  /** Closes the browser (ends it if it does not close within ten seconds) and removes its profile. */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const ended = new Promise((resolve) => this.child.once('exit', resolve));
      const stop = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      void this.send('Browser.close', {}, false).catch(() => undefined);
      await ended;
      clearTimeout(stop);
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}
