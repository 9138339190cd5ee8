/**
 * A checked policy (with its scenarios overlaid) kept between runs: `fuzhu check`, `eval` and the
 * other commands that load a policy restore it in milliseconds instead of parsing, validating
 * and type-checking every file again. The key is the hash of the bytes of every file in the
 * policy folder, of each scenario file and of the JSON Schemas, with the paths as given and the
 * working directory (messages show paths relative to it), and Fuzhu's code and version (see
 * store.ts); the loader itself is imported only when nothing is stored. A file changed while it
 * was being loaded is caught by hashing again before storing.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../diag/index.js';
import type { Loaded, ScenariosResult } from '../loading.js';
import { LIMITS } from '../policy/limits.js';
import { packageRoot } from '../policy/root.js';
import { decode, encode } from './codec.js';
import { hashFile, keyHash, readEntry, Uncacheable, writeEntry } from './store.js';

export interface Checked {
  loaded: Loaded;
  /** With `deep`, what `fuzhu check` reports beyond loading (empty when loading failed). */
  deep: Diagnostic[];
}

/** A baseline and its scenarios each applied to it apart, for a run that compares each with it. */
export interface Compared {
  /** The baseline, as loaded without scenarios. */
  loaded: Loaded;
  /** The scenarios applied (applyScenarioFiles); undefined when the baseline did not load. */
  applied: ScenariosResult | undefined;
}

/** What a cache entry holds: a checked load, with or without the deep checks, or a compared run. */
type Kind = 'checked' | 'checked-deep' | 'compared';

/**
 * The files of a folder (not its subfolders, which loading does not read), by name. A folder
 * the loader would find it may not enter is not hashed: the loader must say so.
 */
function hashFolder(hash: ReturnType<typeof keyHash>, dir: string): void {
  let entries;
  try {
    accessSync(dir, constants.R_OK | constants.X_OK);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    throw new Uncacheable();
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.isDirectory()) hash.update(`folder ${e.name}\0`);
    else hashFile(hash, join(dir, e.name), LIMITS.maxFileBytes);
  }
}

/** The key of a load, or undefined when some input cannot be hashed whole (the loader will say why). */
function keyOf(dir: string, scenarios: readonly string[], kind: Kind): string | undefined {
  try {
    const hash = keyHash(kind);
    hash.update(`cwd ${process.cwd()}\0policy ${dir}\0`);
    hashFolder(hash, dir);
    hashFolder(hash, join(packageRoot(), 'policy', 'schemas'));
    for (const s of scenarios) {
      hash.update(`scenario ${s}\0`);
      hashFile(hash, s, LIMITS.maxFileBytes);
    }
    return hash.digest('hex');
  } catch (e) {
    if (e instanceof Uncacheable) return undefined;
    throw e;
  }
}

function restored<T>(key: string): T | undefined {
  const bytes = readEntry(key);
  if (!bytes) return undefined;
  try {
    const stored = decode(bytes) as { key: string; value: T };
    return stored.key === key ? stored.value : undefined;
  } catch {
    return undefined; // a damaged entry is a miss
  }
}

/**
 * The value stored for the files' key, or the one `make` gives, stored when the files hashed
 * the same after it as before (a file changed meanwhile is not stored under the old key).
 */
async function throughCache<T>(dir: string, scenarios: readonly string[], kind: Kind, make: () => Promise<T>): Promise<T> {
  const key = keyOf(dir, scenarios, kind);
  const hit = key && restored<T>(key);
  if (hit) return hit;
  const value = await make();
  if (key && keyOf(dir, scenarios, kind) === key) {
    const bytes = encode({ key, value });
    if (bytes) writeEntry(key, bytes);
  }
  return value;
}

/** Loads and checks a policy with scenarios, from the cache when the same files were checked before. */
export function loadChecked(dir: string, scenarios: readonly string[], deep = false): Promise<Checked> {
  return throughCache(dir, scenarios, deep ? 'checked-deep' : 'checked', async () => {
    const { checkPolicyDeeply, loadWithScenarios } = await import('../loading.js');
    const loaded = loadWithScenarios(dir, scenarios);
    return { loaded, deep: deep && loaded.ok ? checkPolicyDeeply(loaded.policy) : [] };
  });
}

/**
 * A baseline and each scenario applied to it apart, from the cache likewise. They are stored
 * as one graph, so that a scenario restored shares the baseline's unchanged parts as applying
 * made them (re-pricing tells a price-only scenario by the items it shares).
 */
export function loadCompared(dir: string, scenarios: readonly string[]): Promise<Compared> {
  return throughCache(dir, scenarios, 'compared', async () => {
    const { applyScenarioFiles, loadWithScenarios } = await import('../loading.js');
    const loaded = loadWithScenarios(dir, []);
    return { loaded, applied: loaded.ok ? applyScenarioFiles(loaded.policy, scenarios) : undefined };
  });
}
