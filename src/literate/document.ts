/** A small document model, rendered both as Markdown and as a self-contained HTML page. */
import type { Lang } from '../messages/lang.js';

export type Block =
  | { readonly kind: 'heading'; readonly level: number; readonly text: string; readonly id?: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'quote'; readonly lines: readonly string[]; readonly lang?: Lang }
  | { readonly kind: 'code'; readonly text: string; readonly lang?: string }
  | { readonly kind: 'table'; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] }
  | { readonly kind: 'list'; readonly items: readonly string[] };

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

export function toMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${b.id ? `<a id="${b.id}"></a>\n\n` : ''}${'#'.repeat(b.level)} ${b.text}`);
        break;
      case 'paragraph':
        out.push(b.text);
        break;
      case 'quote':
        out.push(b.lines.map((l) => `> ${l}`).join('\n>\n'));
        break;
      case 'code':
        out.push(`\`\`\`${b.lang ?? ''}\n${b.text}\n\`\`\``);
        break;
      case 'table':
        out.push([`| ${b.header.map(mdCell).join(' | ')} |`, `|${b.header.map(() => '---').join('|')}|`, ...b.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join('\n'));
        break;
      case 'list':
        out.push(b.items.map((i) => `- ${i}`).join('\n'));
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}

/** Text made safe to stand in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Inline Markdown we use: `code` and **bold**, escaped for HTML. */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\(#([^)]+)\)/g, '<a href="#$2">$1</a>');
}

const STYLE = `
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;line-height:1.55;color:#1d232a}
h1{font-size:1.7rem}h2{border-bottom:2px solid #c8102e;padding-bottom:.2rem;margin-top:2.5rem}h3{margin-top:1.6rem;color:#333}
blockquote{margin:.6rem 0;padding:.5rem 1rem;background:#fbf7f0;border-left:4px solid #c8102e}
blockquote.en{background:#f4f6f8;border-left-color:#8a97a6;font-style:italic}
pre{background:#f4f6f8;padding:.6rem .8rem;overflow-x:auto;border-radius:4px}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
table{border-collapse:collapse;margin:.6rem 0;font-size:.93rem}th,td{border:1px solid #d0d7de;padding:.3rem .55rem;vertical-align:top;text-align:left}th{background:#eef1f4}
`;

/** The page in HTML; `lang` is the language of its frame (quotes carry their own). */
export function toHtml(title: string, blocks: readonly Block[], lang: Lang = 'en'): string {
  const body: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        body.push(`<h${b.level}${b.id ? ` id="${escapeHtml(b.id)}"` : ''}>${inline(b.text)}</h${b.level}>`);
        break;
      case 'paragraph':
        body.push(`<p>${inline(b.text)}</p>`);
        break;
      case 'quote':
        body.push(`<blockquote${b.lang ? ` class="${b.lang}" lang="${b.lang === 'zh' ? 'zh-CN' : 'en'}"` : ''}>${b.lines.map((l) => `<p>${inline(l)}</p>`).join('')}</blockquote>`);
        break;
      case 'code':
        body.push(`<pre><code>${escapeHtml(b.text)}</code></pre>`);
        break;
      case 'table':
        body.push(`<table><thead><tr>${b.header.map((h) => `<th>${inline(h)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c).replace(/\n/g, '<br>')}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
        break;
      case 'list':
        body.push(`<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`);
        break;
    }
  }
  return `<!doctype html>\n<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body.join('\n')}\n</body>\n</html>\n`;
}
