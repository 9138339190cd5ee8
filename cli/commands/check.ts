/**
 * `fuzhu check [POLICY] [--scenario FILE]…`: validates and type-checks a policy package (with
 * scenarios overlaid), then runs the consistency checks; exit 0 only when nothing is reported.
 */
import { loadChecked } from '../../src/cache/checked.js';
import { toJson } from '../../src/diag/index.js';
import { defaultPolicyDir } from '../../src/policy/root.js';
import { parse } from '../args.js';
import { policyPaths } from '../context.js';
import { reportDiagnostics, type Io } from '../output.js';

/** The options of `fuzhu check`; their help is in src/messages/help.ts. */
export const options = { json: { type: 'boolean' }, scenario: { type: 'string', multiple: true } } as const;

export async function check(io: Io, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, 1);
  policyPaths(positionals[0], values.scenario, 'the policy');
  const { loaded: r, deep } = await loadChecked(positionals[0] ?? defaultPolicyDir(), values.scenario ?? [], true);
  const diagnostics = [...r.diagnostics, ...deep];
  const clean = r.ok && diagnostics.length === 0;
  if (values.json) {
    io.out(JSON.stringify({ ok: clean, diagnostics: diagnostics.map(toJson) }, null, 2));
    return clean ? 0 : 1;
  }
  reportDiagnostics(io, diagnostics);
  if (r.ok) {
    const p = r.policy;
    const scenarios = r.scenarios.length ? ` with ${r.scenarios.map((s) => s.id).join(', ')}` : '';
    io.out(`${p.meta.document}${scenarios}: ${p.parameters.size} parameters, ${p.definitions.size} definitions, ${p.items.length} items, ${p.entitlements.length} entitlements, ${p.interpretations.length} interpretations — ${clean ? 'clean' : 'see above'}`);
  }
  return clean ? 0 : 1;
}
