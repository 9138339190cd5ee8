/**
 * One item's expressions (when it falls due, its condition, the leaves kept for re-pricing,
 * its amount, payers and shares) as the compiled evaluator runs them for the household or for
 * a person, each compiled once for that scope's names: the month's evaluation finds them by
 * identity among the item's few instead of by scope and expression. It is the engine the
 * item's figures are read through (figures.ts); any other expression goes to the month's.
 */
import type { CivilDate, Expr } from '../dsl/index.js';
import type { Item } from '../policy/index.js';
import type { CompiledExpr, CompiledMonth } from './compiled.js';
import type { Engine, Scope } from './interpreter.js';

export class CompiledItem implements Engine {
  private readonly exprs: Expr[] = [];
  /** Compiled on first use, as the month's own evaluation would. */
  private readonly codes: (CompiledExpr | undefined)[] = [];
  /** The values of the scope's names (in their order) for the household or person evaluated now. */
  values: unknown[] = [];

  /** `names`: the scope's names in order (none for the household's item, `person` for a person's). */
  constructor(
    private readonly month: CompiledMonth,
    item: Item,
    private readonly names: readonly string[],
    leaves: readonly Expr[] | undefined,
  ) {
    const exprs = [item.on, item.when, ...(leaves ?? []), item.amount, ...item.payers.flatMap((p) => [p.payer, p.share === 'rest' ? undefined : p.share])];
    for (const e of exprs) if (e !== undefined && !this.exprs.includes(e)) this.exprs.push(e);
  }

  get provisional(): boolean {
    return this.month.provisional;
  }
  set provisional(v: boolean) {
    this.month.provisional = v;
  }
  get scenariosUsed(): Set<string> {
    return this.month.scenariosUsed;
  }

  /** The item's expression compiled, or undefined for another. */
  private code(e: Expr): CompiledExpr | undefined {
    const exprs = this.exprs;
    for (let i = 0; i < exprs.length; i++) if (exprs[i] === e) return (this.codes[i] ??= this.month.compiledFor(e, this.names));
    return undefined;
  }

  eval(e: Expr, scope: Scope): unknown {
    const c = this.code(e);
    return c === undefined ? this.month.eval(e, scope) : this.month.run(c, this.values);
  }

  condition(e: Expr, scope: Scope): boolean {
    return this.eval(e, scope) as boolean;
  }

  comparedWithMonth(e: Expr, scope: Scope, value: CivilDate | undefined): void {
    const c = this.code(e);
    if (c === undefined) this.month.comparedWithMonth(e, scope, value);
    else this.month.compared(c, value);
  }

  define(name: string, args?: unknown[]): unknown {
    return this.month.define(name, args);
  }
}
