/** Shared by the tests: the shipped policy, loaded once, and small builders. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy, readHousehold, simulationJson, type Household, type Policy, type SimulationResult, type WhatIf } from '../src/index.js';

export const POLICY_DIR = 'policy/liuzhou-2018';

let shipped: Policy | undefined;

export function shippedPolicy(): Policy {
  if (!shipped) {
    const r = loadPolicy(POLICY_DIR);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
    shipped = r.policy;
  }
  return shipped;
}

export function household(raw: unknown, policy: Policy = shippedPolicy()): Household {
  const r = readHousehold(policy, raw);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message} ${d.at}`).join('\n'));
  return r.household;
}

/** Writes text to a new file in a fresh temporary folder; returns its path. */
export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fuzhu-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The couple whose only child died in 2014 (policy/liuzhou-2018/examples/death-couple.yaml). */
export const deathCouple = {
  id: 'LZ-0001',
  hukou: { county: '450205', type: 'urban' },
  wife: { birth_date: '1963-05-20' },
  husband: { birth_date: '1960-02-11' },
  children: [{ birth_date: '1988-09-01', death_date: '2014-03-02' }],
};

/**
 * A what-if's figures for a scenario (priced from its profiles) as `simulate --json` writes a
 * run's, without the rejections in detail (which the what-if does not keep).
 */
export function whatIfJson(w: WhatIf, s: { id: string; title: { zh: string; en: string }; policy: Policy }, from: number, to: number): string {
  const priced = w.price(s.policy)!;
  const r: SimulationResult = { policy: w.baseline.meta.id, from, to, records: w.records, evaluated: w.records - w.rejected, rejected: w.rejected, rejections: [], baseline: w.base, scenarios: [{ ...s, ...priced }] };
  const json = simulationJson(r, w.baseline) as Record<string, unknown>;
  delete json.rejections;
  return JSON.stringify(json);
}
