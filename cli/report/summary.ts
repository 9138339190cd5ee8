/**
 * The report's summary: households evaluated, each run's total (万元 in Chinese, CNY in
 * English) and each scenario's change against the baseline as an amount and in percent.
 */
import { escapeHtml, WORDS, type Lang, type SimulationResult } from '../../src/index.js';
import { grouped, percentChange, REPORT, TABLES } from '../../src/messages/index.js';
import { shownAmount, signedAmount } from './amounts.js';

export function summaryHtml(r: SimulationResult, lang: Lang): string {
  const w = REPORT[lang];
  const base = r.baseline.totals.amount;
  const rows = [
    [escapeHtml(TABLES[lang].baseline), shownAmount(base, lang), '', ''],
    ...r.scenarios.map((s) => {
      const total = s.result.totals.amount;
      return [`<code>${escapeHtml(s.id)}</code> ${escapeHtml(s.title[lang])}`, shownAmount(total, lang), signedAmount(total.minus(base), lang), percentChange(base, total)];
    }),
  ];
  const header = [w.runColumn, w.total, w.change, w.changePercent];
  const cell = (tag: string, c: string, i: number) => `<${tag}${i ? ' class="n"' : ''}>${c}</${tag}>`;
  return `<p>${escapeHtml(w.households)}${WORDS[lang].colon}${grouped(String(r.evaluated))}</p>
<table class="summary"><thead><tr>${header.map((h, i) => cell('th', escapeHtml(h), i)).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((c, i) => cell('td', c, i)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}
