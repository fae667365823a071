/**
 * The neighbour distances every two-sample kNN estimator needs (Euclidean), on the
 * backend: for each row p_i,
 *
 *   ρ_k(i) = distance to its k-th nearest neighbour in p ∖ {p_i}
 *   ν_l(i) = distance to its l-th nearest neighbour in q
 *
 * and, for `bothWays`, the same for the rows of q (within q, and to p). p and q are
 * shifted by the same (pooled) column means before upload, so no distance changes.
 */
import type { Backend, MatrixHandle } from './backend.js';
import { InvalidInputError } from './errors.js';
import { centreAtPooledMean, type HostMatrix } from './host-matrix.js';
import { kthDistances } from './neighbour-radii.js';

export interface TwoSampleRadii {
  /** ρ_k(i) for each row of p. */
  readonly pWithinP: Float64Array;
  /** ν_l(i) for each row of p. */
  readonly pToQ: Float64Array;
}

export interface BothWaysRadii extends TwoSampleRadii {
  /** k-th neighbour distance of each row of q within q ∖ {q_j}. */
  readonly qWithinQ: Float64Array;
  /** l-th neighbour distance of each row of q in p. */
  readonly qToP: Float64Array;
}

export function checkSameDimension(p: HostMatrix, q: HostMatrix): void {
  if (p.cols !== q.cols) {
    throw new InvalidInputError('SHAPE_MISMATCH', 'q', `has ${q.cols} columns but p has ${p.cols}; both samples must live in the same space`);
  }
}

export async function twoSampleRadii(backend: Backend, p: HostMatrix, q: HostMatrix, k: number, l: number): Promise<TwoSampleRadii> {
  return withUploaded(backend, p, q, async (kth, ph, qh) => ({ pWithinP: await kth(ph, ph, k, true), pToQ: await kth(ph, qh, l, false) }));
}

export async function bothWaysRadii(backend: Backend, p: HostMatrix, q: HostMatrix, k: number, l: number): Promise<BothWaysRadii> {
  return withUploaded(backend, p, q, async (kth, ph, qh) => ({
    pWithinP: await kth(ph, ph, k, true),
    pToQ: await kth(ph, qh, l, false),
    qWithinQ: await kth(qh, qh, k, true),
    qToP: await kth(qh, ph, l, false),
  }));
}

type KthDistance = (query: MatrixHandle, reference: MatrixHandle, order: number, excludeSelf: boolean) => Promise<Float64Array>;

async function withUploaded<T>(backend: Backend, p: HostMatrix, q: HostMatrix, body: (kth: KthDistance, ph: MatrixHandle, qh: MatrixHandle) => Promise<T>): Promise<T> {
  const [pc, qc] = centreAtPooledMean([p, q]);
  const ph = await backend.upload(pc);
  let qh: MatrixHandle | undefined;
  try {
    qh = await backend.upload(qc);
    const kth: KthDistance = async (query, reference, order, excludeSelf) =>
      kthDistances(await backend.knn(query, reference, { k: order, metric: 'euclidean', excludeSelf }));
    return await body(kth, ph, qh);
  } finally {
    backend.release(ph);
    if (qh) backend.release(qh);
  }
}
