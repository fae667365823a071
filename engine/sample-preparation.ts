/**
 * Data preparation shared by the kNN estimators:
 *
 *   jitter: true | s      adds s·max(1, mean|x_c|)·z to every column c (z standard normal
 *                         from the shared generator; true means s = 1e-10, scikit-learn's
 *                         choice), which breaks exact ties between repeated values
 *   preprocess: 'rank-gaussian'
 *                         maps each column through its ranks to normal scores
 *                         Φ⁻¹(r/(n + 1)) (tied values share their mean rank): a strictly
 *                         increasing map of each coordinate, so MI is unchanged, and heavy
 *                         tails no longer dominate the neighbour searches
 *   rowsWithRepeats(m, k) rows that have k or more exact copies elsewhere, whose k-th
 *                         neighbour distance is therefore 0
 */
import { InvalidInputError } from './errors.js';
import type { HostMatrix } from './host-matrix.js';
import { JITTER_STREAM } from './inference.js';
import { normalQuantile } from './normal-quantile.js';
import { CounterRandom } from './random.js';
import { requireHostValues } from './device-resident-matrix.js';

export interface PreparationOptions {
  /** Seeded noise to break ties: true (1e-10, as scikit-learn) or a relative scale. */
  jitter?: boolean | number;
  /** 'rank-gaussian': normal scores of each column's ranks. */
  preprocess?: 'rank-gaussian';
}

export const PREPARATION_OPTIONS = ['jitter', 'preprocess'] as const;

export interface ParsedPreparation {
  readonly jitter: number;
  readonly rankGaussian: boolean;
}

export function parsePreparation(options: PreparationOptions): ParsedPreparation {
  const j = options.jitter;
  const jitter = j === undefined || j === false ? 0 : j === true ? 1e-10 : j;
  if (typeof jitter !== 'number' || !Number.isFinite(jitter) || jitter < 0) {
    throw new InvalidInputError('BAD_NUMBER', 'options.jitter', `must be true, false or a relative scale ≥ 0, got ${String(j)}`);
  }
  if (options.preprocess !== undefined && options.preprocess !== 'rank-gaussian') {
    throw new InvalidInputError('UNKNOWN_OPTION', 'options.preprocess', `must be 'rank-gaussian', got ${JSON.stringify(options.preprocess)}`);
  }
  return { jitter, rankGaussian: options.preprocess === 'rank-gaussian' };
}

/** Applies jitter (stream JITTER_STREAM + `variable`) then the rank-Gaussian map. */
export function prepare(m: HostMatrix, parsed: ParsedPreparation, seed: number, variable: number): HostMatrix {
  let out = m;
  if (parsed.jitter > 0) out = jittered(out, parsed.jitter, seed, variable);
  if (parsed.rankGaussian) out = normalScores(out);
  return out;
}

function jittered(m: HostMatrix, scale: number, seed: number, variable: number): HostMatrix {
  requireHostValues([m], 'jitter scales its noise by each column\'s mean |value| on the host');
  const { rows, cols, data } = m;
  const r = new CounterRandom(seed, JITTER_STREAM + variable);
  const out = Float64Array.from(data);
  for (let c = 0; c < cols; c++) {
    let meanAbs = 0;
    for (let i = 0; i < rows; i++) meanAbs += Math.abs(data[i * cols + c]);
    const s = scale * Math.max(1, meanAbs / rows);
    for (let i = 0; i < rows; i++) out[i * cols + c] += s * r.normal(i * cols + c);
  }
  return { rows, cols, data: out };
}

/** Each column's normal scores Φ⁻¹(r/(n + 1)), ties sharing their mean rank r. */
export function normalScores(m: HostMatrix): HostMatrix {
  requireHostValues([m], 'normal scores (preprocess: \'rank-gaussian\', the copula methods) rank each column on the host');
  const { rows, cols, data } = m;
  const out = new Float64Array(rows * cols);
  const order = new Int32Array(rows);
  for (let c = 0; c < cols; c++) {
    for (let i = 0; i < rows; i++) order[i] = i;
    order.sort((a, b) => data[a * cols + c] - data[b * cols + c]);
    for (let start = 0; start < rows; ) {
      let end = start + 1;
      while (end < rows && data[order[end] * cols + c] === data[order[start] * cols + c]) end++;
      const score = normalQuantile((start + end + 1) / 2 / (rows + 1)); // mean 1-based rank of the tie group
      for (let t = start; t < end; t++) out[order[t] * cols + c] = score;
      start = end;
    }
  }
  return { rows, cols, data: out };
}

/**
 * Number of rows with at least k exact copies among the other rows: the rows sorted
 * lexicographically (numbers compared, no string keys), then the runs of equal rows counted.
 */
export function rowsWithRepeats(m: HostMatrix, k: number): number {
  const { rows, cols, data } = m;
  const compare = (a: number, b: number): number => {
    for (let c = 0; c < cols; c++) {
      const d = data[a * cols + c] - data[b * cols + c];
      if (d !== 0) return d;
    }
    return 0;
  };
  const order = Int32Array.from({ length: rows }, (_, i) => i).sort(compare);
  let count = 0;
  for (let start = 0; start < rows; ) {
    let end = start + 1;
    while (end < rows && compare(order[start], order[end]) === 0) end++;
    if (end - start - 1 >= k) count += end - start;
    start = end;
  }
  return count;
}
