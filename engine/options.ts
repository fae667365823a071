/**
 * Option validation shared by every public call: unknown keys, positive integers,
 * enumerations. Errors name the option as `options.<key>`.
 */
import { InvalidInputError } from './errors.js';

/** Throws on any key of `options` not in `allowed` (catches typos such as `{ K: 3 }`). */
export function checkOptionKeys(options: object, allowed: readonly string[], call: string): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new InvalidInputError('UNKNOWN_OPTION', `options.${key}`, `${call} has no option '${key}'; known options: ${allowed.join(', ')}`);
    }
  }
}

export function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidInputError('BAD_INTEGER', `options.${name}`, `must be a positive integer, got ${String(value)}`);
  }
  return value;
}

export function nonNegativeInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError('BAD_INTEGER', `options.${name}`, `must be an integer ≥ 0, got ${String(value)}`);
  }
  return value;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, code: 'UNKNOWN_METHOD' | 'UNKNOWN_OPTION' = 'UNKNOWN_OPTION'): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidInputError(code, `options.${name}`, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

export function logBase(value: unknown): { unit: 'nats' | 'bits'; scale: number } {
  if (value === undefined || value === Math.E) return { unit: 'nats', scale: 1 };
  if (value === 2) return { unit: 'bits', scale: 1 / Math.LN2 };
  throw new InvalidInputError('BAD_NUMBER', 'options.base', `must be 2 (bits) or omitted/Math.E (nats), got ${String(value)}`);
}

/** The order α of a Rényi/Tsallis quantity: finite, > 0, and ≠ 1 when `notOne` says what to use instead. */
export function alphaOrder(value: unknown, notOne: string | undefined): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidInputError('BAD_NUMBER', 'options.alpha', `must be a finite number > 0, got ${String(value)}`);
  }
  if (notOne !== undefined && value === 1) {
    throw new InvalidInputError('BAD_NUMBER', 'options.alpha', `α = 1 is undefined here; ${notOne}`);
  }
  return value;
}
