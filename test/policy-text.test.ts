/**
 * The texts of the bundled policy that a user reads (descriptions, glosses, readings, reasoning,
 * sources, alternatives, what a property protects) are written in Chinese and English, and each
 * page shows the text of its own language; the older one-string form is still read.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { literateView, toMarkdown } from '../src/literate/index.js';
import { inLanguage, loadPolicy, readYamlFile } from '../src/policy/index.js';
import { POLICY_DIR, shippedPolicy } from './helpers.js';

/** Keys whose value is a text a user reads (or, for alternatives, a list of them). */
const TEXT_KEYS = new Set(['label', 'title', 'description', 'gloss', 'reading', 'reasoning', 'source', 'alternatives', 'protects', 'text', 'statement', 'member']);

/** Where, in one file's data, a user-read text lacks its Chinese or its English. */
function missing(data: unknown, path: string, out: string[]): string[] {
  if (Array.isArray(data)) data.forEach((v, i) => missing(v, `${path}[${i}]`, out));
  else if (data !== null && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    if ('zh' in o || 'en' in o) for (const lang of ['zh', 'en']) if (typeof o[lang] !== 'string' || !(o[lang] as string).trim()) out.push(`${path}.${lang}`);
    for (const [k, v] of Object.entries(o)) {
      // `source: assumed` is a keyword the output words itself, not a text.
      const texts = !TEXT_KEYS.has(k) || (k === 'source' && v === 'assumed') ? [] : k === 'alternatives' && Array.isArray(v) ? v : [v];
      texts.forEach((t) => typeof t === 'string' && out.push(`${path}.${k}: a plain string`));
      missing(v, `${path}.${k}`, out);
    }
  }
  return out;
}

describe('the policy texts a user reads', () => {
  const files = readdirSync(POLICY_DIR).filter((f) => f.endsWith('.yaml'));

  it('are all given in Chinese and English, neither empty', () => {
    expect(files).toContain('interpretations.yaml');
    const gaps = files.flatMap((f) => {
      const r = readYamlFile(join(POLICY_DIR, f), f);
      if (!r.ok) throw new Error(`${f} does not parse`);
      return missing(r.file.data, f, []);
    });
    expect(gaps).toEqual([]);
  });

  it('finds a text left in English only', () => {
    expect(missing({ definitions: { x: { description: { en: 'only English' } } } }, 'rules.yaml', [])).toEqual(['rules.yaml.definitions.x.description.zh']);
    expect(missing({ x: { reasoning: 'a string', alternatives: ['another'] } }, 'interpretations.yaml', [])).toEqual(['interpretations.yaml.x.reasoning: a plain string', 'interpretations.yaml.x.alternatives: a plain string']);
  });

  it('are shown in the language of the page: a rule description, a parameter description, a reasoning, an alternative', () => {
    const policy = shippedPolicy();
    const zh = toMarkdown(literateView(policy, [], 'zh'));
    const en = toMarkdown(literateView(policy, [], 'en'));
    const rule = '`judged_on_for(p: person)`，取值类型为 `date`。当月的条件判断日；本人在当月该日之前死亡的，为死亡之日。';
    expect(zh).toContain(rule);
    expect(en).not.toContain('当月的条件判断日；本人在当月该日之前死亡的');
    expect(en).toContain('`judged_on_for(p: person)` is date. The month\'s judgement day, or the day the person died if that comes earlier in the month.');
    expect(zh).not.toContain("The month's judgement day");
    expect(zh).toContain('“四级以上”：一级（最重）至四级。');
    expect(zh).toContain('- 理由：“扶助对象应同时符合以下条件”是对每个人的条件；“夫妻每人”对符合条件的每个人发放。');
    expect(zh).toContain('其他理解：false：死亡当月不发放（须当月最后一日仍在世）');
    expect(en).toContain('Alternatives: false: not paid for the month of death (alive on the last day required)');
    for (const i of policy.interpretations) {
      expect(zh).toContain(inLanguage(i.reasoning, 'zh'));
      expect(zh).not.toContain(inLanguage(i.reasoning, 'en'));
    }
  });

  it('may still be one plain string, shown in both languages', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'fuzhu-text-')), 'policy');
    cpSync(POLICY_DIR, dir, { recursive: true });
    const path = join(dir, 'interpretations.yaml');
    const text = readFileSync(path, 'utf8');
    const plain = text.replace(/(  paid_in_death_month:[\s\S]*?)    reasoning:\n      zh: .*\n      en: >-\n((?: {8}.*\n)+)/, (_m, head: string, en: string) => `${head}    reasoning: >-\n${en.replace(/^ {8}/gm, '      ')}`);
    expect(plain).not.toBe(text);
    writeFileSync(path, plain.replace('- zh: "false：死亡当月不发放（须当月最后一日仍在世）"\n        en: ', '- '));
    const r = loadPolicy(dir);
    expect(r.ok, r.diagnostics.map((d) => d.message).join('\n')).toBe(true);
    const i = r.ok ? r.policy.interpretations.find((x) => x.id === 'paid_in_death_month') : undefined;
    expect(inLanguage(i?.reasoning, 'zh')).toMatch(/^A person alive on the first day of a month/);
    expect(i?.alternatives.map((a) => inLanguage(a, 'zh'))).toEqual(['false: not paid for the month of death (alive on the last day required)']);
  });
});
