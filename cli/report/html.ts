/**
 * The simulation report: one self-contained HTML file, in the reader's language, that explains
 * itself: the run that made it, a summary, charts with tooltips, the tables (thousands
 * separated), the provisional figures the results rest on, and the scenarios and readings.
 */
import { dates, escapeHtml, projectionScope, simulationScope, type Lang, type Policy, type ProjectionResult, type SimulationResult, type Table } from '../../src/index.js';
import { grouped, REPORT } from '../../src/messages/index.js';
import { writeOutput } from '../files.js';
import { budgetByYear, byPlace, changes, projectionChart } from './charts.js';
import { contextHtml, type RunContext } from './context.js';
import { notesHtml } from './notes.js';
import { PLOT_STYLE, plotHtml } from './plot.js';
import { provisionalHtml } from './provisional.js';
import { summaryHtml } from './summary.js';

/** A table as HTML; its numbers (exact plain figures) with thousands separators. */
function tableHtml(t: Table): string {
  const cell = (c: string, i: number, tag: string) => `<${tag}${t.numeric[i] ? ' class="n"' : ''}>${escapeHtml(tag === 'td' && t.numeric[i] ? grouped(c) : c)}</${tag}>`;
  return `<h3>${escapeHtml(t.title)}</h3><table><thead><tr>${t.header.map((h, i) => cell(h, i, 'th')).join('')}</tr></thead><tbody>${t.rows
    .map((r) => `<tr>${r.map((c, i) => cell(c, i, 'td')).join('')}</tr>`)
    .join('')}</tbody></table>${t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : ''}`;
}

const STYLE = `body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1d232a;line-height:1.5}
h1{font-size:1.6rem}h2{border-bottom:2px solid #c8102e;padding-bottom:.2rem;margin-top:2.2rem}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:.92rem}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;vertical-align:top}th{background:#eef1f4;text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
table.context th{white-space:nowrap}table.context ul{margin:0;padding-left:1.2rem}code{font-size:.88em;background:#f3f4f6;padding:0 .2em;border-radius:3px;overflow-wrap:anywhere}
.scope{border-left:4px solid #c8102e;padding:.3rem .8rem;background:#fbf3f4}.note{color:#555;font-size:.88rem}ul.notes li{margin:.2rem 0}
${PLOT_STYLE}`;

/** The sections of a report, each already HTML. */
interface Sections {
  readonly lang: Lang;
  readonly title: string;
  readonly heading: string;
  readonly intro: string;
  /** The policy's scope statement: what the figures leave out. */
  readonly statement?: string;
  readonly context: string;
  readonly summary?: string;
  readonly charts: readonly string[];
  readonly tables: readonly Table[];
  readonly provisional: string;
  readonly notes: string;
}

function page(s: Sections): string {
  const w = REPORT[s.lang];
  return `<!doctype html>
<html lang="${s.lang === 'zh' ? 'zh-CN' : 'en'}">
<head><meta charset="utf-8"><meta name="generator" content="fuzhu"><title>${escapeHtml(s.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(s.heading)}</h1>
<p>${escapeHtml(s.intro)}</p>
${s.statement ? `<p class="scope">${escapeHtml(s.statement)}</p>` : ''}
<h2>${escapeHtml(w.run)}</h2>
${s.context}
${s.summary ? `<h2>${escapeHtml(w.summary)}</h2>\n${s.summary}` : ''}
<h2>${escapeHtml(w.charts)}</h2>
${s.charts.join('\n')}
<h2>${escapeHtml(w.tables)}</h2>
${s.tables.map(tableHtml).join('\n')}
<h2>${escapeHtml(w.provisional)}</h2>
${s.provisional}
<h2>${escapeHtml(w.assumptions)}</h2>
${s.notes}
<p class="note">${w.footer('<code>fuzhu simulate</code>')}</p>
</body>
</html>
`;
}

const month = (d: number) => dates.formatDate(d).slice(0, 7);

/** Writes the report of a simulation; `tables` as simulationTables gave them (the scope table is the provisional section here). */
export async function writeHtmlReport(path: string, policy: Policy, r: SimulationResult, tables: readonly Table[], lang: Lang, ctx: RunContext): Promise<void> {
  const w = REPORT[lang];
  const months = w.months(month(r.from), month(r.to), dates.monthsBetween(r.from, r.to) + 1);
  const charts = [budgetByYear(policy, r, lang), byPlace(policy, r, lang), ...(r.scenarios.length ? [changes(r, lang)] : [])];
  const scope = simulationScope(policy, r);
  writeOutput(
    path,
    page({
      lang,
      title: w.simulationTitle(policy.meta.document, months),
      heading: `${policy.meta.document} ${policy.meta.title[lang]}`,
      intro: w.intro(months, grouped(String(r.evaluated)), grouped(String(r.rejected)), r.scenarios.length),
      context: contextHtml(ctx, policy, r, { label: w.period, text: months }, lang),
      ...(scope.statement ? { statement: scope.statement[lang] } : {}),
      summary: summaryHtml(r, lang),
      charts: await Promise.all(charts.map(plotHtml)),
      tables: tables.filter((t) => t.id !== 'scope'),
      provisional: provisionalHtml(policy, scope, lang),
      notes: notesHtml(policy, r.scenarios, lang),
    }),
  );
}

/** Writes the report of a projection over years. */
export async function writeProjectionReport(path: string, policy: Policy, p: ProjectionResult, table: Table, lang: Lang, ctx: RunContext): Promise<void> {
  const w = REPORT[lang];
  const scope = projectionScope(policy, p);
  writeOutput(
    path,
    page({
      lang,
      title: w.projectionTitle(policy.meta.document, p.fromYear, p.toYear),
      heading: `${policy.meta.document} ${policy.meta.title[lang]}`,
      intro: w.projectionIntro(grouped(String(p.households)), grouped(String(p.runs)), p.seed),
      context: contextHtml(ctx, policy, { records: p.households + p.rejected, rejected: p.rejected }, { label: w.projectionYears, text: w.years(p.fromYear, p.toYear) }, lang),
      ...(scope.statement ? { statement: scope.statement[lang] } : {}),
      charts: [await plotHtml(projectionChart(p, lang))],
      tables: [table],
      provisional: provisionalHtml(policy, scope, lang),
      notes: notesHtml(policy, [], lang),
    }),
  );
}
