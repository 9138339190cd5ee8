/**
 * `fuzhu check [POLICY] [--scenario FILE]…`: validates and type-checks a policy package (with
 * scenarios overlaid), then runs the consistency checks; exit 0 only when nothing is reported.
 */
import { loadChecked } from '../../src/cache/checked.js';
import { toJson } from '../../src/diag/index.js';
import { defaultPolicyDir } from '../../src/policy/root.js';
import { parse } from '../args.js';
import { COMMANDS_TEXT } from '../../src/messages/index.js';
import { langAsked, langFrom, policyPaths } from '../context.js';
import { reportDiagnostics, type Io } from '../output.js';

/** The options of `fuzhu check`; their help is in src/messages/help.ts. */
export const options = { json: { type: 'boolean' }, scenario: { type: 'string', multiple: true }, lang: { type: 'string' } } as const;

export async function check(io: Io, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, 1);
  langAsked(values.lang);
  policyPaths(positionals[0], values.scenario, (w) => w.thePolicy);
  const { loaded: r, deep } = await loadChecked(positionals[0] ?? defaultPolicyDir(), values.scenario ?? [], true);
  const diagnostics = [...r.diagnostics, ...deep];
  const clean = r.ok && diagnostics.length === 0;
  if (values.json) {
    io.out(JSON.stringify({ ok: clean, diagnostics: diagnostics.map(toJson) }, null, 2));
    return clean ? 0 : 1;
  }
  const lang = langFrom(values.lang, r.ok ? r.policy : undefined);
  reportDiagnostics(io, diagnostics, lang);
  if (r.ok) {
    const p = r.policy;
    const scenarios = r.scenarios.map((s) => s.id).join(', ');
    io.out(COMMANDS_TEXT[lang].checkSummary(p.meta.document, scenarios, p.parameters.size, p.definitions.size, p.items.length, p.entitlements.length, p.interpretations.length, clean));
  }
  return clean ? 0 : 1;
}
