/**
 * A chart as HTML that works offline: its SVG, drawn by Vega without a browser or the network,
 * and over each bar and point a box that shows the datum's `tip` when the pointer is on it.
 * CSS only: no script, nothing fetched. The boxes take their places from Vega's scenegraph, so
 * each lies exactly on the mark it explains.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { escapeHtml } from '../../src/index.js';

/** The style of plots and their tooltips, for the report's page. */
export const PLOT_STYLE = `.plot{position:relative;margin:1rem 0}.plot>svg{display:block}
.hit{position:absolute}.hit:hover{z-index:2;outline:2px solid rgba(29,35,42,.6);outline-offset:-1px}
.tip{display:none;position:absolute;white-space:nowrap;background:#1d232a;color:#fff;font-size:12.5px;line-height:18px;padding:5px 8px;border-radius:4px;pointer-events:none;box-shadow:0 2px 6px rgba(0,0,0,.25)}
.hit:hover .tip{display:block}`;

/** What the scenegraph holds of a mark and its items (Vega does not type it). */
interface SceneMark {
  readonly marktype: string;
  readonly items: readonly SceneItem[];
}
interface SceneItem {
  readonly x?: number;
  readonly y?: number;
  readonly width?: number;
  readonly height?: number;
  readonly size?: number;
  readonly datum?: { readonly tip?: unknown };
  readonly items?: readonly SceneMark[];
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly tip: string;
}

/** The smallest box a pointer can rest on (a bar of nothing, a point). */
const MIN = 4;

/** The boxes of the marks whose datum has a `tip`, in the SVG's pixels, groups' offsets added. */
function boxes(mark: SceneMark, ox: number, oy: number, out: Box[]): Box[] {
  for (const item of mark.items) {
    if (mark.marktype === 'group') {
      for (const m of item.items ?? []) boxes(m, ox + (item.x ?? 0), oy + (item.y ?? 0), out);
      continue;
    }
    const tip = item.datum?.tip;
    if (typeof tip !== 'string') continue;
    if (mark.marktype === 'rect') {
      const [x, w] = span(ox + (item.x ?? 0), item.width ?? 0);
      const [y, h] = span(oy + (item.y ?? 0), item.height ?? 0);
      out.push({ x, y, w, h, tip });
    } else if (mark.marktype === 'symbol') {
      const side = Math.max(12, Math.sqrt(item.size ?? 64) + 4);
      out.push({ x: ox + (item.x ?? 0) - side / 2, y: oy + (item.y ?? 0) - side / 2, w: side, h: side, tip });
    }
  }
  return out;
}

/** A start and a length, the length made positive and at least MIN (centred on the mark). */
function span(start: number, length: number): [number, number] {
  const [a, l] = length < 0 ? [start + length, -length] : [start, length];
  return l >= MIN ? [a, l] : [a + l / 2 - MIN / 2, MIN];
}

/** About how wide a line of the tooltip is at its font size: a Chinese character about one em, others about half. */
function textWidth(line: string): number {
  let w = 0;
  for (const ch of line) w += ch.codePointAt(0)! >= 0x2e80 ? 12.5 : 7;
  return w;
}

/**
 * Where the tooltip goes, relative to its box: beside the mark (right, else left), else above
 * or below it, the first place that fits inside the chart.
 */
function place(b: Box, lines: readonly string[], width: number, height: number): { left: number; top: number } {
  const tw = Math.max(...lines.map(textWidth)) + 16;
  const th = lines.length * 18 + 10;
  const clamp = (v: number, max: number) => Math.max(0, Math.min(v, max));
  const middle = clamp(b.y + b.h / 2 - th / 2, height - th);
  const centre = clamp(b.x + b.w / 2 - tw / 2, width - tw);
  const candidates = [
    { left: b.x + b.w + 6, top: middle },
    { left: b.x - 6 - tw, top: middle },
    { left: centre, top: b.y - 6 - th },
    { left: centre, top: b.y + b.h + 6 },
  ];
  const fits = (c: { left: number; top: number }) => c.left >= 0 && c.top >= 0 && c.left + tw <= width && c.top + th <= height;
  const at = candidates.find(fits) ?? candidates[3]!;
  return { left: at.left - b.x, top: at.top - b.y };
}

const px = (n: number) => `${Math.round(n * 10) / 10}px`;

/** The chart of a Vega-Lite specification, with a tooltip over each mark whose datum has a `tip` (lines split by newlines). */
export async function plotHtml(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  const size = /^<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"/.exec(svg);
  const [width, height] = [Number(size?.[1] ?? 0), Number(size?.[2] ?? 0)];
  // The view's padding comes back as an object once the view has run (a number only as given).
  const padding = view.padding() as { left: number; top: number };
  const [ox, oy] = view.origin();
  const root = (view.scenegraph() as unknown as { root: SceneMark }).root;
  const hits = boxes(root, ox + padding.left, oy + padding.top, []).map((b) => {
    const lines = b.tip.split('\n');
    const at = place(b, lines, width, height);
    const tip = `<span class="tip" style="left:${px(at.left)};top:${px(at.top)}">${lines.map(escapeHtml).join('<br>')}</span>`;
    return `<span class="hit" role="img" aria-label="${escapeHtml(lines.join(' · '))}" style="left:${px(b.x)};top:${px(b.y)};width:${px(b.w)};height:${px(b.h)}">${tip}</span>`;
  });
  // Vega's own accessible names are English sentences ("Y-axis titled …"): the drawing is hidden
  // from screen readers, which read the chart's title and each mark's tooltip instead.
  const drawing = svg.replace(/\s(?:aria-[a-z]+|role)="[^"]*"/g, '').replace(/^<svg/, '<svg aria-hidden="true"');
  const title = typeof spec.title === 'string' ? ` role="figure" aria-label="${escapeHtml(spec.title)}"` : '';
  return `<div class="plot"${title} style="width:${px(width)};height:${px(height)}">${drawing}${hits.join('')}</div>`;
}
