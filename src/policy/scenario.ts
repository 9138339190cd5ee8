/**
 * Scenarios (shared/contracts/scenario.md): a reform overlaid on a policy. The enacted policy
 * is untouched; a scenario gives parameter values from a date, replaces a definition's
 * expression, or adds an item. A scenario that does not fit is refused whole.
 */
import { basename } from 'node:path';
import { error, excerpt, hasErrors, didYouMean, type Diagnostic, type Span } from '../diag/index.js';
import { dates } from '../dsl/index.js';
import { parametersRead, policyExpressions } from './consistency.js';
import { displayPath } from './displayPath.js';
import { buildItem } from './load.js';
import type { DatedValue, Definition, Item, Label, Parameter, Policy } from './model.js';
import { isShare, parameterValue, rangeOf, shareSiblings } from './parameters.js';
import { validateAgainst } from './schemaCheck.js';
import { checkPolicy, parseAt } from './typecheck.js';
import { readYamlFile, type YamlFile } from './yamlFile.js';

export interface ScenarioInfo {
  readonly id: string;
  readonly title: Label;
  readonly path: string;
  /** Where the id is written (the whole file when the id comes from the file's name). */
  readonly idSpan: Span;
  /** What the scenario promises against its baseline, checked by `fuzhu prop`. */
  readonly relations: readonly string[];
  /** The text as it was read, so that the same scenario can be applied again without the file. */
  readonly text: string;
}

export type ScenarioResult = { ok: true; policy: Policy; scenario: ScenarioInfo; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

interface RawChange {
  parameter?: string;
  from?: string;
  value?: unknown;
  provisional?: boolean;
  rule?: string;
  expr?: string;
  item?: string;
  definition?: Record<string, unknown>;
}

/** Reads a scenario file and applies it to a policy. */
export function applyScenarioFile(policy: Policy, path: string): ScenarioResult {
  const read = readYamlFile(path, displayPath(path));
  if (!read.ok) return { ok: false, diagnostics: read.diagnostics };
  return applyScenario(policy, read.file);
}

/** One error for each scenario whose id an earlier one of the same run already has. */
export function idClashes(scenarios: readonly ScenarioInfo[]): Diagnostic[] {
  const seen = new Map<string, ScenarioInfo>();
  const out: Diagnostic[] = [];
  for (const s of scenarios) {
    const first = seen.get(s.id);
    if (!first) {
      seen.set(s.id, s);
      continue;
    }
    out.push(
      error('E-SCENARIO-ID-TWICE', `scenarios ${first.path} and ${s.path} both have the id '${s.id}'; the results of one would replace the other's`, s.idSpan, {
        help: "give one of them another id (its 'scenario:' key, or the file's name when it has none)",
        related: [{ span: first.idSpan, message: `'${s.id}' is first used here` }],
      }),
    );
  }
  return out;
}

/** A scenario's id when it gives none: its file's name without the extension. */
function idFromPath(path: string): string {
  return basename(path).replace(/\.[^.]*$/, '');
}

/** A parameter change with where it is written and its date read. */
interface ParameterChange {
  readonly index: number;
  readonly change: RawChange;
  readonly parameter: Parameter;
  readonly from: number;
}

/**
 * Applies a parsed scenario to a policy. Whatever the way it was read, it is first checked
 * against the scenario's JSON Schema: a file that does not fit is refused with located errors.
 */
export function applyScenario(policy: Policy, file: YamlFile): ScenarioResult {
  const schemaErrors = validateAgainst(file, 'scenario');
  if (schemaErrors.length) return { ok: false, diagnostics: schemaErrors };
  const raw = file.data as { scenario?: string; title?: Label; policy?: string; changes: RawChange[]; relations?: string[] };
  const diagnostics: Diagnostic[] = [];
  const id = raw.scenario ?? idFromPath(file.source.path);
  const title: Label = raw.title ?? { zh: id, en: id };
  if (raw.policy !== undefined && raw.policy !== policy.meta.id) {
    diagnostics.push(error('E-SCENARIO-POLICY', `scenario '${id}' is for policy '${raw.policy}', not '${policy.meta.id}'`, file.spanAt(['policy'])));
  }
  const parameters = new Map(policy.parameters);
  const definitions = new Map(policy.definitions);
  const items: Item[] = [...policy.items];
  const changes: ParameterChange[] = [];
  raw.changes.forEach((c, i) => {
    const at = (key: string) => file.spanAt(['changes', i, key]);
    if (c.parameter !== undefined) {
      const p = policy.parameters.get(c.parameter);
      if (!p) {
        diagnostics.push(error('E-SCENARIO-PARAM-UNKNOWN', `scenario '${id}' changes unknown parameter '${excerpt(c.parameter)}'.${didYouMean(c.parameter, policy.parameters.keys())}`, at('parameter')));
        return;
      }
      const from = dates.parseDate(c.from!);
      if (from === undefined) {
        diagnostics.push(error('E-SCENARIO-DATE', `${excerpt(String(c.from))} is not a calendar date`, at('from')));
        return;
      }
      changes.push({ index: i, change: c, parameter: p, from });
    } else if (c.rule !== undefined) {
      const def = definitions.get(c.rule);
      if (!def) {
        diagnostics.push(error('E-SCENARIO-RULE-UNKNOWN', `scenario '${id}' replaces unknown definition '${excerpt(c.rule)}'.${didYouMean(c.rule, definitions.keys())}`, at('rule')));
        return;
      }
      const expr = parseAt(file, ['changes', i, 'expr'], diagnostics);
      // The replacement must keep the definition's type: it is checked as if declared.
      if (expr) definitions.set(def.name, { ...def, expr, declaresType: true, scenario: id } satisfies Definition);
    } else if (c.item !== undefined) {
      if (items.some((it) => it.id === c.item)) {
        diagnostics.push(error('E-SCENARIO-ITEM-EXISTS', `scenario '${id}' adds item '${excerpt(c.item)}', which the policy already has`, at('item')));
        return;
      }
      const item = buildItem(file, ['changes', i, 'definition'], c.item, c.definition!, diagnostics);
      if (item) items.push(item);
    }
  });
  applyParameterChanges(policy, parameters, changes, file, id, diagnostics);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  const overlaid: Policy = { ...policy, parameters, definitions, items, sources: [...policy.sources, file.source], scenarios: [...policy.scenarios, id] };
  const checked = checkPolicy(overlaid, diagnostics);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  const idSpan = raw.scenario === undefined ? file.spanAt([]) : file.spanAt(['scenario']);
  return { ok: true, policy: checked, scenario: { id, title, path: file.source.path, idSpan, relations: raw.relations ?? [], text: file.source.text }, diagnostics };
}

/**
 * Overlays the parameter changes in the order of their dates (whatever the order they are
 * written in), refusing two changes of one parameter on the same date and values the
 * parameter does not allow.
 */
function applyParameterChanges(policy: Policy, parameters: Map<string, Parameter>, changes: ParameterChange[], file: YamlFile, id: string, diagnostics: Diagnostic[]): void {
  const sorted = [...changes].sort((a, b) => a.from - b.from || a.index - b.index);
  const seen = new Map<string, ParameterChange>();
  for (const ch of sorted) {
    const { change: c, parameter: p, from, index: i } = ch;
    const at = (key: string) => file.spanAt(['changes', i, key]);
    const key = `${p.id} ${from}`;
    const earlier = seen.get(key);
    if (earlier) {
      const line = (x: ParameterChange) => file.source.position(file.spanAt(['changes', x.index]).start).line;
      diagnostics.push(
        error('E-SCENARIO-CHANGE-TWICE', `scenario '${id}' changes '${p.id}' from ${dates.formatDate(from)} twice (lines ${line(earlier)} and ${line(ch)}); which value holds would be a guess`, at('from'), {
          help: 'keep one of the two changes',
          related: [{ span: file.spanAt(['changes', earlier.index, 'from']), message: 'the first change of the same parameter on the same date' }],
        }),
      );
      continue;
    }
    seen.set(key, ch);
    const v = parameterValue(p.type, c.value, p.shareOf !== undefined, p.keyedBy, rangeOf(p));
    if (!v.ok) {
      diagnostics.push(error('E-SCENARIO-VALUE', `parameter '${p.id}': ${v.message}`, at('value'), { help: p.shareOf === undefined ? `'${p.id}' is ${p.unit ?? p.type.kind}` : undefined }));
      continue;
    }
    if (v.value === null && parametersInUse(policy).has(p.id)) {
      diagnostics.push(error('E-SCENARIO-VALUE', `parameter '${p.id}': a scenario cannot end a parameter the policy still reads (null from ${dates.formatDate(from)})`, at('value'), { help: "give the value it should have from that date, or 'unset' where the document leaves it to someone else" }));
      continue;
    }
    const current = parameters.get(p.id)!;
    parameters.set(p.id, overlay(current, { from, value: v.value, provisional: c.provisional ?? provisionalMark(current, from), span: at('value'), scenario: id }));
    // A share given as a percentage leaves the rest to the other payer (when there is one other).
    const siblings = shareSiblings({ ...policy, parameters }, p);
    const given = changes.some((o) => o.parameter.id === siblings[0]?.id && o.from === from);
    if (isShare(v.value) && v.value.share === 'percent' && siblings.length === 1 && !given) {
      const other = parameters.get(siblings[0]!.id)!;
      parameters.set(other.id, overlay(other, { from, value: { share: 'rest' }, provisional: c.provisional ?? provisionalMark(other, from), span: at('value'), scenario: id }));
    }
  }
}

/** Every parameter an expression of the policy reads (computed once per policy). */
const inUse = new WeakMap<Policy, Set<string>>();
function parametersInUse(policy: Policy): Set<string> {
  let ids = inUse.get(policy);
  if (!ids) {
    ids = new Set(policyExpressions(policy).flatMap(({ expr }) => [...parametersRead(policy, expr)]));
    for (const p of policy.parameters.values()) if (p.shareOf !== undefined && ids.has(p.id)) ids.add(p.shareOf);
    inUse.set(policy, ids);
  }
  return ids;
}

/**
 * Whether a scenario's value on a date is provisional when the scenario does not say: a figure
 * the policy only assumed stays assumed under a reform that restates or changes it, so the mark
 * of the value it replaces (or the parameter's own mark, before its first value) carries over.
 * Only `provisional: false` in the scenario lifts it.
 */
function provisionalMark(p: Parameter, from: number): boolean {
  let replaced: DatedValue | undefined;
  for (const v of p.values) if (v.from <= from) replaced = v;
  return replaced?.provisional ?? p.provisional;
}

/** The parameter with a value from `entry.from` on, replacing the enacted values from that date. */
function overlay(p: Parameter, entry: DatedValue): Parameter {
  return { ...p, values: [...p.values.filter((v) => v.from < entry.from), entry] };
}
