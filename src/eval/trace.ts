/** The record of how a figure came about: definitions, conditions, parameters and the data read. */
import type { CivilDate, Type } from '../dsl/index.js';
import type { Label } from '../policy/index.js';

export interface TraceNode {
  readonly kind: 'definition' | 'condition' | 'parameter' | 'item' | 'person';
  /** A definition's, parameter's or item's id; a condition's expression text. */
  readonly name: string;
  readonly label?: Label;
  readonly cite?: string;
  /** Arguments of a definition, as written: `mother`. */
  readonly args?: readonly string[];
  value?: unknown;
  type?: Type;
  /** Parameters: the date the value in force dates from, and where it came from. */
  readonly from?: CivilDate;
  readonly provisional?: boolean;
  readonly source?: string;
  readonly scenario?: string;
  /** Household data read while evaluating this node: path → value; `call` names a built-in whose result it is (`age`). */
  readonly facts: { path: string; value: unknown; type?: Type; call?: string }[];
  /** A condition `not X`: the node shows X and X's truth. */
  readonly negated?: boolean;
  /** A definition whose value is a household fact: which one (`p.birth_date`, `mother`). */
  via?: { readonly path: string };
  readonly children: TraceNode[];
  /** The value was computed before in this month; details are shown there. */
  memo?: boolean;
}

/** Builds a trace tree while the interpreter runs. */
export class Tracer {
  readonly roots: TraceNode[] = [];
  private readonly stack: TraceNode[] = [];

  open(node: Omit<TraceNode, 'facts' | 'children'>): TraceNode {
    const full: TraceNode = { ...node, facts: [], children: [] };
    (this.stack[this.stack.length - 1]?.children ?? this.roots).push(full);
    this.stack.push(full);
    return full;
  }

  close(node: TraceNode, value: unknown, type?: Type): void {
    node.value = value;
    if (type) node.type = type;
    const top = this.stack.pop();
    if (top !== node) throw new Error('trace nesting broken');
  }

  /** Abandons open nodes down to (and including) `node`, after an exception. */
  unwind(node: TraceNode): void {
    while (this.stack.length && this.stack.pop() !== node);
  }

  leaf(node: Omit<TraceNode, 'facts' | 'children'>): void {
    (this.stack[this.stack.length - 1]?.children ?? this.roots).push({ ...node, facts: [], children: [] });
  }

  fact(path: string, value: unknown, type?: Type, call?: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top && !top.facts.some((f) => f.path === path)) top.facts.push({ path, value, ...(type ? { type } : {}), ...(call ? { call } : {}) });
  }

  /** Records on the definition being evaluated which household fact its value is. */
  via(path: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top?.kind === 'definition') top.via = { path };
  }
}
