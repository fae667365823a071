/**
 * Principal component projection keeping a fraction of the variance, as scikit-learn's
 * `PCA(whiten=False)` followed by keeping the leading components (what mauve-text does
 * before k-means), in float64 on the host.
 *
 *   X_c = X − 𝟙·meanᵀ (centred rows, n × d)
 *   eigenvalues λ_1 ≥ λ_2 ≥ … of X_cᵀX_c (the covariance up to the factor 1/(n − 1),
 *   which cancels in every ratio), clipped at 0
 *   ratio_j = λ_j / Σ_i λ_i;  keep the first K components, K = min{ j : Σ_{i≤j} ratio_i ≥ f }
 *   projection Z = X_c·V_K (n × K), V_K the unit eigenvectors of λ_1 … λ_K
 *
 * The eigenproblem is solved on the smaller side: when n ≥ d, the d × d matrix X_cᵀX_c;
 * when n < d, the n × n Gram matrix G = X_c·X_cᵀ, which has the same non-zero eigenvalues
 * and whose unit eigenvectors u_j give Z[:, j] = √λ_j·u_j (since X_c·v_j = √λ_j·u_j).
 * Either way the work is n·d·s/2 multiply-adds to form the matrix, s = min(n, d), plus
 * about (4/3)·s³ + 2·K·s² for the eigensolver (engine/symmetric-eigen.ts: all eigenvalues,
 * then only the K kept eigenvectors). Measured for K = 20 on a loaded 2-core machine:
 * 0.7 s at s = 800, 3 s at s = 1,280, 16 s at s = 2,000 — so s of a few thousand is the
 * practical limit. Component signs are arbitrary (as in scikit-learn, up to its
 * svd_flip); no downstream distance depends on them.
 */
import { centreColumns, type HostMatrix } from './host-matrix.js';
import { symmetricEigen } from './symmetric-eigen.js';

export interface PrincipalProjection {
  /** n × K: the centred rows in the leading K principal directions. */
  readonly projected: HostMatrix;
  /** K, the number of components kept. */
  readonly components: number;
  /** Σ_{i≤K} ratio_i, the fraction of the variance the K components keep. */
  readonly keptVariance: number;
  /** ratio_j for every component (length min(n, d)), descending. */
  readonly varianceRatios: Float64Array;
}

/**
 * Projects the rows of `x` onto the fewest leading principal components whose explained
 * variance ratios sum to at least `fraction` (0 < fraction < 1). Throws a RangeError when
 * the rows have no variance at all (every row equal), where no direction is principal.
 */
export function principalProjection(x: HostMatrix, fraction: number): PrincipalProjection {
  const centred = centreColumns(x);
  const { rows: n, cols: d } = centred;
  const side = Math.min(n, d);
  let varianceRatios = new Float64Array(0), components = 0, keptVariance = 0;
  const { values, vectors } = symmetricEigen(n >= d ? scatterMatrix(centred) : gramMatrix(centred), side, (eigenvalues) => {
    const variances = eigenvalues.map((v) => Math.max(v, 0));
    const total = variances.reduce((s, v) => s + v, 0);
    if (!(total > 0)) throw new RangeError('principalProjection: the rows have zero variance');
    varianceRatios = variances.map((v) => v / total);
    while (components < side && !(keptVariance >= fraction)) keptVariance += varianceRatios[components++];
    return components;
  });
  const projected = new Float64Array(n * components);
  if (n >= d) {
    // Z[i, j] = ⟨x_c,i, v_j⟩
    for (let i = 0; i < n; i++) {
      const xi = i * d;
      for (let j = 0; j < components; j++) {
        const vj = j * d;
        let s = 0;
        for (let c = 0; c < d; c++) s += centred.data[xi + c] * vectors[vj + c];
        projected[i * components + j] = s;
      }
    }
  } else {
    // Z[i, j] = √λ_j·u_j[i]
    for (let j = 0; j < components; j++) {
      const root = Math.sqrt(Math.max(values[j], 0));
      for (let i = 0; i < n; i++) projected[i * components + j] = root * vectors[j * n + i];
    }
  }
  return { projected: { rows: n, cols: components, data: projected }, components, keptVariance, varianceRatios };
}

/**
 * X_cᵀX_c (d × d), lower triangle only (all the eigensolver reads). Rows are taken eight at
 * a time, so each entry is loaded and stored once per eight rows (3× faster than one row
 * at a time at d = 768, where the matrix does not fit in cache).
 */
function scatterMatrix(x: HostMatrix): Float64Array {
  const { rows, cols: d, data } = x;
  const s = new Float64Array(d * d);
  let i = 0;
  for (; i + 8 <= rows; i += 8) {
    const o0 = i * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d, o4 = o3 + d, o5 = o4 + d, o6 = o5 + d, o7 = o6 + d;
    for (let a = 0; a < d; a++) {
      const v0 = data[o0 + a], v1 = data[o1 + a], v2 = data[o2 + a], v3 = data[o3 + a];
      const v4 = data[o4 + a], v5 = data[o5 + a], v6 = data[o6 + a], v7 = data[o7 + a];
      const sa = a * d;
      for (let b = 0; b <= a; b++) {
        s[sa + b] += v0 * data[o0 + b] + v1 * data[o1 + b] + v2 * data[o2 + b] + v3 * data[o3 + b]
          + v4 * data[o4 + b] + v5 * data[o5 + b] + v6 * data[o6 + b] + v7 * data[o7 + b];
      }
    }
  }
  for (; i < rows; i++) {
    const xi = i * d;
    for (let a = 0; a < d; a++) {
      const va = data[xi + a], sa = a * d;
      for (let b = 0; b <= a; b++) s[sa + b] += va * data[xi + b];
    }
  }
  return s;
}

/** X_c·X_cᵀ (n × n), lower triangle only: four rows i against each row j ≤ i per pass over row j. */
function gramMatrix(x: HostMatrix): Float64Array {
  const { rows: n, cols: d, data } = x;
  const g = new Float64Array(n * n);
  const dot = (i: number, j: number) => {
    let s = 0;
    for (let c = 0; c < d; c++) s += data[i * d + c] * data[j * d + c];
    return s;
  };
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o0 = i * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d;
    for (let j = 0; j <= i; j++) {
      const oj = j * d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let c = 0; c < d; c++) {
        const v = data[oj + c];
        s0 += data[o0 + c] * v;
        s1 += data[o1 + c] * v;
        s2 += data[o2 + c] * v;
        s3 += data[o3 + c] * v;
      }
      g[i * n + j] = s0;
      g[(i + 1) * n + j] = s1;
      g[(i + 2) * n + j] = s2;
      g[(i + 3) * n + j] = s3;
    }
    // The rest of the 4 × 4 diagonal block (columns i+1 … i+3 of rows below them).
    for (let r = 1; r < 4; r++) for (let j = i + 1; j <= i + r; j++) g[(i + r) * n + j] = dot(i + r, j);
  }
  for (; i < n; i++) for (let j = 0; j <= i; j++) g[i * n + j] = dot(i, j);
  return g;
}
