/**
 * Differential entropy by the Kozachenko–Leonenko k-nearest-neighbour estimator
 * (Kozachenko & Leonenko 1987; Kraskov, Stögbauer & Grassberger 2004, eq. 20),
 * Euclidean norm:
 *
 *   Ĥ = ψ(N) − ψ(k) + log V_d + (d/N) · Σ_i log ρ_k(i)
 *
 * ρ_k(i) = distance from x_i to its k-th nearest neighbour among the other N − 1 rows,
 * V_d = π^{d/2} / Γ(d/2 + 1) the volume of the unit ball. Nats; `base: 2` for bits.
 */
import type { Backend } from './backend.js';
import { InvalidInputError } from './errors.js';
import { centreColumns } from './host-matrix.js';
import { checkOptionKeys, logBase, oneOf, positiveInteger } from './options.js';
import type { InformationEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { digamma, logUnitBallVolume } from './special-functions.js';

export interface EntropyOptions {
  /** 'kl' (Kozachenko–Leonenko), the default. */
  method?: 'kl';
  /** Neighbour order, default 3. */
  k?: number;
  /** 2 for bits; nats by default. */
  base?: number;
}

const ENTROPY_OPTIONS = ['method', 'k', 'base'] as const;

export async function entropyKozachenkoLeonenko(backend: Backend, x: Samples, options: EntropyOptions = {}): Promise<InformationEstimate> {
  checkOptionKeys(options, ENTROPY_OPTIONS, 'entropy');
  const method = oneOf(options.method ?? 'kl', ['kl'] as const, 'method', 'UNKNOWN_METHOD');
  const k = positiveInteger(options.k ?? 3, 'k');
  const { unit, scale } = logBase(options.base);
  const matrix = toHostMatrix(x, 'x');
  const n = matrix.rows, d = matrix.cols;
  if (n <= k) {
    throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${n} rows but k = ${k}; the estimator needs more rows than k`);
  }
  const handle = await backend.upload(centreColumns(matrix));
  let sumLogRadius = 0;
  try {
    const lists = await backend.knn(handle, handle, { k, metric: 'euclidean', excludeSelf: true });
    for (let i = 0; i < n; i++) {
      const rho = lists.distances[i * k + k - 1];
      if (!(rho > 0)) {
        throw new InvalidInputError(
          'ZERO_DISTANCE',
          'x',
          `row ${i} has ${k} or more exact duplicates, so its k-th neighbour distance is 0 and log ρ = −∞; remove repeated rows, add tiny noise, or raise k`,
        );
      }
      sumLogRadius += Math.log(rho);
    }
  } finally {
    backend.release(handle);
  }
  const value = digamma(n) - digamma(k) + logUnitBallVolume(d) + (d / n) * sumLogRadius;
  return { value: value * scale, unit, method, backend: backend.kind, n, k };
}
