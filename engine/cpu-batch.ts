/**
 * The batched calls on the float64 CPU backend: each member runs the single-call code
 * (cpu-knn.ts, cpu-count-within.ts, cpu-distance.ts) on the matrix of its space's columns,
 *   view[i, t] = m[src(i, c_t), c_t],  c_t = the t-th column of the ranges in order,
 *   src(i, c) = σ(i) when c is a permuted column, else i,
 * σ = FeistelPermutation(rows, seed, stream). The view holds the same float64 values in
 * the same column order, so a member's result equals the single call on those columns
 * bit for bit (a KSG column of a batch equals the per-column call). Members run one after
 * another, each through the backend's `run` (in one go, or in time-bounded chunks: row-work.ts).
 */
import type { ColumnSpace, CountBatchRequest, KnnBatchRequest, KnnLists, PairDistanceBatchRequest } from './backend.js';
import { checkColumnSpaces, effectivePermutation, spaceWidth } from './column-space.js';
import { countWithinWork } from './cpu-count-within.js';
import { rankingDistance, reportedDistance } from './cpu-distance.js';
import { knnWork } from './cpu-knn.js';
import type { HostMatrix } from './host-matrix.js';
import { FeistelPermutation } from './random-permutation.js';
import type { RowWork } from './row-work.js';

/** Runs one member's work (row-work.ts): in one go, or in time-bounded chunks (CpuBackend.withCheckpoint). */
export type RunWork = <T>(work: RowWork<T>) => Promise<T>;

export async function cpuKnnBatch(m: HostMatrix, request: KnnBatchRequest, run: RunWork): Promise<KnnLists[]> {
  const { k, metric, excludeSelf } = request;
  checkColumnSpaces(request.spaces, m.cols, 'knnBatch');
  const lists: KnnLists[] = [];
  for (const space of request.spaces) {
    const view = spaceView(m, space);
    lists.push(await run(knnWork(view, view, { k, metric, excludeSelf }, true)));
  }
  return lists;
}

export async function cpuCountWithinBatch(m: HostMatrix, request: CountBatchRequest, run: RunWork): Promise<Int32Array[]> {
  const { metric, inclusive, excludeSelf } = request;
  checkColumnSpaces(request.members.map((member) => member.space), m.cols, 'countWithinBatch');
  const counts: Int32Array[] = [];
  for (const [s, { space, radii }] of request.members.entries()) {
    if (radii.length !== m.rows) throw new RangeError(`countWithinBatch member ${s}: ${radii.length} radii for ${m.rows} rows`);
    const view = spaceView(m, space);
    counts.push(await run(countWithinWork(view, view, { metric, radii, inclusive, excludeSelf }, true)));
  }
  return counts;
}

export function cpuPairDistancesBatch(m: HostMatrix, request: PairDistanceBatchRequest): Float64Array[] {
  const { metric, width } = request;
  checkColumnSpaces(request.members.map((member) => member.space), m.cols, 'pairDistancesBatch');
  return request.members.map(({ space, indices }, s) => {
    if (indices.length !== m.rows * width) throw new RangeError(`pairDistancesBatch member ${s}: ${indices.length} indices do not form ${m.rows} rows of width ${width}`);
    const view = spaceView(m, space);
    const dist = rankingDistance(view, view, metric, 0, view.cols);
    return Float64Array.from(indices, (j, e) => reportedDistance(metric, dist(Math.floor(e / width), j)));
  });
}

/** The matrix of the space's columns, permuted rows where the space says so. */
export function spaceView(m: HostMatrix, space: ColumnSpace): HostMatrix {
  const { rows, cols, data } = m;
  const w = spaceWidth(space);
  const p = effectivePermutation(space);
  const sigma = p ? new FeistelPermutation(rows, p.seed, p.stream).table() : undefined;
  const out = new Float64Array(rows * w);
  let t = 0;
  for (const [start, end] of space.ranges) {
    for (let c = start; c < end; c++, t++) {
      const mapped = sigma !== undefined && c >= p!.columns[0] && c < p!.columns[1];
      for (let i = 0; i < rows; i++) out[i * w + t] = data[(mapped ? sigma[i] : i) * cols + c];
    }
  }
  return { rows, cols: w, data: out };
}
