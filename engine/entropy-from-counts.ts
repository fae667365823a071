/**
 * Entropy of a discrete distribution from bin counts n_1 … n_K (N = Σ n_i), in nats:
 *
 *   plugin        −Σ (n_i/N) log(n_i/N)
 *   miller-madow  plugin + (K₊ − 1)/(2N), K₊ = bins with n_i > 0
 *   grassberger   log N − (1/N) Σ n_i G(n_i),  G(n) = ψ(n) + ½(−1)^n [ψ((n+1)/2) − ψ(n/2)]
 *                 (Grassberger, "Entropy estimates from insufficient samplings", 2003)
 *   chao-shen     −Σ p̃_i log p̃_i / (1 − (1 − p̃_i)^N), p̃_i = C·n_i/N, C = 1 − f₁/N,
 *                 f₁ = singletons (f₁ = N − 1 when every count is 1; Chao & Shen 2003)
 *   nsb           Nemenman–Shafee–Bialek (2002): the posterior mean entropy under a
 *                 Dirichlet(β) prior, averaged over β with the prior dξ that makes the
 *                 prior on the entropy ξ(β) = ψ(Kβ + 1) − ψ(β + 1) flat:
 *                   Ĥ = ∫ w(β) ⟨H⟩_β dβ / ∫ w(β) dβ,  w(β) = P(n | β) · dξ/dβ,
 *                   P(n | β) = Γ(Kβ)/Γ(N + Kβ) · Π_i Γ(n_i + β)/Γ(β),
 *                   dξ/dβ = K ψ₁(Kβ + 1) − ψ₁(β + 1),
 *                   ⟨H⟩_β = ψ(N + Kβ + 1) − Σ_i (n_i + β)/(N + Kβ) · ψ(n_i + β + 1)
 *                 K = all bins given (zeros included: they are the alphabet). The integral
 *                 runs over log β ∈ [log 1e-8, log 1e8] on NSB_POINTS points (trapezoid,
 *                 weights shifted by their maximum in log space).
 */
import { digamma, logGamma, trigamma } from './special-functions.js';

export type CountEntropyMethod = 'plugin' | 'miller-madow' | 'grassberger' | 'chao-shen' | 'nsb';
export const COUNT_ENTROPY_METHODS: readonly CountEntropyMethod[] = ['plugin', 'miller-madow', 'grassberger', 'chao-shen', 'nsb'];

const NSB_POINTS = 4001;

/** Ĥ in nats for validated counts (non-negative integers, N ≥ 1). */
export function entropyOfCounts(counts: readonly number[], method: CountEntropyMethod): number {
  const n = counts.reduce((s, c) => s + c, 0);
  const positive = counts.filter((c) => c > 0);
  switch (method) {
    case 'plugin':
      return plugin(positive, n);
    case 'miller-madow':
      return plugin(positive, n) + (positive.length - 1) / (2 * n);
    case 'grassberger':
      return Math.log(n) - positive.reduce((s, c) => s + c * grassbergerG(c), 0) / n;
    case 'chao-shen':
      return chaoShen(positive, n);
    default:
      return nsb(counts, n);
  }
}

function plugin(positive: readonly number[], n: number): number {
  return -positive.reduce((s, c) => s + (c / n) * Math.log(c / n), 0);
}

function grassbergerG(c: number): number {
  const sign = c % 2 === 0 ? 1 : -1;
  return digamma(c) + 0.5 * sign * (digamma((c + 1) / 2) - digamma(c / 2));
}

function chaoShen(positive: readonly number[], n: number): number {
  let singletons = positive.filter((c) => c === 1).length;
  if (singletons === n) singletons = n - 1;
  const coverage = 1 - singletons / n;
  let h = 0;
  for (const c of positive) {
    const p = (coverage * c) / n;
    h -= (p * Math.log(p)) / (1 - Math.pow(1 - p, n));
  }
  return h;
}

function nsb(counts: readonly number[], n: number): number {
  const k = counts.length;
  // Counts grouped by value: bins with the same count contribute identical terms.
  const multiplicity = new Map<number, number>();
  for (const c of counts) multiplicity.set(c, (multiplicity.get(c) ?? 0) + 1);
  const lo = Math.log(1e-8), hi = Math.log(1e8);
  const logWeights = new Float64Array(NSB_POINTS);
  const meanEntropy = new Float64Array(NSB_POINTS);
  for (let t = 0; t < NSB_POINTS; t++) {
    const logBeta = lo + ((hi - lo) * t) / (NSB_POINTS - 1);
    const beta = Math.exp(logBeta), kb = k * beta;
    let logLikelihood = logGamma(kb) - logGamma(n + kb);
    let expected = digamma(n + kb + 1);
    for (const [c, times] of multiplicity) {
      if (c > 0) logLikelihood += times * (logGamma(c + beta) - logGamma(beta));
      expected -= (times * (c + beta) * digamma(c + beta + 1)) / (n + kb);
    }
    const dXi = k * trigamma(kb + 1) - trigamma(beta + 1);
    // dβ = β d(log β): the grid is uniform in log β. (dξ/dβ > 0 for K ≥ 2, which the caller checks.)
    logWeights[t] = dXi > 0 ? logLikelihood + Math.log(dXi) + logBeta : -Infinity;
    meanEntropy[t] = expected;
  }
  let max = -Infinity;
  for (const w of logWeights) if (w > max) max = w;
  let num = 0, den = 0;
  for (let t = 0; t < NSB_POINTS; t++) {
    const w = Math.exp(logWeights[t] - max) * (t === 0 || t === NSB_POINTS - 1 ? 0.5 : 1);
    num += w * meanEntropy[t];
    den += w;
  }
  return num / den;
}
