/**
 * The HTML report of `fuzhu simulate`: it states the run that made it and the provisional figures
 * it rests on, in the chosen language with readable numbers, and its charts' tooltips work in a
 * browser with no network (headless Chromium, where it is installed).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { policyFingerprint } from '../cli/report/context.js';
import { shellCommand } from '../cli/shell.js';
import { escapeHtml, loadPolicy, type Policy } from '../src/index.js';
import { grouped, inWan, percentChange } from '../src/messages/index.js';
import { Browser, CHROMIUM } from './chromium.js';
import { fuzhu, tempDir } from './cliRun.js';
import { deathCouple, shippedPolicy } from './helpers.js';

if (!CHROMIUM) console.warn('no Chromium installed: the HTML report is not opened in a browser and its tooltips are not tried (install Debian package chromium)');

const SAMPLE = 'policy/populations/liuzhou-sample.jsonl';
const REFORM = 'policy/scenarios/reform-2019.yaml';
const MONTHS = ['--from', '2019-01', '--to', '2020-12'];

interface Written {
  path: string;
  argv: string[];
  html: string;
  err: string;
  json: SimulationJson;
  before: number;
  after: number;
}

interface Figure {
  parameter: string;
  label: { zh: string; en: string };
  amount?: string;
  value: string;
  from: string;
  source: string | null;
  source_zh?: string;
}
interface SimulationJson {
  population: { records: number; rejected: number };
  baseline: { totals: { amount: string }; years: Record<string, { amount: string; payers: Record<string, string> }> };
  scenarios: { id: string; result: { totals: { amount: string } } }[];
  scope: { provisional: Figure[] };
}

/** One run of the sample against the 2019 reform, with its report in `lang` and its JSON (the exact figures). */
async function written(lang: 'zh' | 'en'): Promise<Written> {
  const path = join(tempDir(), 'report.html');
  const argv = ['simulate', '--population', SAMPLE, ...MONTHS, '--scenario', REFORM, '--report', path, '--lang', lang, '--json'];
  const before = Date.now();
  const r = await fuzhu(...argv);
  expect(r.code, r.err).toBe(0);
  return { path, argv, html: readFileSync(path, 'utf8'), err: r.err, json: JSON.parse(r.out) as SimulationJson, before: Math.floor(before / 1000) * 1000, after: Date.now() };
}

/** The text a reader sees (and a screen reader reads), without the style and without code (the command, paths, ids). */
function readable(html: string): string {
  const labels = [...html.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]);
  const text = html
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]*>/g, ' ');
  return [text, ...labels].join(' ').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#xA;/g, ' ').replace(/&amp;/g, '&');
}

/** The text of a cell of the provisional figures: the value, grouped when it is an amount. */
const figureValue = (f: Figure, yes: string, no: string) => (f.amount ? grouped(f.amount) : f.value === 'true' ? yes : f.value === 'false' ? no : f.value);

describe('the report explains itself', { timeout: 120_000 }, () => {
  let zh: Written;
  let en: Written;
  beforeAll(async () => {
    zh = await written('zh');
    en = await written('en');
  }, 120_000);

  it('states the run in Chinese: command, population, policy and its fingerprint, scenarios, version, time, months', () => {
    const { html, path, argv } = zh;
    expect(html).toContain(`<code>fuzhu ${argv.join(' ')}</code>`);
    expect(html).toContain(`<code>${SAMPLE}</code> · 2,000条记录，拒收0条`);
    expect(html).toContain('<code>liuzhou-2018</code> · 柳政规〔2018〕41号 柳州市计划生育特殊家庭扶助实施方案');
    expect(html).toContain(`<code>${policyFingerprint(shippedPolicy())}</code>`);
    expect(html).toContain(`<code>reform-2019</code> ${scenarioTitle().zh} · <code>${REFORM}</code>`);
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    expect(html).toContain(`<code>fuzhu ${version}</code>`);
    expect(html).toContain('2019-01至2020-12（24个月）');
    const time = /<time datetime="([^"]+)">\1<\/time>/.exec(html)?.[1];
    expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(Date.parse(time!)).toBeGreaterThanOrEqual(zh.before);
    expect(Date.parse(time!)).toBeLessThanOrEqual(zh.after);
    expect(path.endsWith('.html')).toBe(true);
  });

  it('in English likewise', () => {
    const { html, argv } = en;
    for (const words of ['This run', 'Command', 'Population file', 'Fuzhu version', 'Time of the run', 'Provisional figures used', '2019-01 to 2020-12 (24 months)', '2,000 records, 0 rejected']) expect(html).toContain(words);
    expect(html).toContain(`<code>fuzhu ${argv.join(' ')}</code>`);
    expect(html).toContain('柳政规〔2018〕41号 Liuzhou Implementation Plan for Assistance to Family-Planning Special Families');
    expect(html).toContain(`<code>reform-2019</code> ${scenarioTitle().en} · <code>${REFORM}</code>`);
    expect(html).toContain(`<code>${policyFingerprint(shippedPolicy())}</code>`);
  });

  it('lists every provisional figure used, with the figure, its unit, since when and its source or "assumed"', () => {
    for (const [w, lang, yes, no, unit, assumed] of [
      [zh, 'zh', '是', '否', '元/人/年', '假定'],
      [en, 'en', 'yes', 'no', 'CNY per person per year', 'assumed'],
    ] as const) {
      const figures = w.json.scope.provisional;
      expect(figures.length).toBeGreaterThan(3);
      const table = /<table class="provisional">([\s\S]*?)<\/table>/.exec(w.html)![1]!;
      const rows = [...table.matchAll(/<tr><td><code>([^<]*)<\/code><\/td><td>([^<]*)<\/td><td class="n">([^<]*)<\/td><td>[^<]*<\/td><td>([^<]*)<\/td><td><span class="source">([^<]*)<\/span><\/td><\/tr>/g)].map((m) => m.slice(1));
      expect(rows).toEqual(
        figures.map((f) => [f.parameter, f.label[lang], figureValue(f, yes, no), expect.stringContaining(f.from), f.source === null || f.source === 'assumed' ? assumed : ((lang === 'zh' ? f.source_zh : undefined) ?? f.source).replace(/&/g, '&amp;')]),
      );
      const premium = figures.find((f) => f.parameter === 'accident_insurance.premium')!;
      expect(w.html).toContain(`<td class="n">${grouped(premium.amount!)}</td><td>${unit}</td>`);
      expect(w.html).toContain(`<p class="scope">${escapeHtml(shippedPolicy().meta.scope!.statement[lang])}</p>`);
    }
  });

  it('in Chinese has no English word outside code, ids and what the policy writes only in English', () => {
    // The policy's own words in English only: a parameter's `source` given as a plain string, and a
    // cite may say `para 2`; and its readings name household fields (`parents`). Shown as given.
    const sources = zh.json.scope.provisional.flatMap((f) => (f.source && f.source !== 'assumed' && !f.source_zh ? [f.source] : []));
    let text = readable(zh.html);
    for (const s of sources) text = text.split(s).join(' ');
    const fields = [...shippedPolicy().household.records.values()].flatMap((r) => [...r.type.fields.keys()]);
    const allowed = new Set(['reform', 'fuzhu', 'SHA', 'para', ...fields]);
    const words = [...new Set(text.match(/[A-Za-z][\w.]*[A-Za-z]/g) ?? [])];
    expect(words.filter((w) => !allowed.has(w))).toEqual([]);
  });

  it('shows amounts in 万元 in Chinese charts and summary, the change as an amount and a percentage, and tables with separators', () => {
    const base = new Decimal(zh.json.baseline.totals.amount);
    const reform = new Decimal(zh.json.scenarios[0]!.result.totals.amount);
    expect(zh.html).toContain('<th class="n">合计（万元）</th>');
    expect(zh.html).toContain(`<td class="n">${inWan(base)}</td>`);
    expect(zh.html).toContain(`<td class="n">${inWan(reform)}</td><td class="n">+${inWan(reform.minus(base))}</td><td class="n">${percentChange(base, reform)}</td>`);
    const svgText = [...zh.html.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(svgText).toContain('万元');
    expect(svgText).toContain('按承担方和年度的预算（万元）');
    // Ticks of 万元 in thousands (2,500), never SI prefixes (25M).
    expect(svgText.some((t) => /^\d{1,3}(,\d{3})+$/.test(t!))).toBe(true);
    expect(svgText.filter((t) => /\d[kMG]$|\de[+-]\d/.test(t!))).toEqual([]);
    // Payers by their labels in the legend, never county:450205.
    expect(svgText).toEqual(expect.arrayContaining(['市财政', '县区财政']));
    expect(zh.html).not.toContain('county:');
    // Table cells of exact figures with thousands separators.
    expect(zh.html).toContain(`<td class="n">${grouped(zh.json.baseline.totals.amount)}</td>`);
    expect(zh.html).not.toMatch(/<td class="n">[+-]?\d{4,}\./);
    // English: CNY, with the payers' English labels.
    const enText = [...en.html.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(enText).toEqual(expect.arrayContaining(['CNY', 'city', 'counties', 'Budget by payer and year (CNY)']));
  });

  it('says where it was written, on stderr in the chosen language', () => {
    expect(zh.err).toContain(`报告已写入 ${zh.path}`);
    expect(en.err).toContain(`report written to ${en.path}`);
  });

  it('fingerprints the policy by the content of its files, wherever the folder is', () => {
    const copy = join(tempDir(), 'policy');
    cpSync('policy/liuzhou-2018', copy, { recursive: true });
    expect(policyFingerprint(loaded(copy))).toBe(policyFingerprint(shippedPolicy()));
    writeFileSync(join(copy, 'policy.yaml'), `${readFileSync(join(copy, 'policy.yaml'), 'utf8')}# one more comment\n`);
    expect(policyFingerprint(loaded(copy))).not.toBe(policyFingerprint(shippedPolicy()));
  });
});

function loaded(dir: string): Policy {
  const r = loadPolicy(dir);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.policy;
}

function scenarioTitle(): { zh: string; en: string } {
  return (parse(readFileSync(REFORM, 'utf8')) as { title: { zh: string; en: string } }).title;
}

describe('the report of a projection', () => {
  it('states its run and years, and its points show the mean and the 90% interval in the chosen language', async () => {
    const population = join(tempDir(), 'pop.jsonl');
    writeFileSync(population, [deathCouple, { ...deathCouple, id: 'B', hukou: { county: '450226', type: 'rural' } }].map((h) => JSON.stringify(h)).join('\n'));
    const path = join(tempDir(), 'projection.html');
    const argv = ['simulate', '--population', population, '--project', '2019..2020', '--runs', '2', '--report', path, '--lang', 'zh'];
    const r = await fuzhu(...argv);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`报告已写入 ${path}`);
    const html = readFileSync(path, 'utf8');
    expect(html).toContain(`<code>fuzhu ${argv.join(' ')}</code>`);
    expect(html).toContain(`<code>${population}</code> · 2条记录，拒收0条`);
    expect(html).toContain('<th scope="row">年份范围</th><td>2019年至2020年</td>');
    expect(html).toContain('年度合计预测（万元）');
    const points = [...html.matchAll(/<span class="hit" role="img" aria-label="([^"]*)"/g)].map((m) => m[1]);
    expect(points).toHaveLength(2);
    expect(points[0]).toMatch(/^基准 · 2019 · 均值 [\d,]+\.\d{2}元 · 90%区间 [\d,]+\.\d{2}元 – [\d,]+\.\d{2}元$/);
  }, 60_000);
});

describe('the command line in the report', () => {
  it('is quoted as a shell reads it: spaces, quotes and empty arguments survive', () => {
    expect(shellCommand(['fuzhu', 'simulate', '--population', 'my pop.csv', '--set', "title=it's", '--lang', ''])).toBe(`fuzhu simulate --population 'my pop.csv' --set 'title=it'\\''s' --lang ''`);
    const r = spawnSync('sh', ['-c', `printf '%s\\n' ${shellCommand(['a b', "it's", '', '$HOME', '*'])}`], { encoding: 'utf8' });
    expect(r.stdout).toBe("a b\nit's\n\n$HOME\n*\n");
  });
});

describe('--report and --scenario are checked before any work', () => {
  /** A population whose only record is invalid: any work on it would report a rejection. */
  const invalid = () => {
    const path = join(tempDir(), 'pop.jsonl');
    writeFileSync(path, '{"id": "X", "hukou": {"county": "nowhere"}}\n');
    return path;
  };

  it('refuses a report not named .html (.htm too) with exit 2', async () => {
    for (const name of ['x.htm', 'x.HTM', 'x.pdf']) {
      const dir = tempDir();
      const r = await fuzhu('simulate', '--population', invalid(), ...MONTHS, '--report', join(dir, name), '--lang', 'en');
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--report ${join(dir, name)}: the file must end in .html`);
      expect(r.err).not.toContain('rejected');
      expect(existsSync(join(dir, name))).toBe(false);
    }
  });

  it('refuses two scenarios of one id, naming both files, and writes no report', async () => {
    const dir = tempDir();
    const [a, b] = [join(dir, 'a.yaml'), join(dir, 'b.yaml')];
    for (const p of [a, b]) writeFileSync(p, 'scenario: same\nchanges:\n  - { parameter: eligibility.wife_min_age, from: 2020-01-01, value: 50 }\n');
    // The same id from the file's name: two reform-2019.yaml in two folders.
    mkdirSync(join(dir, 'other'));
    const copy = join(dir, 'other', 'reform-2019.yaml');
    copyFileSync(REFORM, copy);
    writeFileSync(copy, readFileSync(REFORM, 'utf8').replace(/^scenario: .*$/m, ''));
    for (const [first, second] of [[a, b], [REFORM, copy]] as const) {
      const report = join(dir, 'report.html');
      const r = await fuzhu('simulate', '--population', invalid(), ...MONTHS, '--scenario', first, '--scenario', second, '--report', report, '--lang', 'en');
      expect(r.code).toBe(1);
      expect(r.err).toContain('E-SCENARIO-ID-TWICE');
      expect(r.err).toContain(first);
      expect(r.err).toContain(`--> ${second}:`);
      expect(r.err).not.toContain('rejected');
      expect(existsSync(report)).toBe(false);
    }
  });
});

describe.skipIf(!CHROMIUM)('the report in headless Chromium', { timeout: 180_000 }, () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`opens without errors in ${lang} and shows each bar's label, exact amount and share on hover`, async () => {
      const w = await written(lang);
      const browser = await Browser.start(1200, 900);
      try {
        await browser.open(`file://${w.path}`);
        expect(await browser.evaluate<number>('document.querySelectorAll("svg.marks path").length')).toBeGreaterThan(50);
        expect(await browser.evaluate<number>('document.querySelectorAll(".plot").length')).toBe(3);
        // The baseline's 2019 bar of the city budget: its label, its exact amount and its share of the year.
        const year = w.json.baseline.years['2019']!;
        const city = new Decimal(year.payers.city!);
        const share = `${city.div(year.amount).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`;
        const expected = lang === 'zh' ? `基准 · 2019 · 市财政\n${grouped(year.payers.city!)}元\n占基准 2019年合计的${share}` : `Baseline · 2019 · city\nCNY ${grouped(year.payers.city!)}\n${share} of the Baseline total for 2019`;
        const label = expected.split('\n').join(' · ');
        const hit = await centreOf(browser, `document.querySelector('.hit[aria-label="${label}"]')`);
        await browser.hover(5, 5);
        expect(await visibleTips(browser)).toEqual([]);
        await browser.hover(hit.x, hit.y);
        expect(await visibleTips(browser)).toEqual([expected]);
        // The box lies on the bar drawn under it, and its tooltip inside the chart.
        expect(await browser.evaluate(barUnder(`.hit[aria-label="${label}"]`))).toEqual({ bar: true, dx: 0, dy: 0, tipInside: true });
        writeFileSync(`/tmp/fuzhu-report-${lang}.png`, await browser.screenshot());
        // A mark of every chart shows its own tooltip, and only that one.
        for (let i = 0; i < 3; i++) {
          // The third bar of each chart; of the changes, the households that gain 1,000 to 10,000.
          const box = await centreOf(browser, `document.querySelectorAll('.plot')[${i}].querySelectorAll('.hit')[${i === 2 ? 7 : 2}]`);
          await browser.hover(box.x, box.y);
          const tips = await visibleTips(browser);
          expect(tips).toHaveLength(1);
          expect(tips[0]!.split('\n').join(' · ')).toBe(box.label);
          expect(await browser.evaluate(barUnder(box.selector))).toMatchObject({ bar: true, tipInside: true });
        }
        writeFileSync(`/tmp/fuzhu-report-${lang}-changes.png`, await browser.screenshot());
        expect(browser.problems).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  }
});

/** Scrolls the element (a JavaScript expression) into view; its centre in the viewport, its label and a selector that finds it. */
async function centreOf(browser: Browser, element: string): Promise<{ x: number; y: number; label: string; selector: string }> {
  return browser.evaluate(`(() => {
    const e = ${element};
    e.scrollIntoView({ block: 'center' });
    const r = e.getBoundingClientRect();
    const label = e.getAttribute('aria-label');
    return { x: r.left + r.width / 2, y: r.top + r.height / 2, label, selector: '.hit[aria-label="' + label + '"]' };
  })()`);
}

/** The text of every tooltip the page shows now. */
function visibleTips(browser: Browser): Promise<string[]> {
  return browser.evaluate('[...document.querySelectorAll(".tip")].filter((t) => getComputedStyle(t).display !== "none").map((t) => t.innerText)');
}

/**
 * Whether the box's centre lies on a bar or point Vega drew (the boxes let through for the
 * look), how far the box is from that mark's own bounds, and whether its tooltip is inside the chart.
 */
function barUnder(selector: string): string {
  return `(() => {
    const hit = document.querySelector(${JSON.stringify(selector)});
    const plot = hit.closest('.plot');
    const r = hit.getBoundingClientRect();
    const tip = hit.querySelector('.tip').getBoundingClientRect();
    const p = plot.getBoundingClientRect();
    for (const h of document.querySelectorAll('.hit')) h.style.pointerEvents = 'none';
    const under = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    for (const h of document.querySelectorAll('.hit')) h.style.pointerEvents = '';
    const mark = under && under.closest('g.mark-rect, g.mark-symbol');
    const b = under.getBoundingClientRect();
    const near = (a, c) => Math.abs(a - c) < 1.5 ? 0 : Math.round(a - c);
    return {
      bar: !!mark,
      dx: mark && mark.matches('g.mark-rect') ? near(b.left, r.left) + near(b.width, r.width) : 0,
      dy: mark && mark.matches('g.mark-rect') ? near(b.top, r.top) + near(b.height, r.height) : 0,
      tipInside: tip.left >= p.left - 1 && tip.right <= p.right + 1 && tip.top >= p.top - 1 && tip.bottom <= p.bottom + 1,
    };
  })()`;
}
