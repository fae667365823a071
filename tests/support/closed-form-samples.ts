/**
 * Seeded samples with closed-form information quantities, shared by the tests.
 *
 * uniformShift(n, m): X uniform on {0 … m−1}, Y | X ~ Uniform[X, X + 2]
 *   I(X; Y) = log m − ((m − 1)/m)·log 2     (Gao et al. 2017, §5)
 * commonFactor(n, dims, a): X_j = a·c + e_j (c, e_j standard normal, e_j ∈ ℝ^{d_j}), with
 *   the covariance matrix Σ = a²·𝟙𝟙ᵀ·[first coordinate of each block] + I
 * autoregressivePair(T, a, b, s): x_t iid N(0, 1), y_t = a·y_{t−1} + b·x_{t−1} + s·ε_t
 *   TE_{x→y} (histories 1, lag 1) = ½·log(1 + b²/s²)
 */
import { CounterRandom } from '../../engine/random.js';

export function uniformShift(n: number, m: number, seed: number): { x: Float64Array; y: Float64Array; mi: number } {
  const r = new CounterRandom(seed, 5);
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.min(m - 1, Math.floor(m * r.uniform(2 * i)));
    y[i] = x[i] + 2 * r.uniform(2 * i + 1);
  }
  return { x, y, mi: Math.log(m) - ((m - 1) / m) * Math.LN2 };
}

export function commonFactor(n: number, dims: readonly number[], a: number, seed: number): { vars: { data: Float64Array; rows: number; cols: number }[]; covariance: number[][] } {
  const r = new CounterRandom(seed, 6);
  const d = dims.reduce((s, v) => s + v, 0);
  const c = Float64Array.from({ length: n }, (_, i) => r.normal(i));
  let offset = n;
  const vars = dims.map((dj) => {
    const data = new Float64Array(n * dj);
    for (let i = 0; i < n; i++) for (let t = 0; t < dj; t++) data[i * dj + t] = (t === 0 ? a * c[i] : 0) + r.normal(offset + i * dj + t);
    offset += n * dj;
    return { data, rows: n, cols: dj };
  });
  const loaded: boolean[] = [];
  dims.forEach((dj) => { for (let t = 0; t < dj; t++) loaded.push(t === 0); });
  const covariance = Array.from({ length: d }, (_, p) => Array.from({ length: d }, (_, q) => (loaded[p] && loaded[q] ? a * a : 0) + (p === q ? 1 : 0)));
  return { vars, covariance };
}

export function autoregressivePair(T: number, a: number, b: number, s: number, seed: number): { x: Float64Array; y: Float64Array; te: number } {
  const r = new CounterRandom(seed, 7);
  const x = Float64Array.from({ length: T }, (_, t) => r.normal(2 * t));
  const y = new Float64Array(T);
  for (let t = 1; t < T; t++) y[t] = a * y[t - 1] + b * x[t - 1] + s * r.normal(2 * t + 1);
  return { x, y, te: 0.5 * Math.log(1 + (b * b) / (s * s)) };
}

/** log det of a symmetric positive-definite matrix (Cholesky). */
export function logDet(m: readonly (readonly number[])[]): number {
  const n = m.length;
  const l = m.map((row) => row.slice());
  let sum = 0;
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) l[j][j] -= l[j][k] * l[j][k];
    const pivot = Math.sqrt(l[j][j]);
    l[j][j] = pivot;
    sum += 2 * Math.log(pivot);
    for (let i = j + 1; i < n; i++) {
      for (let k = 0; k < j; k++) l[i][j] -= l[i][k] * l[j][k];
      l[i][j] /= pivot;
    }
  }
  return sum;
}

/** The principal submatrix on the given indices. */
export function submatrix(m: readonly (readonly number[])[], idx: readonly number[]): number[][] {
  return idx.map((p) => idx.map((q) => m[p][q]));
}
