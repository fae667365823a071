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
import { centreColumns, concatColumns, type HostMatrix } from './host-matrix.js';
import { digamma } from './special-functions.js';

/** Î in nats for validated, paired x and y with more than k rows. */
export async function mutualInformationKsg(backend: Backend, x: HostMatrix, y: HostMatrix, k: number, variant: 'ksg1' | 'ksg2'): Promise<number> {
  const n = x.rows;
  const xRange: ColumnRange = [0, x.cols];
  const yRange: ColumnRange = [x.cols, x.cols + y.cols];
  const joint = await backend.upload(centreColumns(concatColumns([x, y])));
  try {
    const neighbours = await backend.knn(joint, joint, { k, metric: 'chebyshev', excludeSelf: true });
    return variant === 'ksg1'
      ? digamma(k) + digamma(n) - (await ksg1MarginalTerm(backend, joint, neighbours, xRange, yRange))
      : digamma(k) - 1 / k + digamma(n) - (await ksg2MarginalTerm(backend, joint, neighbours.indices, k, xRange, yRange));
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
