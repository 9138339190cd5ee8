/**
 * `fuzhu params [POLICY] [--at DATE] [--scenario FILE]… [--set …] [--json]`: the catalogue an
 * analyst writes a scenario from. Every parameter, grouped by the clause it cites in the order of
 * the document, with its label, unit, values by date (or the one in force on --at), whether each
 * is provisional and on what source, and which scenario changed it. The table is for people
 * (thousands separators, labels in the chosen language); --json keeps the exact values as a
 * scenario writes them (650.00, 60%, rest, unset) and both labels.
 */
import { Decimal } from 'decimal.js';
import * as dates from '../../src/dsl/dates.js';
import type { Type } from '../../src/dsl/index.js';
import { sourceText } from '../../src/eval/scope.js';
import type { Lang } from '../../src/messages/lang.js';
import { grouped } from '../../src/messages/numbers.js';
import { PARAMS } from '../../src/messages/params.js';
import { UNSET, type Clause, type DatedValue, type Parameter, type Policy } from '../../src/policy/model.js';
import { isShare, valueEntryAt } from '../../src/policy/parameters.js';
import { valueLabel } from '../../src/policy/payers.js';
import { exactMoney } from '../../src/policy/values.js';
import { typeName } from '../../src/dsl/types.js';
import { parse, UsageError } from '../args.js';
import { langFrom, policyFrom } from '../context.js';
import type { Io } from '../output.js';
import { overlaySet, setEditsFrom } from '../setFlags.js';
import { table } from '../table.js';
import { unitText } from '../units.js';

/** The options of `fuzhu params`; their help is in src/messages/help.ts. */
export const options = {
  at: { type: 'string' },
  scenario: { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  lang: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function paramsCommand(io: Io, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, 1);
  const lang = langFrom(values.lang);
  if (values.json && values.lang !== undefined) throw new UsageError(PARAMS[lang].jsonLang);
  const at = values.at === undefined ? undefined : dates.parseDate(values.at);
  if (values.at !== undefined && at === undefined) throw new UsageError(PARAMS[lang].badAt(values.at));
  const edits = await setEditsFrom(values.set, lang);
  const { policy } = await overlaySet(io, await policyFrom(io, positionals[0], values.scenario, 'POLICY'), edits);
  const groups = byClause(policy);
  const shown = (p: Parameter): (DatedValue | undefined)[] => (at === undefined ? (p.values.length ? [...p.values] : [undefined]) : [valueEntryAt(p, at)]);
  if (values.json) io.out(JSON.stringify(catalogueJson(policy, groups, shown, at), null, 2));
  else io.out(catalogueText(policy, groups, shown, at, lang));
  return 0;
}

export interface Group {
  readonly cite: string;
  readonly clause?: Clause;
  readonly parameters: readonly Parameter[];
}

/** The parameters by the clause they cite, in the document's order (a clause it does not hold last). */
export function byClause(policy: Policy): Group[] {
  const order = [...policy.clauses.keys()];
  const rank = (cite: string) => (order.includes(cite) ? order.indexOf(cite) : order.length);
  const groups = new Map<string, Parameter[]>();
  for (const p of policy.parameters.values()) groups.set(p.cite, [...(groups.get(p.cite) ?? []), p]);
  return [...groups]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([cite, parameters]) => ({ cite, ...(policy.clauses.has(cite) ? { clause: policy.clauses.get(cite)! } : {}), parameters }));
}

/** Whether a value shown of a parameter is provisional (a figure the document does not give). */
function provisional(entries: readonly (DatedValue | undefined)[]): boolean {
  return entries.some((v) => v?.provisional);
}

/** The scenarios that changed what is shown of a parameter. */
function changedBy(entries: readonly (DatedValue | undefined)[]): string[] {
  return [...new Set(entries.flatMap((v) => (v?.scenario ? [v.scenario] : [])))];
}

// ---- JSON: exact values, as a scenario writes them.

function plain(type: Type, v: unknown): unknown {
  if (Decimal.isDecimal(v)) return type.kind === 'money' ? exactMoney(v as Decimal) : (v as Decimal).toString();
  if (type.kind === 'date' && typeof v === 'number') return dates.formatDate(v);
  if (Array.isArray(v)) return v.map((x) => plain(type.kind === 'list' ? type.of : type, x));
  return v;
}

function plainValue(p: Parameter, v: DatedValue['value']): unknown {
  if (v === null) return null;
  if (v === UNSET) return 'unset';
  if (isShare(v)) return v.share === 'rest' ? 'rest' : `${v.fraction.times(100).toString()}%`;
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, x === UNSET ? 'unset' : plain(p.type, x)]));
  return plain(p.type, v);
}

function catalogueJson(policy: Policy, groups: readonly Group[], shown: (p: Parameter) => (DatedValue | undefined)[], at: number | undefined): Record<string, unknown> {
  return {
    policy: policy.meta.id,
    document: policy.meta.document,
    at: at === undefined ? null : dates.formatDate(at),
    scenarios: policy.scenarios,
    parameters: groups.flatMap((g) =>
      g.parameters.map((p) => {
        const entries = shown(p);
        return {
          id: p.id,
          label: p.label,
          clause: g.cite,
          ...(g.clause?.title ? { clauseTitle: g.clause.title } : {}),
          type: typeName(p.type),
          unit: p.unit ?? null,
          ...(p.keyedBy ? { by: p.keyedBy.name } : {}),
          ...(p.shareOf ? { shareOf: p.shareOf } : {}),
          provisional: provisional(entries),
          changedBy: changedBy(entries),
          values: entries.flatMap((v) =>
            v ? [{ from: dates.formatDate(v.from), value: plainValue(p, v.value), provisional: v.provisional, source: v.source ?? (v.provisional ? 'assumed' : null), scenario: v.scenario ?? null }] : [],
          ),
        };
      }),
    ),
  };
}

// ---- Text: labels in the chosen language, numbers with separators.

function enumOf(policy: Policy, name: string) {
  return policy.enums.get(name) ?? policy.household.enums.get(name);
}

function scalarText(policy: Policy, type: Type, v: unknown, lang: Lang): string {
  const m = PARAMS[lang];
  if (Decimal.isDecimal(v)) return grouped(type.kind === 'money' ? exactMoney(v as Decimal) : (v as Decimal).toString());
  if (typeof v === 'boolean') return v ? m.yes : m.no;
  if (type.kind === 'date' && typeof v === 'number') return dates.formatDate(v);
  if (type.kind === 'integer' && typeof v === 'number') return grouped(String(v));
  if (type.kind === 'enum' && typeof v === 'string') return valueLabel(enumOf(policy, type.name), v, lang);
  if (type.kind === 'list' && Array.isArray(v)) return v.map((x) => scalarText(policy, type.of, x, lang)).join(m.listSeparator);
  return String(v);
}

export function valueText(policy: Policy, p: Parameter, entry: DatedValue | undefined, lang: Lang): string {
  const m = PARAMS[lang];
  const v = entry?.value;
  if (v === undefined) return m.noValue;
  if (v === null) return m.ended;
  if (v === UNSET) return m.unset;
  if (isShare(v)) return v.share === 'rest' ? m.rest(p.shareOf!) : m.percentOf(`${v.fraction.times(100).toString()}%`, p.shareOf!);
  if (v instanceof Map) {
    const each = [...v].map(([k, x]) => m.keyed(valueLabel(enumOf(policy, p.keyedBy!.name), k, lang), x === UNSET ? m.unset : scalarText(policy, p.type, x, lang)));
    return each.length ? each.join(m.listSeparator) : m.unset;
  }
  return scalarText(policy, p.type, v, lang);
}

function catalogueText(policy: Policy, groups: readonly Group[], shown: (p: Parameter) => (DatedValue | undefined)[], at: number | undefined, lang: Lang): string {
  const m = PARAMS[lang];
  const all = [...policy.parameters.values()];
  const count = all.filter((p) => provisional(shown(p))).length;
  const context = [at === undefined ? m.byDate : m.inForce(dates.formatDate(at)), ...(policy.scenarios.length ? [m.scenarios(policy.scenarios.join(', '))] : [])];
  const out = [m.heading(policy.meta.document, policy.meta.id, all.length, count), context.join(' · ')];
  for (const g of groups) {
    const rows = g.parameters.flatMap((p) =>
      shown(p).map((v, i) => [
        i === 0 ? p.id : '',
        i === 0 ? p.label[lang] : '',
        i === 0 ? unitText(p, lang) : '',
        v ? dates.formatDate(v.from) : '',
        valueText(policy, p, v, lang),
        v?.provisional ? m.provisional(sourceText(v, lang)) : '',
        v?.scenario ?? '',
      ]),
    );
    out.push('', `${g.cite}${g.clause?.title ? ` ${g.clause.title[lang]}` : ''}`, table([...m.columns], rows, ['left', 'left', 'left', 'left', 'right']));
  }
  return out.join('\n');
}
