/** `fuzhu eval HOUSEHOLD --period P`: entitlements as a readable table, or the contract's JSON. */
import { statSync } from 'node:fs';
import { evaluate } from '../../src/eval/evaluate.js';
import { formatPeriod } from '../../src/eval/period.js';
import { evaluationJson, money, totals } from '../../src/eval/result.js';
import type { Decimal } from 'decimal.js';
import { COMMANDS_TEXT, grouped, WORDS, type Lang } from '../../src/messages/index.js';
import { categoryLabel, fieldLabel, orderPayers, payerLabel } from '../../src/policy/payers.js';
import { evaluationScope, scopeOf, scopeText } from '../../src/eval/scope.js';
import type { Evaluation, Policy } from '../../src/index.js';
import { COMMAND_LINES } from '../../src/messages/help.js';
import { parse, UsageError } from '../args.js';
import { householdPath, langFrom, periodFrom, policyFrom } from '../context.js';
import { isPopulation, rowsAsked } from '../rowsAsked.js';
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
  // How a population is read, and whether a CSV of rows starts with a byte-order mark.
  sheet: { type: 'string' },
  encoding: { type: 'string' },
  bom: { type: 'boolean' },
  'no-bom': { type: 'boolean' },
} as const;

export async function evalCommand(io: Io, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, 1);
  const path = isPopulation(positionals[0]) ? positionals[0]! : householdPath(positionals[0], COMMAND_LINES.eval.usage);
  const period = periodFrom(values.period);
  const lang = langFrom(values.lang);
  const rows = rowsAsked(values, path, period, lang);
  if (values.json && values.lang !== undefined) throw new UsageError((w) => w.evalJsonLang);
  const edits = await setEditsFrom(values.set, lang);
  const { policy } = await overlaySet(io, await policyFrom(io, values.policy, values.scenario), edits);
  // The rows' writer, with the library it evaluates and writes with, only when rows are asked for.
  if (rows) return (await import('../evalRows.js')).evalRows(io, policy, rows, period, langFrom(values.lang, policy));
  const evaluations = householdsFrom(io, policy, path).map((h) => evaluate(policy, h, period));
  if (values.json) {
    // One household (a file holding one) gives one result; a folder or a list gives a list.
    const json = evaluations.map((e) => evaluationJson(e, policy));
    io.out(JSON.stringify(statSync(path).isDirectory() || json.length !== 1 ? json : json[0], null, 2));
  } else {
    const shown = langFrom(values.lang, policy);
    const blocks = evaluations.map((e) => render(policy, e, shown));
    if (evaluations.length > 1) blocks.push(summary(policy, evaluations, shown));
    // What the figures leave out, and the provisional figures they rest on, once for all.
    blocks.push(scopeText(scopeOf(policy, evaluations.flatMap((e) => evaluationScope(policy, e).provisional)), shown).join('\n'));
    io.out(blocks.join('\n\n'));
  }
  return 0;
}

/** All households together: what each payer bears. */
function summary(policy: Policy, evaluations: readonly Evaluation[], lang: Lang): string {
  const t = totals(evaluations.flatMap((e) => e.lines));
  const payers = orderPayers(t.payers, policy).map(([p, v]) => `${payerLabel(policy, p, lang)} ${grouped(money(v))}`);
  const paid = evaluations.filter((e) => e.lines.length).length;
  return COMMANDS_TEXT[lang].manyHouseholds(evaluations.length, paid, grouped(money(t.amount)), payers.join(', '));
}

function render(policy: Policy, ev: Evaluation, lang: Lang): string {
  const w = COMMANDS_TEXT[lang];
  const words = WORDS[lang];
  const role = (r: string) => fieldLabel(policy, r, lang);
  const out: string[] = [];
  const category = ev.category ? categoryLabel(policy, ev.category, lang) : w.noCategory;
  const scen = ev.scenarios.length ? w.scenarioTag(ev.scenarios.join(', ')) : '';
  out.push(`${ev.household} · ${formatPeriod(ev.period)} · ${policy.meta.document}${scen}`);
  if (!ev.inForce) {
    out.push(`  ${w.notInForce(formatPeriod(ev.period))}`);
    return out.join('\n');
  }
  const months = ev.months.length;
  const persons = [...ev.persons].map(([r, n]) => `${role(r)} ${n > 0 ? words.eligible : words.notEligible}${months > 1 ? w.monthsOf(n, months) : ''}`);
  out.push(`  ${w.categoryLine(category, persons.join(', '))}`);
  if (ev.lines.length) {
    const t = totals(ev.lines);
    const payerIds = orderPayers(t.payers, policy).map(([p]) => p);
    const amount = (d: Decimal) => grouped(money(d));
    const rows = ev.lines.map((l) => [l.item, l.label[lang], l.person ? role(l.person) : '—', amount(l.amount) + (l.provisional ? '*' : ''), ...payerIds.map((p) => (l.payers.has(p) ? amount(l.payers.get(p)!) : '')), l.cite]);
    rows.push([w.total, '', '', amount(t.amount), ...payerIds.map((p) => amount(t.payers.get(p)!)), '']);
    const c = w.evalColumns;
    const header = [c.item, c.label, c.person, c.amount, ...payerIds.map((p) => payerLabel(policy, p, lang)), c.cite];
    out.push(table(header, rows, ['left', 'left', 'left', 'right', ...payerIds.map(() => 'right' as const), 'left']).replace(/^/gm, '  '));
    if (ev.lines.some((l) => l.provisional)) out.push(`  ${w.provisionalMark}`);
  } else {
    out.push(`  ${w.noPayment}`);
  }
  for (const u of ev.unset) out.push(`  ${w.unsetLine(u.item, u.label[lang], u.person ? role(u.person) : '', u.parameter, u.cite)}`);
  if (ev.entitlements.length) out.push(`  ${w.entitlements}${words.colon}${ev.entitlements.map((e) => `${entitlementLabel(policy, e.id, lang)}${e.person ? ` (${role(e.person)})` : ''}`).join(', ')}`);
  return out.join('\n');
}

/** An entitlement by its label, else its id. */
function entitlementLabel(policy: Policy, id: string, lang: Lang): string {
  return policy.entitlements.find((e) => e.id === id)?.label[lang] ?? id;
}
