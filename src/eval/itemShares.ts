/**
 * Proves, where it can, that an item's payer shares sum to its amount on every date: the
 * amount and shares are evaluated at each date a parameter value changes, for each value
 * of the enumerations they test (the category), without a household. An item whose figures
 * read household data cannot be settled here; evaluation checks it for every line instead.
 */
import { Decimal } from 'decimal.js';
import { error, type Diagnostic } from '../diag/index.js';
import { dates, walk, type Expr } from '../dsl/index.js';
import { exactMoney, type Item, type Policy } from '../policy/index.js';
import { Interpreter, monthRecord } from './interpreter.js';

/** Zero-argument definitions of enum type that the expressions use, with their values. */
function enumChoices(policy: Policy, exprs: Expr[]): [string, string[]][] {
  const names = new Set<string>();
  for (const e of exprs) for (const n of walk(e)) if (n.kind === 'name') names.add(n.name);
  const out: [string, string[]][] = [];
  for (const name of names) {
    const d = policy.definitions.get(name);
    const t = d && (d.type.kind === 'optional' ? d.type.of : d.type);
    if (d && d.params.length === 0 && t?.kind === 'enum') out.push([name, [...t.values]]);
  }
  return out;
}

function combinations(choices: [string, string[]][]): Map<string, string>[] {
  return choices.reduce<Map<string, string>[]>((acc, [name, values]) => acc.flatMap((m) => values.map((v) => new Map([...m, [name, v]]))), [new Map()]);
}

export function checkItemShares(policy: Policy): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Every date any value changes, not only those of the parameters an item reads: an item of
  // fixed amounts (one a scenario adds) still has to sum, and its conditions may read others.
  const breakpoints = [...new Set([...policy.parameters.values()].flatMap((p) => p.values.map((v) => v.from)))].sort((a, b) => a - b);
  for (const item of policy.items) {
    if (item.payers.some((p) => p.share === 'rest')) continue;
    const shares = item.payers.map((p) => p.share as Expr);
    const exprs = [item.amount, ...shares];
    // The first date (and choice) where they do not sum is enough to say the item is wrong.
    const choices = combinations(enumChoices(policy, exprs));
    const found = breakpoints.map((date) => choices.map((fixed) => sumsAt(policy, item, shares, date, fixed)).find((d) => d)).find((d) => d);
    if (found) out.push(found);
  }
  return out;
}

function sumsAt(policy: Policy, item: Item, shares: Expr[], date: number, fixed: Map<string, string>): Diagnostic | undefined {
  const interp = new Interpreter({
    policy,
    globals: new Map([['month', monthRecord(date)]]),
    date: dates.monthEnd(date),
    memo: new Map(fixed),
    provisional: false,
    scenariosUsed: new Set(),
  });
  let amount: Decimal;
  let sum = new Decimal(0);
  try {
    amount = interp.eval(item.amount, new Map()) as Decimal;
    for (const s of shares) sum = sum.plus(interp.eval(s, new Map()) as Decimal);
  } catch {
    // The figures depend on a household (or a value not set): evaluation checks each line.
    return undefined;
  }
  if (sum.eq(amount)) return undefined;
  const where = [...fixed].map(([k, v]) => `${k} = ${v}`).join(', ');
  return error('E-SHARES-ITEM', `from ${dates.formatDate(date)}${where ? ` with ${where}` : ''} the payer shares of '${item.id}' add up to ${exactMoney(sum)}, not its amount ${exactMoney(amount)}`, item.span, {
    help: "make one payer's share 'rest', or change the shares so that they sum to the amount",
  });
}
