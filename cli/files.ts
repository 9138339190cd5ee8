/** Writing output files: the folder is made when missing; a file that cannot be written is a user error. */
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export function writeOutput(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Writes lines to a file as they come, waiting when the disk is slower; rejects on a write error. */
export async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const out: WriteStream = createWriteStream(path);
  let failure: Error | undefined;
  out.on('error', (e) => (failure = e));
  // Resolves on the first of the events given (or an error), leaving no listener behind.
  const first = (event: 'ready' | 'drain') =>
    new Promise<void>((resolve) => {
      const done = () => {
        out.off(event, done);
        out.off('error', done);
        resolve();
      };
      out.on(event, done);
      out.on('error', done);
    });
  await first('ready');
  for (const line of lines) {
    if (failure) break;
    if (!out.write(line)) await first('drain');
  }
  // Done only when the file is closed: an error at the last write (a full disk) comes before.
  await new Promise<void>((resolve) => {
    out.once('close', () => resolve());
    out.end();
  });
  if (failure) throw failure;
}

/** A file-system error (missing file, no permission, a folder where a file was expected) in words. */
export function fileError(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err.code !== 'string') return undefined;
  const why: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a folder, not a file',
    ENOTDIR: 'a part of the path is not a folder',
    EEXIST: 'it already exists',
    ENOSPC: 'no space left on the device',
  };
  if (!err.path && !why[err.code]) return undefined;
  return `cannot ${err.path ? `use ${err.path}` : `${err.syscall ?? 'write'} a file`}: ${why[err.code] ?? err.code}`;
}
