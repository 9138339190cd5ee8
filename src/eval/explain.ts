/** The reasoning behind an evaluation as an indented tree, quoting the clauses it rests on. */
import { dates } from '../dsl/index.js';
import { formatValue, type Policy } from '../policy/index.js';
import type { Evaluation } from './evaluate.js';
import { money } from './result.js';
import type { TraceNode } from './trace.js';

export type Lang = 'zh' | 'en';

const WORDS = {
  en: { unset: 'due, amount not set', eligible: 'eligible', notEligible: 'not eligible', since: 'since', provisional: 'provisional', scenario: 'scenario', seeAbove: 'as above', notInForce: 'not in force', paid: 'paid', payers: 'paid by', notDue: 'not due' },
  zh: { unset: '应发放，标准未设定', eligible: '符合条件', notEligible: '不符合条件', since: '起', provisional: '暂定', scenario: '方案', seeAbove: '同上', notInForce: '未实施', paid: '发放', payers: '承担', notDue: '不发放' },
};

function mark(v: unknown): string {
  return v === true ? '✓' : v === false ? '✗' : '•';
}

export class Explainer {
  private readonly quoted = new Set<string>();
  private readonly out: string[] = [];

  constructor(
    private readonly policy: Policy,
    private readonly lang: Lang,
  ) {}

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

  private valueText(n: TraceNode): string {
    if (typeof n.value === 'boolean') return '';
    return ` = ${formatValue(n.value, n.type)}`;
  }

  /**
   * Renders a node and its children. `names` maps a definition's parameter names to the
   * arguments it was called with, so that `p.birth_date` reads `wife.birth_date`.
   */
  node(n: TraceNode, depth: number, names: ReadonlyMap<string, string> = new Map()): void {
    const pad = '  '.repeat(depth);
    const w = WORDS[this.lang];
    const label = n.label ? n.label[this.lang] : '';
    const cite = n.cite ? ` [${n.cite}]` : '';
    const rename = (text: string) => text.replace(/\b([a-z_][a-z0-9_]*)\b(?=\.|\)|,|$| )/g, (m, id: string) => names.get(id) ?? m);
    let inner = names;
    switch (n.kind) {
      case 'parameter': {
        const flags = [n.provisional ? w.provisional : '', n.scenario ? `${w.scenario} ${n.scenario}` : '', n.source ?? ''].filter(Boolean).join(', ');
        const since = n.from === undefined ? '' : this.lang === 'zh' ? `${dates.formatDate(n.from)}${w.since}` : `${w.since} ${dates.formatDate(n.from)}`;
        this.out.push(`${pad}· ${n.name} = ${formatValue(n.value, n.type)} — ${label} (${since}${flags ? `; ${flags}` : ''})${cite}`);
        this.clause(n.cite, depth);
        return;
      }
      case 'condition':
        this.out.push(`${pad}${mark(n.value)} ${rename(n.name)}${this.valueText(n)}`);
        break;
      case 'person':
        this.out.push(`${pad}${n.name}: ${n.value ? w.eligible : w.notEligible}`);
        break;
      case 'item': {
        const who = n.args ? `, ${n.args.join(', ')}` : '';
        const status = n.value === undefined ? ` — ${w.notDue}` : '';
        this.out.push(`${pad}${n.value === undefined || n.value === false ? '✗' : '✓'} ${label} — ${n.name}${who}${cite}${status}`);
        this.clause(n.cite, depth);
        if (n.args?.length === 1) inner = new Map([...names, ['person', n.args[0]!]]);
        break;
      }
      case 'definition': {
        const args = n.args?.map(rename);
        const call = args ? `${n.name}(${args.join(', ')})` : n.name;
        this.out.push(`${pad}${typeof n.value === 'boolean' ? mark(n.value) : '•'} ${label} — ${call}${this.valueText(n)}${cite}${n.memo ? ` (${w.seeAbove})` : ''}`);
        this.clause(n.cite, depth);
        const params = this.policy.definitions.get(n.name)?.params ?? [];
        if (args) inner = new Map([...names, ...params.map((p, i): [string, string] => [p.name, args[i] ?? p.name])]);
        break;
      }
    }
    for (const f of n.facts) this.out.push(`${pad}    ${rename(f.path)} = ${formatValue(f.value, f.type)}`);
    for (const c of n.children) this.node(c, depth + 1, inner);
  }

  text(): string {
    return this.out.join('\n');
  }

  push(line: string): void {
    this.out.push(line);
  }
}

/** Renders an evaluation and the traces of its months; `item` restricts to one item. */
export function explain(policy: Policy, ev: Evaluation, traces: ReadonlyMap<number, TraceNode[]>, lang: Lang, item?: string): string {
  const e = new Explainer(policy, lang);
  const w = WORDS[lang];
  e.push(`${policy.meta.document} ${policy.meta.title[lang]}`);
  for (const m of ev.months) {
    const roots = traces.get(m.month) ?? [];
    const period = dates.formatDate(m.month).slice(0, 7);
    e.push('');
    e.push(`${ev.household} · ${period}${m.inForce ? '' : ` — ${w.notInForce}`}${m.category ? ` · ${policy.enums.get('category')?.labels.get(m.category)?.[lang] ?? m.category}` : ''}`);
    for (const r of roots) {
      // Only the item asked for: its own node, and who it is for when it decides that itself.
      if (item !== undefined && r.kind === 'item' && r.name !== item) continue;
      if (item !== undefined && r.kind === 'person' && / \(/.test(r.name) && !r.name.endsWith(`(${item})`)) continue;
      e.node(r, 1);
    }
    for (const u of m.unset) {
      if (item !== undefined && u.item !== item) continue;
      e.push(`  = ${u.label[lang]}${u.person ? ` (${u.person})` : ''}: ${w.unset} — ${u.parameter} [${u.cite}]`);
    }
    for (const l of m.lines) {
      if (item !== undefined && l.item !== item) continue;
      const payers = [...l.payers].map(([p, v]) => `${p} ${money(v)}`).join(', ');
      e.push(`  = ${l.label[lang]}${l.person ? ` (${l.person})` : ''}: ${money(l.amount)} CNY; ${w.payers} ${payers}${l.provisional ? ` (${w.provisional})` : ''}`);
    }
  }
  return e.text();
}
