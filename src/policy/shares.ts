/** Payer shares given as parameters must add up to what they share, on every date. */
import type { Decimal } from 'decimal.js';
import { error, type Diagnostic } from '../diag/index.js';
import { dates } from '../dsl/index.js';
import type { Parameter, Policy } from './model.js';
import { ParameterUnavailable, resolveParameter, valueEntryAt } from './parameters.js';

/** One diagnostic per whole and date where its shares do not sum to it. */
export function checkShares(policy: Policy): Diagnostic[] {
  const groups = new Map<string, Parameter[]>();
  for (const p of policy.parameters.values()) {
    if (p.shareOf === undefined || !policy.parameters.has(p.shareOf)) continue;
    groups.set(p.shareOf, [...(groups.get(p.shareOf) ?? []), p]);
  }
  const out: Diagnostic[] = [];
  for (const [wholeId, shares] of groups) {
    const whole = policy.parameters.get(wholeId)!;
    const breakpoints = [...new Set([whole, ...shares].flatMap((p) => p.values.map((v) => v.from)))].sort((a, b) => a - b);
    for (const date of breakpoints) {
      if (!valueEntryAt(whole, date)) continue;
      try {
        const total = resolveParameter(policy, whole, date).value as Decimal;
        const parts = shares.map((s) => ({ s, v: resolveParameter(policy, s, date).value as Decimal }));
        const sum = parts.reduce((acc, p) => acc.plus(p.v), total.minus(total));
        if (!sum.eq(total)) {
          // Point at the value that changed on this date (a scenario's, where it gave one).
          const changed = [whole, ...shares].map((p) => valueEntryAt(p, date)!).filter((v) => v.from === date);
          const latest = changed.find((v) => v.scenario !== undefined) ?? changed[0]!;
          out.push(
            error('E-SHARES-SUM', `from ${dates.formatDate(date)} the shares of '${wholeId}' add up to ${sum.toFixed(2)}, not ${total.toFixed(2)}: ${parts.map((p) => `${p.s.id} ${p.v.toFixed(2)}`).join(' + ')}`, latest.span, {
              help: `change one share, or give one of them as 'rest' or a percentage so that they always sum to '${wholeId}'`,
            }),
          );
        }
      } catch (e) {
        if (!(e instanceof ParameterUnavailable)) throw e;
        out.push(error('E-SHARES-MISSING', `on ${dates.formatDate(date)} '${wholeId}' has a value but its share ${e.message}`, e.parameter.span));
      }
    }
  }
  return out;
}
