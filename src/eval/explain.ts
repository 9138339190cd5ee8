/**
 * The reasoning behind an evaluation as an indented tree, quoting the clauses it rests on (or,
 * for a rule that implements an interpretation, the reading chosen), with months of the same
 * reasoning shown once, and the scope of the result at the end.
 */
import { dates, type Type } from '../dsl/index.js';
import { formatValue, type Interpretation, type Policy } from '../policy/index.js';
import { personRoles, type Evaluation, type Line, type MonthEvaluation, type UnsetLine } from './evaluate.js';
import { WORDS, type Lang } from '../messages/index.js';
import { money } from './result.js';
import { dateText, evaluationScope, scopeText, sinceText } from './scope.js';
import type { TraceNode } from './trace.js';

function mark(v: unknown): string {
  return v === true ? '✓' : v === false ? '✗' : '•';
}

/** A value as people read it, with the sentinel dates in words. */
function shown(v: unknown, type: Type | undefined, lang: Lang): string {
  const t = type?.kind === 'optional' ? type.of : type;
  return t?.kind === 'date' && typeof v === 'number' ? dateText(v, lang) : formatValue(v, type, lang);
}

type Names = ReadonlyMap<string, string>;

export class Explainer {
  private readonly quoted = new Set<string>();
  private readonly out: string[] = [];
  /** Interpretations by the parameter, definition or item implementing them. */
  private readonly readings = new Map<string, Interpretation[]>();
  /** The household's persons (mother, father), with the names the input schema gives them. */
  private readonly roles: ReadonlyMap<string, string>;
  /** Definitions of the household's persons shown in full this month, e.g. `one_child_for(mother)`. */
  private readonly calls = new Set<string>();

  constructor(
    private readonly policy: Policy,
    private readonly lang: Lang,
  ) {
    for (const i of policy.interpretations) for (const id of i.implementedBy) this.readings.set(id, [...(this.readings.get(id) ?? []), i]);
    const fields = policy.household.records.get(policy.household.root)?.fields ?? [];
    this.roles = new Map(personRoles(policy).map((r) => [r, fields.find((f) => f.name === r)?.label?.[lang] ?? r]));
  }

  private clause(cite: string | undefined, depth: number): void {
    if (!cite || this.quoted.has(cite)) return;
    this.quoted.add(cite);
    const c = this.policy.clauses.get(cite);
    const text = c?.text ?? c?.title;
    if (!text) return;
    const pad = '  '.repeat(depth + 1);
    this.out.push(`${pad}“${text.zh}”`);
    if (this.lang === 'en') this.out.push(`${pad}(${text.en})`);
  }

  /**
   * What a node rests on: the reading of each interpretation it implements (once each), and
   * the clause it cites. A rule or parameter that implements a reading shows the reading only,
   * since its clause does not say it; an item shows both.
   */
  private source(n: TraceNode, depth: number): void {
    const readings = this.readings.get(n.name.replace(/\[.*\]$/, '')) ?? [];
    const pad = '  '.repeat(depth + 1);
    for (const i of readings) {
      if (this.quoted.has(`reading:${i.id}`)) continue;
      this.quoted.add(`reading:${i.id}`);
      this.out.push(`${pad}${WORDS[this.lang].reading} — ${i.title[this.lang]}: ${i.reading[this.lang]}`);
    }
    if (!readings.length || n.kind === 'item') this.clause(n.cite, depth);
  }

  private valueText(n: TraceNode): string {
    if (typeof n.value === 'boolean') return '';
    return ` = ${shown(n.value, n.type, this.lang)}`;
  }

  /** Parameter names of a definition node mapped to the arguments it was called with. */
  private namesFor(n: TraceNode, names: Names): Names {
    if (n.kind !== 'definition' || !n.args) return names;
    const args = n.args.map((a) => rename(a, names));
    const params = this.policy.definitions.get(n.name)?.params ?? [];
    return new Map([...names, ...params.map((p, i): [string, string] => [p.name, args[i] ?? p.name])]);
  }

  /**
   * Whose facts decide a boolean definition about a person: a value it works out on the way (not
   * through another condition) that is a person, or a person's field, e.g. the mother whose age
   * decides the father's age condition.
   */
  private whose(n: TraceNode, names: Names): string {
    const self = n.args?.[0] === undefined ? undefined : rename(n.args[0], names);
    if (typeof n.value !== 'boolean' || self === undefined || !this.roles.has(self)) return '';
    const role = this.decidingRole(n.children, this.namesFor(n, names));
    if (role === undefined) return '';
    const w = WORDS[this.lang];
    const name = this.roles.get(role)!;
    return this.lang === 'zh' ? `（${role === self ? w.ownAge(name) : w.othersAge(name)}）` : ` (${role === self ? w.ownAge(name) : w.othersAge(name)})`;
  }

  private decidingRole(nodes: readonly TraceNode[], names: Names): string | undefined {
    for (const c of nodes) {
      if (c.kind === 'definition' && typeof c.value === 'boolean') continue;
      const inner = this.namesFor(c, names);
      const root = c.via?.path.split('.')[0];
      const role = root === undefined ? undefined : (inner.get(root) ?? root);
      if (role !== undefined && this.roles.has(role)) return role;
      const found = c.kind === 'condition' || c.kind === 'definition' ? this.decidingRole(c.children, inner) : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /**
   * Renders a node and its children. `names` maps a definition's parameter names to the
   * arguments it was called with, so that `p.birth_date` reads `mother.birth_date`.
   */
  node(n: TraceNode, depth: number, names: Names = new Map()): void {
    const pad = '  '.repeat(depth);
    const w = WORDS[this.lang];
    const label = n.label ? n.label[this.lang] : '';
    const cite = n.cite ? ` [${n.cite}]` : '';
    let inner = names;
    switch (n.kind) {
      case 'parameter': {
        const flags = [n.provisional ? w.provisional : '', n.scenario ? `${w.scenario} ${n.scenario}` : '', n.source ?? ''].filter(Boolean).join(', ');
        const since = n.from === undefined ? '' : sinceText(n.from, this.lang);
        this.out.push(`${pad}· ${n.name} = ${shown(n.value, n.type, this.lang)} — ${label} (${since}${flags ? `; ${flags}` : ''})${cite}`);
        this.source(n, depth);
        return;
      }
      case 'condition': {
        // A guard `not X` shows X with its own truth, and says in words that X must not hold.
        const guard = n.negated ? w.guard(n.value === true) : '';
        this.out.push(`${pad}${mark(n.value)} ${rename(n.name, names)}${this.valueText(n)}${guard}`);
        break;
      }
      case 'person':
        this.out.push(`${pad}${n.name}: ${n.value ? w.eligible : w.notEligible}`);
        break;
      case 'item': {
        const who = n.args ? `, ${n.args.join(', ')}` : '';
        const status = n.value === undefined ? ` — ${w.notDue}` : '';
        this.out.push(`${pad}${n.value === undefined || n.value === false ? '✗' : '✓'} ${label} — ${n.name}${who}${cite}${status}`);
        this.source(n, depth);
        if (n.args?.length === 1) inner = new Map([...names, ['person', n.args[0]!]]);
        break;
      }
      case 'definition': {
        const args = n.args?.map((a) => rename(a, names));
        const call = args ? `${n.name}(${args.join(', ')})` : n.name;
        inner = this.namesFor(n, names);
        // A value that is a household fact names it: `= father`, `= 1956-03-15 (father.birth_date)`.
        const fact = n.via ? rename(n.via.path, inner) : undefined;
        const value = fact !== undefined && typeof n.value === 'object' ? ` = ${fact}` : `${this.valueText(n)}${fact !== undefined ? ` (${fact})` : ''}`;
        // The same definition of the same persons is shown in full once a month, then as above.
        const ofPersons = args !== undefined && args.every((a) => this.roles.has(a));
        const repeated = ofPersons && this.calls.has(call);
        if (ofPersons) this.calls.add(call);
        this.out.push(`${pad}${typeof n.value === 'boolean' ? mark(n.value) : '•'} ${label}${this.whose(n, names)} — ${call}${value}${cite}${n.memo || repeated ? ` (${w.seeAbove})` : ''}`);
        if (repeated) return;
        this.source(n, depth);
        break;
      }
    }
    for (const f of n.facts) {
      const value = shown(f.value, f.type, this.lang);
      // A number worked out on the way reads `age = 47`, with the expression it came from.
      this.out.push(f.call ? `${pad}    ${f.call} = ${value} — ${rename(f.path, inner)}` : `${pad}    ${rename(f.path, inner)} = ${value}`);
    }
    for (const c of n.children) this.node(c, depth + 1, inner);
  }

  /** A new month: what was shown in full before is shown again. */
  month(): void {
    this.calls.clear();
  }

  text(): string {
    return this.out.join('\n');
  }

  push(line: string): void {
    this.out.push(line);
  }
}

/** Replaces a definition's parameter names in expression text by the arguments they stand for. */
function rename(text: string, names: Names): string {
  return text.replace(/\b([a-z_][a-z0-9_]*)\b(?=\.|\)|,|$| )/g, (m, id: string) => names.get(id) ?? m);
}

function lineText(l: Line | UnsetLine, lang: Lang): string {
  const w = WORDS[lang];
  const who = l.person ? ` (${l.person})` : '';
  if (!('amount' in l)) return `  = ${l.label[lang]}${who}: ${w.unset} — ${l.parameter} [${l.cite}]`;
  const payers = [...l.payers].map(([p, v]) => `${p} ${money(v)}`).join(', ');
  return `  = ${l.label[lang]}${who}: ${money(l.amount)} CNY; ${w.payers} ${payers}${l.provisional ? ` (${w.provisional})` : ''}`;
}

/** One month's reasoning (its roots, restricted to `item` when given) and its lines. */
function monthBody(e: Explainer, m: MonthEvaluation, roots: readonly TraceNode[], lang: Lang, item: string | undefined): void {
  e.month();
  for (const r of roots) {
    // Only the item asked for: its own node, and who it is for when it decides that itself.
    if (item !== undefined && r.kind === 'item' && r.name !== item) continue;
    if (item !== undefined && r.kind === 'person' && / \(/.test(r.name) && !r.name.endsWith(`(${item})`)) continue;
    e.node(r, 1);
  }
  for (const l of [...m.unset, ...m.lines]) if (item === undefined || l.item === item) e.push(lineText(l, lang));
}

/** A month's reasoning with its own dates taken out, to find months that reason alike. */
function monthKey(policy: Policy, m: MonthEvaluation, roots: readonly TraceNode[], lang: Lang, item: string | undefined): string {
  const e = new Explainer(policy, lang);
  e.push(`${m.inForce} ${m.category}`);
  monthBody(e, m, roots, lang, item);
  return e.text().replaceAll(dates.formatDate(m.month), '§start').replaceAll(dates.formatDate(dates.monthEnd(m.month)), '§end');
}

/** Renders an evaluation and the traces of its months; `item` restricts to one item. */
export function explain(policy: Policy, ev: Evaluation, traces: ReadonlyMap<number, TraceNode[]>, lang: Lang, item?: string): string {
  const e = new Explainer(policy, lang);
  const w = WORDS[lang];
  e.push(`${policy.meta.document} ${policy.meta.title[lang]}`);
  // Consecutive months whose reasoning is the same but for their own dates are shown once.
  const groups: { months: MonthEvaluation[]; key: string }[] = [];
  for (const m of ev.months) {
    const key = monthKey(policy, m, traces.get(m.month) ?? [], lang, item);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.months.push(m);
    else groups.push({ months: [m], key });
  }
  const period = (m: MonthEvaluation) => dates.formatDate(m.month).slice(0, 7);
  for (const { months } of groups) {
    const m = months[0]!;
    const span = months.length > 1 ? ` … ${period(months[months.length - 1]!)} (${w.sameMonths(months.length, period(m))})` : '';
    e.push('');
    e.push(`${ev.household} · ${period(m)}${span}${m.inForce ? '' : ` — ${w.notInForce}`}${m.category ? ` · ${policy.enums.get('category')?.labels.get(m.category)?.[lang] ?? m.category}` : ''}`);
    monthBody(e, m, traces.get(m.month) ?? [], lang, item);
  }
  if (ev.months.length > 1) {
    const lines = [...ev.unset, ...ev.lines].filter((l) => item === undefined || l.item === item);
    e.push('');
    e.push(`${ev.household} · ${w.totalFor(String(ev.period.year))}`);
    for (const l of lines) e.push(lineText(l, lang));
  }
  e.push('');
  for (const line of scopeText(evaluationScope(policy, ev), lang)) e.push(line);
  return e.text();
}
