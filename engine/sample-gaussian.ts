/**
 * Built-in sample data: n draws of a bivariate Gaussian with correlation ρ, from the
 * seeded counter-based generator, with the closed-form truths
 *
 *   I(X; Y) = −½ log(1 − ρ²)      H(X) = ½ log(2πe)      H(X, Y) = log(2πe) + ½ log(1 − ρ²)
 *
 * x_i = z_{2i},  y_i = ρ·z_{2i} + √(1 − ρ²)·z_{2i+1},  z = CounterRandom(seed).normal.
 */
import { InvalidInputError } from './errors.js';
import { CounterRandom } from './random.js';

/** The result of `sampleCorrelatedGaussian`: the two columns and their closed-form information quantities. */
export interface CorrelatedGaussianSample {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** −½ log(1 − ρ²), nats. */
  readonly mutualInformation: number;
  /** ½ log(2πe), nats: the entropy of each marginal. */
  readonly marginalEntropy: number;
}

/**
 * n seeded draws (x_i, y_i) of a standard bivariate Gaussian with correlation ρ, with the
 * closed-form truths I(X; Y) = −½ log(1 − ρ²) and H(X) = ½ log(2πe) (nats).
 * @param n rows, a positive integer.
 * @param rho ρ in (−1, 1).
 * @param seed the generator's seed (default 0).
 * @returns `{ x, y, mutualInformation, marginalEntropy }`.
 */
export function sampleCorrelatedGaussian(n: number, rho: number, seed = 0): CorrelatedGaussianSample {
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError('BAD_INTEGER', 'n', `must be a positive integer, got ${n}`);
  if (!(Math.abs(rho) < 1)) throw new InvalidInputError('BAD_NUMBER', 'rho', `must lie in (−1, 1), got ${rho}`);
  const z = new CounterRandom(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const s = Math.sqrt(1 - rho * rho);
  for (let i = 0; i < n; i++) {
    x[i] = z.normal(2 * i);
    y[i] = rho * x[i] + s * z.normal(2 * i + 1);
  }
  return { x, y, mutualInformation: -0.5 * Math.log(1 - rho * rho), marginalEntropy: 0.5 * Math.log(2 * Math.PI * Math.E) };
}
