/** Running the `fuzhu` command in tests: in this process with a capturing io, or the built program as a process. */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { run } from '../cli/main.js';
import type { Io } from '../cli/output.js';

export interface Ran {
  code: number;
  out: string;
  err: string;
}

/** `fuzhu …argv` in this process: exit code, stdout and stderr. */
export async function fuzhu(...argv: string[]): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
  const code = await run(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The built program (vitest's global setup builds it). */
export const MAIN = join(process.cwd(), 'dist', 'cli', 'main.js');

/** The built program run to its end as a process. */
export function fuzhuProcess(args: string[], options: SpawnSyncOptions = {}) {
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 60_000, ...options });
}

/** The built program started as a process, not awaited. */
export function startFuzhu(args: string[]) {
  return spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

const temps: string[] = [];
afterAll(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the file's tests. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fuzhu-cli-'));
  temps.push(d);
  return d;
}
