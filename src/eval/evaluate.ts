/**
 * Evaluates a policy for one household and period (shared/contracts/evaluation.md): month by
 * month eligibility, the category, each item's lines with exact payer shares, entitlements, and
 * for a year the sum of its months plus the yearly items due.
 */
import { Decimal } from 'decimal.js';
import * as dates from '../dsl/dates.js';
import { stripOptional } from '../dsl/types.js';
import type { CivilDate, Expr } from '../dsl/index.js';
import type { Item, Label, Policy } from '../policy/index.js';
import { EvalError } from './errors.js';
import { itemLine, NO_SCENARIOS, ShareCache } from './figures.js';
import type { RepricingPlan } from '../plan/repricing.js';
import type { Household } from './household.js';
import { CompiledMonth, type FixedDefinition } from './compiled.js';
import { CompiledItem } from './compiledItem.js';
import { Interpreter, monthRecord, type Engine, type EvalContext, type Scope } from './interpreter.js';
import { monthsOf, type Period } from './period.js';
import { periodOf, type PeriodInput } from './dateInput.js';
import type { Coverage } from './coverage.js';
import type { TraceNode, Tracer } from './trace.js';

export interface Line {
  readonly item: string;
  readonly label: Label;
  /** The person's role (mother, father), or null for a household item. */
  readonly person: string | null;
  readonly amount: Decimal;
  readonly payers: ReadonlyMap<string, Decimal>;
  readonly cite: string;
  readonly every: Item['every'];
  readonly provisional: boolean;
  readonly scenarios: readonly string[];
}

export interface EntitlementLine {
  readonly id: string;
  readonly label: Label;
  readonly person: string | null;
  readonly cite: string;
}

/** An item due whose amount the document leaves to someone else, not yet set: reported, not counted. */
export interface UnsetLine {
  readonly item: string;
  readonly label: Label;
  readonly person: string | null;
  readonly cite: string;
  readonly parameter: string;
  readonly every: Item['every'];
}

export interface MonthEvaluation {
  readonly month: CivilDate;
  readonly inForce: boolean;
  readonly category: string | null;
  readonly persons: ReadonlyMap<string, boolean>;
  readonly lines: readonly Line[];
  readonly unset: readonly UnsetLine[];
  readonly entitlements: readonly EntitlementLine[];
  /** With a re-pricing plan: the due items whose figures read price parameters, with their leaves. */
  readonly due?: readonly DueLine[];
}

/** A due item kept for re-pricing: undefined leaves when they could not be worked out alone. */
export interface DueLine {
  readonly item: string;
  readonly person: string | null;
  readonly every: Item['every'];
  readonly leaves: readonly unknown[] | undefined;
  readonly provisional: boolean;
  readonly scenarios: readonly string[];
}

export interface Evaluation {
  readonly policy: string;
  readonly scenarios: readonly string[];
  readonly household: string;
  readonly period: Period;
  readonly inForce: boolean;
  readonly category: string | null;
  /** Role → number of months eligible in the period. */
  readonly persons: ReadonlyMap<string, number>;
  readonly lines: readonly Line[];
  readonly unset: readonly UnsetLine[];
  readonly entitlements: readonly EntitlementLine[];
  readonly months: readonly MonthEvaluation[];
}

const rolesByPolicy = new WeakMap<Policy, string[]>();

/** The roles of the household that are persons (mother, father), from the input schema. */
export function personRoles(policy: Policy): string[] {
  let roles = rolesByPolicy.get(policy);
  if (!roles) {
    const root = policy.household.records.get(policy.household.root)!;
    roles = root.fields.filter((f) => stripOptional(f.type).kind === 'record' && (stripOptional(f.type) as { name: string }).name === 'person').map((f) => f.name);
    rolesByPolicy.set(policy, roles);
  }
  return roles;
}


const yearlyKeys = new WeakMap<Policy, Map<string | null, string>[]>();

/**
 * The keys a yearly item paid to a role is remembered by for the year (`item|role`), by the
 * item's place in the policy and the role, made once.
 */
function yearlyKeysOf(policy: Policy): Map<string | null, string>[] {
  let keys = yearlyKeys.get(policy);
  if (!keys) yearlyKeys.set(policy, (keys = policy.items.map(() => new Map())));
  return keys;
}

function yearlyKey(keys: Map<string | null, string>[], index: number, item: Item, role: string | null): string {
  const byRole = keys[index]!;
  let key = byRole.get(role);
  if (key === undefined) byRole.set(role, (key = `${item.id}|${role}`));
  return key;
}

/** The leaves of each item of the policy (by its place) that a re-pricing plan keeps, or undefined for an item it does not. */
function leavesByItem(policy: Policy, profile: RepricingPlan): (readonly Expr[] | undefined)[] {
  return policy.items.map((item) => {
    const r = profile.items.get(item.id);
    return r?.kind === 'leaves' ? r.leaves : undefined;
  });
}

/** The roles a household's item is worked out for: the household (null), or none. */
const HOUSEHOLD: readonly null[] = [null];
const NOBODY: readonly null[] = [];
const NO_ROLES: readonly string[] = [];
/** The names of a person's item's scope, and the values of the household's (none). */
const PERSON_NAMES: readonly string[] = ['person'];
const NO_VALUES: unknown[] = [];
/** A month's lines, unset items or entitlements when there are none: shared, as a month's evaluation is not changed once made. */
const NONE: readonly never[] = Object.freeze([]);

/** The slots of the definitions the evaluator asks for (see MonthEvaluator.defined). */
const IN_FORCE = 0;
const PERSON = 1;
const CATEGORY = 2;
const ITEMS = 3;

interface EvaluatorOptions {
  tracer?: Tracer | undefined;
  coverage?: Coverage | undefined;
  engine?: 'interpreter' | 'compiled' | undefined;
  compiled?: CompiledMonth;
  profile?: RepricingPlan | undefined;
  amountsOnly?: boolean | undefined;
  shares?: ShareCache | undefined;
}

class MonthEvaluator {
  private readonly interp: Engine;
  /** The same when it is the compiled evaluator, which is called without lists of arguments. */
  private readonly compiled: CompiledMonth | undefined;

  private readonly tracer: Tracer | undefined;
  private readonly coverage: Coverage | undefined;
  private readonly profile: RepricingPlan | undefined;
  /** Entitlements (no amount) are left out: a simulation counts money only. */
  private readonly amountsOnly: boolean;
  /** Payer shares already worked out (the fast engine's); the reference works out every line. */
  private readonly shares: ShareCache | undefined;
  private readonly roles: readonly string[];
  private readonly yearlyKeys: Map<string | null, string>[];
  /** With a re-pricing plan: the leaves of each item (by its place) kept for re-pricing, or undefined. */
  private readonly leaves: (readonly Expr[] | undefined)[] | undefined;
  private due: DueLine[] = [];

  constructor(
    private readonly policy: Policy,
    private household: Household,
    private month: CivilDate,
    options: EvaluatorOptions,
  ) {
    this.tracer = options.tracer;
    this.coverage = options.coverage;
    this.profile = options.profile;
    this.amountsOnly = options.amountsOnly ?? false;
    this.shares = options.shares;
    this.roles = personRoles(policy);
    this.yearlyKeys = yearlyKeysOf(policy);
    this.leaves = options.profile && leavesByItem(policy, options.profile);
    if (options.compiled) this.interp = this.compiled = options.compiled;
    else if (options.tracer || options.coverage || options.engine === 'interpreter') {
      // Only the reference interpreter can record the reasoning and what was exercised.
      const globals = new Map<string, unknown>(Object.entries(household));
      globals.set('month', monthRecord(month));
      const ctx: EvalContext = { policy, globals, date: dates.monthEnd(month), memo: new Map(), provisional: false, scenariosUsed: new Set(), ...(options.tracer ? { tracer: options.tracer } : {}), ...(options.coverage ? { coverage: options.coverage } : {}) };
      this.interp = new Interpreter(ctx);
    } else {
      this.interp = this.compiled = new CompiledMonth(policy, household, month);
    }
  }

  /**
   * To evaluate another month (a first day) of this or another household, with a compiled
   * evaluator reset for it by the caller: the scopes are kept for the same household.
   */
  moveTo(household: Household, month: CivilDate): void {
    if (household !== this.household) {
      this.household = household;
      // The same maps, for the names an expression is compiled for are theirs; the persons are this household's.
      for (const p of this.personScopes) {
        const person = household[p.role];
        p.scope.set('person', person);
        p.values[0] = person;
      }
    }
    this.month = month;
    this.due = [];
  }

  /** `dueYearly` holds item|role keys already paid this year; yearly items are due once. */
  run(dueYearly?: Set<string>): MonthEvaluation {
    const { policy } = this;
    const inForce = this.defined(policy.eligibility.inForce, IN_FORCE) as boolean;
    const persons = new Map<string, boolean>();
    if (!inForce) {
      for (const role of this.roles) if (this.household[role] !== undefined) persons.set(role, false);
      return { month: this.month, inForce, category: null, persons, lines: NONE, unset: NONE, entitlements: NONE };
    }
    const eligibleRoles: string[] = [];
    for (const role of this.roles) {
      const person = this.household[role];
      if (person === undefined) continue;
      const eligible = this.tracer ? this.traced({ kind: 'person', name: role }, () => this.eligible(policy.eligibility.person, person, role)) : this.eligible(policy.eligibility.person, person, role);
      persons.set(role, eligible);
      if (eligible) eligibleRoles.push(role);
    }
    const category = eligibleRoles.length ? ((this.defined(policy.eligibility.category, CATEGORY) as string | undefined) ?? null) : null;
    const lines: Line[] = [];
    let unset: UnsetLine[] | undefined;
    const items = policy.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.every === 'year' && !dueYearly) continue;
      // A household's item needs someone eligible (or what its own definition says); a person's item, its person.
      const roles = item.per === 'person' ? this.rolesFor(item, i, persons, eligibleRoles) : this.householdDue(item, i, eligibleRoles) ? HOUSEHOLD : NOBODY;
      for (const role of roles) {
        const key = item.every === 'year' ? yearlyKey(this.yearlyKeys, i, item, role) : undefined;
        if (key !== undefined && dueYearly!.has(key)) continue;
        const line = this.item(item, i, role);
        if (line && key !== undefined) dueYearly!.add(key);
        if (line && 'parameter' in line) (unset ??= []).push(line);
        else if (line && !line.amount.isZero()) lines.push(line);
      }
    }
    const entitlements = eligibleRoles.length && !this.amountsOnly ? this.entitlements(eligibleRoles) : undefined;
    // Made whole, with or without the due items: a month's evaluation is not changed once made.
    if (this.profile) return { month: this.month, inForce, category, persons, lines, unset: unset ?? NONE, entitlements: entitlements ?? NONE, due: this.due };
    return { month: this.month, inForce, category, persons, lines, unset: unset ?? NONE, entitlements: entitlements ?? NONE };
  }

  /** The entitlements given this month (none: undefined) when someone is eligible. */
  private entitlements(eligibleRoles: readonly string[]): EntitlementLine[] | undefined {
    let entitlements: EntitlementLine[] | undefined;
    for (const ent of this.policy.entitlements) {
      for (const role of ent.per === 'person' ? eligibleRoles : [null]) {
        const scope = this.scope(role);
        const given = !ent.when || this.traced({ kind: 'item', name: ent.id, label: ent.label, cite: ent.cite, ...(role ? { args: [role] } : {}) }, () => this.interp.condition(ent.when!, scope));
        if (ent.when) this.coverage?.condition(ent.id, given);
        if (!given) continue;
        this.coverage?.entitlement(ent.id);
        (entitlements ??= []).push({ id: ent.id, label: ent.label, person: role, cite: ent.cite });
      }
    }
    return entitlements;
  }

  /**
   * A definition's value, of no argument or (with `role`) of that person; the compiled
   * evaluator's definitions are found once, by `slot` (IN_FORCE, PERSON, CATEGORY, or an
   * item's: ITEMS + its place for the household's, one more for a person's).
   */
  private defined(definition: string, slot: number, person?: unknown, role?: string): unknown {
    if (!this.compiled) return role === undefined ? this.interp.define(definition) : this.interp.define(definition, [person], [role]);
    return this.compiled.definedBy((this.definitions[slot] ??= this.compiled.definition(definition, role === undefined ? 0 : 1)), person);
  }

  /** The compiled evaluator's definitions found, by slot (see defined). */
  private readonly definitions: (FixedDefinition | undefined)[] = [];

  /** Whether a person (of this role) is eligible by a definition of one person. */
  private eligible(definition: string, person: unknown, role: string, slot = PERSON): boolean {
    return this.defined(definition, slot, person, role) as boolean;
  }

  /** The persons a person's item (at `index`) is for this month: the eligible, or those its own definition names. */
  private rolesFor(item: Item, index: number, persons: ReadonlyMap<string, boolean>, eligibleRoles: readonly string[]): readonly string[] {
    if (item.eligible === undefined || item.eligible === this.policy.eligibility.person) return eligibleRoles;
    const slot = ITEMS + 2 * index + 1;
    let out: string[] | undefined;
    for (const role of persons.keys()) {
      const person = this.household[role];
      const eligible = this.tracer ? this.traced({ kind: 'person', name: `${role} (${item.id})` }, () => this.eligible(item.eligible!, person, role, slot)) : this.eligible(item.eligible, person, role, slot);
      if (eligible) (out ??= []).push(role);
    }
    return out ?? NO_ROLES;
  }

  /** Whether a household's item (at `index`) is worked out this month: someone is eligible, or its own definition says so. */
  private householdDue(item: Item, index: number, eligibleRoles: readonly string[]): boolean {
    if (item.eligible === undefined) return eligibleRoles.length > 0;
    const slot = ITEMS + 2 * index;
    if (!this.tracer) return this.defined(item.eligible, slot) as boolean;
    return this.traced({ kind: 'person', name: `household (${item.id})` }, () => this.defined(item.eligible!, slot) as boolean);
  }

  /** The variables of an item's expressions: `person` for a person's item; made once. */
  private readonly scopes = new Map<string | null, Scope>();
  /** The persons' scopes, each with its values in the order of its names (for compiled items). */
  private readonly personScopes: { readonly role: string; readonly scope: Map<string, unknown>; readonly values: unknown[] }[] = [];

  private scope(role: string | null): Scope {
    let s = this.scopes.get(role);
    if (!s) {
      if (role === null) this.scopes.set(role, (s = new Map()));
      else {
        const scope = new Map<string, unknown>([['person', this.household[role]]]);
        this.scopes.set(role, (s = scope));
        this.personScopes.push({ role, scope, values: [this.household[role]] });
      }
    }
    return s;
  }

  /** With the compiled evaluator: each item's expressions for the household (2 × its place) and for a person (one more). */
  private readonly compiledItems: (CompiledItem | undefined)[] = [];

  /** The engine an item's expressions are read through for this role (whose scope is made): the compiled item's, or the month's. */
  private itemEngine(index: number, role: string | null): Engine {
    if (!this.compiled) return this.interp;
    const slot = 2 * index + (role === null ? 0 : 1);
    const c = (this.compiledItems[slot] ??= new CompiledItem(this.compiled, this.policy.items[index]!, role === null ? NO_ROLES : PERSON_NAMES, this.leaves?.[index]));
    c.values = NO_VALUES;
    if (role !== null) for (const p of this.personScopes) if (p.role === role) c.values = p.values;
    return c;
  }

  private traced<T>(node: Omit<TraceNode, 'facts' | 'children'>, f: () => T): T {
    if (!this.tracer) return f();
    const open = this.tracer.open(node);
    try {
      const v = f();
      this.tracer.close(open, v);
      return v;
    } catch (e) {
      this.tracer.unwind(open);
      throw e;
    }
  }

  /** One item for one person (or the household) this month; undefined when not due. */
  private item(item: Item, index: number, role: string | null): Line | UnsetLine | undefined {
    if (!this.tracer) return this.itemDue(item, index, role);
    return this.traced({ kind: 'item', name: item.id, label: item.label, cite: item.cite, ...(role ? { args: [role] } : {}) }, () => this.itemDue(item, index, role));
  }

  /** The item (at `index` in the policy) and its line when it is due this month (no trace node opened: item does it). */
  private itemDue(item: Item, index: number, role: string | null): Line | UnsetLine | undefined {
    const scope = this.scope(role);
    const interp = this.itemEngine(index, role);
    if (item.on) {
      const on = interp.eval(item.on, scope) as CivilDate | undefined;
      interp.comparedWithMonth?.(item.on, scope, on);
      if (on === undefined || dates.monthStart(on) !== this.month) return undefined;
    }
    if (item.when) {
      const holds = interp.condition(item.when, scope);
      this.coverage?.condition(item.id, holds);
      if (!holds) return undefined;
    }
    this.coverage?.item(item.id);
    const leaves = this.leaves?.[index];
    if (leaves) this.recordDue(item, role, interp, scope, leaves);
    return itemLine(item, role, interp, scope, this.shares);
  }

  /**
   * For re-pricing: a due item whose figures read price parameters is kept with the values of
   * its leaves (plan/repricing.ts), and the provisional mark and scenarios those values rest on.
   */
  private recordDue(item: Item, role: string | null, interp: Engine, scope: Scope, leaves: readonly Expr[]): void {
    interp.provisional = false;
    if (interp.scenariosUsed.size) interp.scenariosUsed.clear();
    let values: unknown[] | undefined = new Array<unknown>(leaves.length);
    try {
      for (let i = 0; i < leaves.length; i++) values[i] = interp.eval(leaves[i]!, scope);
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      // A leaf that cannot be worked out on its own: this household is evaluated, not re-priced.
      values = undefined;
    }
    this.due.push({ item: item.id, person: role, every: item.every, leaves: values, provisional: interp.provisional, scenarios: interp.scenariosUsed.size ? [...interp.scenariosUsed] : NO_SCENARIOS });
  }
}

export interface EvaluateOptions {
  /** A tracer for a month, to record the reasoning (explanations). */
  readonly tracerFor?: (month: CivilDate) => Tracer | undefined;
  /** Records what the evaluation exercised (test coverage). */
  readonly coverage?: Coverage;
  /**
   * The compiled evaluator (the default, fast) or the reference interpreter; a tracer or
   * coverage always uses the interpreter.
   */
  readonly engine?: 'interpreter' | 'compiled';
}

/** Evaluates one month. */
export function evaluateMonth(policy: Policy, household: Household, month: CivilDate, options: EvaluateOptions = {}, dueYearly?: Set<string>): MonthEvaluation {
  const start = dates.monthStart(month);
  return new MonthEvaluator(policy, household, start, { tracer: options.tracerFor?.(start), coverage: options.coverage, engine: options.engine }).run(dueYearly);
}

/**
 * The compiled evaluator's months, one after another, for any households: one compiled state
 * and one evaluator, reset for each month (nothing of one month or household is kept for the
 * next but the payer shares worked out, which depend only on the values read).
 */
export class MonthSteps {
  private readonly compiled: CompiledMonth;
  private readonly evaluator: MonthEvaluator;

  constructor(policy: Policy, options: { profile?: RepricingPlan | undefined; amountsOnly?: boolean } = {}) {
    const none: Household = { id: '' };
    this.compiled = new CompiledMonth(policy, none, 0);
    this.evaluator = new MonthEvaluator(policy, none, 0, { compiled: this.compiled, profile: options.profile, amountsOnly: options.amountsOnly, shares: new ShareCache() });
  }

  /** What step gives: one object, written again by each step. */
  private readonly stepped: { evaluation: MonthEvaluation; until: CivilDate } = { evaluation: undefined as unknown as MonthEvaluation, until: 0 };

  /**
   * Evaluates one month, and says from which later month (a first day) the evaluation may
   * differ: until then, every month gives the same lines. The answer is the same object for
   * every step, to be read before the next.
   */
  step(household: Household, month: CivilDate, dueYearly: Set<string>): { readonly evaluation: MonthEvaluation; readonly until: CivilDate } {
    const start = dates.monthStart(month);
    this.compiled.reset(household, start);
    this.evaluator.moveTo(household, start);
    this.stepped.evaluation = this.evaluator.run(dueYearly);
    this.stepped.until = this.compiled.until;
    return this.stepped;
  }
}

/** Sums lines of the same item and person. */
function sumLines(lines: readonly Line[]): Line[] {
  const byKey = new Map<string, Line>();
  for (const l of lines) {
    const key = `${l.item}|${l.person}`;
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, l);
      continue;
    }
    const payers = new Map(prev.payers);
    for (const [p, v] of l.payers) payers.set(p, (payers.get(p) ?? new Decimal(0)).plus(v));
    byKey.set(key, {
      ...prev,
      amount: prev.amount.plus(l.amount),
      payers,
      provisional: prev.provisional || l.provisional,
      scenarios: [...new Set([...prev.scenarios, ...l.scenarios])],
    });
  }
  return [...byKey.values()];
}

/** Evaluates a household for a month or a year (a Period, or '2019-03' or '2019'). */
export function evaluate(policy: Policy, household: Household, periodInput: PeriodInput, options: EvaluateOptions = {}): Evaluation {
  const period = periodOf(periodInput, 'period');
  const dueYearly = period.kind === 'year' ? new Set<string>() : undefined;
  const months = monthsOf(period).map((m) => evaluateMonth(policy, household, m, options, dueYearly));
  return evaluationOf(policy, household, period, months);
}

/** A period's evaluation from its months' evaluations, in order (of any engine). */
export function evaluationOf(policy: Policy, household: Household, period: Period, months: readonly MonthEvaluation[]): Evaluation {
  const persons = new Map<string, number>();
  for (const m of months) for (const [role, e] of m.persons) persons.set(role, (persons.get(role) ?? 0) + (e ? 1 : 0));
  const entitlements = new Map<string, EntitlementLine>();
  for (const m of months) for (const e of m.entitlements) entitlements.set(`${e.id}|${e.person}`, e);
  const unset = new Map<string, UnsetLine>();
  for (const m of months) for (const u of m.unset) unset.set(`${u.item}|${u.person}`, u);
  const categories = months.map((m) => m.category).filter((c): c is string => c !== null);
  const itemOrder = new Map(policy.items.map((it, i) => [it.id, i]));
  const roles = personRoles(policy);
  const roleOrder = (r: string | null) => (r === null ? -1 : roles.indexOf(r));
  return {
    policy: policy.meta.id,
    scenarios: policy.scenarios,
    household: household.id,
    period,
    inForce: months.some((m) => m.inForce),
    category: categories[categories.length - 1] ?? null,
    persons,
    lines: sumLines(months.flatMap((m) => m.lines)).sort((a, b) => itemOrder.get(a.item)! - itemOrder.get(b.item)! || roleOrder(a.person) - roleOrder(b.person)),
    unset: [...unset.values()],
    entitlements: [...entitlements.values()],
    months,
  };
}

