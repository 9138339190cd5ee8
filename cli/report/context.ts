/**
 * What a report says of the run that made it, so that it explains itself when it is passed on:
 * the command as run, the population file, the policy (its document, title and a fingerprint of
 * its files), the scenarios, Fuzhu's version, the time and the range of the run.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { escapeHtml, type Label, type Lang, type Policy } from '../../src/index.js';
import { grouped, REPORT } from '../../src/messages/index.js';
import { fuzhuVersion } from '../../src/policy/root.js';
import { shellCommand } from '../shell.js';

/** The run as the command knows it; the rest comes from the policy and the result. */
export interface RunContext {
  /** The arguments after `fuzhu`, as given (`simulate --population …`). */
  readonly argv: readonly string[];
  readonly population: string;
  readonly scenarios: readonly { readonly id: string; readonly title: Label; readonly path: string }[];
  readonly started: Date;
}

/** What the population gave: records read and records rejected. */
export interface PopulationCount {
  readonly records: number;
  readonly rejected: number;
}

/** A time as ISO 8601 in the machine's time zone, with its offset: `2026-12-01T15:09:00+08:00`. */
export function isoWithZone(d: Date): string {
  const offset = -d.getTimezoneOffset();
  const local = new Date(d.getTime() + offset * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The SHA-256 of the policy's files (each file's name and text, by name): the same for the same
 * rules wherever the folder lies, and different when any file differs.
 */
export function policyFingerprint(policy: Policy): string {
  const hash = createHash('sha256');
  const files = policy.sources.map((s) => [basename(s.path), s.text] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, text] of files) hash.update(`${name}\0${text.length}\0`).update(text);
  return hash.digest('hex');
}

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

/** The section of the run: a table of what, with paths, ids and the command as code. */
export function contextHtml(ctx: RunContext, policy: Policy, count: PopulationCount, range: { label: string; text: string }, lang: Lang): string {
  const w = REPORT[lang];
  const scenarios = ctx.scenarios.length
    ? `<ul>${ctx.scenarios.map((s) => `<li>${code(s.id)} ${escapeHtml(s.title[lang])} · ${code(s.path)}</li>`).join('')}</ul>`
    : escapeHtml(w.noScenario);
  const rows: [string, string][] = [
    [w.command, code(shellCommand(['fuzhu', ...ctx.argv]))],
    [w.population, `${code(ctx.population)} · ${escapeHtml(w.records(grouped(String(count.records)), grouped(String(count.rejected))))}`],
    [w.policy, `${code(policy.meta.id)} · ${escapeHtml(policy.meta.document)} ${escapeHtml(policy.meta.title[lang])} · ${code(policy.dir)}`],
    [w.fingerprint, code(policyFingerprint(policy))],
    [w.scenarios, scenarios],
    [range.label, escapeHtml(range.text)],
    [w.fuzhu, code(`fuzhu ${fuzhuVersion()}`)],
    [w.time, `<time datetime="${isoWithZone(ctx.started)}">${escapeHtml(isoWithZone(ctx.started))}</time>`],
  ];
  return `<table class="context"><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${v}</td></tr>`).join('')}</tbody></table>`;
}
