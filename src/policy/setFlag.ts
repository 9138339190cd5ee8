/**
 * `--set PARAM=VALUE[@DATE]`: what-if edits given on the command line instead of in a file. The
 * edits of one run make one scenario, id `set`, read and checked by the very code that reads a
 * scenario file (applyScenario): each VALUE is read as YAML, as a scenario's `value:` is (800,
 * 60%, true, 2020-01-01, month_end, [450202, 450203]), and the whole is refused if one edit does
 * not fit. Without @DATE a change holds from the parameter's first date, so for every period.
 * Diagnostics point at the flag's text: each edit is a line of a source named `--set`.
 */
import { stringify, type Document } from 'yaml';
import { hasErrors, Source, span, type Diagnostic, type Span } from '../diag/index.js';
import * as dates from '../dsl/dates.js';
import { PARAMS, type SetSyntaxProblem } from '../messages/params.js';
import type { Label, Policy } from './model.js';
import { applyScenario, idClashes, type ScenarioInfo, type ScenarioResult } from './scenario.js';
import { parseYaml, YamlFile, type PathSegment } from './yamlFile.js';

/** The id of the scenario the edits make. */
export const SET_ID = 'set';

/** One `--set`, split where it was written. */
export interface SetEdit {
  /** The flag's value as given. */
  readonly text: string;
  readonly parameter: string;
  readonly value: string;
  readonly date?: string;
  /** Where the value and the date start in `text`. */
  readonly valueAt: number;
  readonly dateAt?: number;
}

/** Splits `PARAM=VALUE[@DATE]` (the last '@' starts the date); a usage problem when it is not of that form. */
export function parseSetEdit(text: string): { ok: true; edit: SetEdit } | { ok: false; problem: SetSyntaxProblem } {
  const eq = text.indexOf('=');
  if (eq < 0) return { ok: false, problem: 'noEquals' };
  if (eq === 0) return { ok: false, problem: 'noParameter' };
  const at = text.lastIndexOf('@');
  const dated = at > eq;
  const value = text.slice(eq + 1, dated ? at : undefined);
  if (!value.trim()) return { ok: false, problem: 'noValue' };
  if (dated && at === text.length - 1) return { ok: false, problem: 'noDate' };
  return { ok: true, edit: { text, parameter: text.slice(0, eq), value, valueAt: eq + 1, ...(dated ? { date: text.slice(at + 1), dateAt: at + 1 } : {}) } };
}

/** The edits as one text, a line each, and the spans of their parts in it. */
class Layout {
  readonly source: Source;
  private readonly starts: number[] = [];

  constructor(readonly edits: readonly SetEdit[]) {
    let at = 0;
    for (const e of edits) {
      this.starts.push(at);
      at += e.text.length + 1;
    }
    this.source = new Source('--set', edits.map((e) => e.text).join('\n'));
  }

  whole(i: number): Span {
    return span(this.source, this.starts[i]!, this.starts[i]! + this.edits[i]!.text.length);
  }

  parameter(i: number): Span {
    return span(this.source, this.starts[i]!, this.starts[i]! + this.edits[i]!.parameter.length);
  }

  value(i: number): Span {
    const e = this.edits[i]!;
    return span(this.source, this.starts[i]! + e.valueAt, this.starts[i]! + e.valueAt + e.value.length);
  }

  /** The date's span, or the whole edit's when it gives none. */
  date(i: number): Span {
    const e = this.edits[i]!;
    return e.dateAt === undefined ? this.whole(i) : span(this.source, this.starts[i]! + e.dateAt, this.starts[i]! + e.text.length);
  }

  /** The edit a span of the source is in. */
  editAt(s: Span): SetEdit | undefined {
    return s.source === this.source ? this.edits[this.source.position(s.start).line - 1] : undefined;
  }
}

/**
 * The scenario of the edits as the scenario reader sees a file: its data and document are those
 * of the scenario the edits stand for, and every place in it is the place in the flags.
 */
class SetFile extends YamlFile {
  constructor(
    private readonly layout: Layout,
    doc: Document.Parsed,
    data: unknown,
  ) {
    super(layout.source, doc, data);
  }

  override spanAt(path: readonly PathSegment[]): Span {
    const [top, i, key] = path;
    if (top !== 'changes' || typeof i !== 'number' || i >= this.layout.edits.length) return span(this.source, 0, this.source.text.length);
    if (key === 'parameter') return this.layout.parameter(i);
    if (key === 'value') return this.layout.value(i);
    if (key === 'from') return this.layout.date(i);
    return this.layout.whole(i);
  }

  override spanOrHead(path: readonly PathSegment[]): Span {
    return this.spanAt(path);
  }

  override keySpan(path: readonly PathSegment[]): Span {
    return this.spanAt(path);
  }

  override offsetMap(path: readonly PathSegment[]): (i: number) => number {
    const start = this.spanAt(path).start;
    return (i) => start + i;
  }
}

/** The title listing the edits, in both languages: `Set on the command line: <label> 800 from 2020-01-01`. */
function titleOf(policy: Policy, edits: readonly SetEdit[]): Label {
  const of = (lang: keyof Label) => {
    const m = PARAMS[lang];
    return m.setTitle(edits.map((e) => m.setChange(policy.parameters.get(e.parameter)?.label[lang] ?? e.parameter, e.value.trim(), e.date)).join(m.setSeparator));
  };
  return { zh: of('zh'), en: of('en') };
}

/** The parameter's first date, from which an edit without @DATE holds (any date for an unknown one, which is refused). */
function startOf(policy: Policy, id: string): string {
  return dates.formatDate(policy.parameters.get(id)?.values[0]?.from ?? dates.ymd(1900, 1, 1));
}

/** Each edit's message begins with the flag as written, so that a reader knows which one is meant. */
function named(layout: Layout, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => {
    const edit = d.span && layout.editAt(d.span);
    return edit ? { ...d, message: `--set ${edit.text}: ${d.message}` } : d;
  });
}

/** The value of each edit read as YAML; errors placed in the flags. */
function valuesOf(layout: Layout, diagnostics: Diagnostic[]): unknown[] {
  return layout.edits.map((e, i) => {
    const read = parseYaml(new Source('--set', e.value));
    if (read.ok) return read.file.data;
    const start = layout.value(i).start;
    diagnostics.push(...read.diagnostics.map((d) => (d.span ? { ...d, span: span(layout.source, start + d.span.start, start + d.span.end) } : d)));
    return undefined;
  });
}

/**
 * Applies the edits to a policy as one scenario, after `earlier` scenarios of the same run: the
 * same checks as a scenario file's, and its id must not be one of theirs.
 */
export function applySetEdits(policy: Policy, edits: readonly SetEdit[], earlier: readonly ScenarioInfo[] = []): ScenarioResult {
  const layout = new Layout(edits);
  const diagnostics: Diagnostic[] = [];
  const values = valuesOf(layout, diagnostics);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: named(layout, diagnostics) };
  const changes = edits.map((e, i) => ({ parameter: e.parameter, from: e.date ?? startOf(policy, e.parameter), value: values[i] }));
  const scenario = { scenario: SET_ID, title: titleOf(policy, edits), changes };
  // The scenario the edits stand for, as a file would hold it; its places are the flags'.
  const read = parseYaml(new Source('--set', stringify(scenario)));
  if (!read.ok) throw new Error(`the scenario of --set does not read back: ${read.diagnostics.map((d) => d.message).join('; ')}`);
  const applied = applyScenario(policy, new SetFile(layout, read.file.doc, read.file.data));
  if (!applied.ok) return { ok: false, diagnostics: named(layout, applied.diagnostics) };
  const clashes = idClashes([...earlier, applied.scenario]);
  if (clashes.length) return { ok: false, diagnostics: clashes };
  return { ...applied, diagnostics: named(layout, applied.diagnostics) };
}
