/**
 * An item's figures once it is due: its amount and each payer's share, exact to the fen, with
 * the provisional mark and scenarios of the values read; or the parameter not yet set. The
 * month's evaluation and re-pricing from profiles both work them out here.
 */
import { Decimal } from 'decimal.js';
import type { Expr } from '../dsl/index.js';
import type { Item } from '../policy/index.js';
import { EvalError } from './errors.js';
import type { Line, UnsetLine } from './evaluate.js';
import type { Engine, Scope } from './interpreter.js';

/** The scenarios of a line (or a due item) that reads none of their values: shared, as lines are not changed once made. */
export const NO_SCENARIOS: readonly string[] = Object.freeze([]);

function isWholeFen(d: Decimal): boolean {
  return d.decimalPlaces() <= 2;
}

/** The item's line for `role` (null: the household), its expressions read through `interp`. */
export function itemLine(item: Item, role: string | null, interp: Engine, scope: Scope): Line | UnsetLine {
  interp.provisional = false;
  interp.scenariosUsed.clear();
  let amount: Decimal;
  let payers: Map<string, Decimal>;
  try {
    amount = money(interp, item.amount, scope, `the amount of '${item.id}'`);
    payers = shares(interp, item, amount, scope);
  } catch (e) {
    if (e instanceof EvalError && e.code === 'E-EVAL-UNSET') return { item: item.id, label: item.label, person: role, cite: item.cite, parameter: e.parameter!, every: item.every };
    throw e;
  }
  return {
    item: item.id,
    label: item.label,
    person: role,
    amount,
    payers,
    cite: item.cite,
    every: item.every,
    provisional: interp.provisional,
    scenarios: interp.scenariosUsed.size ? [...interp.scenariosUsed] : NO_SCENARIOS,
  };
}

function money(interp: Engine, e: Expr, scope: Scope, what: string): Decimal {
  const v = interp.eval(e, scope) as Decimal;
  if (!isWholeFen(v)) throw new EvalError('E-EVAL-SUBFEN', `${what} is ${v.toString()} CNY, not a whole number of fen`, e.span, "round it explicitly, e.g. round(x, 'half_up')");
  if (v.isNegative()) throw new EvalError('E-EVAL-NEGATIVE', `${what} is negative: ${v.toFixed(2)} CNY`, e.span);
  return v;
}

const ZERO = new Decimal(0);

/**
 * Each payer's share. A share is kept as the very value read when nothing is added to it (a
 * parameter's value, the amount itself for a sole `rest` payer), so that figures read from
 * the same values are the same objects, which aggregation converts to fen once.
 */
function shares(interp: Engine, item: Item, amount: Decimal, scope: Scope): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  let restPayer: string | undefined;
  let assigned = ZERO;
  for (const p of item.payers) {
    const payer = interp.eval(p.payer, scope) as string;
    if (p.share === 'rest') {
      restPayer = payer;
      continue;
    }
    const share = money(interp, p.share, scope, `the share of ${payer} in '${item.id}'`);
    const had = out.get(payer);
    out.set(payer, had === undefined ? share : had.plus(share));
    assigned = assigned === ZERO ? share : assigned.plus(share);
  }
  if (restPayer !== undefined) {
    const rest = assigned === ZERO ? amount : amount.minus(assigned);
    if (rest.isNegative()) throw new EvalError('E-EVAL-SHARES', `the shares of '${item.id}' (${assigned.toFixed(2)}) exceed its amount (${amount.toFixed(2)})`, item.span);
    const had = out.get(restPayer);
    out.set(restPayer, had === undefined ? rest : had.plus(rest));
  } else if (!assigned.eq(amount)) {
    throw new EvalError('E-EVAL-SHARES', `the shares of '${item.id}' add up to ${assigned.toFixed(2)}, not its amount ${amount.toFixed(2)}`, item.span, "make one payer's share 'rest'");
  }
  for (const [k, v] of out) if (v.isZero()) out.delete(k);
  return out;
}
