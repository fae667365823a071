/**
 * Plug-in mutual information of two integer-labelled variables from their contingency
 * table (scikit-learn's `mutual_info_score`):
 *   Î = Σ_{a,b} (n_ab/N) · log(N·n_ab / (n_a·n_b))
 */
import type { Labels } from './labels.js';

export function mutualInformationDiscrete(x: Labels, y: Labels): number {
  const n = x.codes.length;
  const joint = new Map<number, number>();
  const width = y.counts.length;
  for (let i = 0; i < n; i++) {
    const cell = x.codes[i] * width + y.codes[i];
    joint.set(cell, (joint.get(cell) ?? 0) + 1);
  }
  let mi = 0;
  for (const [cell, nab] of joint) {
    const na = x.counts[Math.floor(cell / width)], nb = y.counts[cell % width];
    mi += (nab / n) * Math.log((n * nab) / (na * nb));
  }
  return mi;
}
