/**
 * Reading docs/language.md's runnable examples: its fenced blocks with their info words and
 * attributes, and the `fuzhu` blocks' expressions each with its `⇒ result` line. Shared by the
 * test that runs the examples (test/docs.test.ts) and the conformance suite, which runs their
 * expressions through every engine.
 */
export interface Block {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly info: string[];
  readonly attrs: Record<string, string>;
  readonly text: string;
}

export function blocksOf(markdown: string, doc: string): Block[] {
  const lines = markdown.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S.*)?$/.exec(lines[i]!);
    if (!open) continue;
    const words = (open[1] ?? '').trim().split(/\s+/).filter(Boolean);
    const info = words.filter((w) => !w.includes('='));
    const attrs = Object.fromEntries(words.filter((w) => w.includes('=')).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^```\s*$/.test(lines[j]!)) body.push(lines[j++]!);
    if (j >= lines.length) throw new Error(`${doc}:${i + 1}: code block never closed`);
    out.push({ line: i + 1, info, attrs, text: body.join('\n') });
    i = j;
  }
  return out;
}

/** One expression of a `fuzhu` block: its first line in the document, its text and what follows `⇒`. */
export interface DocExpression {
  readonly line: number;
  readonly text: string;
  readonly result: string;
}

/** The expressions of a `fuzhu` block, each ended by its `⇒ result` line. */
export function expressionsOf(block: Block, doc: string): DocExpression[] {
  const out: DocExpression[] = [];
  let pending: string[] = [];
  let start = block.line + 1;
  block.text.split('\n').forEach((raw, i) => {
    const mark = /^⇒\s*(.*)$/.exec(raw);
    if (!mark) {
      if (pending.length === 0 && raw.trim() === '') start = block.line + i + 2;
      else pending.push(raw);
      return;
    }
    out.push({ line: start, text: pending.join('\n').trim(), result: mark[1]!.trim() });
    pending = [];
    start = block.line + i + 2;
  });
  if (pending.some((l) => l.trim() !== '')) throw new Error(`${doc}:${block.line}: an expression without '⇒ result' at the end of the block`);
  return out;
}
