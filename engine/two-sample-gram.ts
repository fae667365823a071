/**
 * The quadratic-time two-sample statistics (MMD², and energy distance through the kernel
 * ‖x−y‖) with their permutation nulls, on the pooled sample z = [x; y] (N = n + m rows,
 * uploaded once). A labelling puts n rows of z in x and m in y: the observed one is the
 * identity; the p-th null takes rows σ_p(0 … n−1) as x, σ_p = permutationTable(N, seed, p)
 * (as divergence.ts). With S_xx, S_yy, S_xy the sums of k over x×x, y×y, x×y and S′ the
 * sums without the pairs i = j:
 *
 *   biased (V)    S_xx/n² + S_yy/m² − 2S_xy/(nm)  =  Σ_ij w_i w_j k(z_i, z_j),
 *                 w = 1/n on the rows of x, −1/m on the rows of y
 *   unbiased (U)  S′_xx/(n(n−1)) + S′_yy/(m(m−1)) − 2S_xy/(nm)
 *                 =  Σ_{i≠j} w′_i w′_j k(z_i, z_j) + (αβ − 1/(nm))·T′,
 *                 w′ = α on x, −β on y, T′ = Σ_{i≠j} k(z_i, z_j) (the same for every labelling),
 *                 A = 1/(n(n−1)) + 1/(nm), B = 1/(m(m−1)) + 1/(nm), α = A/√(A+B), β = B/√(A+B)
 *   since Σ′ w′w′k = (α² + αβ)S′_xx + (β² + αβ)S′_yy − αβ·T′ with S_xy = (T′ − S′_xx − S′_yy)/2,
 *   and α(α + β) = A, β(α + β) = B.
 *
 * So a labelling is ONE weight vector, and the observed statistic and all P nulls are
 * quadratic forms of one Gram matrix: backend.gramSums evaluates them together (each tile
 * of k computed once per batch of vectors, no N×N buffer), WEIGHT_VECTORS_PER_CALL vectors
 * per call. The large sums cancel inside the weights, so f32 partial sums lose nothing to
 * a difference of large totals.
 */
import type { Backend } from './backend.js';
import type { GramKernel } from './gram-kernel.js';
import type { HostMatrix } from './host-matrix.js';
import { permutationTable } from './inference.js';

export type GramEstimator = 'unbiased' | 'biased';

/** A statistic on the observed data and on P permutation nulls. */
export interface StatisticWithNulls {
  readonly observed: number;
  readonly nulls: Float64Array;
}

/** Weight vectors per gramSums call (host memory: this many × N float64). */
export const WEIGHT_VECTORS_PER_CALL = 64;

/** The statistic of `pooled` (x = its first n rows) and of `permutations` relabellings. */
export async function twoSampleGramStatistic(
  backend: Backend,
  pooled: HostMatrix,
  n: number,
  kernel: GramKernel,
  estimator: GramEstimator,
  permutations: number,
  seed: number,
): Promise<StatisticWithNulls> {
  const rows = pooled.rows, m = rows - n;
  const unbiased = estimator === 'unbiased';
  let onX = 1 / n, onY = -1 / m, shiftPerTotal = 0;
  if (unbiased) {
    const a = 1 / (n * (n - 1)) + 1 / (n * m), b = 1 / (m * (m - 1)) + 1 / (n * m);
    const root = Math.sqrt(a + b);
    onX = a / root;
    onY = -b / root;
    shiftPerTotal = (a / root) * (b / root) - 1 / (n * m);
  }
  // Vector 0 (unbiased only) is all ones, for T′; then the identity labelling, then the nulls.
  const first = unbiased ? 1 : 0;
  const vectors = first + 1 + permutations;
  const fill = (w: Float64Array, offset: number, vector: number): void => {
    if (vector < first) {
      w.fill(1, offset, offset + rows);
      return;
    }
    const labelling = vector - first;
    const order = labelling === 0 ? null : permutationTable(rows, seed, labelling - 1);
    for (let s = 0; s < rows; s++) w[offset + (order ? order[s] : s)] = s < n ? onX : onY;
  };

  const values = new Float64Array(vectors);
  const handle = await backend.upload(pooled);
  try {
    for (let start = 0; start < vectors; start += WEIGHT_VECTORS_PER_CALL) {
      const count = Math.min(WEIGHT_VECTORS_PER_CALL, vectors - start);
      const weights = new Float64Array(count * rows);
      for (let t = 0; t < count; t++) fill(weights, t * rows, start + t);
      const forms = await backend.gramSums(handle, handle, { kernel, excludeDiagonal: unbiased, referenceWeights: weights, queryWeights: weights, count });
      values.set(forms, start);
    }
  } finally {
    backend.release(handle);
  }
  const shift = unbiased ? shiftPerTotal * values[0] : 0;
  return { observed: values[first] + shift, nulls: values.subarray(first + 1).map((v) => v + shift) };
}
