/**
 * The screen of `fuzhu explore`: the parameters on the left, the chosen year's budget by payer and
 * by item with a small bar chart on the right, a line for prompts and messages at the bottom.
 * Keys are read here (see EXPLORE.keys); the work is in Explorer. Fits 80×24 (fewer rows shown,
 * narrower columns) and redraws when the terminal is resized; colour only without NO_COLOR.
 */
import { Box, Text, useApp, useInput, useStdout, type Key } from 'ink';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { displayWidth } from '../../src/diag/index.js';
import { EXPLORE, grouped, type Lang } from '../../src/messages/index.js';
import { UsageError } from '../args.js';
import { outputFile, writeOutput } from '../files.js';
import { pad } from '../table.js';
import { scenarioYaml, SAVED_ID } from './edits.js';
import { diffLines, householdsLine, itemRows, paramRows, payerRows, type MoneyRow, type Scale } from './rows.js';
import type { Explorer, Figures } from './state.js';

type Mode = { kind: 'browse' } | { kind: 'value'; text: string } | { kind: 'year'; text: string } | { kind: 'save'; text: string } | { kind: 'quit' } | { kind: 'diff' } | { kind: 'keys' };

export interface ExploreProps {
  readonly explorer: Explorer;
  readonly lang: Lang;
  /** Whether colours may be used (not under NO_COLOR). */
  readonly color: boolean;
  /** A size to draw at instead of the terminal's (tests). */
  readonly size?: { columns: number; rows: number };
  /** The file a save proposes. */
  readonly saveTo: string;
}

/** The terminal's size (80×24 where it does not say), kept up to date on resize. */
function useSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const on = () => setSize(read());
    stdout.on('resize', on);
    return () => void stdout.off('resize', on);
  }, [stdout]);
  return size;
}

/** The text cut to `width` columns of a terminal (a Chinese character takes two), an ellipsis where cut. */
function fit(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = displayWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** Cut to `width` columns and padded to them, on the right or the left. */
const padTo = (text: string, width: number, right = false) => pad(fit(text, width), width, right ? 'right' : 'left');

export function ExploreApp({ explorer, lang, color, size: fixed, saveTo }: ExploreProps): ReactElement {
  const m = EXPLORE[lang];
  const { exit } = useApp();
  const terminal = useSize();
  const size = fixed ?? terminal;
  const [, redraw] = useState(0);
  // Held in a ref, not in state: keys that arrive together (typed fast, or pasted) each see the
  // effect of the one before, before any redraw.
  const ui = useRef<{ selected: number; mode: Mode; message?: { text: string; error: boolean } }>({ selected: 0, mode: { kind: 'browse' } });
  const update = (change: Partial<typeof ui.current>) => {
    ui.current = { ...ui.current, ...change };
    redraw((n) => n + 1);
  };
  const setMode = (mode: Mode) => update({ mode });
  const setMessage = (message: { text: string; error: boolean } | undefined) => update({ message });
  useEffect(() => explorer.onChange(() => redraw((n) => n + 1)), [explorer]);

  const rows = paramRows(explorer.baseline, explorer.policy, explorer.edits, explorer.at, lang);
  const { selected, mode, message } = ui.current;
  const refused = (r: ReturnType<Explorer['type']>, text: string) => {
    if (r === undefined) return setMessage(undefined);
    setMessage({ text: r === 'form' ? m.badForm(text) : r.map((d) => `${d.code}: ${d.message}`).join('; '), error: true });
  };

  useInput((input, key) => {
    // Keys that arrive in one chunk (typed fast, pasted, sent by a script) are taken one by one.
    const chars = [...input];
    if (chars.length > 1 && !key.ctrl && !key.meta && !key.escape) {
      for (const ch of chars) onKey(ch === '\r' || ch === '\n' ? '' : ch, { ...key, return: ch === '\r' || ch === '\n', backspace: ch === '\x7f' || ch === '\b' });
      return;
    }
    onKey(input, key);
  });

  function onKey(input: string, key: Key): void {
    const { mode } = ui.current;
    const row = rows[ui.current.selected]!;
    if (mode.kind === 'value' || mode.kind === 'year' || mode.kind === 'save') {
      if (key.escape) return setMode({ kind: 'browse' });
      if (key.return) {
        setMode({ kind: 'browse' });
        return submit(mode.kind, mode.text.trim());
      }
      if (key.backspace || key.delete) return setMode({ ...mode, text: [...mode.text].slice(0, -1).join('') });
      if (input && !key.ctrl && !key.meta) setMode({ ...mode, text: mode.text + input });
      return;
    }
    if (mode.kind === 'quit') {
      if (input === 'y' || input === 'Y') exit();
      else setMode({ kind: 'browse' });
      return;
    }
    if (mode.kind === 'diff' || mode.kind === 'keys') {
      if (key.escape || input === 'q' || input === 'd' || input === '?') setMode({ kind: 'browse' });
      return;
    }
    if (key.upArrow) update({ selected: Math.max(0, ui.current.selected - 1) });
    else if (key.downArrow) update({ selected: Math.min(rows.length - 1, ui.current.selected + 1) });
    else if (key.rightArrow || input === '+' || input === '=' || key.leftArrow || input === '-') {
      const r = explorer.step(row.id, key.rightArrow || input === '+' || input === '=' ? 1 : -1);
      if (r === 'none') setMessage({ text: m.noStep, error: false });
      else refused(r, row.id);
    } else if (key.return) setMode({ kind: 'value', text: '' });
    else if (input === 'y') setMode({ kind: 'year', text: String(explorer.year) });
    else if (input === 'r') explorer.reset(row.id);
    else if (input === 'R') explorer.resetAll();
    else if (input === 'u') explorer.undo();
    else if (input === 's') {
      if (!explorer.edits.size) setMessage({ text: m.nothingToSave, error: false });
      else setMode({ kind: 'save', text: saveTo });
    } else if (input === 'd') setMode({ kind: 'diff' });
    else if (input === '?') setMode({ kind: 'keys' });
    else if (input === 'q' || key.escape) {
      if (explorer.unsaved) setMode({ kind: 'quit' });
      else exit();
    }
  }

  function submit(kind: 'value' | 'year' | 'save', text: string): void {
    const row = rows[ui.current.selected]!;
    if (kind === 'value') {
      if (text) refused(explorer.type(row.id, text), text);
      return;
    }
    if (kind === 'year') {
      const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
      if (!(year >= 1900 && year <= 2199)) return setMessage({ text: m.badYear(text), error: true });
      setMessage(undefined);
      return explorer.setYear(year);
    }
    const file = text || saveTo;
    try {
      writeOutput(outputFile(file, 's', ['.yaml', '.yml']), scenarioYaml(explorer.baseline, explorer.edits, SAVED_ID));
      explorer.markSaved();
      setMessage({ text: m.saved(file), error: false });
    } catch (e) {
      setMessage({ text: m.saveFailed(file, e instanceof UsageError ? e.in(lang) : e instanceof Error ? e.message : String(e)), error: true });
    }
  }

  const compact = size.columns < 100 || size.rows < 30;
  const leftWidth = Math.max(30, Math.floor(size.columns * (compact ? 0.42 : 0.45)));
  const rightWidth = size.columns - leftWidth - 1;
  const bodyRows = Math.max(6, size.rows - 5);
  const f = explorer.figures;
  const progress = explorer.progress && grouped(String(explorer.progress.done)) + (explorer.progress.total ? `/${grouped(String(explorer.progress.total))}` : '');
  const status = explorer.failure !== undefined ? m.failed(explorer.failure) : !f ? (progress === undefined ? m.loading : m.reading(progress)) : explorer.stale ? (progress === undefined ? m.loading : m.evaluating(progress)) : f.edited ? (f.how === 'priced' ? m.priced : m.evaluated) : '';
  const accent = color ? 'cyan' : undefined;

  let body: ReactElement;
  if (mode.kind === 'diff' || mode.kind === 'keys') {
    const lines = mode.kind === 'diff' ? diffLines(explorer.baseline, explorer.policy, explorer.edits, lang) : m.keys.map(([k, what]) => `${padTo(k, 10)} ${what}`);
    body = (
      <Box flexDirection="column" height={bodyRows}>
        <Text bold>{mode.kind === 'diff' ? m.diffTitle : m.keysTitle}</Text>
        {lines.slice(0, bodyRows - 1).map((l, i) => (
          <Text key={i}>{fit(l, size.columns)}</Text>
        ))}
      </Box>
    );
  } else {
    body = (
      <Box flexDirection="row" height={bodyRows}>
        <Box flexDirection="column" width={leftWidth}>
          <ParamList rows={rows} selected={selected} height={bodyRows} width={leftWidth} accent={accent} lang={lang} />
        </Box>
        <Box flexDirection="column" width={rightWidth} marginLeft={1}>
          {f ? <Budget explorer={explorer} f={f} width={rightWidth} height={bodyRows} lang={lang} accent={accent} /> : <Text>{m.loading}</Text>}
        </Box>
      </Box>
    );
  }
  const prompt = mode.kind === 'value' ? m.typeValue(rows[selected]!.label) : mode.kind === 'year' ? m.typeYear : mode.kind === 'save' ? m.saveAs : undefined;
  return (
    <Box flexDirection="column" width={size.columns}>
      <Text bold color={accent}>
        {fit(`${m.title(explorer.baseline.meta.document, explorer.year)}${status ? ` · ${status}` : ''}`, size.columns)}
      </Text>
      {body}
      <Box height={2}>
        <Text color={message?.error && color ? 'red' : undefined}>{fit(mode.kind === 'quit' ? m.quitAsk : prompt !== undefined && 'text' in mode ? `${prompt}${mode.text}_` : (message?.text ?? ''), size.columns * 2 - 2)}</Text>
      </Box>
      <Text dimColor={color}>{fit(m.hint, size.columns)}</Text>
    </Box>
  );
}

function ParamList({ rows, selected, height, width, accent, lang }: { rows: ReturnType<typeof paramRows>; selected: number; height: number; width: number; accent: string | undefined; lang: Lang }): ReactElement {
  const m = EXPLORE[lang];
  // Clause headings and parameters, a window of them around the one chosen.
  const lines: { text: string; at?: number; edited?: boolean; heading?: boolean }[] = [];
  rows.forEach((r, i) => {
    if (i === 0 || rows[i - 1]!.clause !== r.clause) lines.push({ text: r.clause, heading: true });
    const value = r.edited === undefined ? r.baseline : `${r.baseline}→${r.edited}`;
    const mark = r.provisional ? `*` : ' ';
    const valueWidth = Math.min(displayWidth(value), Math.floor(width * 0.45));
    lines.push({ text: `${i === selected ? '›' : ' '}${mark}${padTo(r.label, width - valueWidth - 3)} ${padTo(value, valueWidth, true)}`, at: i, edited: r.edited !== undefined });
  });
  const chosenLine = lines.findIndex((l) => l.at === selected);
  const shown = height - 2;
  const start = Math.max(0, Math.min(chosenLine - Math.floor(shown / 2), lines.length - shown));
  const chosen = rows[selected]!;
  return (
    <>
      {lines.slice(start, start + shown).map((l, i) => (
        <Text key={i} bold={l.heading || l.at === selected} inverse={l.at === selected && accent !== undefined} color={l.edited ? accent : undefined}>
          {fit(l.text, width)}
        </Text>
      ))}
      <Text dimColor>{fit(`${chosen.id} · ${chosen.unit}${chosen.provisional ? ` · *${m.provisional}` : ''}`, width)}</Text>
    </>
  );
}

function Budget({ explorer, f, width, height, lang, accent }: { explorer: Explorer; f: Figures; width: number; height: number; lang: Lang; accent: string | undefined }): ReactElement {
  const m = EXPLORE[lang];
  const stale = explorer.stale;
  // Full amounts where they fit beside a readable label, else 万元.
  const full = payerRows(explorer.baseline, f, lang, 'yuan');
  const num = Math.max(...full.flatMap((r) => [r.base, r.edited, r.change].map((t) => t.length)));
  const scale: Scale = width - 3 * (num + 1) - 8 >= 14 ? 'yuan' : 'wan';
  const payers = scale === 'yuan' ? full : payerRows(explorer.baseline, f, lang, scale);
  const items = itemRows(explorer.baseline, f, lang, scale);
  const numWidth = Math.max(...[...payers, ...items].flatMap((r) => [r.base, r.edited, r.change].map((t) => t.length)), 6);
  const labelWidth = Math.max(6, width - 3 * (numWidth + 1) - 8);
  const line = (r: MoneyRow) => `${padTo(r.label, labelWidth)} ${padTo(r.base, numWidth, true)} ${padTo(r.edited, numWidth, true)} ${padTo(r.change, numWidth, true)} ${padTo(r.percent, 7, true)}`;
  const cols = m.columns;
  const head = `${padTo(scale === 'wan' ? m.inWan : m.inYuan, labelWidth)} ${cols.slice(1, 4).map((c) => padTo(c, numWidth, true)).join(' ')} ${padTo(cols[4] ?? '', 7, true)}`;
  const total = payers[0]!;
  const max = Math.max(total.amounts[0].toNumber(), total.amounts[1].toNumber(), 1);
  const barWidth = Math.max(4, width - 10);
  const bar = (v: number) => '█'.repeat(Math.round((v / max) * barWidth));
  const households = householdsLine(f, lang);
  // Room: two headings, the payers, the households, a heading and the items, two bars.
  const itemRoom = Math.max(0, height - payers.length - 2 - (households ? 1 : 0) - 2);
  return (
    <>
      <Text bold>{fit(`${m.byPayer}${stale ? ` (${m.stale})` : ''}`, width)}</Text>
      <Text dimColor>{fit(head, width)}</Text>
      {payers.map((r, i) => (
        <Text key={i} bold={i === 0} dimColor={stale}>
          {fit(line(r), width)}
        </Text>
      ))}
      {households ? <Text dimColor={stale}>{fit(households, width)}</Text> : null}
      {itemRoom > 1 ? <Text bold>{fit(m.byItem, width)}</Text> : null}
      {items.slice(0, Math.max(0, itemRoom - 1)).map((r, i) => (
        <Text key={i} dimColor={stale}>
          {fit(line(r), width)}
        </Text>
      ))}
      <Text>{fit(`${padTo(m.bars.base, 8)} ${bar(total.amounts[0].toNumber())}`, width)}</Text>
      <Text color={accent}>{fit(`${padTo(m.bars.edited, 8)} ${bar(total.amounts[1].toNumber())}`, width)}</Text>
    </>
  );
}
