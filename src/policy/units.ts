/** A parameter's unit as people read it, in their language: `CNY per person per month` is 元/人/月 in Chinese. */
import type { Type } from '../dsl/index.js';
import { typeName } from '../dsl/types.js';
import type { Lang } from '../messages/lang.js';
import { PARAMS } from '../messages/params.js';
import type { Parameter } from './model.js';

/** What kind of value a parameter without a unit takes: a date, true or false, one of an enumeration. */
function kindText(type: Type, lang: Lang): string {
  const m = PARAMS[lang];
  if (type.kind === 'enum') return type.name;
  if (type.kind === 'list') return m.listOf(kindText(type.of, lang));
  return m.kind[type.kind] ?? typeName(type);
}

/** The unit as written in the policy, read word by word in Chinese (CNY per person per month: 元/人/月). */
export function unitText(p: Parameter, lang: Lang): string {
  const m = PARAMS[lang];
  const unit = p.unit === undefined ? kindText(p.type, lang) : p.unit.split(' per ').map((w) => m.unitWords[w] ?? w).join(m.unitJoin);
  return p.keyedBy ? m.perKey(unit, p.keyedBy.name) : unit;
}
