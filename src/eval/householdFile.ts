/** Households from files: one household per YAML or JSON file, a list in one file, or a folder of them. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { error, type Diagnostic, type Span } from '../diag/index.js';
import { displayPath } from '../policy/displayPath.js';
import { readYamlFile } from '../policy/yamlFile.js';
import type { Policy } from '../policy/index.js';
import { readHousehold, type Household } from './household.js';

export interface HouseholdsRead {
  readonly households: Household[];
  readonly diagnostics: Diagnostic[];
}

/** True for a folder; anything else (a missing path, a loop of links) is read as a file, whose reader says what is wrong. */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Reads every household of a file or folder; each bad one is reported, none is dropped silently. */
export function readHouseholdFiles(policy: Policy, path: string): HouseholdsRead {
  const files = isFolder(path)
    ? readdirSync(path)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const households: Household[] = [];
  const diagnostics: Diagnostic[] = [];
  // Where each id was first given: an id is one household, in a folder or a list as in a population.
  const firstAt = new Map<string, Span>();
  for (const f of files) {
    const read = readYamlFile(f, displayPath(f));
    if (!read.ok) {
      for (const d of read.diagnostics) diagnostics.push(d);
      continue;
    }
    const file = read.file;
    const entries = Array.isArray(file.data) ? file.data.map((d, i) => ({ data: d as unknown, prefix: [i] as (string | number)[] })) : [{ data: file.data, prefix: [] as (string | number)[] }];
    for (const { data, prefix } of entries) {
      const r = readHousehold(policy, data, (p, key) => (key ? file.keySpan([...prefix, ...p]) : file.spanOrHead([...prefix, ...p])), displayPath(f));
      if (!r.ok) {
        for (const d of r.diagnostics) diagnostics.push(d);
        continue;
      }
      const at = file.spanOrHead([...prefix, 'id']);
      const first = firstAt.get(r.household.id);
      if (first) {
        diagnostics.push(error('E-POP-DUPLICATE-ID', `household id '${r.household.id}' is given twice; each household must have its own id`, at, { related: [{ message: 'first given here', span: first }] }));
        continue;
      }
      firstAt.set(r.household.id, at);
      households.push(r.household);
    }
  }
  return { households, diagnostics };
}
