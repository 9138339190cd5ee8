/**
 * Scenarios (shared/contracts/scenario.md): a reform overlaid on a policy. The enacted policy
 * is untouched; a scenario gives parameter values from a date, replaces a definition's
 * expression, or adds an item. A scenario that does not fit is refused whole.
 */
import { error, hasErrors, didYouMean, type Diagnostic } from '../diag/index.js';
import { dates, parseExpression } from '../dsl/index.js';
import { buildItem, displayPath } from './load.js';
import type { DatedValue, Definition, Item, Label, Parameter, Policy } from './model.js';
import { parameterValue, shareSiblings } from './parameters.js';
import { validateAgainst } from './schemaCheck.js';
import { checkPolicy } from './typecheck.js';
import { readYamlFile, type YamlFile } from './yamlFile.js';

export interface ScenarioInfo {
  readonly id: string;
  readonly title: Label;
  readonly path: string;
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
  rule?: string;
  expr?: string;
  item?: string;
  definition?: Record<string, unknown>;
}

/** Reads a scenario file and applies it to a policy. */
export function applyScenarioFile(policy: Policy, path: string): ScenarioResult {
  const read = readYamlFile(path, displayPath(path));
  if (!read.ok) return { ok: false, diagnostics: read.diagnostics };
  const schemaErrors = validateAgainst(read.file, 'scenario');
  if (schemaErrors.length) return { ok: false, diagnostics: schemaErrors };
  return applyScenario(policy, read.file);
}

export function applyScenario(policy: Policy, file: YamlFile): ScenarioResult {
  const raw = file.data as { scenario: string; title: Label; policy?: string; changes: RawChange[]; relations?: string[] };
  const diagnostics: Diagnostic[] = [];
  const id = raw.scenario;
  if (raw.policy !== undefined && raw.policy !== policy.meta.id) {
    diagnostics.push(error('E-SCENARIO-POLICY', `scenario '${id}' is for policy '${raw.policy}', not '${policy.meta.id}'`, file.spanAt(['policy'])));
  }
  const parameters = new Map(policy.parameters);
  const definitions = new Map(policy.definitions);
  const items: Item[] = [...policy.items];
  raw.changes.forEach((c, i) => {
    const at = (key: string) => file.spanAt(['changes', i, key]);
    if (c.parameter !== undefined) {
      const p = parameters.get(c.parameter);
      if (!p) {
        diagnostics.push(error('E-SCENARIO-PARAM-UNKNOWN', `scenario '${id}' changes unknown parameter '${c.parameter}'.${didYouMean(c.parameter, parameters.keys())}`, at('parameter')));
        return;
      }
      const from = dates.parseDate(c.from!);
      if (from === undefined) {
        diagnostics.push(error('E-SCENARIO-DATE', `${c.from} is not a calendar date`, at('from')));
        return;
      }
      const v = parameterValue(p.type, c.value, p.shareOf !== undefined, p.keyedBy);
      if (!v.ok) {
        diagnostics.push(error('E-SCENARIO-VALUE', `parameter '${p.id}': ${v.message}`, at('value'), { help: p.shareOf === undefined ? `'${p.id}' is ${p.unit ?? p.type.kind}` : undefined }));
        return;
      }
      const entry: DatedValue = { from, value: v.value, provisional: false, span: at('value'), scenario: id };
      parameters.set(p.id, overlay(p, entry));
      // A share given as a percentage leaves the rest to the other payer (when there is one other).
      const siblings = shareSiblings({ ...policy, parameters }, p);
      const given = raw.changes.some((o) => o.parameter === siblings[0]?.id && o.from === c.from);
      if (typeof v.value === 'object' && v.value !== null && 'share' in v.value && v.value.share === 'percent' && siblings.length === 1 && !given) {
        const other = parameters.get(siblings[0]!.id)!;
        parameters.set(other.id, overlay(other, { from, value: { share: 'rest' }, provisional: false, span: at('value'), scenario: id }));
      }
    } else if (c.rule !== undefined) {
      const def = definitions.get(c.rule);
      if (!def) {
        diagnostics.push(error('E-SCENARIO-RULE-UNKNOWN', `scenario '${id}' replaces unknown definition '${c.rule}'.${didYouMean(c.rule, definitions.keys())}`, at('rule')));
        return;
      }
      const parsed = parseExpression(c.expr!, file.source, file.offsetMap(['changes', i, 'expr']));
      diagnostics.push(...parsed.diagnostics);
      // The replacement must keep the definition's type: it is checked as if declared.
      if (parsed.ok) definitions.set(def.name, { ...def, expr: parsed.expr, declaresType: true, scenario: id } satisfies Definition);
    } else if (c.item !== undefined) {
      if (items.some((it) => it.id === c.item)) {
        diagnostics.push(error('E-SCENARIO-ITEM-EXISTS', `scenario '${id}' adds item '${c.item}', which the policy already has`, at('item')));
        return;
      }
      const item = buildItem(file, ['changes', i, 'definition'], c.item, c.definition!, diagnostics);
      if (item) items.push(item);
    }
  });
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  const overlaid: Policy = { ...policy, parameters, definitions, items, sources: [...policy.sources, file.source], scenarios: [...policy.scenarios, id] };
  const checked = checkPolicy(overlaid, diagnostics);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return { ok: true, policy: checked, scenario: { id, title: raw.title, path: file.source.path, relations: raw.relations ?? [], text: file.source.text }, diagnostics };
}

/** The parameter with a value from `entry.from` on, replacing the enacted values from that date. */
function overlay(p: Parameter, entry: DatedValue): Parameter {
  return { ...p, values: [...p.values.filter((v) => v.from < entry.from), entry] };
}
