/**
 * The public `energyDistance(x, y, { estimator = 'biased' })` call: the (squared) energy
 * distance of Székely & Rizzo ("Energy statistics", J. Stat. Plan. Inference 143, 2013),
 *
 *   E(P, Q) = 2E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖   (Euclidean)
 *   'biased'    V-statistic: 2D_xy/(nm) − D_xx/n² − D_yy/m²  (dcor's default; for 1-D
 *               samples = scipy.stats.energy_distance(x, y)²)
 *   'unbiased'  U-statistic: 2D_xy/(nm) − D_xx/(n(n−1)) − D_yy/(m(m−1))
 *
 * with D the sums of distances over x×x, y×y, x×y. This is −MMD² of the kernel ‖x − y‖,
 * so it runs through the same batched Gram sums and permutation nulls (two-sample-gram.ts);
 * data centred at the pooled mean.
 */
import type { Backend } from './backend.js';
import type { GramKernel } from './gram-kernel.js';
import { centreColumns, concatRows } from './host-matrix.js';
import { INFERENCE_OPTIONS, parseInference, type InferenceOptions } from './inference.js';
import { checkOptionKeys, oneOf } from './options.js';
import type { KernelEstimate } from './results.js';
import type { Samples } from './samples.js';
import { prepareTwoSamples, runTwoSampleKernelTest } from './two-sample-kernel-test.js';
import { twoSampleGramStatistic, type GramEstimator } from './two-sample-gram.js';

export interface EnergyDistanceOptions extends InferenceOptions {
  /** Default 'biased' (V-statistic). */
  estimator?: GramEstimator;
}

const ENERGY_OPTIONS = ['estimator', ...INFERENCE_OPTIONS] as const;
const DISTANCE: GramKernel = { form: 'distance', bandwidths: [], degree: 0, coef0: 0 };

export async function energyDistance(backend: Backend, x: Samples, y: Samples, options: EnergyDistanceOptions = {}): Promise<KernelEstimate> {
  checkOptionKeys(options, ENERGY_OPTIONS, 'energyDistance');
  const estimator = oneOf(options.estimator ?? 'biased', ['biased', 'unbiased'] as const, 'estimator', 'UNKNOWN_METHOD');
  const inference = parseInference(options);
  const minRows = estimator === 'biased' ? 1 : 2;
  const samples = prepareTwoSamples(x, y, minRows, estimator, centreColumns);
  return runTwoSampleKernelTest(backend.kind, samples, inference, {
    measure: 'energy-distance',
    method: estimator,
    kernel: 'distance',
    bandwidths: [],
    minRows,
    statistic: async (a, b, permutations) => {
      const { observed, nulls } = await twoSampleGramStatistic(backend, concatRows([a, b]), a.rows, DISTANCE, estimator, permutations, inference.seed);
      return { observed: -observed, nulls: nulls.map((v) => -v) };
    },
  });
}
