/**
 * The Cauchy–Schwarz divergence between two samples (Principe, "Information Theoretic
 * Learning", 2010; Jenssen et al. 2006), from Gaussian information potentials over all
 * pairs (i = j included):
 *
 *   V_ab = (1/(n_a n_b)) Σ_i Σ_j exp(−‖a_i − b_j‖²/(4σ²))        (a Gaussian of width √2·σ)
 *   D_CS = log V_pp + log V_qq − 2·log V_pq ≥ 0  (= 0 when p and q are the same sample)
 *
 * σ: a number, a list (V sums the kernels), or 'median' of the pooled sample (DESIGN.md §2).
 * The three V are weighted Gram sums on the pooled sample (backend.gramSums), never an
 * n × m matrix. `permutations: P, seed` relabel the pooled rows (as mmd): each null is
 * three more weight vectors of the same batched call.
 */
import type { Backend } from './backend.js';
import { medianSampleOf } from './device-median-sample.js';
import { InvalidInputError } from './errors.js';
import type { GramKernel } from './gram-kernel.js';
import { centreColumns } from './host-matrix.js';
import { parseInference, permutationTable, type InferenceOptions } from './inference.js';
import { parseBandwidth, resolveKernel, type Bandwidth } from './kernel-options.js';
import { checkOptionKeys, logBase } from './options.js';
import type { KernelInformationEstimate } from './results.js';
import type { Samples } from './samples.js';
import { prepareTwoSamples } from './two-sample-kernel-test.js';
import { WEIGHT_VECTORS_PER_CALL } from './two-sample-gram.js';
import { PROGRESS_OPTIONS, type ProgressOptions } from './progress.js';

export interface CauchySchwarzOptions extends Omit<InferenceOptions, 'interval'> {
  /** σ: a number, a list, or 'median' (default). */
  bandwidth?: Bandwidth;
  /** 2 for bits; nats by default. */
  base?: number;
}

const CS_OPTIONS = ['bandwidth', 'base', 'permutations', 'seed', ...PROGRESS_OPTIONS] as const;

export async function cauchySchwarz(backend: Backend, p: Samples, q: Samples, options: CauchySchwarzOptions = {}): Promise<KernelInformationEstimate> {
  checkOptionKeys(options, CS_OPTIONS, 'cauchySchwarz');
  const { unit, scale } = logBase(options.base);
  const inference = parseInference(options);
  const bandwidth = parseBandwidth(options.bandwidth, 'bandwidth', 'gaussian');
  const samples = prepareTwoSamples(p, q, 1, 'Cauchy–Schwarz', centreColumns, ['p', 'q']);
  const medianSample = await medianSampleOf(backend, samples.pooled, bandwidth, inference.seed, 0);
  const sigma = resolveKernel({ name: 'gaussian', degree: 0, coef0: 0 }, bandwidth, medianSample, inference.seed, 0, 'bandwidth');
  const kernel: GramKernel = { ...sigma, bandwidths: sigma.bandwidths.map((s) => Math.SQRT2 * s) };
  const n = samples.x.rows, m = samples.y.rows, total = n + m;
  const labellings = [null, ...Array.from({ length: inference.permutations }, (_, t) => permutationTable(total, inference.seed, t))];
  const handle = await backend.upload(samples.pooled);
  const values: number[] = [];
  try {
    const perCall = Math.floor(WEIGHT_VECTORS_PER_CALL / 3);
    for (let start = 0; start < labellings.length; start += perCall) {
      const batch = labellings.slice(start, start + perCall);
      const weights = new Float64Array(3 * batch.length * total);
      const queryWeights = new Float64Array(3 * batch.length * total);
      batch.forEach((order, b) => {
        // Row order[r] is labelled p for r < n, q otherwise (identity when order is null).
        for (let r = 0; r < total; r++) {
          const row = order ? order[r] : r;
          const inP = r < n;
          const base = 3 * b * total;
          queryWeights[base + row] = inP ? 1 / n : 0; // V_pp: u = v = p-weights
          weights[base + row] = inP ? 1 / n : 0;
          queryWeights[base + total + row] = inP ? 0 : 1 / m; // V_qq
          weights[base + total + row] = inP ? 0 : 1 / m;
          queryWeights[base + 2 * total + row] = inP ? 1 / n : 0; // V_pq
          weights[base + 2 * total + row] = inP ? 0 : 1 / m;
        }
      });
      const sums = await backend.gramSums(handle, handle, { kernel, excludeDiagonal: false, referenceWeights: weights, queryWeights, count: 3 * batch.length });
      for (let b = 0; b < batch.length; b++) values.push(Math.log(sums[3 * b]) + Math.log(sums[3 * b + 1]) - 2 * Math.log(sums[3 * b + 2]));
    }
  } finally {
    backend.release(handle);
  }
  if (!Number.isFinite(values[0])) {
    throw new InvalidInputError('ZERO_DISTANCE', 'options.bandwidth', `the information potentials underflow to 0 at σ = ${sigma.bandwidths.join(', ')}; use a larger bandwidth`);
  }
  const observed = values[0];
  const pValue = inference.permutations > 0 ? (1 + values.slice(1).filter((v) => v >= observed).length) / (1 + inference.permutations) : null;
  return {
    value: scale * observed,
    unit,
    measure: 'cauchy-schwarz',
    method: 'kernel',
    kernel: 'gaussian',
    bandwidths: [sigma.bandwidths],
    backend: backend.kind,
    n,
    m,
    pValue,
    warnings: [],
  };
}
