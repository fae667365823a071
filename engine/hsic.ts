/**
 * The public `hsic(x, y, { kernel = 'gaussian', bandwidthX = 'median', bandwidthY = 'median',
 * estimator = 'biased' })` call: the Hilbert–Schmidt independence criterion of paired rows,
 * with K_ij = k(x_i, x_j), L_ij = l(y_i, y_j) (one kernel family, a bandwidth for each
 * variable; 'median' on x and on y separately), H = I − 11ᵀ/n:
 *
 *   'biased'    (1/n²)·tr(KHLH)   (Gretton et al., ALT 2005)
 *               = (1/n²)·[Σ_ij K_ij L_ij − (2/n)·Σ_i r^K_i r^L_i + s_K s_L/n²]
 *   'unbiased'  (Song et al., JMLR 13, 2012), K̃, L̃ = K, L with zero diagonals:
 *               [tr(K̃L̃) + (1ᵀK̃1)(1ᵀL̃1)/((n−1)(n−2)) − (2/(n−2))·1ᵀK̃L̃1] / (n(n−3))
 *               = [Σ_{i≠j} K_ij L_ij + s̃_K s̃_L/((n−1)(n−2)) − (2/(n−2))·Σ_i r̃^K_i r̃^L_i] / (n(n−3))
 *
 * where r = the row sums (K1, L1; r̃ without the diagonal) and s = Σ_i r_i: the centring
 * goes through row sums (backend.gramSums) and the one n×n term through the alignment
 * Σ_ij K_ij L_ij (backend.gramAlignment), so nothing n×n is stored.
 * Permutation null p pairs x_i with y_σ(i), σ = permutationTable(n, seed, p) (as
 * mutualInformation): L becomes P L Pᵀ, whose row sums are r^L_σ(i) and whose alignment
 * with K is the p-th of one batched gramAlignment call (each K tile computed once per
 * batch; l evaluated at the permuted pairs). x and y are centred separately (unless the
 * kernel is 'polynomial').
 */
import type { Backend, MatrixHandle } from './backend.js';
import { InvalidInputError } from './errors.js';
import type { GramKernel } from './gram-kernel.js';
import { selectRows, type HostMatrix } from './host-matrix.js';
import { infer, INFERENCE_OPTIONS, parseInference, permutationTable, type InferenceOptions } from './inference.js';
import { KERNEL_OPTIONS, parseBandwidth, parseKernelChoice, prepareKernelSample, resolveKernel, type Bandwidth, type KernelOptions } from './kernel-options.js';
import { checkOptionKeys, oneOf } from './options.js';
import type { KernelEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { medianSampleOf } from './device-median-sample.js';
import type { GramEstimator, StatisticWithNulls } from './two-sample-gram.js';

export interface HsicOptions extends InferenceOptions, KernelOptions {
  /** σ of the kernel on x: a number, a list (sum of kernels) or 'median' (default). */
  bandwidthX?: Bandwidth;
  /** σ of the kernel on y, likewise. */
  bandwidthY?: Bandwidth;
  /** Default 'biased'. */
  estimator?: GramEstimator;
}

const HSIC_OPTIONS = ['bandwidthX', 'bandwidthY', 'estimator', ...KERNEL_OPTIONS, ...INFERENCE_OPTIONS] as const;

/** Permutations per gramAlignment call (host memory: this many × n int32). */
const PERMUTATIONS_PER_CALL = 64;

export async function hsic(backend: Backend, x: Samples, y: Samples, options: HsicOptions = {}): Promise<KernelEstimate> {
  checkOptionKeys(options, HSIC_OPTIONS, 'hsic');
  const estimator = oneOf(options.estimator ?? 'biased', ['biased', 'unbiased'] as const, 'estimator', 'UNKNOWN_METHOD');
  const choice = parseKernelChoice(options);
  const bandwidthX = parseBandwidth(options.bandwidthX, 'bandwidthX', choice.name);
  const bandwidthY = parseBandwidth(options.bandwidthY, 'bandwidthY', choice.name);
  const inference = parseInference(options);
  const xm = prepareKernelSample(toHostMatrix(x, 'x'), choice.name);
  const ym = prepareKernelSample(toHostMatrix(y, 'y'), choice.name);
  const n = xm.rows;
  if (ym.rows !== n) throw new InvalidInputError('ROW_MISMATCH', 'y', `has ${ym.rows} rows but x has ${n}; x and y must be paired row by row`);
  const minRows = estimator === 'unbiased' ? 4 : 2;
  if (n < minRows) throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${n} rows; the ${estimator} HSIC estimator needs at least ${minRows}`);
  if (inference.interval && Math.floor(inference.interval.fraction * n) < minRows) {
    throw new InvalidInputError('TOO_FEW_ROWS', 'options.interval.fraction', `subsamples of ${Math.floor(inference.interval.fraction * n)} rows are too few for the ${estimator} estimator (it needs ${minRows}); raise fraction`);
  }
  const kx = resolveKernel(choice, bandwidthX, await medianSampleOf(backend, xm, bandwidthX, inference.seed, 0), inference.seed, 0, 'bandwidthX');
  const ky = resolveKernel(choice, bandwidthY, await medianSampleOf(backend, ym, bandwidthY, inference.seed, 1), inference.seed, 1, 'bandwidthY');

  const statistic = (a: HostMatrix, b: HostMatrix, permutations: number) => hsicWithNulls(backend, a, b, kx, ky, estimator, permutations, inference.seed);
  const { observed, nulls } = await statistic(xm, ym, inference.permutations);
  const { pValue, interval } = await infer(
    observed,
    n,
    inference,
    async (p) => nulls[p],
    async (rows) => (await statistic(selectRows(xm, rows), selectRows(ym, rows), 0)).observed,
  );
  return {
    value: observed,
    measure: 'hsic',
    method: estimator,
    kernel: choice.name,
    bandwidths: { x: kx.bandwidths, y: ky.bandwidths },
    backend: backend.kind,
    n,
    m: n,
    pValue,
    interval,
    warnings: [],
  };
}

/** HSIC of (x_i, y_i) and of (x_i, y_σp(i)) for the first `permutations` seeded permutations. */
async function hsicWithNulls(backend: Backend, x: HostMatrix, y: HostMatrix, kx: GramKernel, ky: GramKernel, estimator: GramEstimator, permutations: number, seed: number): Promise<StatisticWithNulls> {
  const n = x.rows;
  const unbiased = estimator === 'unbiased';
  const xh = await backend.upload(x);
  let yh: MatrixHandle | undefined;
  try {
    yh = await backend.upload(y);
    const ones = new Float64Array(n).fill(1);
    const rowSums = (h: MatrixHandle, kernel: GramKernel) => backend.gramSums(h, h, { kernel, excludeDiagonal: unbiased, referenceWeights: ones, queryWeights: null, count: 1 });
    const rx = await rowSums(xh, kx);
    const ry = await rowSums(yh, ky);
    const sx = rx.reduce((s, v) => s + v, 0), sy = ry.reduce((s, v) => s + v, 0);

    // Permutation 0 is the identity (the observed pairing), then the nulls.
    const values = new Float64Array(1 + permutations);
    for (let start = 0; start < values.length; start += PERMUTATIONS_PER_CALL) {
      const count = Math.min(PERMUTATIONS_PER_CALL, values.length - start);
      const flat = new Int32Array(count * n);
      for (let t = 0; t < count; t++) {
        if (start + t === 0) for (let i = 0; i < n; i++) flat[i] = i;
        else flat.set(permutationTable(n, seed, start + t - 1), t * n);
      }
      const alignments = await backend.gramAlignment(xh, yh, { firstKernel: kx, secondKernel: ky, excludeDiagonal: unbiased, permutations: flat, count });
      for (let t = 0; t < count; t++) {
        const order = flat.subarray(t * n, (t + 1) * n);
        let cross = 0;
        for (let i = 0; i < n; i++) cross += rx[i] * ry[order[i]];
        const a = alignments[t];
        values[start + t] = unbiased
          ? (a + (sx * sy) / ((n - 1) * (n - 2)) - (2 / (n - 2)) * cross) / (n * (n - 3))
          : (a - (2 / n) * cross + (sx * sy) / (n * n)) / (n * n);
      }
    }
    return { observed: values[0], nulls: values.subarray(1) };
  } finally {
    backend.release(xh);
    if (yh) backend.release(yh);
  }
}
