/**
 * The public `entropy` call: validation and the choice of estimator.
 *   'kl'       Kozachenko–Leonenko Shannon entropy (default)
 *   'renyi'    Rényi α-entropy, Leonenko–Pronzato–Savani
 *   'tsallis'  Tsallis α-entropy, Leonenko–Pronzato–Savani (no logarithm: unit null)
 */
import type { Backend } from './backend.js';
import { entropyKozachenkoLeonenko } from './entropy-kozachenko-leonenko.js';
import { logRenyiIntegral } from './entropy-renyi-leonenko.js';
import { InvalidInputError } from './errors.js';
import { selectRows, type HostMatrix } from './host-matrix.js';
import { infer, parseInference, type InferenceOptions } from './inference.js';
import { alphaOrder, checkOptionKeys, logBase, oneOf, positiveInteger } from './options.js';
import { parsePreparation, prepare, PREPARATION_OPTIONS, type PreparationOptions } from './sample-preparation.js';
import type { InformationEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';

export type EntropyMethod = 'kl' | 'renyi' | 'tsallis';

export interface EntropyOptions extends Omit<InferenceOptions, 'permutations'>, Pick<PreparationOptions, 'jitter'> {
  /** 'kl' (default), 'renyi' or 'tsallis'. */
  method?: EntropyMethod;
  /** Neighbour order, default 3. */
  k?: number;
  /** Order α of 'renyi' / 'tsallis': > 0, ≠ 1, < k + 1. Default 2. */
  alpha?: number;
  /** 2 for bits; nats by default (not for 'tsallis'). */
  base?: number;
  /** Not offered: entropy is not invariant under the rank-Gaussian map. */
  preprocess?: never;
}

const ENTROPY_OPTIONS = ['method', 'k', 'alpha', 'base', 'seed', 'interval', ...PREPARATION_OPTIONS] as const;

export async function entropy(backend: Backend, x: Samples, options: EntropyOptions = {}): Promise<InformationEstimate> {
  checkOptionKeys(options, ENTROPY_OPTIONS, 'entropy');
  const method = oneOf(options.method ?? 'kl', ['kl', 'renyi', 'tsallis'] as const, 'method', 'UNKNOWN_METHOD');
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
