/**
 * `fuzhu diff A [B] [--scenario FILE]…`: what a new version of the rules changes — its
 * structure, its meaning (witness households), and with --population its impact.
 */
import { stringify } from 'yaml';
import { dates, loadWithScenarios, semanticDiff, simulate, simulationJson, structuralDiff, type Policy, type ScenarioInfo } from '../../src/index.js';
import { parse, UsageError } from '../args.js';
import { Failed, langFrom, monthFrom, policyPaths, populationFrom, readingFrom } from '../context.js';
import { MAX_SEED, wholeFlag } from '../numbers.js';
import { reportDiagnostics, type Io } from '../output.js';
import { overlaySet, setEditsFrom } from '../setFlags.js';
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
export const options = { scenario: { type: 'string', multiple: true }, set: { type: 'string', multiple: true }, population: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, seed: { type: 'string' }, runs: { type: 'string' }, json: { type: 'boolean' }, sheet: { type: 'string' }, encoding: { type: 'string' } } as const;

export async function diffCommand(io: Io, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, 2);
  const [dirA, dirB] = positionals;
  if (!dirA) throw new UsageError('name the policy package to compare: fuzhu diff A B, or fuzhu diff A --scenario FILE');
  if (!dirB && !values.scenario?.length && !values.set?.length) throw new UsageError('give a second package B, or --scenario FILE (or --set PARAM=VALUE) to compare A with A under a scenario');
  const seed = wholeFlag(values.seed, '--seed', 0, MAX_SEED, 1);
  const runs = wholeFlag(values.runs, '--runs', 1, Number.MAX_SAFE_INTEGER, 1000);
  if (!values.population && (values.from !== undefined || values.to !== undefined)) throw new UsageError('--from and --to give the months of --population; add --population FILE, or leave them out');
  policyPaths(dirA, values.scenario, 'A');
  if (dirB) policyPaths(dirB, [], 'B');
  if (!values.population && (values.sheet !== undefined || values.encoding !== undefined)) throw new UsageError('--sheet and --encoding say how --population is read; add --population FILE, or leave them out');
  const population =
    values.population === undefined
      ? undefined
      : { path: populationFrom(values.population), reading: readingFrom(values.population, values.sheet, values.encoding, langFrom(undefined)), from: monthFrom(values.from, '--from'), to: dates.monthEnd(monthFrom(values.to, '--to')) };
  if (population && population.to < population.from) throw new UsageError('--to is before --from');
  const edits = await setEditsFrom(values.set, langFrom(undefined));
  const a = load(io, dirA, []).policy;
  const { policy: b } = await overlaySet(io, load(io, dirB ?? dirA, values.scenario ?? []), edits);
  // Two packages with one id are told apart by their folders.
  const idOf = (p: Policy, dir: string) => (dirB && a.meta.id === b.meta.id ? `${p.meta.id} (${dir})` : p.meta.id);
  const nameA = idOf(a, dirA);
  const nameB = dirB ? `${idOf(b, dirB)}${b.scenarios.length ? ` + ${b.scenarios.join(' + ')}` : ''}` : `${a.meta.id} + ${b.scenarios.join(' + ')}`;
  const structure = structuralDiff(a, b);
  const meaning = semanticDiff(a, b, { seed, runs });
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
  const out: string[] = [`fuzhu diff: ${nameA} → ${nameB}`, '', 'Structure'];
  if (!structure.length) out.push('  no change');
  for (const c of structure) {
    out.push(`  ${c.kind} ${c.id}${c.cite ? ` [${c.cite}]` : ''}: ${c.change}`);
    for (const d of c.details) out.push(`    ${d.replace(/\n/g, '\n    ')}`);
  }
  const s = meaning.searched;
  out.push('', `Meaning: ${s.households} generated households in ${s.rounds} round${s.rounds === 1 ? '' : 's'} (seed ${s.seed}), seeded with ${s.boundaryDates} boundary dates, ${s.boundaryAges} ages and ${s.boundaryAmounts} amounts from both versions`);
  if (!meaning.witnesses.length) out.push('  equivalent: no household and month found with a different result');
  out.push(table(['output', 'verdict', 'witness'], meaning.outputs.map((o) => [o.output, o.verdict === 'equivalent' ? `equivalent (no witness in ${s.households} households)` : o.verdict, o.witness ? `#${o.witness}` : '—'])).replace(/^/gm, '  '));
  if (meaning.witnesses.length) out.push('', 'Witnesses (minimal households that get a different result)');
  for (const [i, w] of meaning.witnesses.entries()) {
    out.push('', `  #${i + 1} ${w.outputs.join(', ')}: ${w.period}`);
    out.push(stringify(w.household, { lineWidth: 0 }).trimEnd().replace(/^/gm, '      '));
    out.push(`    differences: ${w.differences.map((d) => `${d.key}: ${d.a} → ${d.b}`).join('; ')}`);
    if (w.conditions.length) out.push(`    conditions that differ: ${w.conditions.map((c) => `${c.name}: ${c.a} → ${c.b}`).join('; ')}`);
  }
  if (impact) {
    const delta = impact.delta as { totals: { amount: string; payers: Record<string, string> } };
    const hh = impact.households as Record<string, unknown>;
    out.push('', `Impact on ${values.population}: total change ${delta.totals.amount} (${Object.entries(delta.totals.payers).filter(([, v]) => v !== '0.00').map(([k, v]) => `${k} ${v}`).join(', ') || 'no payer changes'}); households gaining ${String(hh.gain)}, losing ${String(hh.lose)}, the same ${String(hh.same)}`);
  }
  io.out(out.join('\n'));
  return 0;
}
