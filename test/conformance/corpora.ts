/**
 * The households and scenarios the conformance suite runs: the bundled sample population, the
 * policy package's example households, the households and scenarios docs/language.md names,
 * and the bundled scenarios (the reforms and the package's own test scenarios), each applied to
 * the baseline as `simulate` applies them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readHousehold, type Household } from '../../src/eval/index.js';
import { applyScenarioFiles } from '../../src/loading.js';
import { applyScenarioFile, type Policy } from '../../src/policy/index.js';
import { blocksOf, type Block } from './languageDoc.js';

export const DOC = 'docs/language.md';
export const SAMPLE = 'policy/populations/liuzhou-sample.jsonl';
/** The reforms, and the scenarios the package's own tests use. */
const SCENARIO_DIRS = ['policy/scenarios', 'policy/liuzhou-2018/scenarios'];

/** Every scenario file of the bundled folders, by file name. */
function scenarioFiles(): string[] {
  return SCENARIO_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(dir, f)),
  );
}

/** A household as written (JSON or YAML data), and as read. */
export interface Written {
  readonly raw: Record<string, unknown>;
  readonly household: Household;
}

function written(policy: Policy, raw: unknown, where: string): Written {
  const r = readHousehold(policy, raw);
  if (!r.ok) throw new Error(`${where}: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join(', ')}`);
  return { raw: raw as Record<string, unknown>, household: r.household };
}

/** Every `stride`-th household of the sample, from `offset`. */
export function sampleHouseholds(policy: Policy, stride: number, offset = 0): Written[] {
  const lines = readFileSync(SAMPLE, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const out: Written[] = [];
  for (let i = offset; i < lines.length; i += stride) out.push(written(policy, JSON.parse(lines[i]!), `${SAMPLE}:${i + 1}`));
  return out;
}

/** The bundled scenarios, each on the baseline, checked whole as `simulate` checks them. */
export function bundledScenarios(policy: Policy): { id: string; policy: Policy }[] {
  const r = applyScenarioFiles(policy, scenarioFiles());
  if (!r.ok) throw new Error(`the bundled scenarios do not apply: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return r.scenarios.map((s) => ({ id: s.id, policy: s.policy }));
}

/** What the examples of docs/language.md are run with: households and scenarios by name. */
export interface DocWorld {
  readonly blocks: Block[];
  readonly households: ReadonlyMap<string, Written>;
  /** A scenario by name applied to the baseline, or undefined for none. */
  policyFor(scenario: string | undefined): Policy;
}

/** The example households of the package, and the `name=` household and scenario blocks of the document. */
export function docWorld(policy: Policy, examplesDir: string): DocWorld {
  const blocks = blocksOf(readFileSync(DOC, 'utf8'), DOC);
  const dir = mkdtempSync(join(tmpdir(), 'fuzhu-conformance-'));
  try {
    const households = new Map<string, Written>();
    const scenarioPaths = new Map<string, string>(scenarioFiles().map((f) => [basename(f, '.yaml'), f]));
    const read = (path: string) => written(policy, parseYaml(readFileSync(path, 'utf8')), path);
    for (const f of readdirSync(examplesDir).filter((f) => f.endsWith('.yaml'))) households.set(basename(f, '.yaml'), read(join(examplesDir, f)));
    const scenarios = new Map<string, Policy>();
    for (const b of blocks) {
      const name = b.attrs.name;
      if (name === undefined) continue;
      const path = join(dir, `${name}.yaml`);
      writeFileSync(path, b.text);
      if (b.info[1] === 'household') households.set(name, read(path));
      if (b.info[1] === 'scenario') scenarioPaths.set(name, path);
    }
    for (const [name, path] of scenarioPaths) {
      const r = applyScenarioFile(policy, path);
      if (r.ok) scenarios.set(name, r.policy);
    }
    return {
      blocks,
      households,
      policyFor(scenario) {
        if (scenario === undefined) return policy;
        const p = scenarios.get(scenario);
        if (!p) throw new Error(`${DOC}: unknown scenario '${scenario}'`);
        return p;
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
