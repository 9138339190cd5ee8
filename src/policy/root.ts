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

/**
 * The declared language of the default policy, read from its policy.yaml without a YAML parse
 * (help and usage errors come before any policy is loaded); en when it declares none.
 */
export function defaultPolicyLanguage(): 'zh' | 'en' {
  try {
    const m = /^language:\s*['"]?(zh|en)\b/m.exec(readFileSync(join(defaultPolicyDir(), 'policy.yaml'), 'utf8'));
    return (m?.[1] as 'zh' | 'en' | undefined) ?? 'en';
  } catch {
    return 'en';
  }
}
