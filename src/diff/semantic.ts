/**
 * The difference in meaning of two policies: whether some household and month get a different
 * result, shown by witness households — concrete and minimal, one per kind of difference —
 * found by a fast-check search seeded with the boundary values of both versions.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { dates, type CivilDate } from '../dsl/index.js';
import { evaluate, evaluateMonth, formatPeriod, monthPeriod, readHousehold, Tracer, type Household, type MonthEvaluation, type TraceNode } from '../eval/index.js';
import type { Lang } from '../messages/index.js';
import { declaredName, formatValue, type Policy } from '../policy/index.js';
import { hintsFrom, householdArbitrary, minimizeHousehold, testCorpus, type Generated } from '../prop/index.js';

export type Verdict = 'equivalent' | 'more generous' | 'less generous' | 'pays more' | 'pays less' | 'incomparable';

/** One observed difference in a month: which output, for whom, the two values, which way. */
interface Difference {
  readonly output: string;
  readonly key: string;
  readonly a: string;
  readonly b: string;
  readonly direction: 'up' | 'down' | 'other';
}

export interface Witness {
  /** The kind of difference it was searched for; `differences` shows every output it changes. */
  readonly output: string;
  /** Every output whose value differs for this household. */
  readonly outputs: readonly string[];
  readonly period: string;
  /** In the household format: `fuzhu eval` on it shows the difference. */
  readonly household: Record<string, unknown>;
  readonly differences: readonly { readonly key: string; readonly a: string; readonly b: string }[];
  /** Conditions and definitions whose values differ between the two versions, with both values. */
  readonly conditions: readonly { readonly name: string; readonly a: string; readonly b: string }[];
}

export interface SemanticDiff {
  /** Each output with its verdict and the number (from 1) of the witness that shows it, if any. */
  readonly outputs: readonly { readonly output: string; readonly verdict: Verdict; readonly witness?: number }[];
  readonly witnesses: readonly Witness[];
  readonly searched: { readonly households: number; readonly rounds: number; readonly seed: number; readonly boundaryDates: number; readonly boundaryAges: number; readonly boundaryAmounts: number };
}

/** Every output a policy gives for a household and month, by key. */
function observe(m: MonthEvaluation): Map<string, { output: string; value: string; number?: Decimal; flag?: boolean }> {
  const out = new Map<string, { output: string; value: string; number?: Decimal; flag?: boolean }>();
  for (const [role, e] of m.persons) out.set(`eligible ${role}`, { output: 'eligibility', value: String(e), flag: e });
  out.set('category', { output: 'category', value: m.category ?? 'none' });
  for (const l of m.lines) {
    const who = l.person ?? 'household';
    out.set(`${l.item} ${who}`, { output: `item ${l.item}`, value: l.amount.toFixed(2), number: l.amount });
    for (const [payer, v] of l.payers) {
      out.set(`${l.item} ${who} paid by ${payer}`, { output: `item ${l.item} paid by ${declaredName(payer)}`, value: v.toFixed(2), number: v });
    }
  }
  for (const u of m.unset) out.set(`${u.item} ${u.person ?? 'household'}`, { output: `item ${u.item}`, value: 'unset' });
  for (const e of m.entitlements) out.set(`${e.id} ${e.person ?? 'household'}`, { output: `entitlement ${e.id}`, value: 'given', flag: true });
  return out;
}

/** The outputs that exist in either policy, whether or not they ever differ. */
export function outputsOf(a: Policy, b: Policy): string[] {
  const items = [...new Set([...a.items, ...b.items].map((i) => i.id))];
  const ents = [...new Set([...a.entitlements, ...b.entitlements].map((e) => e.id))];
  const payers = [...new Set([...a.payers, ...b.payers].map((p) => p.id))];
  return ['eligibility', 'category', ...items.flatMap((i) => [`item ${i}`, ...payers.map((p) => `item ${i} paid by ${p}`)]), ...ents.map((e) => `entitlement ${e}`)];
}

/**
 * A month's outputs, yearly items included: each is evaluated as if this were the month of the
 * year it falls in, so that a change to a yearly item shows in any month it applies.
 */
function monthWithYearly(policy: Policy, h: Household, month: CivilDate): MonthEvaluation {
  return evaluateMonth(policy, h, month, {}, new Set());
}

function differences(a: Policy, b: Policy, h: Household, month: CivilDate): Difference[] {
  const x = observe(monthWithYearly(a, h, month));
  const y = observe(monthWithYearly(b, h, month));
  const out: Difference[] = [];
  for (const key of new Set([...x.keys(), ...y.keys()])) {
    const p = x.get(key);
    const q = y.get(key);
    const va = p?.value ?? (q?.number ? '0.00' : q?.flag !== undefined ? 'false' : 'none');
    const vb = q?.value ?? (p?.number ? '0.00' : p?.flag !== undefined ? 'false' : 'none');
    if (va === vb) continue;
    const output = (p ?? q)!.output;
    let direction: Difference['direction'] = 'other';
    const na = p?.number ?? (p === undefined && q?.number ? new Decimal(0) : undefined);
    const nb = q?.number ?? (q === undefined && p?.number ? new Decimal(0) : undefined);
    if (na && nb) direction = nb.gt(na) ? 'up' : 'down';
    else if (output === 'eligibility' || output.startsWith('entitlement')) direction = vb === 'true' || vb === 'given' ? 'up' : 'down';
    out.push({ output, key, a: va, b: vb, direction });
  }
  return out;
}

/** Values of every definition and condition in a traced month, by name and arguments. */
function flatten(nodes: readonly TraceNode[], lang: Lang, out = new Map<string, string>()): Map<string, string> {
  for (const n of nodes) {
    if ((n.kind === 'definition' || n.kind === 'condition') && !n.memo) {
      const name = n.kind === 'definition' ? `${n.name}${n.args ? `(${n.args.join(', ')})` : ''}` : n.name;
      if (!out.has(name)) out.set(name, formatValue(n.value, n.type, lang));
    }
    if (n.kind === 'parameter') out.set(`param(${n.name})`, formatValue(n.value, n.type, lang));
    flatten(n.children, lang, out);
  }
  return out;
}

function conditionsThatDiffer(a: Policy, b: Policy, h: Household, month: CivilDate, lang: Lang): Witness['conditions'] {
  const trace = (p: Policy) => {
    const t = new Tracer();
    evaluate(p, h, monthPeriod(month), { tracerFor: () => t });
    return flatten(t.roots, lang);
  };
  const [x, y] = [trace(a), trace(b)];
  const out: { name: string; a: string; b: string }[] = [];
  for (const [name, va] of x) {
    const vb = y.get(name);
    if (vb !== undefined && vb !== va) out.push({ name, a: va, b: vb });
  }
  return out.slice(0, 12);
}

export interface SemanticOptions {
  readonly seed: number;
  /** Households generated per round of the search. */
  readonly runs: number;
  /** Most rounds: each finds at most one new kind of difference. */
  readonly maxRounds?: number;
  /** The language of the conditions' values (`650.00 CNY`, `650.00元`); English by default, as the JSON keeps them. */
  readonly lang?: Lang;
}

export function semanticDiff(a: Policy, b: Policy, o: SemanticOptions): SemanticDiff {
  const hints = hintsFrom(a, b);
  const corpus = testCorpus(a).filter((raw) => readHousehold(b, raw).ok);
  const arb = householdArbitrary(a, hints, corpus).filter((g) => readHousehold(b, g.raw).ok);
  const witnesses: Witness[] = [];
  const yearly = new Set([...a.items, ...b.items].filter((i) => i.every === 'year').map((i) => i.id));
  const witnessed = new Map<string, number>();
  const directions = new Map<string, Set<Difference['direction']>>();
  let households = 0;
  let rounds = 0;
  for (; rounds < (o.maxRounds ?? 40); rounds++) {
    const details = fc.check(
      fc.property(arb, (g: Generated) => {
        households++;
        const ds = differences(a, b, g.household, g.month);
        for (const d of ds) directions.set(d.output, new Set([...(directions.get(d.output) ?? []), d.direction]));
        return ds.every((d) => witnessed.has(d.output));
      }),
      { seed: o.seed + rounds, numRuns: o.runs },
    );
    if (!details.failed || !details.counterexample) break;
    const [g] = details.counterexample as [Generated];
    const output = differences(a, b, g.household, g.month).find((d) => !witnessed.has(d.output))!.output;
    const stillDiffers = (raw: Record<string, unknown>) => {
      const ha = readHousehold(a, raw);
      return ha.ok && readHousehold(b, raw).ok && differences(a, b, ha.household, g.month).some((d) => d.output === output);
    };
    const raw = minimizeHousehold(a, g.raw, stillDiffers);
    const h = readHousehold(a, raw);
    if (!h.ok) continue;
    const ds = differences(a, b, h.household, g.month);
    const outputs = [...new Set(ds.map((d) => d.output))];
    // A yearly item shows in a year's result, not a month's: such a witness is given its year.
    const onlyYearly = outputs.every((o) => yearly.has(o.split(' ')[1] ?? ''));
    witnesses.push({
      output,
      outputs,
      period: onlyYearly ? String(dates.yearOf(g.month)) : formatPeriod(monthPeriod(g.month)),
      household: raw,
      differences: ds.map(({ key, a: x, b: y }) => ({ key, a: x, b: y })),
      conditions: conditionsThatDiffer(a, b, h.household, g.month, o.lang ?? 'en'),
    });
    // A witness shows every output it changes; later rounds look for the others.
    for (const o of outputs) if (!witnessed.has(o)) witnessed.set(o, witnesses.length);
  }
  const outputs = outputsOf(a, b).map((output) => {
    const dirs = directions.get(output);
    let verdict: Verdict = 'equivalent';
    if (dirs) {
      const share = output.includes(' paid by ');
      if (dirs.has('other') || (dirs.has('up') && dirs.has('down'))) verdict = 'incomparable';
      else if (dirs.has('up')) verdict = share ? 'pays more' : 'more generous';
      else verdict = share ? 'pays less' : 'less generous';
      if (output === 'category') verdict = 'incomparable';
    }
    const w = witnessed.get(output);
    return { output, verdict, ...(w !== undefined ? { witness: w } : {}) };
  });
  return {
    outputs,
    witnesses,
    searched: { households, rounds: rounds + 1, seed: o.seed, boundaryDates: hints.dates.length, boundaryAges: hints.ages.length, boundaryAmounts: hints.amounts.length },
  };
}
