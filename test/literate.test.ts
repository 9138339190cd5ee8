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
