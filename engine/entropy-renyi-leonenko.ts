/**
 * Rényi and Tsallis α-entropies by the k-nearest-neighbour estimator of Leonenko,
 * Pronzato & Savani ("A class of Rényi information estimators for multidimensional
 * densities", Ann. Statist. 36, 2008), Euclidean norm:
 *
 *   Î_α = (1/N) Σ_i ζ_i^{1−α},  ζ_i = (N − 1) · C_k · V_d · ρ_k(i)^d,
 *   C_k = [Γ(k) / Γ(k + 1 − α)]^{1/(1−α)}          (so Î_α estimates ∫ f^α)
 *
 *   Rényi   Ĥ_α = log Î_α / (1 − α)        Tsallis   Ŝ_α = (1 − Î_α) / (α − 1)
 *
 * valid for α > 0, α ≠ 1 and α < k + 1. Î_α is summed in log space (log-mean-exp).
 */
import type { Backend } from './backend.js';
import { meanLogRadius } from './entropy-from-radii.js';
import { centreColumns, type HostMatrix } from './host-matrix.js';
import { logMeanExp } from './log-mean-exp.js';
import { kthDistances } from './neighbour-radii.js';
import { logGamma, logUnitBallVolume } from './special-functions.js';

/** log Î_α for a validated matrix (more than k rows, valid α). */
export async function logRenyiIntegral(backend: Backend, x: HostMatrix, k: number, alpha: number, argument: string): Promise<number> {
  const handle = await backend.upload(centreColumns(x));
  let radii: Float64Array;
  try {
    radii = kthDistances(await backend.knn(handle, handle, { k, metric: 'euclidean', excludeSelf: true }));
  } finally {
    backend.release(handle);
  }
  meanLogRadius(radii, k, argument); // rejects zero radii
  const n = x.rows, d = x.cols;
  const constant = (1 - alpha) * (Math.log(n - 1) + logUnitBallVolume(d)) + logGamma(k) - logGamma(k + 1 - alpha);
  const terms = new Float64Array(n);
  for (let i = 0; i < n; i++) terms[i] = constant + (1 - alpha) * d * Math.log(radii[i]);
  return logMeanExp(terms);
}
