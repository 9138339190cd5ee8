/**
 * What a path given on the command line holds, told by its name and a look at its first
 * kilobytes (never a whole parse): a policy package, a population, a scenario, a household, a
 * spreadsheet. A path of the wrong kind is refused with what it is and which flag reads it.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '../src/messages/lang.js';
import { USAGE } from '../src/messages/usage.js';
import { XLSX } from '../src/messages/xlsx.js';
import { formatOf } from '../src/sim/populationFormat.js';
import { UsageError, worded, type Wording } from './args.js';

export type Kind = 'policy' | 'population' | 'scenario' | 'household' | 'spreadsheet' | 'spec' | 'projection';

/** How much of a file is looked at. */
const SNIFF_BYTES = 16 * 1024;

function head(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    return buffer.subarray(0, readSync(fd, buffer, 0, SNIFF_BYTES, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Top-level keys of a YAML mapping (at column 0) or of a JSON object, in the text seen. */
function topKeys(text: string): Set<string> {
  const keys = new Set<string>();
  const json = text.trimStart().startsWith('{');
  const pattern = json ? /"([\w-]+)"\s*:/g : /^([\w-]+)\s*:/gm;
  for (const m of text.matchAll(pattern)) keys.add(m[1]!);
  return keys;
}

/** The kind of a path, with its format for a population ('file' for a policy's own file); undefined when it is missing or unknown. */
export function kindOf(path: string): { kind: Kind; format?: string } | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return undefined;
  // A folder without policy.yaml is a broken package or a folder of households: its reader tells.
  if (stat.isDirectory()) return existsSync(join(path, 'policy.yaml')) ? { kind: 'policy' } : undefined;
  if (!stat.isFile()) return undefined;
  if (/\.(xls|ods|numbers)$/i.test(path)) return { kind: 'spreadsheet' };
  const format = formatOf(path);
  if (format === 'jsonl' || format === 'csv' || format === 'xlsx') return { kind: 'population', format: format.toUpperCase() };
  if (format !== 'json' && format !== 'yaml') return undefined;
  let text: string;
  try {
    text = head(path).replace(/^\uFEFF/, '');
  } catch {
    return undefined; // unreadable: the reader says why
  }
  const keys = topKeys(text);
  if (keys.has('changes')) return { kind: 'scenario' };
  if (keys.has('document') && keys.has('title')) return { kind: 'policy', format: 'file' };
  if (keys.has('projection') || keys.has('mortality')) return { kind: 'projection' };
  if (keys.has('spec') && keys.has('assumptions')) return { kind: 'spec' };
  // What is left with an id is a household (a policy's or a spec's own keys are matched above).
  if (keys.has('id')) return { kind: 'household' };
  // A list (of households) or anything else: read as the command expects, with its own errors.
  return undefined;
}

/** What a kind is, and which command or flag reads it. */
function described(kind: Kind, format: string | undefined, lang: Lang): string {
  const w = USAGE[lang].kinds;
  switch (kind) {
    case 'policy':
      return format === 'file' ? w.policyFile : w.policy;
    case 'population':
      return w.population(format ?? '');
    case 'spreadsheet':
      return XLSX[lang].otherSpreadsheet;
    default:
      return w[kind];
  }
}

/**
 * Refuses a path whose kind is known and is not one of those expected, saying what it is and
 * what reads it. `what` names the argument (`--scenario`, the household file).
 */
export function expectKind(path: string, what: Wording, expected: readonly Kind[]): string {
  const found = kindOf(path);
  if (found && !expected.includes(found.kind)) throw new UsageError((w, lang) => w.wrongKind(worded(what, lang), path, described(found.kind, found.format, lang)));
  return path;
}
