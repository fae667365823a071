/**
 * Steps shared by the max-norm kNN estimators (KSG, Frenzel–Pompe): the k-th neighbour
 * distance ε_i of every row, and the strict marginal counts #{ j ≠ i : d(row_j, row_i) < ε_i }
 * in a column range, both on the backend in its own arithmetic (so a radius taken from
 * a kNN distance is compared with distances computed the same way).
 */
import type { Backend, ColumnRange, KnnLists, MatrixHandle } from './backend.js';
import { digamma } from './special-functions.js';

/** ε_i = distance to the k-th (last) neighbour of each row. */
export function kthDistances(lists: KnnLists): Float64Array {
  const { rows, k, distances } = lists;
  const radii = new Float64Array(rows);
  for (let i = 0; i < rows; i++) radii[i] = distances[i * k + k - 1];
  return radii;
}

/** ⟨ψ(n(i) + 1)⟩ over rows, n(i) = #{ j ≠ i : ‖row_j − row_i‖∞ < radii[i] } within `columns`. */
export async function meanDigammaOfStrictCounts(backend: Backend, joint: MatrixHandle, radii: Float64Array, columns: ColumnRange): Promise<number> {
  const counts = await backend.countWithin(joint, joint, { metric: 'chebyshev', columns, radii, inclusive: false, excludeSelf: true });
  let sum = 0;
  for (let i = 0; i < counts.length; i++) sum += digamma(counts[i] + 1);
  return sum / counts.length;
}
