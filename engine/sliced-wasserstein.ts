/**
 * The public `slicedWasserstein(x, y, { projections = 50, p = 2, seed = 0, directions })`
 * call: the Monte-Carlo sliced p-Wasserstein distance between the uniform measures on the
 * rows of x (n × d) and y (m × d),
 *
 *   SW_p(α, β) = ( (1/P) Σ_{k=1..P} W_p^p(θ_k·α, θ_k·β) )^{1/p},
 *
 * θ_k·α the 1-D sample of projections ⟨θ_k, x_i⟩, each W_p^p exact by sorting
 * (wasserstein-1d.ts). Directions θ_k are uniform on the unit sphere S^{d−1}: normalised
 * standard normal vectors from the shared counter-based generator (CounterRandom(seed,
 * SLICE_STREAM), draw k·d + c), or the caller's own `directions` (P × d rows, normalised
 * here). Host float64, O(P·(n + m)·(d + log(n + m))). POT's `sliced_wasserstein_distance`
 * computes the same (mean of W_p^p, then the 1/p power), with its own random directions;
 * given the same directions (its `projections`, d × P) the two agree to rounding.
 * Reference: Bonneel, Rabin, Peyré & Pfister, "Sliced and Radon Wasserstein barycenters
 * of measures", JMIV 51 (2015).
 */
import { InvalidInputError } from './errors.js';
import type { HostMatrix } from './host-matrix.js';
import { checkOptionKeys, positiveInteger } from './options.js';
import { PROGRESS_OPTIONS, type ProgressOptions } from './progress.js';
import { CounterRandom } from './random.js';
import type { SlicedWassersteinEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { uniformPowerDistance, wassersteinOrder } from './wasserstein-1d.js';
import { requireHostValues } from './device-resident-matrix.js';

export interface SlicedWassersteinOptions extends ProgressOptions {
  /** Number P of random directions (default 50, as POT). Ignored when `directions` is given. */
  projections?: number;
  /** Order p ≥ 1 (default 2, as POT). */
  p?: number;
  /** Seed of the random directions (default 0). */
  seed?: number;
  /** The directions themselves, P × d rows (each normalised to unit length); replaces the random ones. */
  directions?: Samples;
}

const SLICED_OPTIONS = ['projections', 'p', 'seed', 'directions', ...PROGRESS_OPTIONS] as const;
/** Random stream of the slicing directions. */
export const SLICE_STREAM = 0x40000;

export function slicedWasserstein(x: Samples, y: Samples, options: SlicedWassersteinOptions = {}): SlicedWassersteinEstimate {
  checkOptionKeys(options, SLICED_OPTIONS, 'slicedWasserstein');
  const p = wassersteinOrder(options.p ?? 2);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new InvalidInputError('BAD_INTEGER', 'options.seed', `must be an integer in [0, 2³²), got ${String(seed)}`);
  }
  const xm = toHostMatrix(x, 'x'), ym = toHostMatrix(y, 'y');
  requireHostValues([xm, ym], 'slicedWasserstein projects and sorts the values on the host');
  if (xm.cols !== ym.cols) {
    throw new InvalidInputError('SHAPE_MISMATCH', 'y', `has ${ym.cols} columns but x has ${xm.cols}; both samples must live in the same space`);
  }
  const d = xm.cols;
  const directions = options.directions === undefined ? randomDirections(positiveInteger(options.projections ?? 50, 'projections'), d, seed) : givenDirections(options.directions, d);
  const count = directions.length / d;
  const px = new Float64Array(xm.rows), py = new Float64Array(ym.rows);
  let total = 0;
  for (let k = 0; k < count; k++) {
    project(xm, directions, k, px);
    project(ym, directions, k, py);
    total += uniformPowerDistance(px.sort(), py.sort(), p);
  }
  return { value: (total / count) ** (1 / p), method: 'sliced', backend: 'cpu', n: xm.rows, m: ym.rows, p, projections: count, seed, warnings: [] };
}

/** P unit directions in R^d, row-major (P × d): normalised standard normal draws. */
export function randomDirections(count: number, d: number, seed: number): Float64Array {
  const random = new CounterRandom(seed, SLICE_STREAM);
  const out = new Float64Array(count * d);
  for (let k = 0; k < count; k++) {
    // A zero-length draw has probability 0 but would divide by 0: draw again further down the stream.
    for (let attempt = 0; ; attempt++) {
      let norm = 0;
      for (let c = 0; c < d; c++) {
        const v = random.normal((attempt * count + k) * d + c);
        out[k * d + c] = v;
        norm += v * v;
      }
      if (norm > 0) {
        normalise(out, k, d, Math.sqrt(norm));
        break;
      }
    }
  }
  return out;
}

function givenDirections(samples: Samples, d: number): Float64Array {
  const m = toHostMatrix(samples, 'options.directions');
  if (m.cols !== d) throw new InvalidInputError('SHAPE_MISMATCH', 'options.directions', `has ${m.cols} columns for samples of ${d}; give one direction per row`);
  const out = Float64Array.from(m.data.subarray(0, m.rows * d));
  for (let k = 0; k < m.rows; k++) {
    let norm = 0;
    for (let c = 0; c < d; c++) norm += out[k * d + c] ** 2;
    if (!(norm > 0)) throw new InvalidInputError('BAD_NUMBER', 'options.directions', `direction ${k} is zero; every direction needs a non-zero length`);
    normalise(out, k, d, Math.sqrt(norm));
  }
  return out;
}

function normalise(rows: Float64Array, k: number, d: number, norm: number): void {
  for (let c = 0; c < d; c++) rows[k * d + c] /= norm;
}

/** out_i = ⟨θ_k, row i⟩. */
function project(m: HostMatrix, directions: Float64Array, k: number, out: Float64Array): void {
  const { rows, cols, data } = m;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += data[i * cols + c] * directions[k * cols + c];
    out[i] = s;
  }
}
