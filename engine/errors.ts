/**
 * Errors thrown by infogpu. Every bad input is an `InvalidInputError` whose `code` is
 * stable (for programs) and whose message names the argument and the fix (for people).
 */

export type InvalidInputCode =
  | 'EMPTY_INPUT'
  | 'SHAPE_MISMATCH'
  | 'ROW_MISMATCH'
  | 'NOT_FINITE'
  | 'TOO_FEW_ROWS'
  | 'BAD_INTEGER'
  | 'BAD_NUMBER'
  | 'UNKNOWN_OPTION'
  | 'UNKNOWN_METHOD'
  | 'ZERO_DISTANCE'
  | 'ESTIMATE_UNDEFINED'
  | 'NOT_LABELS'
  | 'SINGLE_CLASS'
  | 'SERIES_TOO_SHORT'
  | 'NEGATIVE_PROBABILITY'
  | 'TOO_MANY_ROWS'
  | 'NOT_NORMALISED'
  | 'BAD_COUNTS'
  | 'TOO_LARGE'
  | 'DISPOSED'
  | 'BAD_OPTION'
  | 'NO_ADAPTER'
  | 'GPU_INPUT';

/** Bad input to a public call: `code` says what (stable), `argument` which argument or option (as `options.k`), the message how to fix it. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  /** Stable machine-readable reason. */
  readonly code: InvalidInputCode;
  /** The argument (or option, as `options.k`) that was wrong. */
  readonly argument: string;

  constructor(code: InvalidInputCode, argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.code = code;
    this.argument = argument;
  }
}
