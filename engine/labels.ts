/**
 * Integer labels (class ids, discrete variables) for the discrete and mixed estimators:
 * one column of integers, mapped to dense codes 0 … classes − 1 in order of appearance.
 */
import { InvalidInputError } from './errors.js';
import { toHostMatrix, type Samples } from './samples.js';
import { requireHostValues } from './device-resident-matrix.js';

export interface Labels {
  /** Dense code of each row. */
  readonly codes: Int32Array;
  /** Rows per code. */
  readonly counts: Int32Array;
}

export function toLabels(samples: Samples, argument: string): Labels {
  const m = toHostMatrix(samples, argument);
  requireHostValues([m], 'labels are grouped into classes on the host');
  if (m.cols !== 1) throw new InvalidInputError('SHAPE_MISMATCH', argument, `labels must be one column, got ${m.cols}`);
  const codeOf = new Map<number, number>();
  const codes = new Int32Array(m.rows);
  const counts: number[] = [];
  for (let i = 0; i < m.rows; i++) {
    const v = m.data[i];
    if (!Number.isInteger(v)) {
      throw new InvalidInputError('NOT_LABELS', argument, `row ${i} is ${v}, not an integer label; pass integer class ids (or use a continuous estimator)`);
    }
    let c = codeOf.get(v);
    if (c === undefined) {
      c = counts.length;
      codeOf.set(v, c);
      counts.push(0);
    }
    codes[i] = c;
    counts[c]++;
  }
  return { codes, counts: Int32Array.from(counts) };
}

/** The labels of the given rows (a subsample, or a permutation), re-coded densely. */
export function selectLabels(labels: Labels, rows: ArrayLike<number>): Labels {
  const codeOf = new Map<number, number>();
  const codes = new Int32Array(rows.length);
  const counts: number[] = [];
  for (let t = 0; t < rows.length; t++) {
    const original = labels.codes[rows[t]];
    let c = codeOf.get(original);
    if (c === undefined) {
      c = counts.length;
      codeOf.set(original, c);
      counts.push(0);
    }
    codes[t] = c;
    counts[c]++;
  }
  return { codes, counts: Int32Array.from(counts) };
}

export function requireTwoClasses(labels: Labels, argument: string): void {
  if (labels.counts.length < 2) {
    throw new InvalidInputError('SINGLE_CLASS', argument, 'has a single class, so it carries no information; pass labels with at least two classes');
  }
}
