/** Errors found while evaluating: located at the expression that failed. */
import { error, type Diagnostic, type Span } from '../diag/index.js';

export class EvalError extends Error {
  /** For E-EVAL-UNSET: the parameter whose value is not set. */
  parameter?: string;

  constructor(
    readonly code: string,
    message: string,
    readonly span?: Span,
    readonly help?: string,
  ) {
    super(message);
    this.name = 'EvalError';
  }

  toDiagnostic(at?: string): Diagnostic {
    return error(this.code, this.message, this.span, { ...(at ? { at } : {}), ...(this.help ? { help: this.help } : {}) });
  }
}
