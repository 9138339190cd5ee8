/** `fuzhu check [POLICY]`: validates and type-checks a policy package; exit 0 only when clean. */
import { defaultPolicyDir, loadPolicy, toJson } from '../../src/index.js';
import { parse } from '../args.js';
import { reportDiagnostics, type Io } from '../output.js';

export const usage = 'fuzhu check [POLICY] [--json]';

export function check(io: Io, argv: string[]): number {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 1);
  const dir = positionals[0] ?? defaultPolicyDir();
  const r = loadPolicy(dir);
  if (values.json) {
    io.out(JSON.stringify({ ok: r.ok && r.diagnostics.length === 0, diagnostics: r.diagnostics.map(toJson) }, null, 2));
  } else {
    reportDiagnostics(io, r.diagnostics);
    if (r.ok) {
      const p = r.policy;
      io.out(`${p.meta.document} ${p.meta.title.en}: ${p.parameters.size} parameters, ${p.definitions.size} definitions, ${p.items.length} items, ${p.entitlements.length} entitlements, ${p.interpretations.length} interpretations — ${r.diagnostics.length ? 'checked with warnings' : 'clean'}`);
    }
  }
  return r.ok && r.diagnostics.length === 0 ? 0 : 1;
}
