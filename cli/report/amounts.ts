/**
 * Amounts as the report shows them: exact yuan with thousands separators in tooltips and tables,
 * 万元 in Chinese charts and summary (CNY in English), and shares of a whole in percent.
 */
import { Decimal } from 'decimal.js';
import { money, type Lang } from '../../src/index.js';
import { grouped, inWan, REPORT } from '../../src/messages/index.js';

/** The exact amount in words: `25,770,301.00元`, `CNY 25,770,301.00`. */
export function exactAmount(d: Decimal, lang: Lang): string {
  return REPORT[lang].amount(grouped(money(d)));
}

/** An amount in the unit of the charts and the summary (万元 in Chinese, CNY in English), without the unit. */
export function shownAmount(d: Decimal, lang: Lang): string {
  return lang === 'zh' ? inWan(d) : grouped(money(d));
}

/** An amount signed (`+1,234.00`, `-5.00`), in the unit of `shownAmount`. */
export function signedAmount(d: Decimal, lang: Lang): string {
  const text = shownAmount(d, lang);
  return d.gt(0) && !/^0(\.0+)?$/.test(text) ? `+${text}` : text;
}

/** The amount a chart draws, in the unit of its axis: a float for drawing only. */
export function drawnAmount(d: Decimal, lang: Lang): number {
  return (lang === 'zh' ? d.div(10_000) : d).toNumber();
}

/** `part` as a percentage of `whole`, to one decimal (`58.8%`); empty when the whole is zero. */
export function shareText(part: Decimal, whole: Decimal): string {
  if (whole.isZero()) return '';
  return `${part.div(whole).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`;
}
