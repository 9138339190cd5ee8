/** `fuzhu test [POLICY]`: runs the policy's YAML tests; ends with `N passed, N failed`. */
import { defaultPolicyDir, location, runPolicyTests } from '../../src/index.js';
import { parse } from '../args.js';
import { policyFrom } from '../context.js';
import { reportDiagnostics, type Io } from '../output.js';

export const usage = 'fuzhu test [POLICY] [--verbose]';

export function testCommand(io: Io, argv: string[]): number {
  const { values, positionals } = parse(argv, { verbose: { type: 'boolean' } }, 1);
  const { policy } = policyFrom(io, positionals[0] ?? defaultPolicyDir(), []);
  const run = runPolicyTests(policy);
  reportDiagnostics(io, run.diagnostics);
  let passed = 0;
  let failed = 0;
  for (const o of run.outcomes) {
    if (o.failures.length === 0) {
      passed++;
      if (values.verbose) io.out(`✓ ${o.name}`);
      continue;
    }
    failed++;
    io.out(`✗ ${o.name}\n  at ${location(o.span)}\n${o.failures.map((f) => `    ${f}`).join('\n')}`);
  }
  io.out(`${passed} passed, ${failed} failed`);
  return failed === 0 && run.diagnostics.length === 0 ? 0 : 1;
}
