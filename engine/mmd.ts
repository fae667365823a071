/**
 * The public `mmd(x, y, { kernel = 'gaussian', bandwidth = 'median', estimator = 'unbiased' })`
 * call: maximum mean discrepancy, value = MMD²_k(P, Q) = E k(X, X′) + E k(Y, Y′) − 2E k(X, Y)
 * (Gretton et al., "A kernel two-sample test", JMLR 13, 2012):
 *
 *   'unbiased'  U-statistic, without the pairs i = j: S′_xx/(n(n−1)) + S′_yy/(m(m−1)) − 2S_xy/(nm)
 *   'biased'    V-statistic, all pairs: S_xx/n² + S_yy/m² − 2S_xy/(nm)
 *   'linear'    linear-time, over pairs of the first 2⌊min(n, m)/2⌋ rows (mmd-linear.ts)
 *
 * Kernels and bandwidths: engine/kernel-options.ts ('median' on the pooled sample x ∪ y).
 * x and y are shifted by the same pooled column means (no kernel value changes, except
 * for 'polynomial', which sees the data as given). `permutations: P, seed` relabel the
 * pooled sample, all P nulls in one batched Gram evaluation (two-sample-gram.ts).
 */
import type { Backend } from './backend.js';
import { concatRows } from './host-matrix.js';
import { medianSampleOf } from './device-median-sample.js';
import { INFERENCE_OPTIONS, parseInference, type InferenceOptions } from './inference.js';
import { KERNEL_OPTIONS, parseBandwidth, parseKernelChoice, prepareKernelSample, resolveKernel, type Bandwidth, type KernelOptions } from './kernel-options.js';
import { linearTimeStatistic } from './mmd-linear.js';
import { checkOptionKeys, oneOf } from './options.js';
import type { KernelEstimate } from './results.js';
import type { Samples } from './samples.js';
import { prepareTwoSamples, runTwoSampleKernelTest } from './two-sample-kernel-test.js';
import { twoSampleGramStatistic } from './two-sample-gram.js';

export type MmdEstimator = 'unbiased' | 'biased' | 'linear';

export interface MmdOptions extends InferenceOptions, KernelOptions {
  /** σ: a number, a list (sum of kernels) or 'median' (default). */
  bandwidth?: Bandwidth;
  /** Default 'unbiased'. */
  estimator?: MmdEstimator;
}

const MMD_OPTIONS = ['bandwidth', 'estimator', ...KERNEL_OPTIONS, ...INFERENCE_OPTIONS] as const;

export async function mmd(backend: Backend, x: Samples, y: Samples, options: MmdOptions = {}): Promise<KernelEstimate> {
  checkOptionKeys(options, MMD_OPTIONS, 'mmd');
  const estimator = oneOf(options.estimator ?? 'unbiased', ['unbiased', 'biased', 'linear'] as const, 'estimator', 'UNKNOWN_METHOD');
  const choice = parseKernelChoice(options);
  const bandwidth = parseBandwidth(options.bandwidth, 'bandwidth', choice.name);
  const inference = parseInference(options);
  const minRows = estimator === 'biased' ? 1 : 2;
  const samples = prepareTwoSamples(x, y, minRows, estimator, (pooled) => prepareKernelSample(pooled, choice.name));
  const kernel = resolveKernel(choice, bandwidth, await medianSampleOf(backend, samples.pooled, bandwidth, inference.seed, 0), inference.seed, 0, 'bandwidth');
  return runTwoSampleKernelTest(backend.kind, samples, inference, {
    measure: 'mmd',
    method: estimator,
    kernel: choice.name,
    bandwidths: kernel.bandwidths,
    minRows,
    statistic: async (a, b, permutations) =>
      estimator === 'linear'
        ? linearTimeStatistic(a, b, kernel, permutations, inference.seed)
        : twoSampleGramStatistic(backend, concatRows([a, b]), a.rows, kernel, estimator, permutations, inference.seed),
  });
}

