/**
 * Opening untrusted input files (policy files, scenarios, households, populations): only a
 * regular file is read, so that a FIFO cannot hang a run and a device such as /dev/zero cannot
 * fill memory; a file read whole is read within a size limit, whatever its size claims.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { error, type Diagnostic } from '../diag/index.js';

export type Opened = { ok: true; fd: number; size: number } | { ok: false; diagnostic: Diagnostic };

function kindOf(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * Opens a file for reading when it is a regular file. The file is opened without blocking (a
 * FIFO would otherwise wait for a writer) and checked on the open descriptor, so that nothing
 * can be swapped in between the check and the read. The caller closes the descriptor.
 */
export function openRegularFile(path: string, displayPath = path): Opened {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'EISDIR') return { ok: false, diagnostic: error('E-FILE-MISSING', `${displayPath} is a folder; a file was expected`) };
    const missing = code === 'ENOENT' || code === 'ENOTDIR';
    return { ok: false, diagnostic: error(missing ? 'E-FILE-MISSING' : 'E-FILE-UNREADABLE', `cannot read ${displayPath}: ${REASONS[code] ?? code}`) };
  }
  const stat = fstatSync(fd);
  const kind = kindOf(stat);
  if (kind === undefined) return { ok: true, fd, size: stat.size };
  closeSync(fd);
  if (stat.isDirectory()) return { ok: false, diagnostic: error('E-FILE-MISSING', `${displayPath} is a folder; a file was expected`) };
  return { ok: false, diagnostic: error('E-FILE-NOT-REGULAR', `${displayPath} is ${kind}, not a regular file; Fuzhu reads only regular files`, undefined, { help: 'copy the data to a file and name that file' }) };
}

export type ReadWhole = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/**
 * Reads a regular file whole as UTF-8, refusing it once it passes `limit` bytes: the limit is
 * counted on what is read, not on the size the file system reports (which a file that grows,
 * or one in /proc, does not keep).
 */
export function readRegularFile(path: string, limit: number, displayPath = path): ReadWhole {
  const opened = openRegularFile(path, displayPath);
  if (!opened.ok) return opened;
  const tooLarge = (size: number | string): ReadWhole => ({ ok: false, diagnostic: error('E-FILE-TOO-LARGE', `${displayPath} is ${size} bytes; the limit is ${limit}`, undefined, { at: displayPath }) });
  try {
    if (opened.size > limit) return tooLarge(opened.size);
    // Only the bytes read are used, so the buffer need not be cleared first.
    const buffer = Buffer.allocUnsafe(limit + 1);
    let length = 0;
    for (let n = 1; n > 0 && length <= limit; length += n) n = readSync(opened.fd, buffer, length, limit + 1 - length, null);
    if (length > limit) return tooLarge(`more than ${limit}`);
    return { ok: true, text: buffer.toString('utf8', 0, length) };
  } catch (e) {
    return { ok: false, diagnostic: error('E-FILE-UNREADABLE', `cannot read ${displayPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) };
  } finally {
    closeSync(opened.fd);
  }
}
