/**
 * The state of `fuzhu explore`, without ink: the parameters by clause, the edits with their undo
 * history, the chosen year, and the figures of that year under the baseline and the edited
 * policy. A change of prices only is priced at once from the profiles of one pass (WhatIf); one
 * the profiles cannot carry (eligibility, dates) is simulated in the background, the previous
 * figures marked stale until the new ones arrive. Listeners hear of every change.
 */
import { availableParallelism } from 'node:os';
import * as dates from '../../src/dsl/dates.js';
import type { Diagnostic } from '../../src/diag/index.js';
import type { Policy } from '../../src/policy/model.js';
import type { Aggregate } from '../../src/sim/aggregate.js';
import type { Comparison } from '../../src/sim/compare.js';
import { simulate } from '../../src/sim/simulate.js';
import { WhatIf } from '../../src/sim/whatIf.js';
import { policyOf, stepped, typedChange, withChange, type Change, type Edits } from './edits.js';

/** The figures of one year: the baseline's, and the edited policy's with the comparison when there are edits. */
export interface Figures {
  readonly year: number;
  readonly base: Aggregate;
  readonly edited?: { readonly result: Aggregate; readonly comparison: Comparison };
  /** How the edited figures were had: priced from the profiles, or evaluated household by household. */
  readonly how: 'priced' | 'evaluated';
}

export class Explorer {
  edits: Edits = new Map();
  policy: Policy;
  figures?: Figures;
  /** Set while figures for the current edits or year are being worked out (those shown are older). */
  stale = true;
  /** Households evaluated so far by a background evaluation, while one runs. */
  progress?: { done: number; total?: number };
  /** The edits as last saved (nothing to lose when they are the current ones). */
  saved: Edits = new Map();
  private readonly history: Edits[] = [];
  private whatIf?: WhatIf;
  private generation = 0;
  /** Stops the background evaluation a newer edit has made moot. */
  private running?: AbortController;
  /** The pass that keeps the year's profiles, while it runs. */
  private opening?: { readonly whatIf: Promise<WhatIf>; readonly controller: AbortController };
  private readonly listeners = new Set<() => void>();
  /** Why the figures could not be worked out (the population unreadable), when they could not. */
  failure?: string;
  /** The running evaluation, for tests and the bench to await. */
  pending: Promise<void> = Promise.resolve();

  constructor(
    readonly baseline: Policy,
    readonly population: string,
    public year: number,
    /** Worker threads of a background evaluation (by default one a core, so that this thread only draws and takes keys). */
    private readonly jobs = availableParallelism(),
  ) {
    this.policy = baseline;
    this.pending = this.refigured();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** The first day of the chosen year: the date whose values a step starts from. */
  get at(): dates.CivilDate {
    return dates.ymd(this.year, 1, 1);
  }

  /** The groups of households the profiles price, one by one, at each change (what pricing costs). */
  get groups(): number | undefined {
    return this.whatIf?.groups;
  }

  get unsaved(): boolean {
    return !sameEdits(this.edits, this.saved);
  }

  /** Moves a parameter by `steps` steps; diagnostics when the policy refuses it, 'none' when it has no step (nothing changes). */
  step(id: string, steps: number): Diagnostic[] | 'none' | undefined {
    const p = this.policy.parameters.get(id);
    const value = p && stepped(p, this.at, steps);
    if (value === undefined) return 'none';
    return this.make({ parameter: id, value, ...(this.edits.get(id)?.date === undefined ? {} : { date: this.edits.get(id)!.date! }) });
  }

  /** A typed `VALUE` or `VALUE@YYYY-MM-DD`; diagnostics when it does not check, 'form' when it is of neither form (nothing changes). */
  type(id: string, text: string): Diagnostic[] | 'form' | undefined {
    const change = typedChange(id, text);
    return change ? this.make(change) : 'form';
  }

  private make(change: Change): Diagnostic[] | undefined {
    const made = withChange(this.baseline, this.policy, this.edits, change, this.at);
    if (!made.ok) return made.diagnostics;
    this.history.push(this.edits);
    this.use(made.edits, made.policy);
    return undefined;
  }

  /** Takes a parameter's edit away (and with it any share it moved along). */
  reset(id: string): void {
    if (!this.edits.has(id)) return;
    const next = new Map(this.edits);
    next.delete(id);
    const made = policyOf(this.baseline, next);
    // A share moved with its total goes when the total goes.
    const alone = made.ok ? made : policyOf(this.baseline, new Map([...next].filter(([k]) => this.baseline.parameters.get(k)?.shareOf !== id)));
    if (!alone.ok) return;
    this.history.push(this.edits);
    this.use(alone.edits, alone.policy);
  }

  resetAll(): void {
    if (!this.edits.size) return;
    this.history.push(this.edits);
    this.use(new Map(), this.baseline);
  }

  undo(): void {
    const last = this.history.pop();
    if (!last) return;
    const made = policyOf(this.baseline, last);
    if (made.ok) this.use(made.edits, made.policy);
  }

  setYear(year: number): void {
    this.year = year;
    this.whatIf = undefined;
    this.opening?.controller.abort(new Superseded());
    this.opening = undefined;
    this.pending = this.refigured();
    this.changed();
  }

  markSaved(): void {
    this.saved = this.edits;
    this.changed();
  }

  private use(edits: Edits, policy: Policy): void {
    this.edits = edits;
    this.policy = policy;
    this.pending = this.refigured();
    this.changed();
  }

  /** refigure, a failure kept to be shown rather than thrown. */
  private async refigured(): Promise<void> {
    try {
      this.failure = undefined;
      await this.refigure();
    } catch (e) {
      if (e instanceof Superseded) return;
      this.failure = e instanceof Error ? e.message : String(e);
      this.changed();
    }
  }

  /** Works out the figures of the current edits and year; an older run's result is dropped when it ends. */
  private async refigure(): Promise<void> {
    const generation = ++this.generation;
    this.running?.abort(new Superseded());
    this.running = undefined;
    const current = () => generation === this.generation;
    const from = dates.ymd(this.year, 1, 1);
    const to = dates.ymd(this.year, 12, 31);
    if (!this.whatIf) {
      this.stale = true;
      // One opening pass a year, whatever the edits made while it runs (they wait for it).
      this.opening ??= this.open(from, to);
      const whatIf = await this.opening.whatIf;
      if (!current()) return;
      this.whatIf = whatIf;
      this.opening = undefined;
      this.progress = undefined;
      this.warm();
    }
    const base = this.whatIf.base;
    if (!this.edits.size) return this.show({ year: this.year, base, how: 'priced' }, current);
    // Undefined when the edits change more than prices.
    const priced = this.whatIf.price(this.policy);
    if (priced) return this.show({ year: this.year, base, edited: priced, how: 'priced' }, current);
    this.stale = true;
    this.progress = { done: 0 };
    this.changed();
    const running = (this.running = new AbortController());
    const onProgress = this.reporter(current);
    const r = await simulate(this.baseline, this.population, { from, to, scenarios: [{ id: 'explore', title: { zh: '', en: '' }, policy: this.policy }], onProgress, jobs: this.jobs, signal: running.signal });
    const run = r.scenarios[0]!;
    this.show({ year: this.year, base, edited: { result: run.result, comparison: run.comparison }, how: 'evaluated' }, current);
  }

  /**
   * A first step worked out and dropped once the pass is there, so that the first key is as
   * quick as the next: the scenario schema compiled, the checks and the pricing run once.
   */
  private warm(): void {
    const p = [...this.baseline.parameters.values()].find((q) => stepped(q, this.at, 1) !== undefined);
    const made = p && withChange(this.baseline, this.baseline, new Map(), { parameter: p.id, value: stepped(p, this.at, 1)! }, this.at);
    if (made?.ok) this.whatIf?.price(made.policy);
  }

  /** The pass over the population that keeps the year's profiles, on worker threads, its progress shown. */
  private open(from: dates.CivilDate, to: dates.CivilDate): { whatIf: Promise<WhatIf>; controller: AbortController } {
    const controller = new AbortController();
    // The pass is the year's, whatever edits come meanwhile: its progress is always shown.
    const onProgress = this.reporter(() => true);
    return { whatIf: WhatIf.of(this.baseline, this.population, from, to, { jobs: this.jobs, onProgress, signal: controller.signal, cache: true }), controller };
  }

  /** A progress callback that keeps the households done while `current` holds, and tells listeners a few times a second, not once a batch. */
  private reporter(current: () => boolean): (done: number, total?: number) => void {
    let told = 0;
    return (done, total) => {
      if (!current()) return;
      this.progress = { done, ...(total === undefined ? {} : { total }) };
      if (Date.now() - told < 200) return;
      told = Date.now();
      this.changed();
    };
  }

  private show(figures: Figures, current: () => boolean): void {
    if (!current()) return;
    this.figures = figures;
    this.stale = false;
    this.progress = undefined;
    this.changed();
  }
}

/** The reason a background evaluation was stopped: a newer edit or year asked another question. */
class Superseded extends Error {}

function sameEdits(a: Edits, b: Edits): boolean {
  if (a.size !== b.size) return false;
  for (const [k, c] of a) {
    const d = b.get(k);
    if (!d || d.value !== c.value || d.date !== c.date) return false;
  }
  return true;
}
