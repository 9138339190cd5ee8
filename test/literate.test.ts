import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { literateView, runPolicyTests, toHtml, toMarkdown } from '../src/index.js';
import { shippedPolicy } from './helpers.js';

describe('the literate view', () => {
  const policy = shippedPolicy();
  const blocks = literateView(policy, runPolicyTests(policy).outcomes);
  const md = toMarkdown(blocks);

  it('is committed under docs/policy and up to date (regenerate with `npm run doc`)', () => {
    expect(readFileSync('docs/policy/liuzhou-2018.md', 'utf8')).toBe(md);
    expect(readFileSync('docs/policy/liuzhou-2018.html', 'utf8')).toBe(toHtml(`${policy.meta.document} ${policy.meta.title.zh}`, blocks));
  });

  it('quotes every clause that has text, in Chinese and English', () => {
    for (const c of policy.clauses.values()) {
      if (!c.text) continue;
      expect(md).toContain(c.text.en);
      for (const line of c.text.zh.split('\n').map((l) => l.trim()).filter(Boolean)) expect(md).toContain(line);
    }
  });

  it('sets each parameter, rule, item and interpretation under the clause it cites', () => {
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
    expect(md).toContain('`scheme.start_date` | 方案实施日期<br>Date the scheme takes effect | from the start: **2018-07-01**');
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
