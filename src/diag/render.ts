/** Renders diagnostics for people: a header, the location and a code frame with carets. */
import type { Diagnostic } from './diagnostic.js';
import { FRAME, type Lang } from '../messages/index.js';
import { location, type Span } from './source.js';

/** Terminal columns a character takes: 2 for East Asian wide characters, else 1. */
function charWidth(code: number): number {
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x20000;
  return wide ? 2 : 1;
}

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** Longest part of a source line shown in a frame; a longer line is cut around the span. */
const MAX_FRAME_WIDTH = 100;

/** The part of a line to show: the whole of a short line, else a window around [from, to). */
function window(text: string, from: number, to: number): { text: string; from: number; to: number } {
  if (text.length <= MAX_FRAME_WIDTH) return { text, from, to };
  const start = Math.max(0, Math.min(from - 20, text.length - MAX_FRAME_WIDTH));
  const end = Math.min(text.length, start + MAX_FRAME_WIDTH);
  const lead = start > 0 ? '…' : '';
  const shown = lead + text.slice(start, end) + (end < text.length ? '…' : '');
  return { text: shown, from: from - start + lead.length, to: Math.min(to, end) - start + lead.length };
}

function frame(s: Span, label: string): string[] {
  const start = s.source.position(s.start);
  const end = s.source.position(Math.max(s.start, s.end - 1));
  const gutter = String(end.line).length;
  const pad = ' '.repeat(gutter);
  const out = [`${pad} |`];
  const lastLine = Math.min(end.line, start.line + 3);
  for (let n = start.line; n <= lastLine; n++) {
    const full = s.source.line(n).replace(/\t/g, ' ');
    const fullFrom = n === start.line ? start.column - 1 : full.length - full.trimStart().length;
    const fullTo = n === end.line ? Math.max(end.column, fullFrom + 1) : full.length;
    const { text, from, to } = window(full, fullFrom, fullTo);
    out.push(`${String(n).padStart(gutter)} | ${text}`);
    const lead = displayWidth(text.slice(0, from));
    const marks = Math.max(1, displayWidth(text.slice(from, to)));
    out.push(`${pad} | ${' '.repeat(lead)}${'^'.repeat(marks)}${n === lastLine && label ? ' ' + label : ''}`);
  }
  return out;
}

/** The full rendering of one diagnostic, as golden files keep it; the frame's words in `lang`. */
export function renderDiagnostic(d: Diagnostic, lang: Lang = 'en'): string {
  const w = FRAME[lang];
  const lines = [`${w[d.severity]}[${d.code}]${w.colon}${d.message}`];
  if (d.span) {
    lines.push(`  --> ${location(d.span)}`);
    lines.push(...frame(d.span, ''));
  }
  if (d.at) lines.push(`  ${w.at} ${d.at}`);
  for (const r of d.related ?? []) {
    lines.push(`  ${w.note}${w.colon}${r.message}`, `  --> ${location(r.span)}`);
    lines.push(...frame(r.span, ''));
  }
  if (d.help) lines.push(`  = ${w.help}${w.colon}${d.help}`);
  return lines.join('\n');
}

export function renderDiagnostics(ds: readonly Diagnostic[], lang: Lang = 'en'): string {
  return ds.map((d) => renderDiagnostic(d, lang)).join('\n\n');
}
