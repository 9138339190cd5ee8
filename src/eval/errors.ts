/** Errors found while evaluating: located at the expression that failed. */
import { error, type Diagnostic, type Span } from '../diag/index.js';
import { printExpr } from '../dsl/print.js';
import type { Binary, ParamRef } from '../dsl/index.js';
import { ParameterUnavailable, ParameterUnset } from '../policy/parameters.js';

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

/** A parameter that cannot be read on a date, as the evaluation error that says why. */
export function parameterError(err: unknown, e: ParamRef): unknown {
  if (err instanceof ParameterUnavailable) return new EvalError('E-EVAL-PARAM-UNDATED', err.message, e.idSpan, 'give the parameter a value from that date, or evaluate a later period');
  if (err instanceof ParameterUnset) {
    const unset = new EvalError('E-EVAL-UNSET', err.message, e.span, 'set it in parameters.yaml or with a scenario');
    unset.parameter = err.parameter.id;
    return unset;
  }
  return err;
}

export function divisionByZero(e: Binary): EvalError {
  return new EvalError('E-EVAL-DIV-ZERO', `division by zero in ${printExpr(e)}`, e.right.span);
}

/** Whole-number arithmetic beyond 2^53, as the error that says so (other errors unchanged). */
export function overflowError(err: unknown, e: Binary): unknown {
  return err instanceof RangeError ? new EvalError('E-EVAL-OVERFLOW', err.message, e.span, 'whole numbers are exact up to 9007199254740991; use decimals beyond') : err;
}
