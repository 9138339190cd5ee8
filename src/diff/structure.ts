/**
 * The structural difference of two policies: parameters whose values changed (from which date,
 * old and new), definitions, items and entitlements added, removed or changed (their expression
 * text side by side), interpretations, labels and citations.
 */
import { dates, printExpr, typeName } from '../dsl/index.js';
import { DIFF, type Lang } from '../messages/index.js';
import { describeValue, inLanguage, type DatedValue, type Item, type Parameter, type Policy } from '../policy/index.js';

export interface Change {
  readonly kind: 'parameter' | 'definition' | 'item' | 'entitlement' | 'interpretation' | 'property';
  readonly id: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** What changed, one line each: `value from 2020-01-01: 650.00 CNY → 800.00 CNY`. */
  readonly details: readonly string[];
  readonly cite?: string;
}


function entryAt(p: Parameter, date: number): DatedValue | undefined {
  let found: DatedValue | undefined;
  for (const v of p.values) if (v.from <= date) found = v;
  return found;
}

function parameterChanges(a: Parameter, b: Parameter, lang: Lang): string[] {
  const w = DIFF[lang];
  const out: string[] = [];
  if (typeName(a.type) !== typeName(b.type)) out.push(`${w.type}: ${typeName(a.type)} → ${typeName(b.type)}`);
  if (a.unit !== b.unit) out.push(`${w.unit}: ${a.unit ?? '—'} → ${b.unit ?? '—'}`);
  const froms = [...new Set([...a.values, ...b.values].map((v) => v.from))].sort((x, y) => x - y);
  for (const d of froms) {
    const [x, y] = [describeValue(a, entryAt(a, d), lang), describeValue(b, entryAt(b, d), lang)];
    const before = froms.filter((f) => f < d).pop();
    // Report a date only where the difference begins or changes, not at each unchanged step.
    const prev = before === undefined ? undefined : [describeValue(a, entryAt(a, before), lang), describeValue(b, entryAt(b, before), lang)].join('|');
    if (x !== y && prev !== [x, y].join('|')) out.push(w.valueFrom(dates.formatDate(d), x, y));
    else if (x === y && prev !== undefined && prev.split('|')[0] !== prev.split('|')[1]) out.push(w.sameAgain(dates.formatDate(d), x));
  }
  return out;
}

function labelsAndCite(a: { label?: { zh: string; en: string }; title?: { zh: string; en: string }; cite: string }, b: typeof a, lang: Lang): string[] {
  const w = DIFF[lang];
  const out: string[] = [];
  const la = a.label ?? a.title;
  const lb = b.label ?? b.title;
  if (la && lb && (la.zh !== lb.zh || la.en !== lb.en)) out.push(`${w.label}: ${la.zh} / ${la.en} → ${lb.zh} / ${lb.en}`);
  if (a.cite !== b.cite) out.push(`${w.citation}: ${a.cite} → ${b.cite}`);
  return out;
}

function itemText(i: Item, lang: Lang): Record<string, string> {
  const w = DIFF[lang];
  return {
    per: i.per,
    every: i.every,
    ...(i.eligible ? { eligible: i.eligible } : {}),
    ...(i.on ? { on: printExpr(i.on) } : {}),
    ...(i.when ? { when: printExpr(i.when) } : {}),
    amount: printExpr(i.amount),
    ...Object.fromEntries(i.payers.map((p, n) => [w.payer(n + 1), w.pays(printExpr(p.payer), p.share === 'rest' ? w.theRest : printExpr(p.share))])),
  };
}

function sideBySide(a: Record<string, string>, b: Record<string, string>, lang: Lang): string[] {
  const w = DIFF[lang];
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (a[k] !== b[k]) out.push(`${k}:\n    ${w.before}${a[k] ?? '—'}\n    ${w.after}${b[k] ?? '—'}`);
  }
  return out;
}

function compareBy<T extends { cite: string }>(kind: Change['kind'], a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>, details: (x: T, y: T) => string[]): Change[] {
  const out: Change[] = [];
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(id);
    const y = b.get(id);
    if (x && !y) out.push({ kind, id, change: 'removed', details: [], cite: x.cite });
    else if (!x && y) out.push({ kind, id, change: 'added', details: [], cite: y.cite });
    else if (x && y) {
      const d = details(x, y);
      if (d.length) out.push({ kind, id, change: 'changed', details: d, cite: y.cite });
    }
  }
  return out;
}

/** The changes from a to b; their details in `lang` (the JSON's are English). */
export function structuralDiff(a: Policy, b: Policy, lang: Lang = 'en'): Change[] {
  const w = DIFF[lang];
  const side = (x: Record<string, string>, y: Record<string, string>) => sideBySide(x, y, lang);
  const labels = <T extends Parameters<typeof labelsAndCite>[0]>(x: T, y: T) => labelsAndCite(x, y, lang);
  const interpretation = (i: Policy['interpretations'][number]) => ({ [w.reading]: i.reading[lang], [w.alternatives]: i.alternatives.map((t) => inLanguage(t, lang)).join('; '), [w.implementedBy]: i.implementedBy.join(', ') });
  return [
    ...compareBy('parameter', a.parameters, b.parameters, (x, y) => [...labels(x, y), ...parameterChanges(x, y, lang)]),
    ...compareBy('definition', a.definitions, b.definitions, (x, y) => [...labels(x, y), ...side({ [w.expression]: printExpr(x.expr), [w.type]: typeName(x.type) }, { [w.expression]: printExpr(y.expr), [w.type]: typeName(y.type) })]),
    ...compareBy('item', new Map(a.items.map((i) => [i.id, i])), new Map(b.items.map((i) => [i.id, i])), (x, y) => [...labels(x, y), ...side(itemText(x, lang), itemText(y, lang))]),
    ...compareBy('entitlement', new Map(a.entitlements.map((i) => [i.id, i])), new Map(b.entitlements.map((i) => [i.id, i])), (x, y) => [
      ...labels(x, y),
      ...side({ per: x.per, when: x.when ? printExpr(x.when) : '—' }, { per: y.per, when: y.when ? printExpr(y.when) : '—' }),
    ]),
    ...compareBy('interpretation', new Map(a.interpretations.map((i) => [i.id, i])), new Map(b.interpretations.map((i) => [i.id, i])), (x, y) => [...labels(x, y), ...side(interpretation(x), interpretation(y))]),
    ...compareBy('property', new Map(a.properties.map((i) => [i.id, i])), new Map(b.properties.map((i) => [i.id, i])), (x, y) => [...labels(x, y), ...side({ holds: printExpr(x.holds) }, { holds: printExpr(y.holds) })]),
  ];
}
