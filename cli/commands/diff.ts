/**
 * `fuzhu diff A [B] [--scenario FILE]…`: what a new version of the rules changes — its
 * structure, its meaning (witness households), and with --population its impact.
 */
import { stringify } from 'yaml';
import { dates, loadWithScenarios, semanticDiff, simulate, simulationJson, structuralDiff, type Policy, type ScenarioInfo } from '../../src/index.js';
import { parse, UsageError } from '../args.js';
import { COMMANDS_TEXT, grouped, type Lang } from '../../src/messages/index.js';
import { fieldLabel, payerLabel } from '../../src/policy/payers.js';
import { Failed, langAsked, langFrom, monthFrom, policyPaths, populationFrom, readingFrom } from '../context.js';
import { XLSX } from '../../src/messages/xlsx.js';
import { MAX_SEED, wholeFlag } from '../numbers.js';
import { reportDiagnostics, type Io } from '../output.js';
import { overlaySet, setEditsFrom } from '../setFlags.js';
import { changeLines } from '../changeLines.js';
import { table } from '../table.js';

function load(io: Io, dir: string, scenarios: string[]): { policy: Policy; scenarios: ScenarioInfo[] } {
  const r = loadWithScenarios(dir, scenarios);
  if (!r.ok) {
    reportDiagnostics(io, r.diagnostics);
    throw new Failed();
  }
  return r;
}

/** The options of `fuzhu diff`; their help is in src/messages/help.ts. */
export const options = { scenario: { type: 'string', multiple: true }, set: { type: 'string', multiple: true }, population: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, seed: { type: 'string' }, runs: { type: 'string' }, json: { type: 'boolean' }, sheet: { type: 'string' }, encoding: { type: 'string' }, lang: { type: 'string' } } as const;

export async function diffCommand(io: Io, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, 2);
  const [dirA, dirB] = positionals;
  if (!dirA) throw new UsageError((w) => w.diffNeedsA);
  if (!dirB && !values.scenario?.length && !values.set?.length) throw new UsageError((w) => w.diffNeedsB);
  langAsked(values.lang);
  const seed = wholeFlag(values.seed, '--seed', 0, MAX_SEED, 1);
  const runs = wholeFlag(values.runs, '--runs', 1, Number.MAX_SAFE_INTEGER, 1000);
  if (!values.population && (values.from !== undefined || values.to !== undefined)) throw new UsageError((w) => w.monthsWithoutPopulation);
  policyPaths(dirA, values.scenario, 'A');
  if (dirB) policyPaths(dirB, [], 'B');
  if (!values.population && (values.sheet !== undefined || values.encoding !== undefined)) throw new UsageError(XLSX[langFrom(values.lang)].readingWithoutPopulation);
  const population =
    values.population === undefined
      ? undefined
      : { path: populationFrom(values.population), reading: readingFrom(values.population, values.sheet, values.encoding, langFrom(values.lang)), from: monthFrom(values.from, '--from'), to: dates.monthEnd(monthFrom(values.to, '--to')) };
  if (population && population.to < population.from) throw new UsageError((w) => w.toBeforeFrom);
  const edits = await setEditsFrom(values.set, langFrom(undefined));
  const a = load(io, dirA, []).policy;
  const { policy: b } = await overlaySet(io, load(io, dirB ?? dirA, values.scenario ?? []), edits);
  // Two packages with one id are told apart by their folders.
  const idOf = (p: Policy, dir: string) => (dirB && a.meta.id === b.meta.id ? `${p.meta.id} (${dir})` : p.meta.id);
  const nameA = idOf(a, dirA);
  const nameB = dirB ? `${idOf(b, dirB)}${b.scenarios.length ? ` + ${b.scenarios.join(' + ')}` : ''}` : `${a.meta.id} + ${b.scenarios.join(' + ')}`;
  const lang = langFrom(values.lang, a);
  const w = COMMANDS_TEXT[lang];
  const structure = structuralDiff(a, b, values.json ? 'en' : lang);
  const meaning = semanticDiff(a, b, { seed, runs, lang: values.json ? 'en' : lang });
  let impact: Record<string, unknown> | undefined;
  if (population) {
    const result = await simulate(a, population.path, { ...population.reading, from: population.from, to: population.to, scenarios: [{ id: 'B', title: { zh: nameB, en: nameB }, policy: b }] });
    const json = simulationJson(result) as Record<string, unknown>;
    impact = { population: json.population, delta: json.delta, households: json.households };
  }
  if (values.json) {
    io.out(JSON.stringify({ a: nameA, b: nameB, structure, meaning, ...(impact ? { impact } : {}) }, null, 2));
    return 0;
  }
  const out: string[] = [w.diffHeading(nameA, nameB), '', w.structure];
  if (!structure.length) out.push(`  ${w.noChange}`);
  for (const c of structure) out.push(...changeLines(c, lang).map((l) => `  ${l}`));
  const s = meaning.searched;
  out.push('', w.meaning(s.households, s.rounds, s.seed, s.boundaryDates, s.boundaryAges, s.boundaryAmounts));
  if (!meaning.witnesses.length) out.push(`  ${w.equivalentAll}`);
  out.push(table([...w.diffColumns], meaning.outputs.map((o) => [outputLabel(a, o.output, lang), `${w.verdict[o.verdict] ?? o.verdict}${o.verdict === 'equivalent' ? w.noWitnessIn(s.households) : ''}`, o.witness ? `#${o.witness}` : '—'])).replace(/^/gm, '  '));
  if (meaning.witnesses.length) out.push('', w.witnesses);
  for (const [i, x] of meaning.witnesses.entries()) {
    out.push('', `  #${i + 1} ${x.outputs.map((o) => outputLabel(a, o, lang)).join(', ')}: ${x.period}`);
    out.push(stringify(x.household, { lineWidth: 0 }).trimEnd().replace(/^/gm, '      '));
    out.push(`    ${w.differences}: ${x.differences.map((d) => `${differenceLabel(a, d.key, lang)}: ${d.a} → ${d.b}`).join('; ')}`);
    if (x.conditions.length) out.push(`    ${w.conditionsDiffer}: ${x.conditions.map((c) => `${c.name}: ${c.a} → ${c.b}`).join('; ')}`);
  }
  if (impact) {
    const delta = impact.delta as { totals: { amount: string; payers: Record<string, string> } };
    const hh = impact.households as Record<string, unknown>;
    const payers = Object.entries(delta.totals.payers).filter(([, v]) => v !== '0.00').map(([k, v]) => `${payerLabel(a, k, lang)} ${grouped(v)}`).join(', ');
    out.push('', w.impact(values.population!, grouped(delta.totals.amount), payers, grouped(String(hh.gain)), grouped(String(hh.lose)), grouped(String(hh.same))));
  }
  io.out(out.join('\n'));
  return 0;
}

/**
 * An output of the semantic comparison by its labels: `eligibility`, `category`, `item X`,
 * `item X paid by P` (a payer family by its family's label), `entitlement E`.
 */
function outputLabel(policy: Policy, output: string, lang: Lang): string {
  const w = COMMANDS_TEXT[lang];
  if (output === 'eligibility') return w.eligibility;
  if (output === 'category') return w.categoryOutput;
  const item = /^item (\S+)(?: paid by (\S+))?$/.exec(output);
  if (item) {
    const label = policy.items.find((i) => i.id === item[1])?.label[lang] ?? item[1]!;
    const payer = item[2] === undefined ? undefined : (policy.payers.find((p) => p.id === item[2])?.label[lang] ?? item[2]);
    return payer === undefined ? label : w.paidBy(label, payer);
  }
  const entitlement = /^entitlement (\S+)$/.exec(output);
  return entitlement ? (policy.entitlements.find((e) => e.id === entitlement[1])?.label[lang] ?? output) : output;
}

/**
 * A witness's difference by its labels: `eligible ROLE`, `category`, `ITEM WHO` and
 * `ITEM WHO paid by PAYER` (WHO a person's role or `household`), `ENTITLEMENT WHO`.
 */
function differenceLabel(policy: Policy, key: string, lang: Lang): string {
  const w = COMMANDS_TEXT[lang];
  const who = (role: string) => (role === 'household' ? w.household : fieldLabel(policy, role, lang));
  const eligible = /^eligible (\S+)$/.exec(key);
  if (eligible) return `${who(eligible[1]!)} ${w.eligibility}`;
  if (key === 'category') return w.categoryOutput;
  const line = /^(\S+) (\S+)(?: paid by (\S+))?$/.exec(key);
  if (!line) return key;
  const name = policy.items.find((i) => i.id === line[1])?.label[lang] ?? policy.entitlements.find((e) => e.id === line[1])?.label[lang] ?? line[1]!;
  const shown = `${name} · ${who(line[2]!)}`;
  return line[3] === undefined ? shown : w.paidBy(shown, payerLabel(policy, line[3], lang));
}
