/**
 * `fuzhu prop [POLICY] [--seed S] [--runs N] [--scenario FILE]…`: property tests of the rules on
 * generated households; a failure prints the minimal household as a policy test, with the seed
 * to replay it.
 */
import { checkProperties, counterexampleYaml, defaultPolicyDir, type Relation } from '../../src/index.js';
import { parse } from '../args.js';
import { COMMANDS_TEXT } from '../../src/messages/index.js';
import { inLanguage } from '../../src/policy/text.js';
import { comparedFrom, langAsked, langFrom } from '../context.js';
import { MAX_SEED, wholeFlag } from '../numbers.js';
import type { Io } from '../output.js';
import { shellCommand } from '../shell.js';

/** The options of `fuzhu prop`; their help is in src/messages/help.ts. */
export const options = { seed: { type: 'string' }, runs: { type: 'string' }, path: { type: 'string' }, scenario: { type: 'string', multiple: true }, json: { type: 'boolean' }, lang: { type: 'string' } } as const;

export async function propCommand(io: Io, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, 1);
  const seed = wholeFlag(values.seed, '--seed', 0, MAX_SEED, Date.now() % (MAX_SEED + 1));
  const runs = wholeFlag(values.runs, '--runs', 1, Number.MAX_SAFE_INTEGER, 200);
  langAsked(values.lang);
  const compared = await comparedFrom(io, positionals[0] ?? defaultPolicyDir(), values.scenario ?? [], (w) => w.thePolicy, values.lang);
  const { policy } = compared;
  const lang = langFrom(values.lang, policy);
  const w = COMMANDS_TEXT[lang];
  const scenarios = compared.scenarios.map((s) => ({ id: s.id, policy: s.policy, relations: s.relations as Relation[] }));
  const results = checkProperties(policy, { seed, runs, scenarios, ...(values.path ? { path: values.path } : {}) });
  const failed = results.filter((r) => r.failure);
  if (values.json) {
    io.out(JSON.stringify({ seed, runs, results }, null, 2));
    return failed.length ? 1 : 0;
  }
  for (const r of results) {
    const where = r.under === 'baseline' ? '' : w.under(r.under);
    if (!r.failure) {
      io.out(`✓ ${r.id}${where}: ${r.label[lang]}${r.cite ? ` (${r.cite})` : ''}`);
      continue;
    }
    io.out(`✗ ${r.id}${where}: ${r.label[lang]}${r.cite ? ` (${r.cite})` : ''}`);
    const protects = r.protects && inLanguage(r.protects, lang).trim();
    if (protects) io.out(`  ${w.protects(protects)}`);
    io.out(`  ${w.counterexample(r.failure.message, r.failure.period)}\n`);
    io.out(counterexampleYaml(r).replace(/^/gm, '    '));
    // Every option that shapes generation, so that the replay finds the same household.
    io.out(`\n  ${w.replay}: ${shellCommand(['fuzhu', 'prop', ...positionals.slice(0, 1), '--seed', String(r.failure.seed), '--runs', String(runs), '--path', r.failure.path, ...(values.scenario ?? []).flatMap((s) => ['--scenario', s])])}`);
  }
  io.out(w.generated(seed, runs));
  io.out(w.passedFailed(results.length - failed.length, failed.length));
  return failed.length ? 1 : 0;
}
