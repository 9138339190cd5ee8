/** What each payer the policy declares bears of a breakdown: a single budget's share, or the sum of a family's. */
import type { Decimal } from 'decimal.js';
import type { PayerDecl, Policy } from '../policy/index.js';
import { payerDecl } from '../policy/payers.js';
import { ZERO } from './money.js';

/** The share of one declared payer (for a family, all its members together) among payer ids and amounts. */
export function declaredShare(policy: Pick<Policy, 'payers'>, payers: ReadonlyMap<string, Decimal>, decl: PayerDecl): Decimal {
  let sum = ZERO;
  for (const [id, v] of payers) if (payerDecl(policy, id) === decl) sum = sum.plus(v);
  return sum;
}
