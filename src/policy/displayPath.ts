/** Paths as a user reads them in messages. */
import { relative } from 'node:path';

/** A path as the user should read it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
