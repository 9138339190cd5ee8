/**
 * Vitest global setup: the worker threads of `simulate` and the tests of the built program run
 * dist/, so it is built here when missing or older than a source file; a build that leaves no
 * worker script stops the run with the compiler's output instead of letting tests skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const BUILT = ['dist/src/sim/worker.js', 'dist/cli/main.js'];

/** The newest modification time of a .ts or .tsx file under the folders. */
function newestSource(dirs: string[]): number {
  let newest = 0;
  for (const dir of dirs) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

export function builtIsCurrent(): boolean {
  if (!BUILT.every((f) => existsSync(f))) return false;
  const built = Math.min(...BUILT.map((f) => statSync(f).mtimeMs));
  return built >= newestSource(['src', 'cli']);
}

export default function setup(): void {
  if (builtIsCurrent()) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // tsc emits even when it reports type errors; the type check is `npm run build`'s job.
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { encoding: 'utf8', timeout: 300_000 });
  const missing = BUILT.filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`the build did not produce ${missing.join(', ')}, which the worker-thread and program tests run:\n${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}`);
}
