/**
 * Entropies of a Gaussian kernel density estimate f̂(x) = (1/n) Σ_j G_σ(x − x_j),
 * G_σ(u) = (2πσ²)^{−d/2} exp(−‖u‖²/(2σ²)):
 *
 *   'kde' (leave-one-out Shannon, Hall & Morton 1993):
 *       Ĥ = −(1/n) Σ_i log[ (1/(n − 1)) Σ_{j≠i} G_σ(x_i − x_j) ]
 *   'renyi-quadratic' (Rényi α = 2 of f̂, the information potential; Principe 2010):
 *       Ĥ₂ = −log ∫ f̂² = −log[ (1/n²) Σ_i Σ_j G_{√2σ}(x_i − x_j) ]   (all pairs)
 *
 * Both are Gram reductions (backend.gramSums: row sums for 'kde', one quadratic form for
 * 'renyi-quadratic'). σ: a number, 'median' (DESIGN.md §2), or 'silverman' (default):
 * Silverman's rule σ = (n(d + 2)/4)^{−1/(d+4)} · √(mean column variance), scipy
 * gaussian_kde's factor applied to an isotropic kernel.
 */
import type { Backend } from './backend.js';
import { InvalidInputError } from './errors.js';
import { requireHostValues } from './device-resident-matrix.js';
import type { GramKernel } from './gram-kernel.js';
import { centreColumns, type HostMatrix } from './host-matrix.js';
import { medianDistance } from './median-bandwidth.js';

export type KdeBandwidth = number | 'median' | 'silverman';

/** σ for a KDE of `x` ('median' uses the seeded subsample of median-bandwidth.ts). */
export function kdeBandwidth(x: HostMatrix, bandwidth: unknown, seed: number): number {
  if (typeof bandwidth === 'number') {
    if (!(bandwidth > 0 && Number.isFinite(bandwidth))) throw new InvalidInputError('BAD_NUMBER', 'options.bandwidth', `must be a finite number > 0, got ${bandwidth}`);
    return bandwidth;
  }
  if (bandwidth === 'median') return positive(medianDistance(x, seed, 0));
  if (bandwidth !== undefined && bandwidth !== 'silverman') {
    throw new InvalidInputError('BAD_NUMBER', 'options.bandwidth', `must be a number > 0, 'silverman' or 'median', got ${JSON.stringify(bandwidth)}`);
  }
  requireHostValues([x], "bandwidth 'silverman' (the default) needs the sample variance, computed on the host; pass bandwidth: 'median' or a number");
  const { rows: n, cols: d, data } = centreColumns(x);
  let variance = 0;
  for (let i = 0; i < data.length; i++) variance += data[i] * data[i];
  variance /= (n - 1) * d;
  return positive(Math.pow((n * (d + 2)) / 4, -1 / (d + 4)) * Math.sqrt(variance));
}

function positive(sigma: number): number {
  if (!(sigma > 0)) throw new InvalidInputError('ZERO_DISTANCE', 'options.bandwidth', 'the bandwidth rule gives σ = 0 (repeated or constant rows); pass a number');
  return sigma;
}

/** Ĥ in nats, 'kde' or 'renyi-quadratic', for a validated matrix with ≥ 2 rows. */
export async function kdeEntropy(backend: Backend, x: HostMatrix, sigma: number, method: 'kde' | 'renyi-quadratic'): Promise<number> {
  const n = x.rows, d = x.cols;
  const handle = await backend.upload(centreColumns(x));
  try {
    if (method === 'renyi-quadratic') {
      const kernel: GramKernel = { form: 'gaussian', bandwidths: [Math.SQRT2 * sigma], degree: 0, coef0: 0 };
      const ones = new Float64Array(n).fill(1 / n);
      const [potential] = await backend.gramSums(handle, handle, { kernel, excludeDiagonal: false, referenceWeights: ones, queryWeights: ones, count: 1 });
      return -(Math.log(potential) - (d / 2) * Math.log(4 * Math.PI * sigma * sigma));
    }
    const kernel: GramKernel = { form: 'gaussian', bandwidths: [sigma], degree: 0, coef0: 0 };
    const rowSums = await backend.gramSums(handle, handle, { kernel, excludeDiagonal: true, referenceWeights: new Float64Array(n).fill(1), queryWeights: null, count: 1 });
    const logNorm = Math.log(n - 1) + (d / 2) * Math.log(2 * Math.PI * sigma * sigma);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (!(rowSums[i] > 0)) {
        throw new InvalidInputError('ZERO_DISTANCE', 'options.bandwidth', `row ${i} has no neighbour within reach of σ = ${sigma} (its leave-one-out density underflows to 0); use a larger bandwidth`);
      }
      sum += Math.log(rowSums[i]) - logNorm;
    }
    return -sum / n;
  } finally {
    backend.release(handle);
  }
}
