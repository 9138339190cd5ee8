/** `fuzhu eval HOUSEHOLD --period P`: entitlements as a readable table, or the contract's JSON. */
import { statSync } from 'node:fs';
import { evaluate } from '../../src/eval/evaluate.js';
import { formatPeriod } from '../../src/eval/period.js';
import { evaluationJson, money, totals } from '../../src/eval/result.js';
import { orderPayers } from '../../src/policy/payers.js';
import { evaluationScope, scopeOf, scopeText } from '../../src/eval/scope.js';
import type { Evaluation, Policy } from '../../src/index.js';
import { COMMAND_LINES } from '../../src/messages/help.js';
import { parse, UsageError } from '../args.js';
import { householdPath, langFrom, periodFrom, policyFrom } from '../context.js';
import { evalRows, isPopulation, rowsAsked } from '../evalRows.js';
import { householdsFrom } from '../households.js';
import { overlaySet, setEditsFrom } from '../setFlags.js';
import type { Io } from '../output.js';
import { table } from '../table.js';

/** The options of every command that reads households for a period (eval, explain). */
export const householdOptions = {
  period: { type: 'string' },
  policy: { type: 'string' },
  scenario: { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  lang: { type: 'string' },
} as const;

/** The options of `fuzhu eval`; their help is in src/messages/help.ts. */
export const options = {
  ...householdOptions,
  json: { type: 'boolean' },
  // Households' rows (cli/evalRows.ts): to a .csv, .jsonl or .xlsx file, a year's by month.
  out: { type: 'string' },
  monthly: { type: 'boolean' },
  'skip-invalid': { type: 'boolean' },
} as const;

export async function evalCommand(io: Io, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, 1);
  const path = isPopulation(positionals[0]) ? positionals[0]! : householdPath(positionals[0], COMMAND_LINES.eval.usage);
  const period = periodFrom(values.period);
  const lang = langFrom(values.lang);
  const rows = rowsAsked(values, path, period, lang);
  if (values.json && values.lang !== undefined) throw new UsageError('--lang chooses the language of the table; the JSON of --json holds both labels (zh and en)');
  const edits = await setEditsFrom(values.set, lang);
  const { policy } = await overlaySet(io, await policyFrom(io, values.policy, values.scenario), edits);
  if (rows) return evalRows(io, policy, rows, period, langFrom(values.lang, policy));
  const evaluations = householdsFrom(io, policy, path).map((h) => evaluate(policy, h, period));
  if (values.json) {
    // One household (a file holding one) gives one result; a folder or a list gives a list.
    const json = evaluations.map((e) => evaluationJson(e, policy));
    io.out(JSON.stringify(statSync(path).isDirectory() || json.length !== 1 ? json : json[0], null, 2));
  } else {
    const blocks = evaluations.map((e) => render(policy, e, lang));
    if (evaluations.length > 1) blocks.push(summary(policy, evaluations));
    // What the figures leave out, and the provisional figures they rest on, once for all.
    blocks.push(scopeText(scopeOf(policy, evaluations.flatMap((e) => evaluationScope(policy, e).provisional)), lang).join('\n'));
    io.out(blocks.join('\n\n'));
  }
  return 0;
}

/** All households together: what each payer bears. */
function summary(policy: Policy, evaluations: readonly Evaluation[]): string {
  const t = totals(evaluations.flatMap((e) => e.lines));
  const payers = orderPayers(t.payers, policy).map(([p, v]) => `${p} ${money(v)}`);
  const paid = evaluations.filter((e) => e.lines.length).length;
  return `${evaluations.length} households, ${paid} with a payment: total ${money(t.amount)} CNY${payers.length ? ` (${payers.join(', ')})` : ''}`;
}

function render(policy: Policy, ev: Evaluation, lang: 'zh' | 'en'): string {
  const out: string[] = [];
  const category = ev.category ? `${ev.category} (${policy.enums.get('category')?.labels.get(ev.category)?.[lang] ?? ''})` : 'none';
  const scen = ev.scenarios.length ? ` · scenario ${ev.scenarios.join(', ')}` : '';
  out.push(`${ev.household} · ${formatPeriod(ev.period)} · ${policy.meta.document}${scen}`);
  if (!ev.inForce) {
    out.push(`  not in force in ${formatPeriod(ev.period)}: nothing is due`);
    return out.join('\n');
  }
  const months = ev.months.length;
  const persons = [...ev.persons].map(([role, n]) => `${role} ${n > 0 ? 'eligible' : 'not eligible'}${months > 1 ? ` (${n}/${months} months)` : ''}`);
  out.push(`  category: ${category}; ${persons.join(', ')}`);
  if (ev.lines.length) {
    const t = totals(ev.lines);
    const payerIds = orderPayers(t.payers, policy).map(([p]) => p);
    const rows = ev.lines.map((l) => [l.item, l.label[lang], l.person ?? '—', money(l.amount) + (l.provisional ? '*' : ''), ...payerIds.map((p) => (l.payers.has(p) ? money(l.payers.get(p)!) : '')), l.cite]);
    rows.push(['total', '', '', money(t.amount), ...payerIds.map((p) => money(t.payers.get(p)!)), '']);
    const header = ['item', 'label', 'person', 'amount', ...payerIds, 'cite'];
    out.push(table(header, rows, ['left', 'left', 'left', 'right', ...payerIds.map(() => 'right' as const), 'left']).replace(/^/gm, '  '));
    if (ev.lines.some((l) => l.provisional)) out.push('  * includes a provisional figure the document does not give');
  } else {
    out.push('  no payment due');
  }
  for (const u of ev.unset) out.push(`  ${u.item} (${u.label[lang]})${u.person ? ` for ${u.person}` : ''} is due but its amount is not set: ${u.parameter} [${u.cite}]`);
  if (ev.entitlements.length) out.push(`  entitlements: ${ev.entitlements.map((e) => `${e.id}${e.person ? ` (${e.person})` : ''}`).join(', ')}`);
  return out.join('\n');
}
