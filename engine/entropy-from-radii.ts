/**
 * Kozachenko–Leonenko entropy from neighbour distances already found:
 *   Ĥ = ψ(N) − ψ(k) + log V_d + (d/N) · Σ_i log ρ_k(i).
 * A zero radius (k or more duplicates of a row) makes log ρ = −∞: an InvalidInputError
 * naming `argument`, never a silent −Infinity.
 */
import { InvalidInputError } from './errors.js';
import { digamma, logUnitBallVolume } from './special-functions.js';

export function meanLogRadius(radii: Float64Array, k: number, argument: string): number {
  let sum = 0;
  for (let i = 0; i < radii.length; i++) {
    if (!(radii[i] > 0)) {
      throw new InvalidInputError(
        'ZERO_DISTANCE',
        argument,
        `row ${i} has ${k} or more exact duplicates, so its k-th neighbour distance is 0 and log ρ = −∞; remove repeated rows, add tiny noise, or raise k`,
      );
    }
    sum += Math.log(radii[i]);
  }
  return sum / radii.length;
}

export function klEntropyFromRadii(radii: Float64Array, d: number, k: number, argument: string): number {
  const n = radii.length;
  return digamma(n) - digamma(k) + logUnitBallVolume(d) + d * meanLogRadius(radii, k, argument);
}
