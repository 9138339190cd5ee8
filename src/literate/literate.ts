/**
 * The literate view of a policy: its scope and limitations, then the document's text, clause by
 * clause, beside its encoding (parameters with their dated values, rules in the expression
 * language with plain-language glosses, items, entitlements, interpretations, the promises
 * `fuzhu prop` checks) and the number of tests that cover each clause, listed at the end, for an
 * analyst to check one against the other.
 */
import { dates, printExpr, typeName, type Expr } from '../dsl/index.js';
import { provisionalFigures, sinceText, sourceText, type ProvisionalFigure, type TestOutcome } from '../eval/index.js';
import { describeValue, inLanguage, type Parameter, type Policy } from '../policy/index.js';
import { unitText } from '../policy/units.js';
import type { Block } from './document.js';
import { LITERATE } from '../messages/literate.js';
import type { Lang } from '../messages/lang.js';

type Words = (typeof LITERATE)['en'];

function anchor(clause: string): string {
  return `clause-${[...clause].map((c) => (/[A-Za-z0-9]/.test(c) ? c : c.codePointAt(0)!.toString(16))).join('')}`;
}

/** The sentinel dates the rules use for "no date" read as words. */
function readable(text: string, L: Words): string {
  return text === '1900-01-01' ? L.fromTheStart : text === '9999-12-31' ? L.never : text;
}

function parameterRows(ps: Parameter[], lang: Lang): string[][] {
  const L = LITERATE[lang];
  return ps.map((p) => [
    `\`${p.id}\``,
    [p.label.zh, p.label.en, inLanguage(p.description, lang)].filter(Boolean).join('\n'),
    p.values
      .map((v) => {
        const notes = [v.provisional ? L.provisional : '', v.source === undefined ? '' : sourceText(v, lang)].filter(Boolean).join(L.notesSeparator);
        const from = dates.formatDate(v.from);
        return L.valueFrom(from === '1900-01-01' ? L.fromTheStart : L.from(from), readable(describeValue(p, v, lang), L), notes);
      })
      .join('\n'),
    L.unit(p.keyedBy?.name ?? '', p.unit ?? typeName(p.type), unitText(p, lang)),
  ]);
}

/** The policy's name for the budget a payer expression names (a payer, a family of payers, a rule), or empty. */
function payerName(policy: Policy, payer: Expr, lang: Lang): string {
  const name = payer.kind === 'name' ? payer.name : payer.kind === 'call' ? payer.callee : undefined;
  if (name === undefined) return '';
  return (policy.payers.find((p) => p.id === name) ?? policy.definitions.get(name))?.label[lang] ?? '';
}

/** What the figures leave out (the policy's scope), the provisional figures, and the stated limitations. */
function scopeBlocks(policy: Policy, lang: Lang): Block[] {
  const L = LITERATE[lang];
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: L.scopeHeading, id: 'scope' }];
  const scope = policy.meta.scope;
  if (scope) {
    blocks.push({ kind: 'paragraph', text: L.scopeIntro });
    blocks.push(...quotes(scope.statement));
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
      rows: [...byParameter.values()].map((fs) => {
        const p = policy.parameters.get(fs[0]!.parameter)!;
        const value = (f: ProvisionalFigure) => describeValue(p, p.values.find((v) => v.from === f.from), lang);
        return [`\`${p.id}\``, `${p.label.zh}\n${p.label.en}`, fs.map((f) => L.figure(sinceText(f.from, lang), value(f), sourceText(f, lang))).join('\n')];
      }),
    });
  }
  if (policy.limitations.length) {
    blocks.push({ kind: 'paragraph', text: L.limitationsHeading });
    blocks.push({ kind: 'list', items: policy.limitations.map((l) => L.limitationLine(l.title.zh, l.title.en, l.cite ? clauseLink(l.cite, lang) : '', l.text.zh, l.text.en)) });
  }
  if (policy.interpretations.length) blocks.push({ kind: 'paragraph', text: L.readingsLine(policy.interpretations.length) });
  return blocks;
}

/** A clause's text quoted in both languages, the document's Chinese first. */
function quotes(text: { readonly zh: string; readonly en: string }): Block[] {
  return [
    { kind: 'quote', lines: text.zh.split('\n').map((l) => l.trim()).filter(Boolean), lang: 'zh' },
    { kind: 'quote', lines: [text.en], lang: 'en' },
  ];
}

/** A link to a clause's section: its id as the page shows it, its anchor from the id itself. */
function clauseLink(id: string, lang: Lang): string {
  return `[${LITERATE[lang].clauseId(id)}](#${anchor(id)})`;
}

/** The literate view in the reader's language; the anchors are the same in both languages. */
export function literateView(policy: Policy, tests: readonly TestOutcome[], lang: Lang = 'en'): Block[] {
  const L = LITERATE[lang];
  const m = policy.meta;
  const blocks: Block[] = [];
  const byCite = <T extends { cite: string }>(xs: readonly T[], id: string) => xs.filter((x) => x.cite === id);
  const params = [...policy.parameters.values()];
  const defs = [...policy.definitions.values()];
  const testsFor = (id: string) => tests.filter((t) => t.cites.includes(id));
  blocks.push({ kind: 'heading', level: 1, text: `${m.document} ${m.title.zh}` });
  blocks.push({ kind: 'paragraph', text: L.issued(m.title.en, m.issuer.zh, m.issuer.en, dates.formatDate(m.issued), m.supersedes.map((s) => s.document).join(L.listSeparator)) });
  blocks.push({ kind: 'paragraph', text: L.intro });
  blocks.push(...scopeBlocks(policy, lang));
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
    rows: rows.map(({ c, counts }) => [`${clauseLink(c.id, lang)}${c.title ? ` ${c.title.zh}` : ''}`, ...counts.map((n) => (n ? String(n) : '—'))]),
  });
  for (const c of clauses) {
    const id = L.clauseId(c.id);
    blocks.push({ kind: 'heading', level: c.id.length <= 1 || c.id === 'notice' || c.id === 'preamble' ? 2 : 3, text: c.title ? L.titled(id, c.title.zh, c.title.en) : id, id: anchor(c.id) });
    if (c.text) blocks.push(...quotes(c.text));
    const ps = byCite(params, c.id);
    if (ps.length) {
      blocks.push({ kind: 'paragraph', text: L.parameters });
      blocks.push({ kind: 'table', header: L.parameterColumns, rows: parameterRows(ps, lang) });
    }
    for (const d of byCite(defs, c.id)) {
      const sig = d.params.length ? `${d.name}(${d.params.map((p) => `${p.name}: ${typeName(p.type)}`).join(', ')})` : d.name;
      blocks.push({ kind: 'paragraph', text: L.rule(d.label.zh, d.label.en, sig, typeName(d.type), inLanguage(d.description, lang)) });
      if (d.gloss) blocks.push({ kind: 'list', items: L.glosses(d.gloss.zh, d.gloss.en) });
      const code = printExpr(d.expr);
      blocks.push({ kind: 'code', text: code, lang: 'fuzhu' });
      const sentinels = ['1900-01-01', '9999-12-31'].filter((d) => code.includes(d));
      if (sentinels.length) blocks.push({ kind: 'paragraph', text: L.sentinels(sentinels) });
    }
    for (const i of byCite(policy.items, c.id)) {
      blocks.push({ kind: 'paragraph', text: L.item(i.label.zh, i.label.en, i.id, i.every, i.per, i.provisional) });
      const lines = [
        ...(i.on ? [L.on(printExpr(i.on))] : []),
        ...(i.when ? [L.when(printExpr(i.when))] : []),
        L.amount(printExpr(i.amount)),
        ...i.payers.map((p) => L.payer(printExpr(p.payer), payerName(policy, p.payer, lang), p.share === 'rest' ? L.rest : printExpr(p.share))),
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
          ...L.readings(i.reading.zh, i.reading.en),
          L.why(inLanguage(i.reasoning, lang).trim(), inLanguage(i.source, lang)),
          ...(i.alternatives.length ? [L.alternatives(i.alternatives.map((a) => inLanguage(a, lang)).join(L.alternativesSeparator))] : []),
          L.implementedBy(i.implementedBy.map((x) => `\`${x}\``).join(L.listSeparator)),
        ],
      });
    }
    for (const l of policy.limitations.filter((x) => x.cite === c.id)) {
      blocks.push({ kind: 'paragraph', text: L.limitation(l.title.zh, l.title.en, l.id) });
      blocks.push({ kind: 'list', items: L.limitationTexts(l.text.zh, l.text.en) });
    }
    for (const p of policy.properties.filter((x) => x.cite === c.id)) {
      blocks.push({ kind: 'paragraph', text: L.promise(p.label.zh, p.label.en, p.id, p.for) });
      const protects = inLanguage(p.protects, lang).trim();
      if (protects) blocks.push({ kind: 'list', items: [L.protects(protects)] });
      blocks.push({ kind: 'code', text: printExpr(p.holds), lang: 'fuzhu' });
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
    blocks.push({ kind: 'heading', level: 3, text: `${clauseLink(c.id, lang)}${c.title ? ` ${c.title.zh}` : ''}`, id: `tests-${anchor(c.id)}` });
    blocks.push({ kind: 'list', items: ts.map((t) => L.testLine(t.failures.length ? '✗' : '✓', t.name, t.file.split('/').slice(-1)[0]!)) });
  }
  return blocks;
}
