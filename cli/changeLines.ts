/** A structural change as `fuzhu diff` prints it (and `explore` shows its edits): its heading, then each detail indented. */
import type { Change } from '../src/diff/structure.js';
import { COMMANDS_TEXT, type Lang } from '../src/messages/index.js';

export function changeLines(c: Change, lang: Lang): string[] {
  const w = COMMANDS_TEXT[lang];
  return [`${w.kind[c.kind] ?? c.kind} ${c.id}${c.cite ? ` [${c.cite}]` : ''}: ${w.change[c.change]}`, ...c.details.flatMap((d) => d.split('\n')).map((d) => `  ${d}`)];
}
