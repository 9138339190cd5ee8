/**
 * Output files, written whole or not at all: each is checked before the work starts, then written
 * to a temporary file in its folder and renamed into place, so that a failed or interrupted write
 * leaves the old file as it was and no fragment behind. Missing folders are made.
 */
import { accessSync, chmodSync, closeSync, constants, fchmodSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FILES, type Lang } from '../src/messages/index.js';
import { UsageError } from './args.js';

/** A wording of FILES' words, in a language. */
type FileWording = (w: (typeof FILES)['en'], lang: Lang) => string;

/** A file or folder that cannot be written: exit 1. `message` is in English; `in(lang)` says it in the language of the command line. */
export class OutputError extends Error {
  readonly #wording: FileWording;

  constructor(wording: FileWording) {
    super(wording(FILES.en, 'en'));
    this.#wording = wording;
  }

  in(lang: Lang): string {
    return this.#wording(FILES[lang], lang);
  }
}

/** A file-system error code in words. */
function why(w: (typeof FILES)['en'], code: string): string {
  return w.why[code] ?? code;
}

/** A file-system error (missing file, no permission, a folder where a file was expected) in words. */
export function fileError(e: unknown, lang: Lang = 'en'): string | undefined {
  const err = e as NodeJS.ErrnoException;
  const w = FILES[lang];
  if (!err || typeof err.code !== 'string') return undefined;
  if (!err.path && !FILES.en.why[err.code]) return undefined;
  return err.path ? w.cannotUse(err.path, why(w, err.code)) : w.cannotDo(err.syscall ?? 'write', why(w, err.code));
}

/** Folders of the kernel and of devices: nothing Fuzhu writes belongs there, and some never answer. */
const SYSTEM = ['/proc', '/sys', '/dev'];

function inSystemFolder(path: string): string | undefined {
  return SYSTEM.find((s) => path === s || path.startsWith(`${s}/`));
}

function refuse(path: string, reason: (w: (typeof FILES)['en']) => string): never {
  throw new OutputError((w) => w.cannotUse(path, reason(w)));
}

/** The nearest folder of `path` (or `path` itself) that exists: it must be a folder Fuzhu may write in. */
function writableAncestor(path: string, shown: string): void {
  let at = resolve(path);
  let stat: Stats | undefined;
  while (!(stat = statSync(at, { throwIfNoEntry: false }))) {
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  const real = realpathSync(at);
  const system = inSystemFolder(real);
  if (system) refuse(shown, (w) => w.systemFolder(system));
  if (!stat?.isDirectory()) refuse(shown, (w) => why(w, 'ENOTDIR'));
  try {
    accessSync(real, constants.W_OK | constants.X_OK);
  } catch (e) {
    refuse(shown, (w) => w.notWritableIn(real, w.why[(e as NodeJS.ErrnoException).code ?? ''] ?? String(e)));
  }
}

/**
 * Checks, before any work, that an output file can be written: it is a regular file if it
 * exists, its name ends in one of the extensions (else a usage error), and its folder exists and
 * is writable or can be made. Returns the path.
 */
export function outputFile(path: string, flag: string, extensions: readonly string[]): string {
  const real = resolve(path);
  const system = inSystemFolder(real);
  if (system) refuse(path, (w) => w.systemFolder(system));
  const stat = statSync(real, { throwIfNoEntry: false });
  if (stat?.isDirectory()) refuse(path, (w) => w.isFolder);
  if (stat && !stat.isFile()) refuse(path, (w) => w.notRegular);
  if (!extensions.some((x) => path.toLowerCase().endsWith(x))) throw new UsageError((w) => w.extension(flag, path, extensions));
  writableAncestor(dirname(stat ? realpathSync(real) : real), path);
  return path;
}

/** Checks, before any work, that an output folder exists and is writable, or can be made. */
export function outputFolder(path: string, flag: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) refuse(path, (w) => w.takesFolder(flag));
  writableAncestor(path, path);
  return path;
}

/** Temporary files not yet renamed into place; removed if the process ends or is stopped first. */
const pending = new Set<string>();
let guarded = false;

function removePending(): void {
  for (const p of pending) rmSync(p, { force: true });
  pending.clear();
}

/** On the first write: remove unfinished temporary files at exit and on SIGINT, SIGTERM, SIGHUP. */
function guard(): void {
  if (guarded) return;
  guarded = true;
  process.on('exit', removePending);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removePending();
      // Ends the way the signal would have ended it.
      process.kill(process.pid, signal);
    });
  }
}

/**
 * The place of the file (through a link to it), a fresh temporary name beside it, and the mode
 * of the old file, which the new one keeps (a new file gets the usual mode, under the umask).
 */
function target(path: string): { final: string; temp: string; mode: number | undefined } {
  const old = statSync(path, { throwIfNoEntry: false });
  const final = old ? realpathSync(path) : resolve(path);
  mkdirSync(dirname(final), { recursive: true });
  const temp = join(dirname(final), `.${basename(final)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  guard();
  pending.add(temp);
  return { final, temp, mode: old ? old.mode & 0o7777 : undefined };
}

/**
 * A write that failed, in words and with the file's name; the temporary file is gone. An error
 * that is not the file system's (one while making the content) goes on as it was.
 */
function failed(path: string, temp: string, e: unknown): Error {
  pending.delete(temp);
  rmSync(temp, { force: true });
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string') return e instanceof Error ? e : new Error(String(e));
  return new OutputError((w) => w.cannotWrite(path, why(w, code)));
}

function finish(path: string, final: string, temp: string): void {
  try {
    renameSync(temp, final);
    pending.delete(temp);
  } catch (e) {
    throw failed(path, temp, e);
  }
}

/**
 * A file that another writer makes (a workbook's stream): it writes `temp`, then `commit()`
 * renames it into place with the old file's mode, or `discard(e)` removes it and gives the
 * error to throw (in words when it is the file system's).
 */
export function outputTemp(path: string): { temp: string; commit(): void; discard(e: unknown): Error } {
  const { final, temp, mode } = target(path);
  return {
    temp,
    commit: () => {
      try {
        if (mode !== undefined) chmodSync(temp, mode);
      } catch (e) {
        throw failed(path, temp, e);
      }
      finish(path, final, temp);
    },
    discard: (e) => failed(path, temp, e),
  };
}

/** Writes a whole file at once. */
export function writeOutput(path: string, text: string): void {
  const { final, temp, mode } = target(path);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
    if (mode !== undefined) fchmodSync(fd, mode);
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    throw failed(path, temp, e);
  }
  finish(path, final, temp);
}

/** Writes lines as they come, in chunks, each awaited so that memory stays flat on a slow disk. */
export async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const { final, temp, mode } = target(path);
  const CHUNK = 1 << 16;
  try {
    const file = await open(temp, 'wx');
    try {
      if (mode !== undefined) await file.chmod(mode);
      let chunk: string[] = [];
      let size = 0;
      for (const line of lines) {
        chunk.push(line);
        size += line.length;
        if (size >= CHUNK) {
          await file.writeFile(chunk.join(''));
          chunk = [];
          size = 0;
        }
      }
      if (chunk.length) await file.writeFile(chunk.join(''));
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (e) {
    throw failed(path, temp, e);
  }
  finish(path, final, temp);
}
