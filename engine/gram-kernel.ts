/**
 * The kernels of the Gram reductions (MMD, HSIC) and the distance of energy statistics:
 * one definition, evaluated in float64 here (CPU backend, linear-time MMD) and encoded as
 * the same terms for shaders/gram-kernel.wgsl (host/gram-kernel.ts).
 *
 * A pair of rows is first reduced to one accumulation s, in ascending column order:
 *   squared   s = Σ_c (x_c − y_c)²     gaussian, inverse-multiquadric, distance
 *   absolute  s = Σ_c |x_c − y_c|      laplacian
 *   product   s = Σ_c x_c·y_c          linear, polynomial
 * then mapped through the kernel, a sum over its bandwidths σ (a list means a sum of kernels):
 *   gaussian              Σ_σ exp(−s/(2σ²))          = exp(−‖x−y‖²/(2σ²))
 *   laplacian             Σ_σ exp(−s/σ)              = exp(−‖x−y‖₁/σ)  (scikit-learn's laplacian_kernel, γ = 1/σ)
 *   inverse-multiquadric  Σ_σ (1 + s/σ²)^(−1/2)      = σ/√(σ² + ‖x−y‖²)
 *   polynomial            Σ_σ (s/σ² + c₀)^p          (scikit-learn's polynomial_kernel, γ = 1/σ², coef0 = c₀, degree = p)
 *   linear                s                          = xᵀy
 *   distance              √s                         = ‖x−y‖ (not a kernel: energy distance)
 *
 * Every term is a(σ)·s inside its function: `kernelTerms` lists (a, b, c) per σ, with
 * a = −1/(2σ²) (gaussian), −1/σ (laplacian), 1/σ² (inverse-multiquadric, polynomial),
 * b = c₀ and c = p for the polynomial (0 otherwise).
 */

export type KernelName = 'gaussian' | 'laplacian' | 'inverse-multiquadric' | 'linear' | 'polynomial';

/** A kernel of the Gram calls, or energy distance's `distance`. */
export type GramForm = KernelName | 'distance';

export interface GramKernel {
  readonly form: GramForm;
  /** σ of each summed term; [] for 'linear' and 'distance'. */
  readonly bandwidths: readonly number[];
  /** Polynomial degree p (positive integer); 0 for the other forms. */
  readonly degree: number;
  /** Polynomial constant c₀; 0 for the other forms. */
  readonly coef0: number;
}

type Accumulation = 'squared' | 'absolute' | 'product';

export const KERNEL_NAMES: readonly KernelName[] = ['gaussian', 'laplacian', 'inverse-multiquadric', 'linear', 'polynomial'];

/** Forms whose value depends only on x − y (a common shift of the data changes nothing). */
export function isTranslationInvariant(form: GramForm): boolean {
  return form !== 'polynomial';
}

function accumulationOf(form: GramForm): Accumulation {
  if (form === 'laplacian') return 'absolute';
  if (form === 'linear' || form === 'polynomial') return 'product';
  return 'squared';
}

/** (a, b, c) of each term, in the order of `bandwidths`. */
export function kernelTerms(kernel: GramKernel): [number, number, number][] {
  const { form, bandwidths, degree, coef0 } = kernel;
  return bandwidths.map((sigma) => {
    if (form === 'gaussian') return [-1 / (2 * sigma * sigma), 0, 0];
    if (form === 'laplacian') return [-1 / sigma, 0, 0];
    if (form === 'polynomial') return [1 / (sigma * sigma), coef0, degree];
    return [1 / (sigma * sigma), 0, 0];
  });
}

/** The kernel's value as a function of a pair's accumulation s (float64). */
export function kernelOfAccumulation(kernel: GramKernel): (s: number) => number {
  const { form } = kernel;
  if (form === 'linear') return (s) => s;
  if (form === 'distance') return (s) => Math.sqrt(s);
  const terms = kernelTerms(kernel);
  const one = (a: number, b: number, c: number, s: number): number => {
    if (form === 'inverse-multiquadric') return 1 / Math.sqrt(1 + a * s);
    if (form === 'polynomial') return (a * s + b) ** c;
    return Math.exp(a * s);
  };
  if (terms.length === 1) {
    const [a, b, c] = terms[0];
    return (s) => one(a, b, c, s);
  }
  return (s) => {
    let k = 0;
    for (const [a, b, c] of terms) k += one(a, b, c, s);
    return k;
  };
}

/** k(a_i, b_j) over columns [c0, c1) of row-major float64 rows (`aCols`, `bCols` columns each). */
export type PairKernel = (i: number, j: number) => number;

export function pairKernel(kernel: GramKernel, a: Float64Array, aCols: number, b: Float64Array, bCols: number, c0: number, c1: number): PairKernel {
  const value = kernelOfAccumulation(kernel);
  const w = c1 - c0;
  const accumulation = accumulationOf(kernel.form);
  if (accumulation === 'product') {
    return (i, j) => {
      const ia = i * aCols + c0, jb = j * bCols + c0;
      let s = 0;
      for (let c = 0; c < w; c++) s += a[ia + c] * b[jb + c];
      return value(s);
    };
  }
  if (accumulation === 'absolute') {
    return (i, j) => {
      const ia = i * aCols + c0, jb = j * bCols + c0;
      let s = 0;
      for (let c = 0; c < w; c++) s += Math.abs(a[ia + c] - b[jb + c]);
      return value(s);
    };
  }
  return (i, j) => {
    const ia = i * aCols + c0, jb = j * bCols + c0;
    let s = 0;
    for (let c = 0; c < w; c++) {
      const t = a[ia + c] - b[jb + c];
      s += t * t;
    }
    return value(s);
  };
}
