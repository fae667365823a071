/**
 * KL divergence and cross-entropy by nearest neighbours, Euclidean.
 *
 * KL (Wang, Kulkarni & Verdú, "Divergence estimation for multidimensional densities via
 * k-nearest-neighbor distances", IEEE Trans. Inf. Theory 55, 2009, eq. 17 with k_i = k,
 * l_i = l):
 *   D̂(p‖q) = (d/n) Σ_i log(ν_l(i) / ρ_k(i)) + log(m / (n − 1)) + ψ(k) − ψ(l)
 *
 * Cross-entropy (Leonenko, Pronzato & Savani 2008):
 *   Ĥ(p, q) = −E_p log q ≈ log m + log V_d − ψ(l) + (d/n) Σ_i log ν_l(i)
 *
 * ρ_k(i): k-th neighbour distance of p_i in p ∖ {p_i}; ν_l(i): l-th in q.
 */
import { meanLogRadius } from './entropy-from-radii.js';
import { digamma, logUnitBallVolume } from './special-functions.js';
import type { TwoSampleRadii } from './two-sample-radii.js';

export function klDivergenceFromRadii(r: TwoSampleRadii, d: number, k: number, l: number, m: number): number {
  const n = r.pWithinP.length;
  return d * (meanLogRadius(r.pToQ, l, 'q') - meanLogRadius(r.pWithinP, k, 'p')) + Math.log(m / (n - 1)) + digamma(k) - digamma(l);
}

export function crossEntropyFromRadii(r: TwoSampleRadii, d: number, l: number, m: number): number {
  return Math.log(m) + logUnitBallVolume(d) - digamma(l) + d * meanLogRadius(r.pToQ, l, 'q');
}
