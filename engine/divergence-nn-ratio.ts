/**
 * f-divergences and Rényi divergences by nearest-neighbour ratios (Noshad, Moon, Yasaei
 * Sekeh & Hero, "Direct estimation of information divergence using nearest neighbor
 * ratios", ISIT 2017).
 *
 * Pool Z = p ∪ q (n + m rows). For each q_i, among its k nearest neighbours in Z ∖ {q_i}
 * let N_i be the number from p and M_i the number from q. With η = m/n,
 *
 *   t_i = η · N_i / (M_i + 1)      estimates the density ratio p(q_i)/q(q_i)
 *   Ĝ_k = (1/m) Σ_i g(t_i)        estimates ∫ q · g(p/q)
 *
 *   kl             g(t) = t log t                                    D = Ĝ
 *   js             g(t) = ½ [t log(2t/(1 + t)) + log(2/(1 + t))]    D = Ĝ
 *   renyi/tsallis  g(t) = t^α   (Î_α = ∫ p^α q^{1−α})       D = log Ĝ/(α − 1), (Ĝ − 1)/(α − 1)
 *   bhattacharyya, hellinger   g(t) = √t                   D = −log Ĝ, 1 − Ĝ
 *
 * Ensemble over k: estimates Ĝ_{k_l} for neighbour counts k_1 < … < k_L are combined as
 * Σ w_l Ĝ_{k_l} with the minimum-norm weights such that Σ w_l = 1 and Σ w_l / k_l = 0,
 * which cancels the O(1/k) bias of the ratio plug-in:
 *   w_l = (S₂ − S₁/k_l) / (L·S₂ − S₁²),  S₁ = Σ 1/k_l,  S₂ = Σ 1/k_l².
 * The paper's ensemble also cancels terms in (k/m)^{j/d}; on Gaussian pairs at n = 4,000
 * (d = 1 … 8) that raised both bias and variance, so it is not used (bench/RESULTS.md).
 * Default set: k_l = ⌈l·√m / 10⌉, l = 1 … 10, without repeats (the paper leaves it open).
 * The knn graph is one search over the pooled sample.
 */
import type { Backend } from './backend.js';
import { centreColumns, concatRows, type HostMatrix } from './host-matrix.js';

export type NnRatioMeasure = 'kl' | 'js' | 'renyi' | 'tsallis' | 'bhattacharyya' | 'hellinger';

/** Ĝ (or its ensemble) for the measure's g; the caller applies the outer transform. */
export async function nnRatioFunctional(backend: Backend, p: HostMatrix, q: HostMatrix, measure: NnRatioMeasure, alpha: number, ks: readonly number[]): Promise<number> {
  const n = p.rows, m = q.rows, eta = m / n;
  const g = ratioFunction(measure, alpha);
  const kMax = ks[ks.length - 1];
  const pooled = await backend.upload(centreColumns(concatRows([p, q])));
  let indices: Int32Array;
  try {
    indices = (await backend.knn(pooled, pooled, { k: kMax, metric: 'euclidean', excludeSelf: true })).indices;
  } finally {
    backend.release(pooled);
  }
  // Neighbour lists are sorted, so the first k entries are the k nearest for every k ≤ kMax.
  const estimates = ks.map(() => 0);
  for (let i = 0; i < m; i++) {
    const row = (n + i) * kMax;
    let fromP = 0, e = 0;
    for (let t = 0; t < kMax; t++) {
      if (indices[row + t] < n) fromP++;
      if (t + 1 === ks[e]) {
        estimates[e] += g((eta * fromP) / (t + 1 - fromP + 1));
        e++;
      }
    }
  }
  const values = estimates.map((s) => s / m);
  if (values.length === 1) return values[0];
  const w = ensembleWeights(ks);
  return values.reduce((s, v, l) => s + w[l] * v, 0);
}

/** The default ensemble of neighbour counts for m query rows. */
export function defaultEnsemble(m: number): number[] {
  const ks = new Set<number>();
  for (let l = 1; l <= 10; l++) ks.add(Math.max(1, Math.ceil((l * Math.sqrt(m)) / 10)));
  return [...ks];
}

/** Minimum-norm w with Σ w_l = 1 and Σ w_l / k_l = 0. */
export function ensembleWeights(ks: readonly number[]): Float64Array {
  let s1 = 0, s2 = 0;
  for (const k of ks) {
    s1 += 1 / k;
    s2 += 1 / (k * k);
  }
  const det = ks.length * s2 - s1 * s1;
  return Float64Array.from(ks, (k) => (s2 - s1 / k) / det);
}

function ratioFunction(measure: NnRatioMeasure, alpha: number): (t: number) => number {
  switch (measure) {
    case 'kl':
      return (t) => (t > 0 ? t * Math.log(t) : 0);
    case 'js':
      return (t) => 0.5 * ((t > 0 ? t * Math.log((2 * t) / (1 + t)) : 0) + Math.log(2 / (1 + t)));
    case 'renyi':
    case 'tsallis':
      return (t) => Math.pow(t, alpha);
    default:
      return Math.sqrt;
  }
}
