/** Where Fuzhu's own files (schemas, the shipped policy) live, whether run from src or dist. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** Fuzhu's own version, from its package.json. */
export function fuzhuVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'fuzhu') return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the fuzhu package root');
    dir = up;
  }
}

/** The policy `fuzhu` uses when none is named. */
export function defaultPolicyDir(): string {
  return join(packageRoot(), 'policy', 'liuzhou-2018');
}
