/**
 * The public `wasserstein1d(x, y, { p = 1, a, b })` call: the exact p-Wasserstein distance
 * between two weighted 1-D samples α = Σ_i a_i δ_{x_i} and β = Σ_j b_j δ_{y_j},
 *
 *   W_p(α, β) = ( ∫_0^1 |F_α⁻¹(t) − F_β⁻¹(t)|^p dt )^{1/p},
 *
 * F⁻¹ the quantile functions (step functions of the sorted samples), so unequal sizes and
 * weights need no special case. Computed by sorting and one merge of the two cumulative
 * weight sequences: O((n + m) log(n + m)), float64, on the host. With uniform weights the
 * merge runs on integer masses (m per point of x, n per point of y, out of n·m), so the
 * breakpoints are exact. For p = 1 this is ∫ |F_α − F_β| dx, scipy's `wasserstein_distance`;
 * POT's `wasserstein_1d` returns W_p^p. Reference: Santambrogio, "Optimal Transport for
 * Applied Mathematicians" (2015), Prop. 2.17.
 */
import { InvalidInputError } from './errors.js';
import { checkOptionKeys } from './options.js';
import { probabilityWeights } from './probability-weights.js';
import { PROGRESS_OPTIONS, type ProgressOptions } from './progress.js';
import type { WassersteinEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { requireHostValues } from './device-resident-matrix.js';

export interface Wasserstein1dOptions extends ProgressOptions {
  /** Order p ≥ 1 (default 1). */
  p?: number;
  /** Weights of x: ≥ 0, summing to 1 (default uniform). */
  a?: ArrayLike<number>;
  /** Weights of y: ≥ 0, summing to 1 (default uniform). */
  b?: ArrayLike<number>;
}

const WASSERSTEIN_1D_OPTIONS = ['p', 'a', 'b', ...PROGRESS_OPTIONS] as const;

export function wasserstein1d(x: Samples, y: Samples, options: Wasserstein1dOptions = {}): WassersteinEstimate {
  checkOptionKeys(options, WASSERSTEIN_1D_OPTIONS, 'wasserstein1d');
  const p = wassersteinOrder(options.p ?? 1);
  const xs = oneColumn(x, 'x'), ys = oneColumn(y, 'y');
  const a = options.a === undefined ? null : probabilityWeights(options.a, xs.length, 'options.a');
  const b = options.b === undefined ? null : probabilityWeights(options.b, ys.length, 'options.b');
  const power = a || b ? weightedPowerDistance(xs, a, ys, b, p) : uniformPowerDistance(Float64Array.from(xs).sort(), Float64Array.from(ys).sort(), p);
  return { value: power ** (1 / p), method: 'quantile', backend: 'cpu', n: xs.length, m: ys.length, p, warnings: [] };
}

/** Validates an order p ≥ 1. */
export function wassersteinOrder(p: unknown): number {
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 1) {
    throw new InvalidInputError('BAD_NUMBER', 'options.p', `must be a finite number ≥ 1, got ${String(p)}`);
  }
  return p;
}

function oneColumn(samples: Samples, argument: string): Float64Array {
  const m = toHostMatrix(samples, argument);
  requireHostValues([m], 'wasserstein1d sorts the values on the host');
  if (m.cols !== 1) {
    throw new InvalidInputError('SHAPE_MISMATCH', argument, `has ${m.cols} columns; wasserstein1d takes one column (use slicedWasserstein for several)`);
  }
  return m.data;
}

/**
 * W_p^p between uniform measures on two ascending samples: the quantile merge with integer
 * masses m per point of x and n per point of y (total n·m each), divided by n·m at the end.
 */
export function uniformPowerDistance(xs: ArrayLike<number>, ys: ArrayLike<number>, p: number): number {
  const n = xs.length, m = ys.length;
  let i = 0, j = 0, restX = m, restY = n, total = 0;
  while (i < n && j < m) {
    const step = Math.min(restX, restY);
    total += step * Math.abs(xs[i] - ys[j]) ** p;
    restX -= step;
    restY -= step;
    if (restX === 0) {
      i++;
      restX = m;
    }
    if (restY === 0) {
      j++;
      restY = n;
    }
  }
  return total / (n * m);
}

/** W_p^p between weighted samples (null weights: uniform), merged in float64 by ascending value. */
function weightedPowerDistance(xs: Float64Array, a: Float64Array | null, ys: Float64Array, b: Float64Array | null, p: number): number {
  const [sx, wx] = sortedWithWeights(xs, a), [sy, wy] = sortedWithWeights(ys, b);
  let i = 0, j = 0, restX = wx[0], restY = wy[0], total = 0;
  while (i < sx.length && j < sy.length) {
    const step = Math.min(restX, restY);
    total += step * Math.abs(sx[i] - sy[j]) ** p;
    restX -= step;
    restY -= step;
    // The side whose mass ran out (the smaller, exactly 0) moves on; rounding leftovers are dropped at the end.
    if (restX <= restY) restX = wx[++i];
    else restY = wy[++j];
  }
  return total;
}

function sortedWithWeights(values: Float64Array, weights: Float64Array | null): [Float64Array, Float64Array] {
  const order = Array.from(values.keys()).sort((s, t) => values[s] - values[t]);
  const w = weights ?? new Float64Array(values.length).fill(1 / values.length);
  return [Float64Array.from(order, (k) => values[k]), Float64Array.from(order, (k) => w[k])];
}
