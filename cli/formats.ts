/** Tables as plain text, Markdown and CSV. */
import type { Table } from '../src/index.js';
import { table as textTable } from './table.js';

export function tableText(t: Table): string {
  return `${t.title}\n${textTable([...t.header], t.rows.map((r) => [...r]), t.numeric.map((n) => (n ? 'right' : 'left')))}${t.note ? `\n${t.note}` : ''}`;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function tableMarkdown(t: Table): string {
  const align = t.numeric.map((n) => (n ? '---:' : '---'));
  return [`### ${t.title}`, '', `| ${t.header.map(mdCell).join(' | ')} |`, `|${align.join('|')}|`, ...t.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`), ...(t.note ? ['', `_${t.note}_`] : [])].join('\n');
}

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
export function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function tableCsv(t: Table): string {
  return `${[t.header, ...t.rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
