/** Plain-text tables that line up Chinese and Latin text alike. */
import { displayWidth } from '../src/diag/index.js';

export type Align = 'left' | 'right';

/** Text padded to a width in terminal columns (Chinese characters take two). */
export function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

export function table(header: string[], rows: string[][], align: Align[] = []): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, align[i] ?? 'left')).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
