/** A scenario that gives every parameter the value it already has: applying it must change nothing. */
import { Decimal } from 'decimal.js';
import { stringify } from 'yaml';
import { Source } from '../diag/index.js';
import { dates } from '../dsl/index.js';
import { applyScenario, isShare, parseYaml, UNSET, type Policy } from '../policy/index.js';

function written(v: unknown, kind: string): unknown {
  if (Decimal.isDecimal(v)) return (v as Decimal).toString();
  if (kind === 'date' && typeof v === 'number') return dates.formatDate(v);
  if (Array.isArray(v)) return v.map((x) => written(x, kind === 'list' ? 'element' : kind));
  return v;
}

/** The policy with such a scenario applied (through the same code as any scenario). */
export function noChangePolicy(policy: Policy): Policy {
  const changes: Record<string, unknown>[] = [];
  for (const p of policy.parameters.values()) {
    const last = p.values[p.values.length - 1];
    if (!last || last.value === null || last.value === UNSET || last.value instanceof Map) continue;
    const value = isShare(last.value) ? (last.value.share === 'rest' ? 'rest' : `${last.value.fraction.times(100).toString()}%`) : written(last.value, p.type.kind === 'list' ? (p.type.of.kind === 'date' ? 'date' : 'list') : p.type.kind);
    changes.push({ parameter: p.id, from: dates.formatDate(last.from), value });
  }
  const text = stringify({ scenario: 'no-change', title: { zh: '不变', en: 'no change' }, changes });
  const read = parseYaml(new Source('<no-change scenario>', text));
  if (!read.ok) throw new Error('the no-change scenario does not parse');
  const applied = applyScenario(policy, read.file);
  if (!applied.ok) throw new Error(`the no-change scenario is refused: ${applied.diagnostics.map((d) => d.message).join('; ')}`);
  return applied.policy;
}
