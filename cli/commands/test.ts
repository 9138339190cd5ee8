/** `fuzhu test [POLICY] [--coverage]`: runs the policy's YAML tests; ends with `N passed, N failed`. */
import { Coverage, coverageReport, defaultPolicyDir, describeTarget, location, runPolicyTests } from '../../src/index.js';
import { parse } from '../args.js';
import { COMMANDS_TEXT } from '../../src/messages/index.js';
import { langAsked, langFrom, policyFrom } from '../context.js';
import { reportDiagnostics, type Io } from '../output.js';

/** The options of `fuzhu test`; their help is in src/messages/help.ts. */
export const options = { verbose: { type: 'boolean' }, coverage: { type: 'boolean' }, lang: { type: 'string' } } as const;

export async function testCommand(io: Io, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, 1);
  langAsked(values.lang);
  const { policy } = await policyFrom(io, positionals[0] ?? defaultPolicyDir(), [], (w) => w.thePolicy);
  const lang = langFrom(values.lang, policy);
  const w = COMMANDS_TEXT[lang];
  const coverage = values.coverage ? new Coverage() : undefined;
  const run = runPolicyTests(policy, undefined, coverage);
  reportDiagnostics(io, run.diagnostics, lang);
  let passed = 0;
  let failed = 0;
  for (const o of run.outcomes) {
    if (o.failures.length === 0) {
      passed++;
      if (values.verbose) io.out(`✓ ${o.name}`);
      continue;
    }
    failed++;
    io.out(`✗ ${o.name}\n  ${w.at} ${location(o.span)}\n${o.failures.map((f) => `    ${f}`).join('\n')}`);
  }
  let complete = true;
  if (coverage) {
    const report = coverageReport(policy, coverage);
    if (report.missed.length) {
      complete = false;
      io.out(`\n${w.notExercised(report.missed.length)}`);
      for (const t of report.missed) io.out(`  ${describeTarget(t)}`);
    }
    const percent = report.total === 0 ? 100 : Math.floor((report.covered * 1000) / report.total) / 10;
    io.out(w.coverage(percent, report.covered, report.total));
  }
  io.out(w.passedFailed(passed, failed));
  return failed === 0 && run.diagnostics.length === 0 && complete ? 0 : 1;
}
