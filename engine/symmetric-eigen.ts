/**
 * Eigenvalues and leading eigenvectors of a real symmetric matrix, A = V·Λ·Vᵀ, in float64
 * on the host.
 *
 * 1. Householder tridiagonalisation (Golub & Van Loan, Matrix Computations, §8.3.1), on the
 *    lower triangle: for column k = 0 … n−3 the reflector H_k = I − β·v·vᵀ (rows and
 *    columns k+1 … n−1) maps A[k+1:, k] onto α·e₁, and the trailing block is updated as
 *        p = β·A′·v,  w = p − (β·pᵀv/2)·v,  A′ ← A′ − v·wᵀ − w·vᵀ,
 *    leaving T = Qᵀ·A·Q tridiagonal, Q = H_0·H_1 ⋯ H_{n−3}.            ≈ (4/3)·n³ flops
 * 2. All eigenvalues of T by implicit QL with Wilkinson shifts (the EISPACK tql1 iteration;
 *    Bowdler, Martin, Reinsch & Wilkinson 1968), without vectors.        O(n²)
 * 3. The caller looks at the eigenvalues and asks for the leading `count` vectors. Each is
 *    found by inverse iteration on T (LAPACK's dstein scheme): three solves of
 *    (T − λ_j·I)·z = y by LU with partial pivoting, each followed by modified Gram–Schmidt
 *    against the vectors already found in λ_j's cluster (eigenvalues closer than
 *    1e-3·‖T‖, where inverse iteration alone would not keep them orthogonal), then
 *    back-transformed, v_j = Q·z_j = H_0(H_1(⋯H_{n−3}·z_j)).        O(n) + O(n·cluster) + 2n²
 *
 * So the cost is about (4/3)·n³ + 2·count·n² flops (plus the cluster Gram–Schmidt): for
 * count = 20 on a loaded 2-core machine, 0.7 s at n = 800, 3 s at n = 1,280, 16 s at
 * n = 2,000; all n vectors cost about 3× that. Memory: the n² input copy plus count·n.
 * Residuals ‖A·v − λ·v‖ are O(ε·‖A‖) and the vectors orthonormal to O(ε·n).
 */
import { CounterRandom } from './random.js';

export interface SymmetricEigen {
  /** All n eigenvalues, descending. */
  readonly values: Float64Array;
  /** Row-major count × n: row j is the unit eigenvector of values[j]. */
  readonly vectors: Float64Array;
  /** How many leading eigenvectors `vectors` holds. */
  readonly count: number;
}

/** QL iterations allowed per eigenvalue before giving up (EISPACK's limit is 30). */
const MAX_QL_ITERATIONS = 60;
/** Eigenvalues closer than this times ‖T‖ share a cluster (LAPACK dstein's ORTOL). */
const CLUSTER_GAP = 1e-3;
/** Solves per eigenvector: the first already converges for an accurate λ; two more polish. */
const INVERSE_ITERATIONS = 3;

/**
 * Eigenvalues (descending) of the symmetric n × n matrix `matrix` (row-major; only its
 * lower triangle is read) and its leading `vectorCount(values)` orthonormal eigenvectors:
 * the callback sees every eigenvalue before any vector is computed (PCA picks how many
 * components to keep from them).
 */
export function symmetricEigen(matrix: Float64Array, n: number, vectorCount: (values: Float64Array) => number = () => n): SymmetricEigen {
  if (matrix.length !== n * n) throw new RangeError(`symmetricEigen: ${matrix.length} entries do not form a ${n} × ${n} matrix`);
  const a = Float64Array.from(matrix);
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(n); // offDiagonal[i] = T[i+1, i]; the last entry stays 0
  const betas = new Float64Array(n);
  tridiagonalise(a, n, diagonal, offDiagonal, betas);
  const values = tridiagonalEigenvalues(diagonal, offDiagonal, n);
  const count = vectorCount(values);
  if (!(Number.isInteger(count) && count >= 0 && count <= n)) throw new RangeError(`symmetricEigen: cannot return ${count} of ${n} eigenvectors`);
  const norm = diagonal.reduce((m, v, i) => Math.max(m, Math.abs(v) + Math.abs(offDiagonal[i]) + (i > 0 ? Math.abs(offDiagonal[i - 1]) : 0)), 0);
  const vectors = new Float64Array(count * n);
  let clusterStart = 0;
  for (let j = 0; j < count; j++) {
    if (j > 0 && values[j - 1] - values[j] > CLUSTER_GAP * norm) clusterStart = j;
    const z = inverseIteration(diagonal, offDiagonal, n, values[j], norm, vectors, clusterStart, j);
    vectors.set(z, j * n);
  }
  // z_j are eigenvectors of T; the cluster Gram–Schmidt ran on them, and Q is orthogonal.
  for (let j = 0; j < count; j++) applyQ(a, n, betas, vectors.subarray(j * n, (j + 1) * n));
  return { values, vectors, count };
}

/**
 * Step 1 on the lower triangle only (the upper one is never read). On return, row k of `a`
 * holds the reflector v_k in columns k+1 … n−1 (its upper part, free by then), with
 * betas[k] = β_k (0 when no reflection was needed).
 */
function tridiagonalise(a: Float64Array, n: number, diagonal: Float64Array, offDiagonal: Float64Array, betas: Float64Array): void {
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const row = k * n;
    diagonal[k] = a[row + k];
    // x = A[k+1:, k] (column k of the lower triangle); v = x − α·e₁ goes to row k.
    let scale = 0;
    for (let i = k + 1; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + k]));
    if (scale === 0) {
      offDiagonal[k] = 0;
      betas[k] = 0;
      continue;
    }
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) {
      const x = a[i * n + k] / scale;
      norm2 += x * x;
      a[row + i] = a[i * n + k];
    }
    const x0 = a[row + k + 1];
    // α has the opposite sign of x₀, so v₀ = x₀ − α does not cancel; H·x = α·e₁.
    const alpha = -(x0 >= 0 ? 1 : -1) * scale * Math.sqrt(norm2);
    a[row + k + 1] = x0 - alpha;
    let vv = 0;
    for (let i = k + 1; i < n; i++) vv += a[row + i] * a[row + i];
    const beta = 2 / vv;
    betas[k] = beta;
    offDiagonal[k] = alpha;
    // p = β·A′·v over the trailing block, reading each lower-triangle row once.
    p.fill(0, k + 1);
    for (let i = k + 1; i < n; i++) {
      const ri = i * n, vi = a[row + i];
      let s = 0;
      for (let j = k + 1; j < i; j++) {
        const aij = a[ri + j];
        s += aij * a[row + j];
        p[j] += aij * vi;
      }
      p[i] += s + a[ri + i] * vi;
    }
    let pv = 0;
    for (let i = k + 1; i < n; i++) {
      p[i] *= beta;
      pv += p[i] * a[row + i];
    }
    // w = p − (β·pᵀv/2)·v (kept in p), then A′ ← A′ − v·wᵀ − w·vᵀ on the lower triangle.
    const half = (beta * pv) / 2;
    for (let i = k + 1; i < n; i++) p[i] -= half * a[row + i];
    for (let i = k + 1; i < n; i++) {
      const ri = i * n, vi = a[row + i], wi = p[i];
      for (let j = k + 1; j <= i; j++) a[ri + j] -= vi * p[j] + wi * a[row + j];
    }
  }
  if (n >= 2) {
    diagonal[n - 2] = a[(n - 2) * n + n - 2];
    offDiagonal[n - 2] = a[(n - 1) * n + n - 2];
  }
  if (n >= 1) diagonal[n - 1] = a[n * n - 1];
  offDiagonal[n - 1] = 0;
}

/** Step 2: implicit QL on copies of (d, e); the eigenvalues, descending. */
function tridiagonalEigenvalues(diagonal: Float64Array, offDiagonal: Float64Array, n: number): Float64Array {
  const d = Float64Array.from(diagonal), e = Float64Array.from(offDiagonal);
  let shiftSum = 0, magnitude = 0;
  for (let l = 0; l < n; l++) {
    magnitude = Math.max(magnitude, Math.abs(d[l]) + Math.abs(e[l]));
    // Smallest m ≥ l whose off-diagonal is negligible: T splits below row m.
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > Number.EPSILON * magnitude) m++;
    if (m > l) {
      let iterations = 0;
      do {
        if (++iterations > MAX_QL_ITERATIONS) throw new Error(`symmetricEigen: no convergence after ${MAX_QL_ITERATIONS} QL iterations`);
        // Wilkinson shift from the leading 2 × 2 block, applied to the whole of d[l:].
        const g0 = d[l];
        let p = (d[l + 1] - g0) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        const shift = g0 - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= shift;
        shiftSum += shift;
        // One implicit QL sweep from row m up to row l.
        p = d[m];
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          const g = c * e[i];
          const h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > Number.EPSILON * magnitude);
    }
    d[l] += shiftSum;
    e[l] = 0;
  }
  return d.sort().reverse();
}

/**
 * Step 3 for one eigenvalue λ of T: z with (T − λI)·z ≈ 0, ‖z‖ = 1, orthogonal to rows
 * clusterStart … j−1 of `found` (the eigenvectors of T already computed in λ's cluster).
 */
function inverseIteration(d: Float64Array, e: Float64Array, n: number, lambda: number, norm: number, found: Float64Array, clusterStart: number, j: number): Float64Array {
  const lu = factorShifted(d, e, n, lambda, norm);
  const random = new CounterRandom(0x5eed, j);
  let z: Float64Array = Float64Array.from({ length: n }, (_, i) => random.uniform(i) - 0.5);
  for (let iteration = 0; iteration < INVERSE_ITERATIONS; iteration++) {
    z = lu.solve(z);
    for (let t = clusterStart; t < j; t++) {
      const other = found.subarray(t * n, (t + 1) * n);
      let dot = 0;
      for (let i = 0; i < n; i++) dot += other[i] * z[i];
      for (let i = 0; i < n; i++) z[i] -= dot * other[i];
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += z[i] * z[i];
    const length = Math.sqrt(s);
    // A zero vector can only come from a start orthogonal to everything left: restart on e_j.
    if (!(length > 0)) z = Float64Array.from({ length: n }, (_, i) => (i === j % n ? 1 : 0));
    else for (let i = 0; i < n; i++) z[i] /= length;
  }
  return z;
}

/**
 * LU with partial pivoting of the tridiagonal T − λI (sub- and superdiagonal e, diagonal
 * d − λ): U has three diagonals (one of fill-in). Zero pivots become ε·‖T‖ so the solve
 * stays finite; its growth, ~1/ε in λ's eigenvector, is what inverse iteration wants.
 */
function factorShifted(d: Float64Array, e: Float64Array, n: number, lambda: number, norm: number): { solve(y: Float64Array): Float64Array } {
  const tiny = Number.EPSILON * Math.max(norm, Number.MIN_VALUE);
  const u0 = new Float64Array(n), u1 = new Float64Array(n), u2 = new Float64Array(n);
  const multiplier = new Float64Array(n);
  const swapped = new Uint8Array(n);
  // The row being reduced, on columns i, i+1 (its column i+2 is always 0 here).
  let p0 = d[0] - lambda, p1 = n > 1 ? e[0] : 0;
  for (let i = 0; i < n - 1; i++) {
    // Row i + 1 of T − λI on columns i, i+1, i+2.
    let r0 = e[i], r1 = d[i + 1] - lambda, r2 = i + 2 < n ? e[i + 1] : 0;
    let q0 = p0, q1 = p1, q2 = 0;
    if (Math.abs(r0) > Math.abs(q0)) {
      [q0, q1, q2, r0, r1, r2] = [r0, r1, r2, q0, q1, q2];
      swapped[i] = 1;
    }
    if (q0 === 0) q0 = tiny;
    const m = r0 / q0;
    multiplier[i] = m;
    u0[i] = q0;
    u1[i] = q1;
    u2[i] = q2;
    p0 = r1 - m * q1;
    p1 = r2 - m * q2;
  }
  u0[n - 1] = p0 === 0 ? tiny : p0;
  return {
    solve(rhs: Float64Array): Float64Array {
      const y = Float64Array.from(rhs);
      for (let i = 0; i < n - 1; i++) {
        if (swapped[i]) [y[i], y[i + 1]] = [y[i + 1], y[i]];
        y[i + 1] -= multiplier[i] * y[i];
      }
      for (let i = n - 1; i >= 0; i--) {
        let s = y[i];
        if (i + 1 < n) s -= u1[i] * y[i + 1];
        if (i + 2 < n) s -= u2[i] * y[i + 2];
        y[i] = s / u0[i];
      }
      return y;
    },
  };
}

/** z ← Q·z = H_0(H_1(⋯H_{n−3}·z)), the reflectors stored in the rows of `a`. */
function applyQ(a: Float64Array, n: number, betas: Float64Array, z: Float64Array): void {
  for (let k = n - 3; k >= 0; k--) {
    const beta = betas[k];
    if (beta === 0) continue;
    const v = k * n;
    let s = 0;
    for (let i = k + 1; i < n; i++) s += a[v + i] * z[i];
    s *= beta;
    for (let i = k + 1; i < n; i++) z[i] -= s * a[v + i];
  }
}
