/**
 * Local permutation for conditional-independence nulls (Runge, "Conditional independence
 * testing based on a nearest-neighbor estimator of conditional mutual information",
 * AISTATS 2018): x is shuffled only among rows whose z values are close, so the null keeps
 * the dependence of x on z and destroys only that of x on y given z.
 *
 *   N(i) = the k_perm nearest rows to z_i (i itself included), max-norm, found once;
 *   for each permutation p, visit the rows in a seeded random order; row i takes x from
 *   the first row of N(i), in a seeded random order, not yet taken — or, when all are
 *   taken, from a random row of N(i) (the only repeats the scheme allows).
 */
import type { Backend } from './backend.js';
import { centreColumns, type HostMatrix } from './host-matrix.js';
import { FeistelPermutation } from './random-permutation.js';

/** Neighbourhoods of size kPerm in z, i included first; row-major (rows × kPerm). */
export async function localNeighbourhoods(backend: Backend, z: HostMatrix, kPerm: number): Promise<Int32Array> {
  const handle = await backend.upload(centreColumns(z));
  try {
    const lists = await backend.knn(handle, handle, { k: kPerm - 1, metric: 'chebyshev', excludeSelf: true });
    const out = new Int32Array(z.rows * kPerm);
    for (let i = 0; i < z.rows; i++) {
      out[i * kPerm] = i;
      out.set(lists.indices.subarray(i * (kPerm - 1), (i + 1) * (kPerm - 1)), i * kPerm + 1);
    }
    return out;
  } finally {
    backend.release(handle);
  }
}

/** The source row of each row's x in the p-th local permutation. */
export function localPermutation(neighbourhoods: Int32Array, kPerm: number, seed: number, stream: number): Int32Array {
  const n = neighbourhoods.length / kPerm;
  const visit = new FeistelPermutation(n, seed, stream);
  const taken = new Uint8Array(n);
  const source = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    const i = visit.at(t);
    const order = new FeistelPermutation(kPerm, seed ^ 0x5bd1e995, stream * n + i);
    let chosen = -1;
    for (let s = 0; s < kPerm && chosen < 0; s++) {
      const j = neighbourhoods[i * kPerm + order.at(s)];
      if (!taken[j]) chosen = j;
    }
    if (chosen < 0) chosen = neighbourhoods[i * kPerm + order.at(0)];
    taken[chosen] = 1;
    source[i] = chosen;
  }
  return source;
}
