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

/** The item's line for `role` (null: the household), its expressions read through `interp`; `cache` keeps payer shares worked out. */
export function itemLine(item: Item, role: string | null, interp: Engine, scope: Scope, cache?: ShareCache): Line | UnsetLine {
  interp.provisional = false;
  if (interp.scenariosUsed.size) interp.scenariosUsed.clear();
  let amount: Decimal;
  let payers: ReadonlyMap<string, Decimal>;
  try {
    amount = money(interp, item.amount, scope, item, undefined);
    payers = shares(interp, item, amount, scope, cache);
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

/** An amount (payer undefined) or a payer's share of an item, checked to be whole fen and not negative. */
function money(interp: Engine, e: Expr, scope: Scope, item: Item, payer: string | undefined): Decimal {
  const v = interp.eval(e, scope) as Decimal;
  if (isWholeFen(v) && !v.isNegative()) return v;
  const what = payer === undefined ? `the amount of '${item.id}'` : `the share of ${payer} in '${item.id}'`;
  if (!isWholeFen(v)) throw new EvalError('E-EVAL-SUBFEN', `${what} is ${v.toString()} CNY, not a whole number of fen`, e.span, "round it explicitly, e.g. round(x, 'half_up')");
  throw new EvalError('E-EVAL-NEGATIVE', `${what} is negative: ${v.toFixed(2)} CNY`, e.span);
}

const ZERO = new Decimal(0);

/**
 * Each payer's share. A share is kept as the very value read when nothing is added to it (a
 * parameter's value, the amount itself for a sole `rest` payer), so that figures read from
 * the same values are the same objects, which aggregation converts to fen once. Every payer
 * and share is read (and checked) in order before they are added up.
 */
function shares(interp: Engine, item: Item, amount: Decimal, scope: Scope, cache: ShareCache | undefined): ReadonlyMap<string, Decimal> {
  const read = cache ? cache.read : [];
  const n = item.payers.length;
  for (let i = 0; i < n; i++) {
    const p = item.payers[i]!;
    const payer = interp.eval(p.payer, scope) as string;
    read[2 * i] = payer;
    read[2 * i + 1] = p.share === 'rest' ? undefined : money(interp, p.share, scope, item, payer);
  }
  if (!cache) return sharesOf(item, amount, read);
  const kept = cache.find(item, amount, n);
  if (kept) return kept;
  const out = sharesOf(item, amount, read);
  cache.keep(item, amount, n, out);
  return out;
}

/** The payers' shares from the values read (`read`: payer, share, payer, share…; no share for `rest`). */
function sharesOf(item: Item, amount: Decimal, read: readonly unknown[]): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  let restPayer: string | undefined;
  let assigned = ZERO;
  for (let i = 0; i < item.payers.length; i++) {
    const payer = read[2 * i] as string;
    if (item.payers[i]!.share === 'rest') {
      restPayer = payer;
      continue;
    }
    const share = read[2 * i + 1] as Decimal;
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

/** At most this many sets of shares are kept for an item: figures worked out afresh for each household are not kept past them. */
const SHARES_KEPT = 256;

interface KeptShares {
  /** Payer, share, payer, share… as read (no share for `rest`). */
  readonly read: readonly unknown[];
  readonly payers: ReadonlyMap<string, Decimal>;
}

/**
 * Payer shares worked out, by item and the very values read: the amount, then each payer and
 * share. Values are compared by identity (a parameter's value read is the same object from one
 * household to the next; a figure worked out afresh is simply not found), and lines are never
 * changed once made, so that lines of the same values share one map of payers.
 */
export class ShareCache {
  private readonly byItem = new Map<Item, { kept: number; byAmount: Map<Decimal, KeptShares[]> }>();
  /** The values read for the line being made. */
  readonly read: unknown[] = [];

  /** The shares kept for this item, amount and the first `2 × payers` values of `read`. */
  find(item: Item, amount: Decimal, payers: number): ReadonlyMap<string, Decimal> | undefined {
    const candidates = this.byItem.get(item)?.byAmount.get(amount);
    if (candidates === undefined) return undefined;
    const read = this.read;
    next: for (const c of candidates) {
      for (let j = 0; j < 2 * payers; j++) if (c.read[j] !== read[j]) continue next;
      return c.payers;
    }
    return undefined;
  }

  keep(item: Item, amount: Decimal, payers: number, out: ReadonlyMap<string, Decimal>): void {
    let forItem = this.byItem.get(item);
    if (!forItem) this.byItem.set(item, (forItem = { kept: 0, byAmount: new Map() }));
    if (forItem.kept >= SHARES_KEPT) return;
    forItem.kept++;
    const entry = { read: this.read.slice(0, 2 * payers), payers: out };
    const had = forItem.byAmount.get(amount);
    if (had) had.push(entry);
    else forItem.byAmount.set(amount, [entry]);
  }
}
