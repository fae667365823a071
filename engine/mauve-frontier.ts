/**
 * MAUVE from two histograms over the same bins (Pillutla et al., "MAUVE: Measuring the Gap
 * Between Neural Text and Human Text using Divergence Frontiers", NeurIPS 2021; and the
 * JMLR 2023 version for MAUVE* and the frontier integral), computed exactly as mauve-text:
 *
 *   λ_t = linspace(1e-6, 1 − 1e-6, points)   (t = 0 … points−1; the last is 1 − 1e-6 exactly)
 *   r_t = λ_t·p + (1 − λ_t)·q
 *   frontier: (1, 0), then (e^{−c·KL(q‖r_t)}, e^{−c·KL(p‖r_t)}) for each t, then (0, 1)
 *             (the two extreme points are KL pairs (0, ∞) and (∞, 0)); c = `scaling`
 *   KL(a‖b) = Σ_{a_i > 0} a_i·log(a_i/b_i)   (never infinite here: r_t > 0 wherever p or q is)
 *   MAUVE = ½·(A_x + A_y): A_x the trapezoid area of y over x with the points sorted by x,
 *           A_y the area of x over y sorted by y
 *   frontier integral FI = 2·Σ_i f(p_i, q_i), f = q/4 if p = 0, p/4 if q = 0,
 *           0 if |p − q| ≤ 1e-8, else (p + q)/4 − ½·p·q·(log p − log q)/(p − q)
 *
 * Ties in the sort: the frontier is monotone (x falls and y rises with λ), so points with
 * equal x are ordered by descending y and points with equal y by descending x — the
 * order along the curve. Exact ties need p = q (every KL is 0) or an e^{−c·KL} that
 * rounds to exactly 0 or 1; there mauve-text's order (numpy's unstable argsort) is
 * arbitrary, and for p = q it gives the same MAUVE = 1 as this rule (numpy 1.24).
 */
import { InvalidInputError } from './errors.js';
import { checkOptionKeys, positiveInteger } from './options.js';
import type { MauveFrontier, MauveFrontierResult } from './results.js';

export interface MauveFrontierOptions {
  /** c in e^{−c·KL}, default 5 (mauve-text's `mauve_scaling_factor`). */
  scaling?: number;
  /** Interior points of the frontier, default 25 (`divergence_curve_discretization_size`). */
  points?: number;
}

const FRONTIER_OPTIONS = ['scaling', 'points'] as const;

/** mauve-text's λ grid endpoints. */
const MIXTURE_EDGE = 1e-6;

/**
 * MAUVE of two histograms over the same bins (counts or probabilities: each is divided by
 * its sum). Formula: ½·(area under the divergence frontier with either axis as abscissa),
 * frontier points (e^{−c·KL(q‖r)}, e^{−c·KL(p‖r)}), r = λp + (1 − λ)q on mauve-text's λ grid
 * plus the extreme points (1, 0) and (0, 1); see this file's header for every detail.
 *
 * @param pHist  non-negative, finite, not all zero
 * @param qHist  same length as pHist
 * @param options.scaling  c > 0, default 5
 * @param options.points   number of λ values, default 25
 * @returns `{ value, frontierIntegral, frontier: { x, y } }` (frontier has points + 2 entries)
 * Reference: Pillutla et al., NeurIPS 2021; mauve-text `compute_mauve` (github.com/krishnap25/mauve).
 */
export function mauveFromHistograms(pHist: ArrayLike<number>, qHist: ArrayLike<number>, options: MauveFrontierOptions = {}): MauveFrontierResult {
  checkOptionKeys(options, FRONTIER_OPTIONS, 'mauveFromHistograms');
  const { scaling, points } = parseFrontierOptions(options);
  const p = probabilities(pHist, 'pHist');
  const q = probabilities(qHist, 'qHist');
  if (p.length !== q.length) {
    throw new InvalidInputError('SHAPE_MISMATCH', 'qHist', `has ${q.length} bins but pHist has ${p.length}; both histograms must count the same bins`);
  }
  return mauveOfDistributions(p, q, scaling, points);
}

export function parseFrontierOptions(options: MauveFrontierOptions): { scaling: number; points: number } {
  const scaling = options.scaling ?? 5;
  if (typeof scaling !== 'number' || !Number.isFinite(scaling) || scaling <= 0) {
    throw new InvalidInputError('BAD_NUMBER', 'options.scaling', `must be a finite number > 0, got ${String(scaling)}`);
  }
  return { scaling, points: positiveInteger(options.points ?? 25, 'points') };
}

/** MAUVE, frontier integral and frontier of two probability vectors (already validated). */
export function mauveOfDistributions(p: Float64Array, q: Float64Array, scaling: number, points: number): MauveFrontierResult {
  const frontier = divergenceFrontier(p, q, scaling, points);
  const value = 0.5 * (areaSortedBy(frontier.x, frontier.y) + areaSortedBy(frontier.y, frontier.x));
  return { value, frontierIntegral: frontierIntegral(p, q), frontier };
}

/** numpy's linspace(start, stop, count): start + t·step, the last value exactly stop. */
function linspace(start: number, stop: number, count: number): Float64Array {
  const out = new Float64Array(count);
  const step = (stop - start) / (count - 1);
  for (let t = 0; t < count; t++) out[t] = t * step + start;
  if (count > 1) out[count - 1] = stop;
  return out;
}

function divergenceFrontier(p: Float64Array, q: Float64Array, scaling: number, points: number): MauveFrontier {
  const lambdas = linspace(MIXTURE_EDGE, 1 - MIXTURE_EDGE, points);
  const x = new Float64Array(points + 2);
  const y = new Float64Array(points + 2);
  x[0] = 1;
  const r = new Float64Array(p.length);
  lambdas.forEach((lambda, t) => {
    for (let i = 0; i < p.length; i++) r[i] = lambda * p[i] + (1 - lambda) * q[i];
    x[t + 1] = Math.exp(-scaling * kl(q, r));
    y[t + 1] = Math.exp(-scaling * kl(p, r));
  });
  y[points + 1] = 1;
  return { x, y };
}

/** KL(a‖b) over the bins where both are non-zero (b > 0 wherever a > 0 for mixtures r). */
function kl(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== 0 && b[i] !== 0) s += a[i] * Math.log(a[i] / b[i]);
  return s;
}

/** Trapezoid area of v over u with the points sorted by u ascending (ties: v descending). */
function areaSortedBy(u: Float64Array, v: Float64Array): number {
  const order = Array.from(u, (_, i) => i).sort((i, j) => u[i] - u[j] || v[j] - v[i]);
  let area = 0;
  for (let t = 1; t < order.length; t++) {
    const a = order[t - 1], b = order[t];
    area += ((u[b] - u[a]) * (v[a] + v[b])) / 2;
  }
  return area;
}

/** mauve-text's frontier integral: 2·Σ_i f(p_i, q_i) (header), 0 for p = q, ½ for disjoint supports. */
function frontierIntegral(p: Float64Array, q: Float64Array): number {
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i], b = q[i];
    if (a === 0 && b === 0) continue;
    if (a === 0) total += b / 4;
    else if (b === 0) total += a / 4;
    else if (Math.abs(a - b) > 1e-8) total += 0.25 * (a + b) - (0.5 * a * b * (Math.log(a) - Math.log(b))) / (a - b);
  }
  return 2 * total;
}

/** Validates a histogram (finite, ≥ 0, positive sum) and divides it by its sum. */
function probabilities(hist: ArrayLike<number>, argument: string): Float64Array {
  if (hist === null || typeof hist !== 'object' || typeof hist.length !== 'number' || hist.length === 0) {
    throw new InvalidInputError('EMPTY_INPUT', argument, 'expected a non-empty array of bin counts or probabilities');
  }
  let sum = 0;
  for (let i = 0; i < hist.length; i++) {
    const v = hist[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidInputError('NOT_FINITE', argument, `bin ${i} is ${String(v)}; every bin must be a finite number`);
    if (v < 0) throw new InvalidInputError('NEGATIVE_PROBABILITY', argument, `bin ${i} is ${v}; counts and probabilities must be ≥ 0`);
    sum += v;
  }
  if (!(sum > 0)) throw new InvalidInputError('BAD_COUNTS', argument, 'every bin is 0; a histogram needs a positive total');
  return Float64Array.from(hist, (v) => v / sum);
}
