import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { literateView, runPolicyTests, toHtml, toMarkdown } from '../src/index.js';
import { fuzhu, tempDir } from './cliRun.js';
import { shippedPolicy } from './helpers.js';

describe('the literate view', () => {
  const policy = shippedPolicy();
  const outcomes = runPolicyTests(policy).outcomes;
  const blocks = literateView(policy, outcomes);
  const md = toMarkdown(blocks);
  const zhBlocks = literateView(policy, outcomes, 'zh');
  const title = `${policy.meta.document} ${policy.meta.title.zh}`;

  it('is committed under docs/policy (English) and docs/policy/zh (Chinese), up to date (regenerate with `npm run doc`)', () => {
    expect(readFileSync('docs/policy/liuzhou-2018.md', 'utf8')).toBe(md);
    expect(readFileSync('docs/policy/liuzhou-2018.html', 'utf8')).toBe(toHtml(title, blocks, 'en'));
    expect(readFileSync('docs/policy/zh/liuzhou-2018.md', 'utf8')).toBe(toMarkdown(zhBlocks));
    expect(readFileSync('docs/policy/zh/liuzhou-2018.html', 'utf8')).toBe(toHtml(title, zhBlocks, 'zh'));
    // The frame's language, for the browser's fonts and a screen reader's voice; quotes carry their own.
    expect(toHtml(title, blocks, 'en')).toContain('<html lang="en">');
    expect(toHtml(title, zhBlocks, 'zh')).toContain('<html lang="zh-CN">');
  });

  it('`fuzhu doc --lang zh` writes the Chinese pages', async () => {
    const dir = tempDir();
    const r = await fuzhu('doc', '--out', dir, '--lang', 'zh');
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'liuzhou-2018.md'), 'utf8')).toBe(toMarkdown(zhBlocks));
    expect(readFileSync(join(dir, 'liuzhou-2018.html'), 'utf8')).toBe(toHtml(title, zhBlocks, 'zh'));
  });

  it('quotes every clause that has text, in Chinese and English', () => {
    for (const c of policy.clauses.values()) {
      if (!c.text) continue;
      expect(md).toContain(c.text.en);
      for (const line of c.text.zh.split('\n').map((l) => l.trim()).filter(Boolean)) expect(md).toContain(line);
    }
  });

  it('sets each parameter, rule, item, interpretation and promise under the clause it cites', () => {
    const sectionOf = (needle: string) => {
      const at = md.indexOf(needle);
      expect(at, needle).toBeGreaterThan(0);
      const heading = md.lastIndexOf('\n#', at);
      return md.slice(heading + 1, md.indexOf('\n', heading + 1));
    };
    expect(sectionOf('`allowance.death.rate`')).toContain('三（一）');
    expect(sectionOf('`eligibility.wife_min_age`')).toContain('二（二）');
    expect(sectionOf('(`funeral_waiver`)')).toContain('三（八）2');
    expect(sectionOf('(`urban_means_districts`)')).toContain('三（三）4');
    // Each promise of properties.yaml, with what it protects and the condition fuzhu prop checks.
    for (const p of policy.properties) {
      expect(sectionOf(`(\`${p.id}\`), for every`)).toContain(p.cite);
      expect(md).toContain(`Protects: ${p.protects.en!.trim()}`);
    }
    expect(md).toContain('paid = 0 CNY or person.birth_date >= param(eligibility.min_birth_date)');
    expect(md).toContain('from 2018-07-01: **650.00 CNY**');
    expect(md).toContain('p.birth_date >= param(eligibility.min_birth_date)');
  });

  it('is a self-contained HTML page', () => {
    const html = toHtml('t', blocks);
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toContain('<blockquote class="zh" lang="zh-CN">');
  });
});

describe('the literate view for a reader who does not program', () => {
  const policy = shippedPolicy();
  const md = toMarkdown(literateView(policy, runPolicyTests(policy).outcomes));
  const section = (heading: string) => {
    const at = md.indexOf(`\n## ${heading}`);
    expect(at, heading).toBeGreaterThan(0);
    const end = md.indexOf('\n## ', at + 1);
    return md.slice(at, end < 0 ? undefined : end);
  };

  it('opens with the scope and limitations: the statement in both languages and the provisional figures', () => {
    expect(md.indexOf('## Scope and limitations')).toBeLessThan(md.indexOf('## Clauses and their encoding'));
    const scope = section('Scope and limitations');
    expect(scope).toContain(`> ${policy.meta.scope!.statement.zh}`);
    expect(scope).toContain(`> ${policy.meta.scope!.statement.en}`);
    expect(scope).toMatch(/\| `accident_insurance\.premium` \|[^\n]*since 2018-07-01: \*\*100\.00 CNY\*\* — assumed/);
    expect(scope).toMatch(/`medical\.premium`[^\n]*since 2018-01-01: \*\*220\.00 CNY\*\*[^\n]*<br>since 2019-01-01: \*\*250\.00 CNY\*\*/);
  });

  it('lists the limitations the interpretations file states', () => {
    const limitation = { id: 'twins', title: { zh: '双胞胎', en: 'Twins' }, cite: '二（三）', text: { zh: '格式无法表达。', en: 'The format cannot say it.' }, span: policy.interpretations[0]!.span };
    const withLimits = toMarkdown(literateView({ ...policy, limitations: [...policy.limitations, limitation] }, []));
    expect(withLimits).toContain('**Twins** (双胞胎) [二（三）](#clause-4e8cff084e09ff09): The format cannot say it. 格式无法表达。');
    // And under the clause it concerns, pointing back to the section.
    expect(withLimits).toMatch(/### 二（三）[^\n]*\n[\s\S]*\*\*Limitation\*\* 双胞胎 — Twins \(`twins`\): not encoded, see \[scope and limitations\]\(#scope\)\n\n- The format cannot say it\.\n- 格式无法表达。/);
    for (const l of policy.limitations) expect(md).toContain(`**${l.title.en}** (${l.title.zh})`);
  });

  it('glosses the hard rules in plain words, zh and en', () => {
    const glossed = [...policy.definitions.values()].filter((d) => d.gloss);
    expect(glossed.map((d) => d.name)).toEqual(expect.arrayContaining(['category', 'deciding_spouse', 'one_child_for', 'qualifying_date']));
    for (const d of glossed) {
      expect(md).toContain(`- In plain words: ${d.gloss!.en}`);
      expect(md).toContain(`- 白话：${d.gloss!.zh}`);
    }
  });

  it('reads the sentinel dates as words outside the rules, and says what they stand for inside them', () => {
    const prose = md.replace(/```fuzhu\n[\s\S]*?```/g, '');
    expect(prose).not.toMatch(/from 1900-01-01|: \*\*9999-12-31\*\*/);
    expect(md).toContain('`scheme.start_date` | 方案实施日期<br>Date the scheme takes effect<br>A fact about the scheme that holds at every date, so that the in-force rule can read it for the months before the scheme. | from the start: **2018-07-01**');
    expect(md).toMatch(/min\(default\(wife_qualifies_from, 9999-12-31\)[^\n]*\n```\n\nIn this rule 9999-12-31 stands for "never"\./);
  });

  it('gives each clause its number of tests with a link, and lists them once at the end', () => {
    const clause = section('二 扶助对象 — Who is assisted');
    expect(clause).toMatch(/\*\*Tests\*\*: \d+, all passing — \[the list\]\(#tests-clause-4e8c\)/);
    expect(clause).not.toMatch(/^- ✓ /m);
    const tests = section('Tests by clause');
    expect(md).toContain('<a id="tests-clause-4e8c"></a>');
    const outcomes = runPolicyTests(policy).outcomes;
    expect(tests.match(/^- [✓✗] /gm)!.length).toBe([...policy.clauses.keys()].reduce((n, id) => n + outcomes.filter((t) => t.cites.includes(id)).length, 0));
  });
});

describe('the literate view in Chinese', () => {
  const policy = shippedPolicy();
  const outcomes = runPolicyTests(policy).outcomes;
  const en = toMarkdown(literateView(policy, outcomes, 'en'));
  const zh = toMarkdown(literateView(policy, outcomes, 'zh'));

  // Each word of the English frame, and what the Chinese page says instead.
  const FRAME: [string, string][] = [
    ['## Scope and limitations', '## 测算范围与局限'],
    ['What the figures of this policy cover', '本政策测算结果涵盖和未涵盖的内容：'],
    ['**Provisional figures**', '**暂定数额**（文件未给出具体数额；每项均为参数，可由方案修改）'],
    ['**Limitations**', '**局限**（格式无法表达的内容，以文字说明，不作编码）'],
    ['**Readings chosen**', '**所作解读**：对文件未予明确之处共作出'],
    ['## Clauses and their encoding', '## 条款与编码对照'],
    ['| clause | parameters | rules | items | entitlements | interpretations | tests |', '| 条款 | 参数 | 规则 | 项目 | 权益 | 解读 | 测试 |'],
    ['| id | label | values | unit |', '| 参数 | 名称 | 取值 | 单位 |'],
    ['**Parameters**', '**参数**'],
    ['**Rule** ', '**规则** '],
    ['` is date', '，取值类型为 `date`'],
    ['**Item** ', '**项目** '],
    ['every month, per person', '：每人每月'],
    ['one-off, per household', '：每户一次性'],
    ['**Entitlement** ', '**权益** '],
    ['**Interpretation** ', '**解读** '],
    ['**Limitation** ', '**局限** '],
    ['not encoded, see [scope and limitations](#scope)', '未编码，见[测算范围与局限](#scope)'],
    ['payer:  ', '承担方：　'],
    ['pays the rest', '承担：其余部分'],
    ['amount: ', '金额：　　'],
    ['when:   ', '发放条件：'],
    ['on:     ', '发放日期：'],
    ['**Promise** ', '**承诺** '],
    ['for every person and month, checked by `fuzhu prop` on generated households', '对每个人的每个月都成立，由 `fuzhu prop` 在生成的家庭上检验'],
    ['- Protects: ', '- 保障：'],
    ['**Tests**: ', '**测试**：'],
    ['all passing', '全部通过'],
    ['[the list]', '[测试清单]'],
    ['## Tests by clause', '## 各条款的测试'],
    ['In plain words: ', '白话：'],
    ['Reading: ', '理解：'],
    ['Why: ', '理由：'],
    ['Alternatives: ', '其他理解：'],
    ['Implemented by: ', '对应编码：'],
    ['In this rule 9999-12-31 stands for "never"', '本规则中，9999-12-31 表示“从不”。'],
    ['since 2018-01-01', '2018-01-01起'],
    ['from 2018-07-01: **', '2018-07-01起：**'],
    ['from the start: **2018-07-01**', '自始：**2018-07-01**'],
    ['Issued by', '于2018年8月1日印发'],
    ['supersedes', '原柳政办〔2013〕154号文件同时废止'],
    ['Each clause of the document is quoted', '本页逐条引用文件原文'],
    ['## notice', '## 印发通知'],
    ['## preamble', '## 引言'],
    ['**220.00 CNY**', '**220.00元**'],
    ['| CNY per person per month |', '| 元/人/月 |'],
  ];

  it('has none of the English frame, and says it in Chinese', () => {
    for (const [english, chinese] of FRAME) {
      expect(en.includes(english), `the English page has ${english}`).toBe(true);
      expect(zh.includes(english), `the Chinese page has ${english}`).toBe(false);
      expect(zh.includes(chinese), `the Chinese page has ${chinese}`).toBe(true);
    }
  });

  it('leaves the English frame as it was', () => {
    for (const line of [
      '## Scope and limitations',
      '| `accident_insurance.premium` | 人身意外伤害及住院补贴保险保费<br>Premium of accident and hospital-allowance insurance | since 2018-07-01: **100.00 CNY** — assumed |',
      '### 三（一） para 2',
      '| [三（一） para 2](#clause-4e09ff084e00ff0920para202) | 1 | 5 | 1 | — | 2 | 20 |',
      '**Item** 城乡居民医保个人缴费代缴 — Resident medical insurance premium paid for the person (`medical_premium`): every year, per person; **provisional** (the document gives no figure)',
      'payer:  county(hukou.county) pays the rest',
      '**Tests**: 9, all passing — [the list](#tests-clause-4e09ff084e8cff091)',
      '**Readings chosen** where the document is open: 24 interpretations, each under the clause it reads, with its alternatives.',
      '**Liuzhou Implementation Plan for Assistance to Family-Planning Special Families**. Issued by 柳州市人民政府 (Liuzhou Municipal People\'s Government) on 2018-08-01; supersedes 柳政办〔2013〕154号.',
    ])
      expect(en.split('\n')).toContain(line);
  });

  it('writes a clause id `X para N` as X第N段, its anchor unchanged', () => {
    expect(zh.match(/ para \d/)).toBeNull();
    expect(zh.split('\n')).toContain('### 三（一）第2段');
    expect(zh).toContain('| [三（一）第2段](#clause-4e09ff084e00ff0920para202) | 1 | 5 | 1 | — | 2 | 20 |');
    expect(zh).toContain('<a id="clause-4e8c20para202"></a>\n\n### 二第2段\n');
    expect(en).toContain('<a id="clause-4e8c20para202"></a>\n\n### 二 para 2\n');
  });

  it('has the same anchors and links as the English page, in the same order', () => {
    const anchors = (md: string) => [...md.matchAll(/<a id="([^"]+)">|\]\(#([^)]+)\)/g)].map((m) => m[1] ?? `#${m[2]}`);
    expect(anchors(zh).length).toBeGreaterThan(100);
    expect(anchors(zh)).toEqual(anchors(en));
  });

  it('names the payers as the policy does in Chinese, and quotes both languages where the English page does', () => {
    expect(zh).toContain('承担方：　县区财政（county(hukou.county)）承担：其余部分');
    expect(zh).toMatch(/承担方：　市财政（city）承担：if category = 'death'/);
    expect(zh).toContain('承担方：　负担殡仪基本服务费用的财政（funeral_waiver_payer）承担：其余部分');
    for (const c of policy.clauses.values()) if (c.text) expect(zh).toContain(`> ${c.text.en}`);
    const d = policy.definitions.get('qualifying_date')!;
    expect(zh).toContain(`- 白话：${d.gloss!.zh}\n- 英文：${d.gloss!.en}`);
  });
});
