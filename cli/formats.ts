/** Tables as plain text, Markdown (numbers with thousands separators) and CSV (exact plain figures). */
import { grouped, type Lang } from '../src/messages/index.js';
import { XLSX } from '../src/messages/xlsx.js';
import { UsageError } from './args.js';
import type { Table } from '../src/index.js';
import { table as textTable } from './table.js';

/** The rows as people read them: numeric cells with thousands separators. */
export function readableRows(t: Table): string[][] {
  return t.rows.map((r) => r.map((cell, i) => (t.numeric[i] ? grouped(cell) : cell)));
}

export function tableText(t: Table): string {
  return `${t.title}\n${textTable([...t.header], readableRows(t), t.numeric.map((n) => (n ? 'right' : 'left')))}${t.note ? `\n${t.note}` : ''}`;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function tableMarkdown(t: Table): string {
  const align = t.numeric.map((n) => (n ? '---:' : '---'));
  return [`### ${t.title}`, '', `| ${t.header.map(mdCell).join(' | ')} |`, `|${align.join('|')}|`, ...readableRows(t).map((r) => `| ${r.map(mdCell).join(' | ')} |`), ...(t.note ? ['', `_${t.note}_`] : [])].join('\n');
}

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
export function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A UTF-8 byte-order mark: Excel takes a CSV file for UTF-8 (and shows its Chinese) only when it starts with one. */
export const BOM = '\uFEFF';

/**
 * `--bom` or `--no-bom` as asked, undefined when neither is (a CSV then has the mark when its
 * words are Chinese); both at once are refused, before any work.
 */
export function bomAsked(values: { bom?: boolean; 'no-bom'?: boolean }, lang: Lang): boolean | undefined {
  if (values.bom && values['no-bom']) throw new UsageError(XLSX[lang].bomBoth);
  return values.bom ? true : values['no-bom'] ? false : undefined;
}

/** Whether CSV output in `lang` starts with the mark: as asked, else for Chinese. */
export function bomFor(asked: boolean | undefined, lang: Lang): boolean {
  return asked ?? lang === 'zh';
}

export function tableCsv(t: Table, bom = false): string {
  return `${bom ? BOM : ''}${[t.header, ...t.rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
