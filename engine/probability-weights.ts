/**
 * Weights of a discrete measure Σ_i a_i δ_{x_i} (optimal transport inputs): non-negative,
 * finite, one per row, summing to 1 within WEIGHT_SUM_TOLERANCE; they are then divided by
 * their float64 sum so that they sum to 1 to rounding. Omitted: uniform, a_i = 1/n.
 */
import { InvalidInputError } from './errors.js';

export const WEIGHT_SUM_TOLERANCE = 1e-6;
/**
 * log a_i used for a zero weight: finite in f32 (whose largest value is 3.4e38), and so far
 * below any log-weight plus potential that e^{log a_i + …} is exactly 0 in every sum.
 */
export const LOG_ZERO_WEIGHT = -1e30;

export function probabilityWeights(weights: ArrayLike<number> | undefined, rows: number, argument: string): Float64Array {
  if (weights === undefined) return new Float64Array(rows).fill(1 / rows);
  if (weights === null || typeof weights.length !== 'number') {
    throw new InvalidInputError('SHAPE_MISMATCH', argument, 'must be an array of weights, one per row');
  }
  if (weights.length !== rows) {
    throw new InvalidInputError('SHAPE_MISMATCH', argument, `has ${weights.length} weights for ${rows} rows; give one weight per row`);
  }
  const out = new Float64Array(rows);
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const w = weights[i];
    if (typeof w !== 'number' || !Number.isFinite(w)) throw new InvalidInputError('NOT_FINITE', argument, `weight ${i} is ${String(w)}; weights must be finite numbers`);
    if (w < 0) throw new InvalidInputError('NEGATIVE_PROBABILITY', argument, `weight ${i} is ${w}; weights must be ≥ 0`);
    out[i] = w;
    sum += w;
  }
  if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE)) {
    throw new InvalidInputError('NOT_NORMALISED', argument, `weights sum to ${sum}, not 1; divide them by their sum`);
  }
  for (let i = 0; i < rows; i++) out[i] /= sum;
  return out;
}

/** log a_i, with LOG_ZERO_WEIGHT for a zero weight. */
export function logWeights(weights: Float64Array): Float64Array {
  return weights.map((w) => (w > 0 ? Math.log(w) : LOG_ZERO_WEIGHT));
}
