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
import { alphaOrder, checkOptionKeys, logBase, oneOf, positiveInteger } from './options.js';
import type { InformationEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';

export type EntropyMethod = 'kl' | 'renyi' | 'tsallis';

export interface EntropyOptions {
  /** 'kl' (default), 'renyi' or 'tsallis'. */
  method?: EntropyMethod;
  /** Neighbour order, default 3. */
  k?: number;
  /** Order α of 'renyi' / 'tsallis': > 0, ≠ 1, < k + 1. Default 2. */
  alpha?: number;
  /** 2 for bits; nats by default (not for 'tsallis'). */
  base?: number;
}

const ENTROPY_OPTIONS = ['method', 'k', 'alpha', 'base'] as const;

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
  const { unit, scale } = logBase(options.base);
  const matrix = toHostMatrix(x, 'x');
  const n = matrix.rows;
  if (n <= k) throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${n} rows but k = ${k}; the estimator needs more rows than k`);
  const common = { method, backend: backend.kind, n, k };
  if (method === 'kl') {
    return { value: scale * (await entropyKozachenkoLeonenko(backend, matrix, k, 'x')), unit, ...common };
  }
  const alpha = alphaOrder(options.alpha ?? 2, "use method: 'kl' for the Shannon limit");
  if (!(alpha < k + 1)) throw new InvalidInputError('BAD_NUMBER', 'options.alpha', `must be below k + 1 = ${k + 1} for this estimator; raise k or lower α`);
  const logIntegral = await logRenyiIntegral(backend, matrix, k, alpha, 'x');
  if (method === 'renyi') return { value: (scale * logIntegral) / (1 - alpha), unit, ...common };
  return { value: (1 - Math.exp(logIntegral)) / (alpha - 1), unit: null, ...common };
}
