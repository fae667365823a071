/**
 * Mutual information by the Kraskov–Stögbauer–Grassberger estimators (Phys. Rev. E 69,
 * 066138, 2004) for multivariate x and y, max-norm in every space.
 *
 * The joint sample z_i = (x_i, y_i) is uploaded once; its k-th neighbour in the joint
 * max-norm max(‖x_j − x_i‖∞, ‖y_j − y_i‖∞) gives ε_i, and counts in the x and y column
 * ranges give the marginal neighbour numbers (both exclude i itself).
 *
 *   KSG1:  Î = ψ(k) + ψ(N) − ⟨ψ(n_x + 1) + ψ(n_y + 1)⟩,
 *          n_x(i) = #{ j ≠ i : ‖x_j − x_i‖∞ < ε_i }            (strict)
 *   KSG2:  Î = ψ(k) − 1/k + ψ(N) − ⟨ψ(n_x) + ψ(n_y)⟩,
 *          n_x(i) = #{ j ≠ i : ‖x_j − x_i‖∞ ≤ ε_x(i) }         (inclusive),
 *          ε_x(i) = the largest x-distance among the k joint neighbours of i
 *
 * KSG1 equals scikit-learn's `_compute_mi_cc` before its clipping at 0 (it shrinks ε_i by
 * one float step and counts ≤, which is the strict count). Raw values, never clipped.
 */
import type { Backend, ColumnRange, KnnLists, MatrixHandle } from './backend.js';
import { kthDistances, meanDigammaOfStrictCounts } from './neighbour-radii.js';
import { InvalidInputError } from './errors.js';
import { centreColumns, concatColumns } from './host-matrix.js';
import { checkOptionKeys, logBase, oneOf, positiveInteger } from './options.js';
import type { InformationEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { digamma } from './special-functions.js';

export type MutualInformationMethod = 'ksg1' | 'ksg2';

export interface MutualInformationOptions {
  /** 'ksg1' (default) or 'ksg2'. */
  method?: MutualInformationMethod;
  /** Neighbour order, default 3. */
  k?: number;
  /** 2 for bits; nats by default. */
  base?: number;
}

const MI_OPTIONS = ['method', 'k', 'base'] as const;

export async function mutualInformationKsg(backend: Backend, x: Samples, y: Samples, options: MutualInformationOptions = {}): Promise<InformationEstimate> {
  checkOptionKeys(options, MI_OPTIONS, 'mutualInformation');
  const method = oneOf(options.method ?? 'ksg1', ['ksg1', 'ksg2'] as const, 'method', 'UNKNOWN_METHOD');
  const k = positiveInteger(options.k ?? 3, 'k');
  const { unit, scale } = logBase(options.base);
  const xm = toHostMatrix(x, 'x');
  const ym = toHostMatrix(y, 'y');
  if (xm.rows !== ym.rows) {
    throw new InvalidInputError('ROW_MISMATCH', 'y', `has ${ym.rows} rows but x has ${xm.rows}; x and y must be paired row by row`);
  }
  const n = xm.rows;
  if (n <= k) {
    throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${n} rows but k = ${k}; the estimator needs more rows than k`);
  }
  const xRange: ColumnRange = [0, xm.cols];
  const yRange: ColumnRange = [xm.cols, xm.cols + ym.cols];
  const joint = await backend.upload(centreColumns(concatColumns([xm, ym])));
  try {
    const neighbours = await backend.knn(joint, joint, { k, metric: 'chebyshev', excludeSelf: true });
    const marginalTerm =
      method === 'ksg1'
        ? await ksg1MarginalTerm(backend, joint, neighbours, xRange, yRange)
        : await ksg2MarginalTerm(backend, joint, neighbours.indices, k, xRange, yRange);
    const value =
      method === 'ksg1'
        ? digamma(k) + digamma(n) - marginalTerm
        : digamma(k) - 1 / k + digamma(n) - marginalTerm;
    return { value: value * scale, unit, method, backend: backend.kind, n, k };
  } finally {
    backend.release(joint);
  }
}

/** ⟨ψ(n_x + 1) + ψ(n_y + 1)⟩ with strict counts inside the joint k-th neighbour distance. */
async function ksg1MarginalTerm(backend: Backend, joint: MatrixHandle, neighbours: KnnLists, xRange: ColumnRange, yRange: ColumnRange): Promise<number> {
  const radii = kthDistances(neighbours);
  return (await meanDigammaOfStrictCounts(backend, joint, radii, xRange)) + (await meanDigammaOfStrictCounts(backend, joint, radii, yRange));
}

/** ⟨ψ(n_x) + ψ(n_y)⟩ with inclusive counts inside each marginal's largest neighbour distance. */
async function ksg2MarginalTerm(backend: Backend, joint: MatrixHandle, indices: Int32Array, k: number, xRange: ColumnRange, yRange: ColumnRange): Promise<number> {
  const n = joint.rows;
  const marginalCounts = async (columns: ColumnRange): Promise<Int32Array> => {
    const d = await backend.pairDistances(joint, joint, { metric: 'chebyshev', columns, indices, width: k });
    const radii = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let t = 0; t < k; t++) r = Math.max(r, d[i * k + t]);
      radii[i] = r;
    }
    return backend.countWithin(joint, joint, { metric: 'chebyshev', columns, radii, inclusive: true, excludeSelf: true });
  };
  const nx = await marginalCounts(xRange);
  const ny = await marginalCounts(yRange);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += digamma(nx[i]) + digamma(ny[i]);
  return sum / n;
}
