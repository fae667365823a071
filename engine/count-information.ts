/**
 * The public calls on counts, computed on the host in float64 (they are O(K)):
 *   entropyFromCounts(counts, { method = 'plugin', base })
 *   informationFromTable(table, { method = 'plugin', base }) — a contingency table
 *   n_xy (rows x, columns y): H(X), H(Y), H(X,Y) by the chosen entropy estimator, and
 *   I(X;Y) = H(X) + H(Y) − H(X,Y), H(X|Y) = H(X,Y) − H(Y), H(Y|X) = H(X,Y) − H(X).
 */
import { COUNT_ENTROPY_METHODS, entropyOfCounts, type CountEntropyMethod } from './entropy-from-counts.js';
import { InvalidInputError } from './errors.js';
import { checkOptionKeys, logBase, oneOf } from './options.js';
import { PROGRESS_OPTIONS, type ProgressOptions } from './progress.js';
import type { InformationUnit } from './results.js';

export interface CountEntropyOptions extends ProgressOptions {
  /** Default 'plugin'. */
  method?: CountEntropyMethod;
  /** 2 for bits; nats by default. */
  base?: number;
}

export interface CountEntropyEstimate {
  readonly value: number;
  readonly unit: InformationUnit;
  readonly method: CountEntropyMethod;
  /** Computed on the host. */
  readonly backend: 'cpu';
  /** Total count N. */
  readonly n: number;
  /** Bins K (zeros included). */
  readonly bins: number;
}

export interface TableInformation {
  /** I(X;Y) = H(X) + H(Y) − H(X,Y). */
  readonly value: number;
  readonly entropyX: number;
  readonly entropyY: number;
  readonly jointEntropy: number;
  /** H(X|Y) = H(X,Y) − H(Y). */
  readonly conditionalEntropyXGivenY: number;
  /** H(Y|X) = H(X,Y) − H(X). */
  readonly conditionalEntropyYGivenX: number;
  readonly unit: InformationUnit;
  readonly method: CountEntropyMethod;
  readonly backend: 'cpu';
  readonly n: number;
}

const COUNT_OPTIONS = ['method', 'base', ...PROGRESS_OPTIONS] as const;

export function entropyFromCounts(counts: readonly number[] | ArrayLike<number>, options: CountEntropyOptions = {}): CountEntropyEstimate {
  checkOptionKeys(options, COUNT_OPTIONS, 'entropyFromCounts');
  const method = oneOf(options.method ?? 'plugin', COUNT_ENTROPY_METHODS, 'method', 'UNKNOWN_METHOD');
  const { unit, scale } = logBase(options.base);
  const c = checkedCounts(counts, 'counts');
  if (method === 'nsb' && c.length < 2) throw new InvalidInputError('BAD_COUNTS', 'counts', "'nsb' needs an alphabet of at least 2 bins (zeros count as bins)");
  const n = c.reduce((s, v) => s + v, 0);
  return { value: scale * entropyOfCounts(c, method), unit, method, backend: 'cpu', n, bins: c.length };
}

export function informationFromTable(table: readonly (readonly number[])[], options: CountEntropyOptions = {}): TableInformation {
  checkOptionKeys(options, COUNT_OPTIONS, 'informationFromTable');
  const method = oneOf(options.method ?? 'plugin', COUNT_ENTROPY_METHODS, 'method', 'UNKNOWN_METHOD');
  const { unit, scale } = logBase(options.base);
  if (!Array.isArray(table) || table.length === 0 || !Array.isArray(table[0]) || table[0].length === 0) {
    throw new InvalidInputError('SHAPE_MISMATCH', 'table', 'pass a non-empty array of rows of counts (rows: x, columns: y)');
  }
  const cols = table[0].length;
  table.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== cols) throw new InvalidInputError('SHAPE_MISMATCH', 'table', `row ${i} has ${Array.isArray(row) ? row.length : 'no'} columns but row 0 has ${cols}`);
  });
  const joint = checkedCounts(table.flat(), 'table');
  const rowSums = table.map((row) => row.reduce((s: number, v: number) => s + v, 0));
  const colSums = Array.from({ length: cols }, (_, j) => table.reduce((s, row) => s + row[j], 0));
  const h = (c: readonly number[]) => scale * entropyOfCounts(c, method);
  const hx = h(rowSums), hy = h(colSums), hxy = h(joint);
  const n = joint.reduce((s, v) => s + v, 0);
  return {
    value: hx + hy - hxy,
    entropyX: hx,
    entropyY: hy,
    jointEntropy: hxy,
    conditionalEntropyXGivenY: hxy - hy,
    conditionalEntropyYGivenX: hxy - hx,
    unit,
    method,
    backend: 'cpu',
    n,
  };
}

function checkedCounts(counts: readonly number[] | ArrayLike<number>, argument: string): number[] {
  const c = Array.from(counts as ArrayLike<number>);
  if (c.length === 0) throw new InvalidInputError('EMPTY_INPUT', argument, 'no bins; pass at least one count');
  c.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new InvalidInputError('BAD_COUNTS', argument, `entry ${i} is ${String(v)}; counts must be non-negative integers`);
    }
  });
  if (c.every((v) => v === 0)) throw new InvalidInputError('BAD_COUNTS', argument, 'all counts are 0; there is nothing to estimate from');
  return c;
}
