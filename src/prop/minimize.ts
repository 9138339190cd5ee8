/**
 * Greedy minimisation of a failing household after fast-check's own shrinking: drop list
 * elements and optional fields one at a time while the household stays valid and still fails,
 * until nothing more can go. What is left is what the failure needs.
 */
import type { Policy } from '../policy/index.js';
import { readHousehold } from '../eval/index.js';

type Raw = Record<string, unknown>;

/** Every way to remove one piece: a list element, or a field that is not required. */
function removals(policy: Policy, v: unknown, record: string): unknown[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  const fields = policy.household.records.get(record)?.fields ?? [];
  const out: unknown[] = [];
  const o = v as Raw;
  for (const f of fields) {
    if (!(f.name in o)) continue;
    if (!f.required) {
      const { [f.name]: _, ...rest } = o;
      out.push(rest);
    }
    const value = o[f.name];
    const t = f.type.kind === 'list' ? f.type.of : f.type;
    const inner = t.kind === 'record' ? t.name : undefined;
    if (Array.isArray(value)) {
      value.forEach((_, i) => out.push({ ...o, [f.name]: value.filter((__, j) => j !== i) }));
      if (inner) value.forEach((x, i) => removals(policy, x, inner).forEach((y) => out.push({ ...o, [f.name]: value.map((z, j) => (j === i ? y : z)) })));
    } else if (inner) {
      removals(policy, value, inner).forEach((y) => out.push({ ...o, [f.name]: y }));
    }
  }
  return out;
}

export function minimizeHousehold(policy: Policy, raw: Raw, stillFails: (raw: Raw) => boolean): Raw {
  let current = raw;
  for (let changed = true, rounds = 0; changed && rounds < 50; rounds++) {
    changed = false;
    for (const candidate of removals(policy, current, policy.household.root)) {
      if (!readHousehold(policy, candidate).ok) continue;
      if (stillFails(candidate as Raw)) {
        current = candidate as Raw;
        changed = true;
        break;
      }
    }
  }
  return current;
}
