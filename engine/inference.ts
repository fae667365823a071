/**
 * Honest numbers around an estimate (options shared by the dependence and two-sample calls):
 *
 *   permutations: P, seed   pValue = (1 + #{null ≥ observed}) / (1 + P), each null value the
 *                           estimator on data with the dependence destroyed by the p-th
 *                           seeded permutation (engine/random-permutation.ts, stream p), so
 *                           the same seed gives the same pValue on every backend
 *   interval: { level, subsamples, fraction }
 *                           subsampling confidence interval (Politis & Romano 1994): S
 *                           subsamples of b = ⌊fraction·n⌋ rows drawn without replacement
 *                           (never with: repeated rows make kNN radii zero), T_s = √b(θ_s − θ̂),
 *                           interval [θ̂ − q_{1−a/2}(T)/√n, θ̂ − q_{a/2}(T)/√n], a = 1 − level
 */
import { InvalidInputError } from './errors.js';
import { FeistelPermutation } from './random-permutation.js';
import { positiveInteger } from './options.js';
import { PROGRESS_OPTIONS, type ProgressOptions } from './progress.js';

export interface IntervalOptions {
  /** Coverage, default 0.95. */
  level?: number;
  /** Number of subsamples, default 100. */
  subsamples?: number;
  /** Subsample size as a fraction of n, default 0.5. */
  fraction?: number;
}

export interface InferenceOptions extends ProgressOptions {
  /** Permutations for a p-value (0 or absent: none). */
  permutations?: number;
  /** Seed of every random draw (permutations, subsamples, jitter), default 0. */
  seed?: number;
  /** A subsampling confidence interval. */
  interval?: IntervalOptions;
}

export interface ConfidenceInterval {
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
}

export interface Inference {
  /** (1 + #{null ≥ observed}) / (1 + P); null when no permutations were asked for. */
  readonly pValue: number | null;
  /** null when no interval was asked for. */
  readonly interval: ConfidenceInterval | null;
}

export const INFERENCE_OPTIONS = ['permutations', 'seed', 'interval', ...PROGRESS_OPTIONS] as const;

/**
 * Random streams: permutation p uses PERMUTATION_STREAM + p, subsample s uses
 * SUBSAMPLE_STREAM + s (SECOND_SAMPLE_STREAM + s for a two-sample call's q), jitter of
 * variable v uses JITTER_STREAM + v, the 'median' bandwidth subsample of variable v uses
 * MEDIAN_STREAM + v.
 */
export const PERMUTATION_STREAM = 0x10000;
const SUBSAMPLE_STREAM = 0x20000;
export const SECOND_SAMPLE_STREAM = 0x28000;
export const JITTER_STREAM = 0x30000;
export const MEDIAN_STREAM = 0x38000;

export interface ParsedInference {
  readonly permutations: number;
  readonly seed: number;
  readonly interval: Required<IntervalOptions> | null;
}

export function parseInference(options: InferenceOptions): ParsedInference {
  const permutations = options.permutations === undefined || options.permutations === 0 ? 0 : positiveInteger(options.permutations, 'permutations');
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new InvalidInputError('BAD_INTEGER', 'options.seed', `must be an integer in [0, 2³²), got ${String(seed)}`);
  }
  let interval: Required<IntervalOptions> | null = null;
  if (options.interval !== undefined) {
    const level = options.interval.level ?? 0.95;
    const fraction = options.interval.fraction ?? 0.5;
    if (!(level > 0 && level < 1)) throw new InvalidInputError('BAD_NUMBER', 'options.interval.level', `must lie in (0, 1), got ${level}`);
    if (!(fraction > 0 && fraction < 1)) throw new InvalidInputError('BAD_NUMBER', 'options.interval.fraction', `must lie in (0, 1), got ${fraction}`);
    interval = { level, fraction, subsamples: positiveInteger(options.interval.subsamples ?? 100, 'interval.subsamples') };
  }
  return { permutations, seed, interval };
}

/** The p-th seeded permutation of [0, n). */
export function permutationTable(n: number, seed: number, p: number): Int32Array {
  return new FeistelPermutation(n, seed, PERMUTATION_STREAM + p).table();
}

/**
 * pValue and interval for `observed`. `nullValue(p)` is the estimate on the p-th
 * permuted data; `subsampleValue(rows)` the estimate on the given rows (sorted).
 */
export async function infer(
  observed: number,
  n: number,
  parsed: ParsedInference,
  nullValue: (p: number) => Promise<number>,
  subsampleValue: (rows: Int32Array, s: number) => Promise<number>,
): Promise<Inference> {
  let pValue: number | null = null;
  if (parsed.permutations > 0) {
    let atLeast = 0;
    for (let p = 0; p < parsed.permutations; p++) if ((await nullValue(p)) >= observed) atLeast++;
    pValue = (1 + atLeast) / (1 + parsed.permutations);
  }
  let interval: ConfidenceInterval | null = null;
  if (parsed.interval) {
    const { level, fraction, subsamples } = parsed.interval;
    const b = Math.floor(fraction * n);
    const roots = new Float64Array(subsamples);
    for (let s = 0; s < subsamples; s++) {
      roots[s] = Math.sqrt(b) * ((await subsampleValue(intervalSubsample(n, parsed.interval, parsed.seed, s), s)) - observed);
    }
    roots.sort();
    const a = 1 - level;
    interval = { lower: observed - quantile(roots, 1 - a / 2) / Math.sqrt(n), upper: observed - quantile(roots, a / 2) / Math.sqrt(n), level };
  }
  return { pValue, interval };
}

/** The rows of an interval's subsample s on n rows: ⌊fraction·n⌋ of them, from stream SUBSAMPLE_STREAM + s, ascending. */
export function intervalSubsample(n: number, interval: Required<IntervalOptions>, seed: number, s: number): Int32Array {
  return subsampleRows(n, Math.floor(interval.fraction * n), seed, SUBSAMPLE_STREAM + s);
}

/** b rows of [0, n) drawn without replacement from the given stream, ascending. */
export function subsampleRows(n: number, b: number, seed: number, stream: number): Int32Array {
  const perm = new FeistelPermutation(n, seed, stream);
  return Int32Array.from({ length: b }, (_, i) => perm.at(i)).sort();
}

/** Linear-interpolation quantile of sorted values (numpy's default). */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h), hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
