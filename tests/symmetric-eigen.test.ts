import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../engine/symmetric-eigen.js';
import { CounterRandom } from '../engine/random.js';

function randomSymmetric(n: number, seed: number): Float64Array {
  const r = new CounterRandom(seed, 1);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = r.normal(i * n + j);
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

/** max |A·v_j − λ_j·v_j| and max |VᵀV − I|. */
function residuals(a: Float64Array, n: number, values: Float64Array, vectors: Float64Array): { residual: number; orthogonality: number } {
  let residual = 0, orthogonality = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < n; c++) s += a[i * n + c] * vectors[j * n + c];
      residual = Math.max(residual, Math.abs(s - values[j] * vectors[j * n + i]));
    }
    for (let l = 0; l < n; l++) {
      let s = 0;
      for (let c = 0; c < n; c++) s += vectors[j * n + c] * vectors[l * n + c];
      orthogonality = Math.max(orthogonality, Math.abs(s - (j === l ? 1 : 0)));
    }
  }
  return { residual, orthogonality };
}

describe('symmetricEigen', () => {
  it('decomposes random symmetric matrices: A·v = λ·v and VᵀV = I to 1e-12, eigenvalues descending', () => {
    for (const n of [1, 2, 3, 7, 40, 120]) {
      const a = randomSymmetric(n, n);
      const { values, vectors } = symmetricEigen(a, n);
      const { residual, orthogonality } = residuals(a, n, values, vectors);
      expect(residual, `n = ${n}`).toBeLessThan(1e-12 * Math.max(1, n));
      expect(orthogonality, `n = ${n}`).toBeLessThan(1e-12 * Math.max(1, n));
      for (let j = 1; j < n; j++) expect(values[j]).toBeLessThanOrEqual(values[j - 1]);
      // trace = Σλ
      let trace = 0;
      for (let i = 0; i < n; i++) trace += a[i * n + i];
      expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 10);
    }
  });

  it('matches the closed form of the (2, −1) tridiagonal matrix: λ_k = 2 − 2·cos(kπ/(n + 1))', () => {
    const n = 30;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = -1;
    }
    const { values } = symmetricEigen(a, n);
    for (let k = 1; k <= n; k++) expect(Math.abs(values[n - k] - (2 - 2 * Math.cos((k * Math.PI) / (n + 1))))).toBeLessThan(1e-13);
  });

  it('keeps an orthonormal basis for repeated eigenvalues and zero blocks (rank-deficient Gram matrix)', () => {
    const n = 12, rank = 3;
    const r = new CounterRandom(5, 2);
    const x = Float64Array.from({ length: n * rank }, (_, i) => r.normal(i));
    const g = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let c = 0; c < rank; c++) g[i * n + j] += x[i * rank + c] * x[j * rank + c];
    const { values, vectors } = symmetricEigen(g, n);
    const { residual, orthogonality } = residuals(g, n, values, vectors);
    expect(residual).toBeLessThan(1e-12);
    expect(orthogonality).toBeLessThan(1e-12);
    for (let j = rank; j < n; j++) expect(Math.abs(values[j])).toBeLessThan(1e-12);
    const identity = new Float64Array(16).map((_, i) => (i % 5 === 0 ? 3 : 0));
    const eye = symmetricEigen(identity, 4);
    expect(Array.from(eye.values)).toEqual([3, 3, 3, 3]);
    expect(residuals(identity, 4, eye.values, eye.vectors).orthogonality).toBeLessThan(1e-15);
  });

  it('computes only the leading vectors the callback asks for, after seeing every eigenvalue', () => {
    const n = 50;
    const a = randomSymmetric(n, 8);
    const all = symmetricEigen(a, n);
    let seen: Float64Array = new Float64Array(0);
    const some = symmetricEigen(a, n, (values) => { seen = values; return 7; });
    expect(Array.from(seen)).toEqual(Array.from(all.values));
    expect(some.count).toBe(7);
    expect(some.vectors.length).toBe(7 * n);
    // Same vectors up to sign.
    for (let j = 0; j < 7; j++) {
      let dot = 0;
      for (let c = 0; c < n; c++) dot += some.vectors[j * n + c] * all.vectors[j * n + c];
      expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-10);
    }
    expect(() => symmetricEigen(a, n, () => n + 1)).toThrow(RangeError);
  });

  it('reads only the lower triangle', () => {
    const n = 9;
    const a = randomSymmetric(n, 3);
    const lower = a.map((v, i) => (i % n <= Math.floor(i / n) ? v : NaN));
    expect(Array.from(symmetricEigen(lower, n).values)).toEqual(Array.from(symmetricEigen(a, n).values));
  });
});
