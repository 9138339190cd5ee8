/**
 * The report's notes, as HTML: what each scenario changes, and the policy's readings of its
 * document, in the reader's language, ids as code.
 */
import { dates, escapeHtml, type Label, type Lang, type Policy } from '../../src/index.js';
import { REPORT } from '../../src/messages/index.js';

const code = (id: string) => `<code>${escapeHtml(id)}</code>`;

/** The scenarios' changes (each changed parameter and the date it changes from), then the policy's readings; each an item of a list. */
export function notesHtml(policy: Policy, scenarios: readonly { id: string; title: Label; policy: Policy }[], lang: Lang): string {
  // The catalogue's words hold no markup, so that its sentences around escaped parts are HTML.
  const w = REPORT[lang];
  const out: string[] = [];
  for (const s of scenarios) {
    const changed = [...s.policy.parameters.values()].flatMap((p) => p.values.filter((v) => v.scenario === s.id).map((v) => w.changedFrom(code(p.id), dates.formatDate(v.from))));
    out.push(w.scenarioChanges(code(s.id), escapeHtml(s.title[lang]), changed.length ? changed.join(w.listSeparator) : w.rulesChanged));
  }
  for (const i of policy.interpretations) out.push(w.reading(code(i.id), escapeHtml(i.cite), escapeHtml(i.reading[lang])));
  return `<ul class="notes">${out.map((n) => `<li>${n}</li>`).join('')}</ul>`;
}
