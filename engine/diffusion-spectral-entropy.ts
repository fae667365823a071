/**
 * Diffusion spectral entropy and mutual information (Liao et al., "Assessing neural
 * network representations during training using noise-resilient diffusion spectral
 * entropy", 2023), in nats:
 *
 *   K_ij = exp(−‖x_i − x_j‖²/(2σ²)),  P = D⁻¹K (row-stochastic diffusion operator),
 *   λ_i = eigenvalues of P (real: P is similar to D^{−½} K D^{−½}),
 *   DSE_t(X) = −Σ_i λ̃_i log λ̃_i,   λ̃_i = |λ_i|^t / Σ_j |λ_j|^t   (diffusion time t)
 *   DSMI_t(X; Y) = DSE_t(X) − Σ_c p(c) · DSE_t(X | Y = c)   for class labels Y, every
 *   class-conditional entropy at the σ of the whole sample.
 *
 * Eigenvalues on the host in float64 (engine/symmetric-eigen.ts, O(n³), at most
 * EIGEN_MAX_ROWS rows); the Gram matrix is built on the host for that reason too.
 */
import { InvalidInputError } from './errors.js';
import { pairKernel, type GramKernel } from './gram-kernel.js';
import type { HostMatrix } from './host-matrix.js';
import { EIGEN_MAX_ROWS } from './matrix-entropy.js';
import { symmetricEigen } from './symmetric-eigen.js';

export function diffusionSpectralEntropy(x: HostMatrix, sigma: number, t: number): number {
  const n = x.rows;
  if (n > EIGEN_MAX_ROWS) {
    throw new InvalidInputError('TOO_MANY_ROWS', 'x', `has ${n} rows; diffusion spectral entropy needs the eigenvalues of an n × n matrix, computed on the host up to n = ${EIGEN_MAX_ROWS}; subsample`);
  }
  const kernel: GramKernel = { form: 'gaussian', bandwidths: [sigma], degree: 0, coef0: 0 };
  const k = pairKernel(kernel, x.data, x.cols, x.data, x.cols, 0, x.cols);
  const s = new Float64Array(n * n);
  const degree = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = k(i, j);
      s[i * n + j] = v;
      s[j * n + i] = v;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) degree[i] += s[i * n + j];
  // D^{−½} K D^{−½}: symmetric, with the eigenvalues of D⁻¹K.
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s[i * n + j] /= Math.sqrt(degree[i] * degree[j]);
  const { values } = symmetricEigen(s, n);
  let total = 0;
  const powered = Float64Array.from(values, (v) => Math.pow(Math.abs(v), t));
  for (const v of powered) total += v;
  let h = 0;
  for (const v of powered) if (v > 0) h -= (v / total) * Math.log(v / total);
  return h;
}
