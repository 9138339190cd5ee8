/**
 * Type-checks a built policy: definitions in dependency order (a cycle is an error), then
 * eligibility, items and entitlements; also checks that every citation names a clause.
 */
import { didYouMean, error, excerpt, type Diagnostic, type Span } from '../diag/index.js';
import { Checker, parseExpression, T, typeName, walk, type CheckEnv, type Expr, type Type } from '../dsl/index.js';
import { LIMITS } from './limits.js';
import type { Definition, Policy } from './model.js';
import { checkPayerNames } from './payers.js';
import { checkShares } from './shares.js';
import type { PathSegment, YamlFile } from './yamlFile.js';

/** Parses the expression at a path of a YAML file, with spans in that file. */
export function parseAt(file: YamlFile, path: readonly PathSegment[], diagnostics: Diagnostic[]): Expr | undefined {
  const value = file.node(path);
  const text = value && 'value' in value ? String((value as { value: unknown }).value) : '';
  const r = parseExpression(text, file.source, file.offsetMap(path), { maxLength: LIMITS.maxExpressionLength, maxDepth: LIMITS.maxExpressionDepth });
  diagnostics.push(...r.diagnostics);
  return r.ok ? r.expr : undefined;
}

/** The environment expressions of a policy are checked in. */
export function policyEnv(policy: Policy, definitions: ReadonlyMap<string, Definition> = policy.definitions): CheckEnv {
  return {
    variables: policy.variables,
    definition: (name) => definitions.get(name),
    // Suggestions come from every definition, not only those checked so far.
    definitionNames: () => policy.definitions.keys(),
    parameter: (id) => policy.parameters.get(id)?.type,
    parameterKey: (id) => policy.parameters.get(id)?.keyedBy,
    parameterIds: () => policy.parameters.keys(),
    payer: (name) => {
      const d = policy.payers.find((p) => p.id === name);
      return d && (d.each === undefined ? {} : { each: policy.household.enums.get(d.each) ?? T.error });
    },
    payerNames: () => policy.payers.map((p) => p.id),
  };
}

/** Names of definitions an expression refers to, with where. */
function references(def: Definition, names: ReadonlySet<string>): { name: string; span: Span }[] {
  const local = new Set(def.params.map((p) => p.name));
  const out: { name: string; span: Span }[] = [];
  for (const e of walk(def.expr)) {
    if (e.kind === 'aggregate') local.add(e.variable);
    if (e.kind === 'name' && names.has(e.name) && !local.has(e.name)) out.push({ name: e.name, span: e.span });
    if (e.kind === 'call' && names.has(e.callee)) out.push({ name: e.callee, span: e.calleeSpan });
  }
  return out;
}

/** Definitions ordered so that each follows those it uses; cycles reported. */
function order(defs: ReadonlyMap<string, Definition>, diagnostics: Diagnostic[]): string[] {
  const names = new Set(defs.keys());
  const state = new Map<string, 'visiting' | 'done'>();
  const out: string[] = [];
  const stack: { name: string; span?: Span }[] = [];
  const visit = (name: string, via?: Span) => {
    const s = state.get(name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const start = stack.findIndex((f) => f.name === name);
      const cycle = [...stack.slice(start), { name, span: via }];
      const first = cycle[1]!;
      diagnostics.push(
        error('E-DEF-CYCLE', `definitions depend on each other in a cycle: ${cycle.map((c) => c.name).join(' → ')}`, first.span ?? defs.get(name)!.span, {
          related: cycle.slice(2).filter((c) => c.span).map((c) => ({ span: c.span!, message: `'${c.name}' is used here` })),
          help: 'a definition cannot depend on itself, directly or through others',
        }),
      );
      return;
    }
    state.set(name, 'visiting');
    stack.push({ name, ...(via ? { span: via } : {}) });
    for (const r of references(defs.get(name)!, names)) visit(r.name, r.span);
    stack.pop();
    state.set(name, 'done');
    out.push(name);
  };
  for (const name of names) visit(name);
  return out;
}

/** Checks everything and returns the policy with inferred definition types. */
export function checkPolicy(policy: Policy, diagnostics: Diagnostic[]): Policy {
  const before = diagnostics.length;
  const definitionOrder = order(policy.definitions, diagnostics);
  if (diagnostics.length > before) return policy;
  const checked = new Map<string, Definition>();
  const env = policyEnv(policy, checked);
  for (const name of definitionOrder) {
    const def = policy.definitions.get(name)!;
    const checker = new Checker(env);
    const scope = new Map(def.params.map((p) => [p.name, p.type]));
    const t = checker.check(def.expr, { scope, ...(def.declaresType ? { expected: def.type } : {}), what: `definition '${name}'` });
    diagnostics.push(...checker.diagnostics);
    checked.set(name, { ...def, type: def.declaresType ? def.type : t });
  }
  const result: Policy = { ...policy, definitions: new Map(definitionOrder.map((n) => [n, checked.get(n)!])), definitionOrder };
  checkEligibility(result, diagnostics);
  checkItems(result, diagnostics);
  checkCitations(result, diagnostics);
  checkInterpretations(result, diagnostics);
  diagnostics.push(...checkShares(result));
  diagnostics.push(...checkPayerNames(result));
  return result;
}

function personType(policy: Policy): Type {
  return policy.household.records.get('person')?.type ?? T.error;
}

function checkEligibility(policy: Policy, diagnostics: Diagnostic[]): void {
  const { inForce, person, category } = policy.eligibility;
  const p = policy.definitions.get(person);
  const anchor = policy.definitions.values().next().value?.span;
  if (!p) diagnostics.push(error('E-ELIGIBILITY', `eligibility.person names unknown definition '${excerpt(person)}'.${didYouMean(person, policy.definitions.keys())}`, anchor));
  else if (p.params.length !== 1 || p.params[0]!.type !== personType(policy) || p.type.kind !== 'boolean') {
    diagnostics.push(error('E-ELIGIBILITY', `'${person}' decides a person's eligibility, so it must take one person and give a boolean`, p.span));
  }
  const f = policy.definitions.get(inForce);
  if (!f) diagnostics.push(error('E-ELIGIBILITY', `eligibility.in_force names unknown definition '${excerpt(inForce)}'.${didYouMean(inForce, policy.definitions.keys())}`, anchor));
  else if (f.params.length !== 0 || f.type.kind !== 'boolean') diagnostics.push(error('E-ELIGIBILITY', `'${inForce}' decides whether the policy is in force in a month, so it must take no arguments and give a boolean`, f.span));
  const c = policy.definitions.get(category);
  if (!c) diagnostics.push(error('E-ELIGIBILITY', `eligibility.category names unknown definition '${excerpt(category)}'.${didYouMean(category, policy.definitions.keys())}`, anchor));
  else {
    const inner = c.type.kind === 'optional' ? c.type.of : c.type;
    if (c.params.length !== 0 || inner.kind !== 'enum') diagnostics.push(error('E-ELIGIBILITY', `'${category}' gives the household's category, so it must take no arguments and give an enumeration (or nothing), not ${typeName(c.type)}`, c.span));
  }
}

function checkItems(policy: Policy, diagnostics: Diagnostic[]): void {
  const env = policyEnv(policy);
  const personScope = new Map([['person', personType(policy)]]);
  const check = (e: Expr, per: 'person' | 'household', expected: Type, what: string) => {
    const checker = new Checker(env);
    checker.check(e, { scope: per === 'person' ? personScope : new Map(), expected, what });
    diagnostics.push(...checker.diagnostics);
  };
  for (const item of policy.items) {
    if (item.eligible !== undefined) {
      const d = policy.definitions.get(item.eligible);
      if (!d) diagnostics.push(error('E-ITEM-ELIGIBLE', `item '${item.id}' is for '${excerpt(item.eligible)}', which is not a definition.${didYouMean(item.eligible, policy.definitions.keys())}`, item.span));
      else if (item.per === 'person' && (d.params.length !== 1 || d.params[0]!.type !== personType(policy) || d.type.kind !== 'boolean')) diagnostics.push(error('E-ITEM-ELIGIBLE', `'${item.eligible}' must take one person and give a boolean to decide who '${item.id}' is for`, item.span));
      else if (item.per === 'household' && (d.params.length !== 0 || d.type.kind !== 'boolean')) diagnostics.push(error('E-ITEM-ELIGIBLE', `'${item.eligible}' must take no argument and give a boolean to decide whether the household's '${item.id}' is due`, item.span));
    }
    if (item.when) check(item.when, item.per, T.boolean, `the condition of '${item.id}'`);
    if (item.on) check(item.on, item.per, T.optional(T.date), `the event date of '${item.id}'`);
    check(item.amount, item.per, T.money, `the amount of '${item.id}'`);
    for (const p of item.payers) {
      check(p.payer, item.per, T.payer, `a payer of '${item.id}'`);
      if (p.share !== 'rest') check(p.share, item.per, T.money, `a share of '${item.id}'`);
    }
  }
  for (const e of policy.entitlements) if (e.when) check(e.when, e.per, T.boolean, `the condition of '${e.id}'`);
  for (const p of policy.properties) {
    const checker = new Checker(env);
    const scope = new Map<string, Type>([['paid', T.money], ...(p.for === 'person' ? [['person', personType(policy)] as [string, Type]] : [])]);
    checker.check(p.holds, { scope, expected: T.boolean, what: `property '${p.id}'` });
    diagnostics.push(...checker.diagnostics);
  }
}

function checkCitations(policy: Policy, diagnostics: Diagnostic[]): void {
  const ids = [...policy.clauses.keys()];
  const cited: { cite: string; span: Span | undefined; what: string }[] = [
    ...[...policy.parameters.values()].map((p) => ({ cite: p.cite, span: p.span, what: `parameter '${p.id}'` })),
    ...[...policy.definitions.values()].map((d) => ({ cite: d.cite, span: d.span, what: `definition '${d.name}'` })),
    ...policy.items.map((i) => ({ cite: i.cite, span: i.span, what: `item '${i.id}'` })),
    ...policy.entitlements.map((e) => ({ cite: e.cite, span: e.span, what: `entitlement '${e.id}'` })),
    ...policy.interpretations.map((i) => ({ cite: i.cite, span: i.span, what: `interpretation '${i.id}'` })),
    ...policy.properties.map((p) => ({ cite: p.cite, span: p.span, what: `property '${p.id}'` })),
  ];
  for (const c of cited) {
    if (!policy.clauses.has(c.cite)) diagnostics.push(error('E-CITE-UNKNOWN', `${c.what} cites '${excerpt(c.cite)}', which is not a clause of the document.${didYouMean(c.cite, ids)}`, c.span, { help: 'clause ids are listed in clauses.yaml' }));
  }
}

function checkInterpretations(policy: Policy, diagnostics: Diagnostic[]): void {
  const items = policy.items.map((i) => i.id);
  const targets = [...policy.parameters.keys(), ...policy.definitions.keys(), ...items];
  for (const i of policy.interpretations) {
    for (const t of i.implementedBy) {
      if (!policy.parameters.has(t) && !policy.definitions.has(t) && !items.includes(t)) {
        diagnostics.push(error('E-INTERP-TARGET', `interpretation '${i.id}' is implemented by '${excerpt(t)}', which is not a parameter, definition or item.${didYouMean(t, targets)}`, i.span));
      }
    }
  }
}
