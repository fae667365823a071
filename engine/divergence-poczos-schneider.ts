/**
 * α-divergences and the L2 distance between densities by nearest neighbours (Póczos &
 * Schneider, "On the estimation of α-divergences", AISTATS 2011; Póczos, Xiong &
 * Schneider, "Nonparametric divergence estimation with applications to machine learning
 * on distributions", UAI 2011), Euclidean.
 *
 *   Î_α = ∫ p^α q^{1−α} ≈ (1/n) Σ_i [ (n − 1) ρ_k(i)^d / (m ν_k(i)^d) ]^{1−α} · B_{k,α},
 *   B_{k,α} = Γ(k)² / (Γ(k − α + 1) Γ(k + α − 1)),   valid for 1 − k < α < k + 1
 *
 *   Rényi          D_α = log Î_α / (α − 1)
 *   Tsallis        T_α = (Î_α − 1) / (α − 1)
 *   Bhattacharyya  D_B = −log Î_{1/2}
 *   Hellinger      H² = 1 − Î_{1/2}           (squared Hellinger distance, ½∫(√p − √q)²)
 *
 * L2:  ∫ (p − q)² = ∫p² − 2∫pq + ∫q², each by kNN density estimates at sample points,
 *   p̂(x) = (k − 1) / ((n − 1) V_d ρ_k^d) at p's own points, (k − 1) / (n V_d ν_k^d) at q's;
 *   ∫p² ≈ mean_i p̂(p_i),  ∫q² ≈ mean_j q̂(q_j),  ∫pq ≈ ½ [mean_i q̂(p_i) + mean_j p̂(q_j)]
 *   (k ≥ 2). The squared distance is returned, unclipped.
 */
import { meanLogRadius } from './entropy-from-radii.js';
import { logMeanExp } from './log-mean-exp.js';
import { logGamma, logUnitBallVolume } from './special-functions.js';
import type { BothWaysRadii, TwoSampleRadii } from './two-sample-radii.js';

/** log Î_α from the radii of p's rows (within p, and to q with the same k). */
export function logAlphaIntegral(r: TwoSampleRadii, d: number, k: number, alpha: number, m: number): number {
  meanLogRadius(r.pWithinP, k, 'p'); // rejects zero radii
  meanLogRadius(r.pToQ, k, 'q');
  const n = r.pWithinP.length;
  const logB = 2 * logGamma(k) - logGamma(k - alpha + 1) - logGamma(k + alpha - 1);
  const terms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    terms[i] = (1 - alpha) * (Math.log((n - 1) / m) + d * (Math.log(r.pWithinP[i]) - Math.log(r.pToQ[i]))) + logB;
  }
  return logMeanExp(terms);
}

/** ∫ (p − q)² from radii within p, p to q, within q and q to p (k ≥ 2). */
export function squaredL2FromRadii(r: BothWaysRadii, d: number, k: number): number {
  const n = r.pWithinP.length, m = r.qWithinQ.length;
  const logVd = logUnitBallVolume(d);
  const meanDensity = (radii: Float64Array, count: number) => {
    let s = 0;
    for (let i = 0; i < radii.length; i++) s += Math.exp(Math.log(k - 1) - Math.log(count) - logVd - d * Math.log(radii[i]));
    return s / radii.length;
  };
  for (const [radii, name] of [[r.pWithinP, 'p'], [r.pToQ, 'q'], [r.qWithinQ, 'q'], [r.qToP, 'p']] as const) meanLogRadius(radii, k, name);
  const pp = meanDensity(r.pWithinP, n - 1);
  const qq = meanDensity(r.qWithinQ, m - 1);
  const pq = 0.5 * (meanDensity(r.pToQ, m) + meanDensity(r.qToP, n));
  return pp - 2 * pq + qq;
}
