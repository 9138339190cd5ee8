/**
 * Every relative link of README.md and of the documents under docs/ leads somewhere in the
 * project: to a file or folder that exists inside it (never outside the repository, where a
 * reader of the package or of a clone has nothing), and, with a #fragment, to a heading or an
 * `<a id>` of the Markdown file it names, as GitHub makes their anchors.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();

function markdownUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? markdownUnder(p) : p.endsWith('.md') ? [p] : [];
  });
}

const DOCUMENTS = ['README.md', ...markdownUnder('docs')];

/** The text outside fenced code blocks, with inline code taken out (a link written as code is not one). */
function prose(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line.replace(/`[^`]*`/g, '');
  });
}

/** An anchor as GitHub makes it from a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors of a Markdown file: its headings (a repeated one numbered -1, -2, …) and its `<a id>`s. */
function anchorsOf(file: string): Set<string> {
  const markdown = readFileSync(file, 'utf8');
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const base = slug(heading[1]!);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
  }
  return anchors;
}

interface Link {
  readonly line: number;
  readonly target: string;
}

/** The links of a document that point into the project: inline `[text](target)` and reference definitions. */
function relativeLinks(file: string): Link[] {
  return prose(readFileSync(file, 'utf8')).flatMap((line, i) => {
    const inline = [...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
    const reference = /^\s*\[[^\]]+\]:\s*(\S+)/.exec(line)?.[1];
    return [...inline, ...(reference ? [reference] : [])].filter((t) => !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(t)).map((target) => ({ line: i + 1, target }));
  });
}

/** Why a link leads nowhere, or undefined when it resolves. */
function broken(file: string, target: string): string | undefined {
  const [path = '', fragment] = target.split('#');
  const to = path === '' ? resolve(file) : resolve(dirname(file), decodeURIComponent(path));
  const inside = relative(ROOT, to);
  if (inside.startsWith('..')) return `leads outside the project (${inside})`;
  if (!existsSync(to)) return `${inside} does not exist`;
  if (fragment === undefined || fragment === '') return undefined;
  if (!to.endsWith('.md')) return undefined;
  return anchorsOf(to).has(decodeURIComponent(fragment)) ? undefined : `${inside} has no heading or anchor '#${fragment}'`;
}

describe('links of README.md and docs/', () => {
  it('finds the documents and their links', () => {
    expect(DOCUMENTS).toContain('docs/household.md');
    expect(relativeLinks('README.md').length).toBeGreaterThan(3);
  });

  for (const doc of DOCUMENTS) {
    it(`${doc}: every relative link resolves`, () => {
      const problems = relativeLinks(doc).flatMap(({ line, target }) => {
        const why = broken(doc, target);
        return why ? [`${doc}:${line}: (${target}) ${why}`] : [];
      });
      expect(problems).toEqual([]);
    });
  }

  it('README.md names no contract outside the project as if it were in it', () => {
    expect(readFileSync('README.md', 'utf8')).not.toMatch(/shared\/contracts\//);
  });

  it('makes anchors as GitHub does', () => {
    expect(slug('if … then … else')).toBe('if--then--else');
    expect(slug('Payers, weight and breakdown (policy.yaml)')).toBe('payers-weight-and-breakdown-policyyaml');
    expect(slug('One household: `fuzhu eval --json`')).toBe('one-household-fuzhu-eval---json');
    expect(slug('The fields 字段')).toBe('the-fields-字段');
    expect(broken('README.md', 'docs/household.md#no-such-heading')).toMatch(/has no heading or anchor/);
    expect(broken('README.md', 'docs/nothing.md')).toMatch(/does not exist/);
    expect(broken('docs/household.md', '../../shared/contracts/household.md')).toMatch(/outside the project/);
  });
});
