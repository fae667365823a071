/**
 * Matrix-based Rényi α-entropy (Sanchez Giraldo, Rao & Principe, "Measures of entropy
 * from data using infinitely divisible kernels", IEEE Trans. Inf. Theory 61, 2015), in nats:
 *
 *   A = K / tr(K)   (= K/n for kernels with K_ii = 1),   eigenvalues λ_i of A (Σ λ_i = 1)
 *   S_α(A) = (1/(1 − α)) · log Σ_i λ_i^α,    S_1(A) = −Σ_i λ_i log λ_i  (von Neumann)
 *
 * α = 2 needs no eigenvalues: Σ λ_i² = ‖A‖²_F = Σ_ij K_ij² / tr(K)², a Gram alignment of K
 * with itself (backend.gramAlignment), so it runs at any n with O(n) memory. Every other α
 * builds K on the host and takes its eigenvalues (engine/symmetric-eigen.ts, O(n³)):
 * at most EIGEN_MAX_ROWS rows.
 *
 * Matrix-based mutual information of paired x, y with Gram matrices A (x) and B (y):
 *   I_α = S_α(A) + S_α(B) − S_α(A∘B / tr(A∘B))
 * For α = 2 and one Gaussian or Laplacian bandwidth per variable the joint term is again an
 * alignment: Σ (K∘L)²_ij = Σ_ij k²(x_i, x_j)·l²(y_i, y_j) with k² the same kernel at σ/√2
 * (Gaussian) or σ/2 (Laplacian); otherwise the eigenvalue path.
 */
import type { Backend, MatrixHandle } from './backend.js';
import { InvalidInputError } from './errors.js';
import { pairKernel, type GramKernel } from './gram-kernel.js';
import { requireHostValues } from './device-resident-matrix.js';
import type { HostMatrix } from './host-matrix.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** Largest n of the eigenvalue path (about 10–20 s in JavaScript at this size). */
export const EIGEN_MAX_ROWS = 1500;

/** S_α of the normalised Gram matrix of x (prepared for its kernel), in nats. */
export async function matrixRenyiEntropy(backend: Backend, x: HostMatrix, kernel: GramKernel, alpha: number): Promise<number> {
  if (alpha === 2) {
    const handle = await backend.upload(x);
    try {
      return -Math.log((await alignment(backend, handle, handle, kernel, kernel, x.rows)) / traceOf(x, kernel) ** 2);
    } finally {
      backend.release(handle);
    }
  }
  return spectralEntropy(eigenvaluesOfNormalised(gram(x, kernel)), alpha);
}

/** I_α(x; y), in nats. */
export async function matrixMutualInformation(backend: Backend, x: HostMatrix, y: HostMatrix, kx: GramKernel, ky: GramKernel, alpha: number): Promise<number> {
  const hx = await matrixRenyiEntropy(backend, x, kx, alpha);
  const hy = await matrixRenyiEntropy(backend, y, ky, alpha);
  const squaredX = squaredKernel(kx), squaredY = squaredKernel(ky);
  if (alpha === 2 && squaredX && squaredY) {
    const hxHandle = await backend.upload(x);
    const hyHandle = await backend.upload(y);
    try {
      const frobenius = await alignment(backend, hxHandle, hyHandle, squaredX, squaredY, x.rows);
      // tr(K∘L) = Σ_i K_ii L_ii = n · (diagonal of k) · (diagonal of l) for these kernels.
      const trace = x.rows * kx.bandwidths.length * ky.bandwidths.length;
      return hx + hy + Math.log(frobenius / (trace * trace));
    } finally {
      backend.release(hxHandle);
      backend.release(hyHandle);
    }
  }
  const k = gram(x, kx), l = gram(y, ky);
  for (let t = 0; t < k.length; t++) k[t] *= l[t];
  return hx + hy - spectralEntropy(eigenvaluesOfNormalised(k), alpha);
}

/** Σ_ij k₁(a_i, a_j) · k₂(b_i, b_j) over paired rows. */
async function alignment(backend: Backend, a: MatrixHandle, b: MatrixHandle, k1: GramKernel, k2: GramKernel, n: number): Promise<number> {
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  const [value] = await backend.gramAlignment(a, b, { firstKernel: k1, secondKernel: k2, excludeDiagonal: false, permutations: identity, count: 1 });
  return value;
}

/** k² as a kernel of the same family, for a single Gaussian or Laplacian bandwidth; else null. */
export function squaredKernel(kernel: GramKernel): GramKernel | null {
  if (kernel.bandwidths.length !== 1) return null;
  const [sigma] = kernel.bandwidths;
  if (kernel.form === 'gaussian') return { ...kernel, bandwidths: [sigma / Math.SQRT2] };
  if (kernel.form === 'laplacian') return { ...kernel, bandwidths: [sigma / 2] };
  return null;
}

/** tr(K) = Σ_i k(x_i, x_i); n·k(0, 0) for a kernel of x − y (no host values needed, so GPU inputs work). */
function traceOf(x: HostMatrix, kernel: GramKernel): number {
  if (kernel.form !== 'linear' && kernel.form !== 'polynomial') {
    const origin = new Float64Array(x.cols);
    return x.rows * pairKernel(kernel, origin, x.cols, origin, x.cols, 0, x.cols)(0, 0);
  }
  requireHostValues([x], `the trace of a ${kernel.form} Gram matrix, Σ k(x_i, x_i), is summed on the host`);
  const k = pairKernel(kernel, x.data, x.cols, x.data, x.cols, 0, x.cols);
  let trace = 0;
  for (let i = 0; i < x.rows; i++) trace += k(i, i);
  return trace;
}

/** The full Gram matrix on the host (eigenvalue path only). */
function gram(x: HostMatrix, kernel: GramKernel): Float64Array {
  const n = x.rows;
  if (n > EIGEN_MAX_ROWS) {
    throw new InvalidInputError('TOO_MANY_ROWS', 'x', `has ${n} rows; this α needs the eigenvalues of an n × n matrix, computed on the host up to n = ${EIGEN_MAX_ROWS}. Use alpha: 2 (any n) or subsample`);
  }
  const k = pairKernel(kernel, x.data, x.cols, x.data, x.cols, 0, x.cols);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = k(i, j);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}

/** Eigenvalues of M / tr(M). */
function eigenvaluesOfNormalised(m: Float64Array): Float64Array {
  const n = Math.round(Math.sqrt(m.length));
  let trace = 0;
  for (let i = 0; i < n; i++) trace += m[i * n + i];
  for (let t = 0; t < m.length; t++) m[t] /= trace;
  return symmetricEigen(m, n).values;
}

/** S_α from eigenvalues summing to 1 (tiny negative round-off eigenvalues count as 0). */
export function spectralEntropy(values: Float64Array, alpha: number): number {
  if (alpha === 1) {
    let h = 0;
    for (const v of values) if (v > 0) h -= v * Math.log(v);
    return h;
  }
  let sum = 0;
  for (const v of values) if (v > 0) sum += Math.pow(v, alpha);
  return Math.log(sum) / (1 - alpha);
}
