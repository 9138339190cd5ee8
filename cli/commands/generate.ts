/** `fuzhu generate --households N --seed S [--spec FILE] --out FILE`: a synthetic population. */
import { join } from 'node:path';
import { formatOf, generatePopulation, packageRoot, readYamlFile, validateAgainst, type PopulationSpec } from '../../src/index.js';
import { parse, UsageError } from '../args.js';
import { COMMANDS_TEXT } from '../../src/messages/index.js';
import { Failed, langFrom } from '../context.js';
import { outputFile, writeLines } from '../files.js';
import { expectKind } from '../kinds.js';
import { MAX_SEED, wholeFlag } from '../numbers.js';
import { reportDiagnostics, type Io } from '../output.js';

export function defaultSpec(): string {
  return join(packageRoot(), 'policy', 'populations', 'liuzhou-synthetic.spec.yaml');
}

export function readSpec(io: Io, path: string): PopulationSpec {
  const read = readYamlFile(path);
  const diagnostics = read.ok ? validateAgainst(read.file, 'population-spec') : read.diagnostics;
  if (diagnostics.length || !read.ok) {
    reportDiagnostics(io, diagnostics);
    throw new Failed();
  }
  return read.file.data as PopulationSpec;
}

/** CSV columns of a generated household, named by the spec's fields: at most three children (the only child, a second one, one who arrived after 2015). */
const csvColumns = ({ household: f }: PopulationSpec) => [
  'id', 'weight', `${f.registration}.county`, `${f.registration}.type`,
  ...[f.mother, f.father].flatMap((p) => ['birth_date', 'death_date', 'chronic', 'care_need', 'resident_medical_insurance', 'resident_pension_contributor', 'family_doctor_package', 'wants_work'].map((f) => `${p}.${f}`)),
  ...[0, 1, 2].flatMap((i) =>
    ['birth_date', 'adopted', 'adoption_date', 'death_date', 'disability_grade', 'disability_certified', 'disability_ended', 'parents', 'college.admitted', 'college.graduates'].map((f) => `children.${i}.${f}`),
  ),
];

function csvRow(columns: readonly string[], h: Record<string, unknown>): string {
  return columns.map((c) => {
    const v = c.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], h);
    return v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);
  }).join(',');
}

/** The options of `fuzhu generate`; their help is in src/messages/help.ts. */
export const options = { households: { type: 'string' }, seed: { type: 'string' }, spec: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' } } as const;

export async function generateCommand(io: Io, argv: string[]): Promise<number> {
  const { values } = parse(argv, options, 0);
  const lang = langFrom(values.lang);
  const n = wholeFlag(values.households, '--households', 1, Number.MAX_SAFE_INTEGER);
  const seed = wholeFlag(values.seed, '--seed', 0, MAX_SEED);
  if (!values.out) throw new UsageError((w) => w.generateOutRequired);
  const out = outputFile(values.out, '--out', ['.jsonl', '.csv']);
  const format = formatOf(out) === 'csv' ? 'csv' : 'jsonl';
  const spec = readSpec(io, expectKind(values.spec ?? defaultSpec(), '--spec', ['spec']));
  const columns = csvColumns(spec);
  function* lines(): Generator<string> {
    if (format === 'csv') yield `${columns.join(',')}\n`;
    for (const h of generatePopulation(spec, n, seed)) yield `${format === 'csv' ? csvRow(columns, h) : JSON.stringify(h)}\n`;
  }
  await writeLines(out, lines());
  io.out(COMMANDS_TEXT[lang].wrote(n, out, spec.spec, seed));
  return 0;
}
