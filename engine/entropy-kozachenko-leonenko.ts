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
import { klEntropyFromRadii } from './entropy-from-radii.js';
import { centreColumns, type HostMatrix } from './host-matrix.js';
import { kthDistances } from './neighbour-radii.js';

/** Ĥ in nats of an already validated matrix with more than k rows. */
export async function entropyKozachenkoLeonenko(backend: Backend, x: HostMatrix, k: number, argument: string): Promise<number> {
  const handle = await backend.upload(centreColumns(x));
  try {
    const radii = kthDistances(await backend.knn(handle, handle, { k, metric: 'euclidean', excludeSelf: true }));
    return klEntropyFromRadii(radii, x.cols, k, argument);
  } finally {
    backend.release(handle);
  }
}
