/**
 * Mutual information for discrete–continuous mixtures, Mixed-KSG (Gao, Kannan, Oh &
 * Viswanath, "Estimating mutual information for discrete-continuous mixtures", NeurIPS
 * 2017), as the authors' reference implementation computes it, max-norm. It stays right
 * when points repeat, where KSG breaks down.
 *
 *   ρ_i = distance to the k-th neighbour of (x_i, y_i) among the other rows (joint max-norm)
 *   ρ_i > 0:  ξ_i = ψ(k) + log N − ψ(n_x(i) + 1) − ψ(n_y(i) + 1),
 *             n_x(i) = #{ j ≠ i : ‖x_j − x_i‖∞ < ρ_i }   (strict, as KSG1)
 *   ρ_i = 0:  ξ_i = ψ(k̃_i) + log N − ψ(m_x(i)) − ψ(m_y(i)),
 *             k̃_i = #{ j : (x_j, y_j) = (x_i, y_i) },  m_x(i) = #{ j : x_j = x_i }  (i included)
 *   Î = (1/N) Σ_i ξ_i
 *
 * (The reference code tests "= 0" and "< ρ" with a 1e-15 tolerance; exact comparisons
 * here.) For continuous data it equals KSG1 with log N in place of ψ(N).
 */
import type { Backend, ColumnRange, MatrixHandle } from './backend.js';
import { centreColumns, concatColumns, type HostMatrix } from './host-matrix.js';
import { kthDistances } from './neighbour-radii.js';
import { digamma } from './special-functions.js';

export async function mutualInformationMixed(backend: Backend, x: HostMatrix, y: HostMatrix, k: number): Promise<number> {
  const n = x.rows;
  const xRange: ColumnRange = [0, x.cols], yRange: ColumnRange = [x.cols, x.cols + y.cols], jointRange: ColumnRange = [0, x.cols + y.cols];
  const joint = await backend.upload(centreColumns(concatColumns([x, y])));
  try {
    const rho = kthDistances(await backend.knn(joint, joint, { k, metric: 'chebyshev', excludeSelf: true }));
    const count = (columns: ColumnRange, inclusive: boolean) => countWithin(backend, joint, rho, columns, inclusive);
    const nx = await count(xRange, false), ny = await count(yRange, false);
    const anyTied = rho.some((r) => r === 0);
    // Inclusive counts at ρ_i = 0 are the exact repeats of row i (itself excluded).
    const tiedJoint = anyTied ? await count(jointRange, true) : undefined;
    const tiedX = anyTied ? await count(xRange, true) : undefined;
    const tiedY = anyTied ? await count(yRange, true) : undefined;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += rho[i] > 0
        ? digamma(k) - digamma(nx[i] + 1) - digamma(ny[i] + 1)
        : digamma(tiedJoint![i] + 1) - digamma(tiedX![i] + 1) - digamma(tiedY![i] + 1);
    }
    return Math.log(n) + sum / n;
  } finally {
    backend.release(joint);
  }
}

function countWithin(backend: Backend, joint: MatrixHandle, radii: Float64Array, columns: ColumnRange, inclusive: boolean): Promise<Int32Array> {
  return backend.countWithin(joint, joint, { metric: 'chebyshev', columns, radii, inclusive, excludeSelf: true });
}
