/**
 * The report's section on what the figures rest on: the policy's scope statement, and every
 * provisional value the results used, with the figure, its unit, since when and its source (or
 * "assumed"), in the reader's language.
 */
import { escapeHtml, sinceText, sourceText, type Lang, type Parameter, type Policy, type ProvisionalFigure, type ResultScope } from '../../src/index.js';
import { grouped, REPORT } from '../../src/messages/index.js';
import { unitText } from '../units.js';

/** The unit of a figure: the parameter's, or the currency of money; none for a yes or no, a date or a name. */
function unit(p: Parameter | undefined, lang: Lang): string {
  return p && (p.unit !== undefined || p.type.kind === 'money') ? unitText(p, lang) : '';
}

/** The figure used: an amount grouped in thousands, a yes or no in words, anything else as the policy writes it. */
function figureText(f: ProvisionalFigure, lang: Lang): string {
  if (f.amount !== undefined) return grouped(f.amount);
  if (f.value === 'true') return REPORT[lang].yes;
  if (f.value === 'false') return REPORT[lang].no;
  return f.value;
}

export function provisionalHtml(policy: Policy, scope: ResultScope, lang: Lang): string {
  const w = REPORT[lang];
  const statement = scope.statement ? `<p class="scope">${escapeHtml(scope.statement[lang])}</p>` : '';
  if (!scope.provisional.length) return `${statement}<p>${escapeHtml(w.noProvisional)}</p>`;
  const header = [w.parameter, w.label, w.valueUsed, w.unit, w.since, w.source];
  const rows = scope.provisional.map((f) => {
    const p = policy.parameters.get(f.parameter);
    const cells = [
      `<code>${escapeHtml(f.parameter)}</code>`,
      escapeHtml(f.label[lang]),
      escapeHtml(figureText(f, lang)),
      escapeHtml(unit(p, lang)),
      escapeHtml(sinceText(f.from, lang)),
      `<span class="source">${escapeHtml(sourceText(f, lang))}</span>`,
    ];
    return `<tr>${cells.map((c, i) => `<td${i === 2 ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`;
  });
  return `${statement}<table class="provisional"><thead><tr>${header.map((h, i) => `<th${i === 2 ? ' class="n"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
