/**
 * The literate view of a policy: its scope and limitations, then the document's text, clause by
 * clause, beside its encoding (parameters with their dated values, rules in the expression
 * language with plain-language glosses, items, entitlements, interpretations) and the number of
 * tests that cover each clause, listed at the end, for an analyst to check one against the other.
 */
import { dates, printExpr, typeName } from '../dsl/index.js';
import { provisionalFigures, sinceText, sourceText, type ProvisionalFigure, type TestOutcome } from '../eval/index.js';
import { describeValue, type Parameter, type Policy } from '../policy/index.js';
import type { Block } from './document.js';
import { LITERATE as L } from '../messages/literate.js';

function anchor(clause: string): string {
  return `clause-${[...clause].map((c) => (/[A-Za-z0-9]/.test(c) ? c : c.codePointAt(0)!.toString(16))).join('')}`;
}

/** The sentinel dates the rules use for "no date" read as words. */
function readable(text: string): string {
  return text === '1900-01-01' ? L.fromTheStart : text === '9999-12-31' ? L.never : text;
}

function parameterRows(ps: Parameter[]): string[][] {
  return ps.map((p) => [
    `\`${p.id}\``,
    `${p.label.zh}\n${p.label.en}`,
    p.values
      .map((v) => {
        const notes = [v.provisional ? L.provisional : '', v.source ?? ''].filter(Boolean).join('; ');
        const from = dates.formatDate(v.from);
        return L.valueFrom(from === '1900-01-01' ? L.fromTheStart : L.from(from), readable(describeValue(p, v)), notes);
      })
      .join('\n'),
    [p.keyedBy ? L.per(p.keyedBy.name) : '', p.unit ?? typeName(p.type)].filter(Boolean).join(', '),
  ]);
}

/** What the figures leave out (the policy's scope), the provisional figures, and the stated limitations. */
function scopeBlocks(policy: Policy): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: L.scopeHeading, id: 'scope' }];
  const scope = policy.meta.scope;
  if (scope) {
    blocks.push({ kind: 'paragraph', text: L.scopeIntro });
    blocks.push({ kind: 'quote', lines: [scope.statement.zh], lang: 'zh' });
    blocks.push({ kind: 'quote', lines: [scope.statement.en], lang: 'en' });
  }
  const figures = provisionalFigures(policy, policy.items.map((i) => i.id), -Infinity, Infinity);
  if (figures.length) {
    blocks.push({ kind: 'paragraph', text: L.provisionalHeading });
    // One row a parameter, one line a dated value.
    const byParameter = new Map<string, ProvisionalFigure[]>();
    for (const f of figures) byParameter.set(f.parameter, [...(byParameter.get(f.parameter) ?? []), f]);
    blocks.push({
      kind: 'table',
      header: L.figureColumns,
      rows: [...byParameter.values()].map((fs) => [`\`${fs[0]!.parameter}\``, `${fs[0]!.label.zh}\n${fs[0]!.label.en}`, fs.map((f) => L.figure(sinceText(f.from, 'en'), f.value, sourceText(f, 'en'))).join('\n')]),
    });
  }
  if (policy.limitations.length) {
    blocks.push({ kind: 'paragraph', text: L.limitationsHeading });
    blocks.push({ kind: 'list', items: policy.limitations.map((l) => `**${l.title.en}** (${l.title.zh})${l.cite ? ` [${l.cite}](#${anchor(l.cite)})` : ''}: ${l.text.en} ${l.text.zh}`) });
  }
  if (policy.interpretations.length) blocks.push({ kind: 'paragraph', text: L.readingsLine(policy.interpretations.length) });
  return blocks;
}

export function literateView(policy: Policy, tests: readonly TestOutcome[]): Block[] {
  const m = policy.meta;
  const blocks: Block[] = [];
  const byCite = <T extends { cite: string }>(xs: readonly T[], id: string) => xs.filter((x) => x.cite === id);
  const params = [...policy.parameters.values()];
  const defs = [...policy.definitions.values()];
  const testsFor = (id: string) => tests.filter((t) => t.cites.includes(id));
  blocks.push({ kind: 'heading', level: 1, text: `${m.document} ${m.title.zh}` });
  blocks.push({ kind: 'paragraph', text: `**${m.title.en}**. ${L.issued(`${m.issuer.zh} (${m.issuer.en})`, dates.formatDate(m.issued), m.supersedes.map((s) => s.document).join(', '))}` });
  blocks.push({ kind: 'paragraph', text: L.intro });
  blocks.push(...scopeBlocks(policy));
  const clauses = [...policy.clauses.values()];
  const rows = clauses
    .map((c) => {
      const counts = [byCite(params, c.id).length, byCite(defs, c.id).length, byCite(policy.items, c.id).length, byCite(policy.entitlements, c.id).length, byCite(policy.interpretations, c.id).length, testsFor(c.id).length];
      return { c, counts };
    })
    .filter(({ counts }) => counts.some((n) => n > 0));
  blocks.push({ kind: 'heading', level: 2, text: L.clausesHeading });
  blocks.push({
    kind: 'table',
    header: L.clauseColumns,
    rows: rows.map(({ c, counts }) => [`[${c.id}](#${anchor(c.id)})${c.title ? ` ${c.title.zh}` : ''}`, ...counts.map((n) => (n ? String(n) : '—'))]),
  });
  for (const c of clauses) {
    blocks.push({ kind: 'heading', level: c.id.length <= 1 || c.id === 'notice' || c.id === 'preamble' ? 2 : 3, text: `${c.id}${c.title ? ` ${c.title.zh} — ${c.title.en}` : ''}`, id: anchor(c.id) });
    if (c.text) {
      blocks.push({ kind: 'quote', lines: c.text.zh.split('\n').map((l) => l.trim()).filter(Boolean), lang: 'zh' });
      blocks.push({ kind: 'quote', lines: [c.text.en], lang: 'en' });
    }
    const ps = byCite(params, c.id);
    if (ps.length) {
      blocks.push({ kind: 'paragraph', text: L.parameters });
      blocks.push({ kind: 'table', header: L.parameterColumns, rows: parameterRows(ps) });
    }
    for (const d of byCite(defs, c.id)) {
      const sig = d.params.length ? `${d.name}(${d.params.map((p) => `${p.name}: ${typeName(p.type)}`).join(', ')})` : d.name;
      blocks.push({ kind: 'paragraph', text: L.rule(d.label.zh, d.label.en, sig, typeName(d.type), d.description?.en ?? '') });
      if (d.gloss) blocks.push({ kind: 'list', items: [L.gloss(d.gloss.en), L.glossZh(d.gloss.zh)] });
      const code = printExpr(d.expr);
      blocks.push({ kind: 'code', text: code, lang: 'fuzhu' });
      const sentinels = ['1900-01-01', '9999-12-31'].filter((d) => code.includes(d));
      if (sentinels.length) blocks.push({ kind: 'paragraph', text: L.sentinels(sentinels) });
    }
    for (const i of byCite(policy.items, c.id)) {
      blocks.push({ kind: 'paragraph', text: L.item(i.label.zh, i.label.en, i.id, i.every, i.per, i.provisional) });
      const lines = [
        ...(i.on ? [`on:     ${printExpr(i.on)}`] : []),
        ...(i.when ? [`when:   ${printExpr(i.when)}`] : []),
        `amount: ${printExpr(i.amount)}`,
        ...i.payers.map((p) => L.payer(printExpr(p.payer), p.share === 'rest' ? L.rest : printExpr(p.share))),
      ];
      blocks.push({ kind: 'code', text: lines.join('\n'), lang: 'fuzhu' });
    }
    for (const e of byCite(policy.entitlements, c.id)) {
      blocks.push({ kind: 'paragraph', text: L.entitlement(e.label.zh, e.label.en, e.id, e.per, e.when ? printExpr(e.when) : '') });
    }
    for (const i of byCite(policy.interpretations, c.id)) {
      blocks.push({ kind: 'paragraph', text: L.interpretation(i.title.zh, i.title.en, i.id) });
      blocks.push({
        kind: 'list',
        items: [
          L.reading(i.reading.en),
          L.readingZh(i.reading.zh),
          L.why(`${i.reasoning.trim()}${i.source ? ` (${i.source})` : ''}`),
          ...(i.alternatives.length ? [L.alternatives(i.alternatives.join('; '))] : []),
          L.implementedBy(i.implementedBy.map((x) => `\`${x}\``).join(', ')),
        ],
      });
    }
    for (const l of policy.limitations.filter((x) => x.cite === c.id)) {
      blocks.push({ kind: 'paragraph', text: L.limitation(l.title.zh, l.title.en, l.id) });
      blocks.push({ kind: 'list', items: [l.text.en, l.text.zh] });
    }
    const ts = testsFor(c.id);
    if (ts.length) blocks.push({ kind: 'paragraph', text: L.tests(ts.length, ts.filter((t) => t.failures.length).length, `tests-${anchor(c.id)}`) });
  }
  // The tests themselves, clause by clause, at the end: the sections above give their number.
  blocks.push({ kind: 'heading', level: 2, text: L.testsHeading, id: 'tests' });
  blocks.push({ kind: 'paragraph', text: L.testsIntro });
  for (const c of clauses) {
    const ts = testsFor(c.id);
    if (!ts.length) continue;
    blocks.push({ kind: 'heading', level: 3, text: `[${c.id}](#${anchor(c.id)})${c.title ? ` ${c.title.zh}` : ''}`, id: `tests-${anchor(c.id)}` });
    blocks.push({ kind: 'list', items: ts.map((t) => `${t.failures.length ? '✗' : '✓'} ${t.name} (${t.file.split('/').slice(-1)[0]})`) });
  }
  return blocks;
}
