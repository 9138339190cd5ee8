/** The households of a policy's own tests, as data: a corpus for the generators to start from. */
import { readHousehold, testFiles } from '../eval/index.js';
import { readYamlFile, type Policy } from '../policy/index.js';

export function testCorpus(policy: Policy): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const path of testFiles(policy)) {
    const read = readYamlFile(path);
    if (!read.ok) continue;
    for (const t of ((read.file.data as { tests?: { household?: unknown }[] }).tests ?? [])) {
      const raw = t.household;
      if (raw && typeof raw === 'object' && readHousehold(policy, raw).ok) out.push(raw as Record<string, unknown>);
    }
  }
  return out;
}
