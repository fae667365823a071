/**
 * The kernel options of mmd and hsic, validated into a GramKernel (engine/gram-kernel.ts):
 *
 *   kernel     'gaussian' (default), 'laplacian', 'inverse-multiquadric', 'linear', 'polynomial'
 *   bandwidth  σ: a number > 0, a list of them (a sum of kernels, one per σ), or 'median'
 *              (default; engine/median-bandwidth.ts, on the sample the kernel is applied to).
 *              'linear' has no bandwidth; 'polynomial' uses it as its scale γ = 1/σ².
 *   degree     polynomial degree p, a positive integer (default 3, as scikit-learn)
 *   coef0      polynomial constant c₀, a finite number (default 1, as scikit-learn)
 *
 * Kernel samples are centred (float64 column means subtracted, DESIGN.md §3) unless the
 * kernel is 'polynomial', the one kernel here whose estimates move with a common shift of
 * the data: it sees the data as given.
 */
import { InvalidInputError } from './errors.js';
import { isTranslationInvariant, KERNEL_NAMES, type GramKernel, type KernelName } from './gram-kernel.js';
import { centreColumns, type HostMatrix } from './host-matrix.js';
import { medianDistance } from './median-bandwidth.js';
import { oneOf, positiveInteger } from './options.js';

export type Bandwidth = number | readonly number[] | 'median';

export interface KernelOptions {
  /** Default 'gaussian'. */
  kernel?: KernelName;
  /** Polynomial degree, default 3. */
  degree?: number;
  /** Polynomial constant c₀, default 1. */
  coef0?: number;
}

export const KERNEL_OPTIONS = ['kernel', 'degree', 'coef0'] as const;

export interface KernelChoice {
  readonly name: KernelName;
  readonly degree: number;
  readonly coef0: number;
}

export function parseKernelChoice(options: KernelOptions): KernelChoice {
  const name = oneOf(options.kernel ?? 'gaussian', KERNEL_NAMES, 'kernel');
  if (name !== 'polynomial') {
    for (const key of ['degree', 'coef0'] as const) {
      if (options[key] !== undefined) throw new InvalidInputError('UNKNOWN_OPTION', `options.${key}`, `applies to kernel 'polynomial' only, not '${name}'`);
    }
    return { name, degree: 0, coef0: 0 };
  }
  const degree = positiveInteger(options.degree ?? 3, 'degree');
  const coef0 = options.coef0 ?? 1;
  if (typeof coef0 !== 'number' || !Number.isFinite(coef0)) throw new InvalidInputError('BAD_NUMBER', 'options.coef0', `must be a finite number, got ${String(coef0)}`);
  return { name, degree, coef0 };
}

/** The σ list, 'median', or null for 'linear' (which takes none). `option` names it in errors. */
export function parseBandwidth(value: unknown, option: string, kernel: KernelName): number[] | 'median' | null {
  if (kernel === 'linear') {
    if (value !== undefined) throw new InvalidInputError('UNKNOWN_OPTION', `options.${option}`, "kernel 'linear' (xᵀy) has no bandwidth; leave it out");
    return null;
  }
  if (value === undefined || value === 'median') return 'median';
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidInputError('BAD_NUMBER', `options.${option}`, `must be a number > 0, a non-empty list of them, or 'median'; got ${JSON.stringify(value)}`);
  }
  list.forEach((sigma: unknown, i) => {
    if (typeof sigma !== 'number' || !Number.isFinite(sigma) || sigma <= 0) {
      const where = typeof value === 'number' ? '' : ` (entry ${i})`;
      throw new InvalidInputError('BAD_NUMBER', `options.${option}`, `a bandwidth must be a finite number > 0, got ${String(sigma)}${where}`);
    }
  });
  return list as number[];
}

/** The kernel applied to `sample` (already prepared by `prepareKernelSample`); 'median' is resolved on it. */
export function resolveKernel(choice: KernelChoice, bandwidth: number[] | 'median' | null, sample: HostMatrix, seed: number, variable: number, option: string): GramKernel {
  const { name: form, degree, coef0 } = choice;
  if (bandwidth === null) return { form, bandwidths: [], degree, coef0 };
  if (bandwidth !== 'median') return { form, bandwidths: bandwidth, degree, coef0 };
  const sigma = medianDistance(sample, seed, variable);
  if (!(sigma > 0)) {
    throw new InvalidInputError('ZERO_DISTANCE', `options.${option}`, "the 'median' heuristic gives σ = 0 (more than half of the pairwise distances are 0, e.g. repeated rows); pass a number");
  }
  return { form, bandwidths: [sigma], degree, coef0 };
}

/** Centred columns for a translation-invariant kernel; the data as given for 'polynomial'. */
export function prepareKernelSample(sample: HostMatrix, kernel: KernelName): HostMatrix {
  return isTranslationInvariant(kernel) ? centreColumns(sample) : sample;
}
