/**
 * A folder of results kept between runs, each under the SHA-256 of everything it was made from:
 * the bytes of every file read, Fuzhu's own code and version, and the Node version. A changed
 * byte anywhere is a new key, so a stale result is never found. The folder is
 * `$FUZHU_CACHE_DIR`, else `$XDG_CACHE_HOME/fuzhu`, else `node_modules/.cache/fuzhu` in Fuzhu's
 * folder; `FUZHU_CACHE=off` turns it off. A folder that cannot be written is passed over
 * silently: the cache only ever saves time.
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../policy/root.js';

/** The most results kept; the oldest are removed beyond it. */
const MAX_ENTRIES = 64;

export function cacheFolder(): string | undefined {
  if (process.env.FUZHU_CACHE === 'off') return undefined;
  if (process.env.FUZHU_CACHE_DIR) return process.env.FUZHU_CACHE_DIR;
  if (process.env.XDG_CACHE_HOME) return join(process.env.XDG_CACHE_HOME, 'fuzhu');
  const modules = join(packageRoot(), 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'fuzhu') : join(homedir(), '.cache', 'fuzhu');
}

/** Thrown while hashing when an input cannot be taken whole: the result is then not cached. */
export class Uncacheable extends Error {}

/** Hashes the bytes of a regular file within `limit` bytes, with its name; anything else is Uncacheable. */
export function hashFile(hash: Hash, path: string, limit: number): void {
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    // A device, a pipe or an oversized file is the loader's to report, never read here.
    if (!stat.isFile() || stat.size > limit) throw new Uncacheable();
    bytes = readFileSync(path);
  } catch {
    throw new Uncacheable();
  }
  hash.update(`file ${path} ${bytes.length}\0`).update(bytes);
}

let codeHash: string | undefined;

/** Fuzhu's version and the bytes of its library code (the compiled or the TypeScript sources). */
function code(): string {
  if (codeHash) return codeHash;
  const hash = createHash('sha256');
  const root = packageRoot();
  for (const f of ['package.json', 'package-lock.json']) if (existsSync(join(root, f))) hashFile(hash, join(root, f), Infinity);
  const src = dirname(dirname(fileURLToPath(import.meta.url)));
  const files = readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.[jt]sx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const f of files) hashFile(hash, f, Infinity);
  return (codeHash = hash.digest('hex'));
}

/** A fresh hash of what every key shares: the cache format, Node's version and Fuzhu's code. */
export function keyHash(kind: string): Hash {
  return createHash('sha256').update(`fuzhu-cache 1 ${kind} ${process.version} ${code()}\0`);
}

/** The bytes stored under a key, if any. */
export function readEntry(key: string): Buffer | undefined {
  const folder = cacheFolder();
  if (!folder) return undefined;
  try {
    return readFileSync(join(folder, `${key}.bin`));
  } catch {
    return undefined;
  }
}

/** Stores bytes under a key, whole or not at all; any failure leaves the cache as it was. */
export function writeEntry(key: string, bytes: Buffer): void {
  const folder = cacheFolder();
  if (!folder) return;
  const temp = join(folder, `.${key}.${process.pid}.tmp`);
  try {
    makeFolder(folder);
    writeFileSync(temp, bytes);
    renameSync(temp, join(folder, `${key}.bin`));
    prune(folder);
  } catch {
    rmSync(temp, { force: true });
  }
}

/**
 * Makes a folder and its missing parents one level at a time: Node's recursive mkdir never
 * returns in a folder such as /proc, where a new name is refused as not found.
 */
function makeFolder(folder: string): void {
  const missing: string[] = [];
  for (let at = folder; !existsSync(at); at = dirname(at)) {
    if (dirname(at) === at) break;
    missing.unshift(at);
  }
  for (const f of missing) mkdirSync(f);
}

function prune(folder: string): void {
  const entries = readdirSync(folder).filter((f) => f.endsWith('.bin'));
  if (entries.length <= MAX_ENTRIES) return;
  const byAge = entries.map((f) => ({ f, t: statSync(join(folder, f), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => a.t - b.t);
  for (const { f } of byAge.slice(0, entries.length - MAX_ENTRIES)) rmSync(join(folder, f), { force: true });
}
