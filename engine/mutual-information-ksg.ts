/**
 * Mutual information by the Kraskov–Stögbauer–Grassberger estimators (Phys. Rev. E 69,
 * 066138, 2004) for multivariate x and y, max-norm in every space.
 *
 * The joint sample z_i = (x_i, y_i) is uploaded once; its k-th neighbour in the joint
 * max-norm max(‖x_j − x_i‖∞, ‖y_j − y_i‖∞) gives ε_i, and counts in the x and y column
 * ranges give the marginal neighbour numbers (both exclude i itself).
 *
 *   KSG1:  Î = ψ(k) + ψ(N) − ⟨ψ(n_x + 1) + ψ(n_y + 1)⟩,
 *          n_x(i) = #{ j ≠ i : ‖x_j − x_i‖∞ < ε_i }            (strict)
 *   KSG2:  Î = ψ(k) − 1/k + ψ(N) − ⟨ψ(n_x) + ψ(n_y)⟩,
 *          n_x(i) = #{ j ≠ i : ‖x_j − x_i‖∞ ≤ ε_x(i) }         (inclusive),
 *          ε_x(i) = the largest x-distance among the k joint neighbours of i
 *
 * KSG1 equals scikit-learn's `_compute_mi_cc` before its clipping at 0 (it shrinks ε_i by
 * one float step and counts ≤, which is the strict count). Raw values, never clipped.
 *
 * `ksgEstimates` computes Î for a batch of pairings (engine/joint-spaces.ts) on one
 * resident matrix with the batched backend calls: KSG1 is knnBatch then one
 * countWithinBatch over the 2B marginal spaces; KSG2 is knnBatch, pairDistancesBatch
 * (ε_x, ε_y) and countWithinBatch — the same steps whatever the batch size B.
 */
import type { Backend, MatrixHandle } from './backend.js';
import { jointSpace, splitColumns, xSpace, ySpace, type JointSpaces } from './joint-spaces.js';
import { kthDistances } from './neighbour-radii.js';
import { centreColumns, concatColumns, type HostMatrix } from './host-matrix.js';
import { digamma } from './special-functions.js';

/** Î in nats for validated, paired x and y with more than k rows. */
export async function mutualInformationKsg(backend: Backend, x: HostMatrix, y: HostMatrix, k: number, variant: 'ksg1' | 'ksg2'): Promise<number> {
  const joint = await backend.upload(centreColumns(concatColumns([x, y])));
  try {
    return (await ksgEstimates(backend, joint, [splitColumns(x.cols, y.cols)], k, variant))[0];
  } finally {
    backend.release(joint);
  }
}

/** Î in nats of each pairing of `members` inside `joint` (more than k rows). */
export async function ksgEstimates(backend: Backend, joint: MatrixHandle, members: readonly JointSpaces[], k: number, variant: 'ksg1' | 'ksg2'): Promise<Float64Array> {
  const n = joint.rows;
  const lists = await backend.knnBatch(joint, { k, metric: 'chebyshev', excludeSelf: true, spaces: members.map(jointSpace) });
  // Marginal member t < B is x of pairing t, t ≥ B is y of pairing t − B.
  const marginals = [...members.map(xSpace), ...members.map(ySpace)];
  const b = members.length;
  const values = new Float64Array(b);
  if (variant === 'ksg1') {
    const radii = lists.map(kthDistances);
    const counts = await backend.countWithinBatch(joint, {
      metric: 'chebyshev',
      inclusive: false,
      excludeSelf: true,
      members: marginals.map((space, t) => ({ space, radii: radii[t % b] })),
    });
    // ⟨ψ(n_x + 1) + ψ(n_y + 1)⟩ with strict counts inside the joint k-th neighbour distance.
    for (let m = 0; m < b; m++) values[m] = digamma(k) + digamma(n) - (meanDigammaPlusOne(counts[m]) + meanDigammaPlusOne(counts[b + m]));
    return values;
  }
  // ⟨ψ(n_x) + ψ(n_y)⟩ with inclusive counts inside each marginal's largest neighbour distance.
  const distances = await backend.pairDistancesBatch(joint, {
    metric: 'chebyshev',
    width: k,
    members: marginals.map((space, t) => ({ space, indices: lists[t % b].indices })),
  });
  const counts = await backend.countWithinBatch(joint, {
    metric: 'chebyshev',
    inclusive: true,
    excludeSelf: true,
    members: marginals.map((space, t) => ({ space, radii: largestPerRow(distances[t], n, k) })),
  });
  for (let m = 0; m < b; m++) {
    const nx = counts[m], ny = counts[b + m];
    let sum = 0;
    for (let i = 0; i < n; i++) sum += digamma(nx[i]) + digamma(ny[i]);
    values[m] = digamma(k) - 1 / k + digamma(n) - sum / n;
  }
  return values;
}

/** ⟨ψ(count + 1)⟩. */
function meanDigammaPlusOne(counts: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < counts.length; i++) sum += digamma(counts[i] + 1);
  return sum / counts.length;
}

/** Per row, the largest of its k distances. */
function largestPerRow(d: Float64Array, n: number, k: number): Float64Array {
  const radii = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let t = 0; t < k; t++) r = Math.max(r, d[i * k + t]);
    radii[i] = r;
  }
  return radii;
}
