/** Diagnostics as data: a stable code, a message, where, and what would help. */
import { location, type Span } from './source.js';

export type Severity = 'error' | 'warning';

export interface Related {
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  /** Stable identifier such as `E-TYPE-MISMATCH`; tests and users rely on it. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span?: Span;
  /** Where, when there is no file position: a household and field path, say. */
  readonly at?: string;
  readonly help?: string;
  readonly related?: readonly Related[];
}

export function error(code: string, message: string, span?: Span, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { code, severity: 'error', message, ...(span ? { span } : {}), ...extra };
}

export function warning(code: string, message: string, span?: Span, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { code, severity: 'warning', message, ...(span ? { span } : {}), ...extra };
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** The diagnostic as plain data, for `--json` output. */
export function toJson(d: Diagnostic): Record<string, unknown> {
  const out: Record<string, unknown> = { code: d.code, severity: d.severity, message: d.message };
  if (d.span) {
    const { line, column } = d.span.source.position(d.span.start);
    out.file = d.span.source.path;
    out.line = line;
    out.column = column;
    out.location = location(d.span);
  }
  if (d.at) out.at = d.at;
  if (d.help) out.help = d.help;
  if (d.related?.length) out.related = d.related.map((r) => ({ location: location(r.span), message: r.message }));
  return out;
}
