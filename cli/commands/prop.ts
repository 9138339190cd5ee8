/**
 * `fuzhu prop [POLICY] [--seed S] [--runs N] [--scenario FILE]…`: property tests of the rules on
 * generated households; a failure prints the minimal household as a policy test, with the seed
 * to replay it.
 */
import { applyScenarioFiles, checkProperties, counterexampleYaml, defaultPolicyDir, type Relation } from '../../src/index.js';
import { parse } from '../args.js';
import { policyFrom, policyPaths } from '../context.js';
import { MAX_SEED, wholeFlag } from '../numbers.js';
import { reportDiagnostics, type Io } from '../output.js';
import { shellCommand } from '../shell.js';

/** The options of `fuzhu prop`; their help is in src/messages/help.ts. */
export const options = { seed: { type: 'string' }, runs: { type: 'string' }, path: { type: 'string' }, scenario: { type: 'string', multiple: true }, json: { type: 'boolean' } } as const;

export async function propCommand(io: Io, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, 1);
  const seed = wholeFlag(values.seed, '--seed', 0, MAX_SEED, Date.now() % (MAX_SEED + 1));
  const runs = wholeFlag(values.runs, '--runs', 1, Number.MAX_SAFE_INTEGER, 200);
  policyPaths(undefined, values.scenario);
  const { policy } = await policyFrom(io, positionals[0] ?? defaultPolicyDir(), [], 'the policy');
  const applied = applyScenarioFiles(policy, values.scenario ?? []);
  if (!applied.ok) {
    reportDiagnostics(io, applied.diagnostics);
    return 1;
  }
  const scenarios = applied.scenarios.map((s) => ({ id: s.id, policy: s.policy, relations: s.relations as Relation[] }));
  const results = checkProperties(policy, { seed, runs, scenarios, ...(values.path ? { path: values.path } : {}) });
  const failed = results.filter((r) => r.failure);
  if (values.json) {
    io.out(JSON.stringify({ seed, runs, results }, null, 2));
    return failed.length ? 1 : 0;
  }
  for (const r of results) {
    const where = r.under === 'baseline' ? '' : ` [under ${r.under}]`;
    if (!r.failure) {
      io.out(`✓ ${r.id}${where}: ${r.description}${r.cite ? ` (${r.cite})` : ''}`);
      continue;
    }
    io.out(`✗ ${r.id}${where}: ${r.description}${r.cite ? ` (${r.cite})` : ''}`);
    io.out(`  ${r.failure.message}, in ${r.failure.period}, for this household (the smallest found):\n`);
    io.out(counterexampleYaml(r).replace(/^/gm, '    '));
    // Every option that shapes generation, so that the replay finds the same household.
    io.out(`\n  replay: ${shellCommand(['fuzhu', 'prop', ...positionals.slice(0, 1), '--seed', String(r.failure.seed), '--runs', String(runs), '--path', r.failure.path, ...(values.scenario ?? []).flatMap((s) => ['--scenario', s])])}`);
  }
  io.out(`seed ${seed}, ${runs} generated households for each property`);
  io.out(`${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length ? 1 : 0;
}
