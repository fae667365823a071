/**
 * The public `entropy` call: validation and the choice of estimator.
 *   'kl'       Kozachenko–Leonenko Shannon entropy (default)
 *   'renyi'    Rényi α-entropy, Leonenko–Pronzato–Savani
 *   'tsallis'  Tsallis α-entropy, Leonenko–Pronzato–Savani (no logarithm: unit null)
 *   'kde', 'renyi-quadratic'  leave-one-out Gaussian KDE entropy and the Rényi-2 entropy of
 *              the KDE (engine/kde-entropy.ts), with `bandwidth` instead of k
 */
import type { Backend } from './backend.js';
import { entropyKozachenkoLeonenko } from './entropy-kozachenko-leonenko.js';
import { logRenyiIntegral } from './entropy-renyi-leonenko.js';
import { InvalidInputError } from './errors.js';
import { kdeBandwidth, kdeEntropy, type KdeBandwidth } from './kde-entropy.js';
import { medianSampleOf } from './device-median-sample.js';
import { selectRows, type HostMatrix } from './host-matrix.js';
import { infer, parseInference, type InferenceOptions } from './inference.js';
import { alphaOrder, checkOptionKeys, logBase, oneOf, positiveInteger } from './options.js';
import { parsePreparation, prepare, PREPARATION_OPTIONS, type PreparationOptions } from './sample-preparation.js';
import type { InformationEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { PROGRESS_OPTIONS } from './progress.js';

export type EntropyMethod = 'kl' | 'renyi' | 'tsallis' | 'kde' | 'renyi-quadratic';

export interface EntropyOptions extends Omit<InferenceOptions, 'permutations'>, Pick<PreparationOptions, 'jitter'> {
  /** 'kl' (default), 'renyi', 'tsallis', 'kde' or 'renyi-quadratic'. */
  method?: EntropyMethod;
  /** σ of 'kde' / 'renyi-quadratic': a number, 'silverman' (default) or 'median'. */
  bandwidth?: KdeBandwidth;
  /** Neighbour order, default 3. */
  k?: number;
  /** Order α of 'renyi' / 'tsallis': > 0, ≠ 1, < k + 1. Default 2. */
  alpha?: number;
  /** 2 for bits; nats by default (not for 'tsallis'). */
  base?: number;
  /** Not offered: entropy is not invariant under the rank-Gaussian map. */
  preprocess?: never;
}

const ENTROPY_OPTIONS = ['method', 'k', 'alpha', 'base', 'bandwidth', 'seed', 'interval', ...PREPARATION_OPTIONS, ...PROGRESS_OPTIONS] as const;

export async function entropy(backend: Backend, x: Samples, options: EntropyOptions = {}): Promise<InformationEstimate> {
  checkOptionKeys(options, ENTROPY_OPTIONS, 'entropy');
  const method = oneOf(options.method ?? 'kl', ['kl', 'renyi', 'tsallis', 'kde', 'renyi-quadratic'] as const, 'method', 'UNKNOWN_METHOD');
  if (method === 'kde' || method === 'renyi-quadratic') return entropyOfKde(backend, x, options, method);
  if (options.bandwidth !== undefined) throw new InvalidInputError('UNKNOWN_OPTION', 'options.bandwidth', "applies to methods 'kde' and 'renyi-quadratic' only");
  const k = positiveInteger(options.k ?? 3, 'k');
  if (method === 'kl' && options.alpha !== undefined) {
    throw new InvalidInputError('UNKNOWN_OPTION', 'options.alpha', "applies to methods 'renyi' and 'tsallis' only");
  }
  if (method === 'tsallis' && options.base !== undefined) {
    throw new InvalidInputError('UNKNOWN_OPTION', 'options.base', 'Tsallis entropy has no logarithm, so no base');
  }
  if (options.preprocess !== undefined) {
    throw new InvalidInputError('UNKNOWN_OPTION', 'options.preprocess', 'entropy changes under a rank-Gaussian map, so it is not offered here');
  }
  const { unit, scale } = logBase(options.base);
  const inference = parseInference(options);
  const matrix = prepare(toHostMatrix(x, 'x'), parsePreparation(options), inference.seed, 0);
  const n = matrix.rows;
  if (n <= k) throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${n} rows but k = ${k}; the estimator needs more rows than k`);
  const alpha = method === 'kl' ? 1 : alphaOrder(options.alpha ?? 2, "use method: 'kl' for the Shannon limit");
  if (!(alpha < k + 1)) throw new InvalidInputError('BAD_NUMBER', 'options.alpha', `must be below k + 1 = ${k + 1} for this estimator; raise k or lower α`);
  const estimate = async (m: HostMatrix): Promise<number> => {
    if (method === 'kl') return scale * (await entropyKozachenkoLeonenko(backend, m, k, 'x'));
    const logIntegral = await logRenyiIntegral(backend, m, k, alpha, 'x');
    return method === 'renyi' ? (scale * logIntegral) / (1 - alpha) : (1 - Math.exp(logIntegral)) / (alpha - 1);
  };
  const value = await estimate(matrix);
  const { interval } = await infer(value, n, inference, () => Promise.reject(new Error('entropy has no permutation null')), (rows) => estimate(selectRows(matrix, rows)));
  return { value, unit: method === 'tsallis' ? null : unit, method, backend: backend.kind, n, k, pValue: null, interval, warnings: [] };
}

async function entropyOfKde(backend: Backend, x: Samples, options: EntropyOptions, method: 'kde' | 'renyi-quadratic'): Promise<InformationEstimate> {
  for (const key of ['k', 'alpha', 'preprocess'] as const) {
    if (options[key] !== undefined) throw new InvalidInputError('UNKNOWN_OPTION', `options.${key}`, `does not apply to method '${method}'`);
  }
  const { unit, scale } = logBase(options.base);
  const inference = parseInference(options);
  const matrix = prepare(toHostMatrix(x, 'x'), parsePreparation(options), inference.seed, 0);
  if (matrix.rows < 2) throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${matrix.rows} row; a kernel density estimate needs at least 2`);
  const sigma = kdeBandwidth(await medianSampleOf(backend, matrix, options.bandwidth, inference.seed, 0), options.bandwidth, inference.seed);
  const estimate = async (m: HostMatrix) => scale * (await kdeEntropy(backend, m, sigma, method));
  const value = await estimate(matrix);
  const { interval } = await infer(value, matrix.rows, inference, () => Promise.reject(new Error('entropy has no permutation null')), (rows) => estimate(selectRows(matrix, rows)));
  return { value, unit, method, backend: backend.kind, n: matrix.rows, k: 0, pValue: null, interval, warnings: [] };
}
