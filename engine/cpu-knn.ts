/**
 * Exact k-nearest-neighbour lists in float64, ascending by (distance, index).
 *
 * Up to KD_TREE_MAX_COLUMNS columns: a k-d tree over the references (O(n log m) for
 * well-spread data). Wider: a scan of all references per query keeping a sorted top-k
 * (a later reference replaces an earlier one only when strictly closer, so ties go to the
 * lower index), O(n·m·d), cache-blocked in 4 × 4 tiles — Euclidean by inner products
 * with an exact float64 re-rank (cpu-knn-tiled.ts), max-norm directly
 * (cpu-knn-tiled-chebyshev.ts). All paths give the lists of the plain scan
 * (tests/support/knn-brute-force.ts), bit for bit.
 *
 * `firstRow` (default 0): the query's row i is the reference's row firstRow + i when
 * sameMatrix, so excludeSelf skips that row (a query-row range of a matrix searched
 * against the whole matrix: engine/parallel-cpu-backend.ts).
 */
import type { KnnLists, KnnRequest } from './backend.js';
import type { HostMatrix } from './host-matrix.js';
import { reportedDistance } from './cpu-distance.js';
import { KdTree } from './cpu-kd-tree.js';
import { knnTiledEuclidean } from './cpu-knn-tiled.js';
import { knnTiledChebyshev } from './cpu-knn-tiled-chebyshev.js';

/** Widest column range searched with a k-d tree; beyond it pruning rarely pays. */
export const KD_TREE_MAX_COLUMNS = 8;

export function cpuKnn(query: HostMatrix, reference: HostMatrix, request: KnnRequest, sameMatrix: boolean, firstRow = 0): KnnLists {
  const [c0, c1] = request.columns ?? [0, query.cols];
  const lists = c1 - c0 <= KD_TREE_MAX_COLUMNS
    ? knnKdTree(query, reference, request, sameMatrix, c0, c1, firstRow)
    : { rows: query.rows, k: request.k, ...(request.metric === 'euclidean' ? knnTiledEuclidean : knnTiledChebyshev)(query, reference, c0, c1, request.k, request.excludeSelf && sameMatrix, firstRow) };
  for (let t = 0; t < lists.distances.length; t++) lists.distances[t] = reportedDistance(request.metric, lists.distances[t]);
  return lists;
}

function knnKdTree(query: HostMatrix, reference: HostMatrix, request: KnnRequest, sameMatrix: boolean, c0: number, c1: number, firstRow: number): KnnLists {
  const { k } = request;
  const tree = new KdTree(reference, c0, c1, request.metric);
  const n = query.rows, w = c1 - c0;
  const distances = new Float64Array(n * k);
  const indices = new Int32Array(n * k);
  const q = new Float64Array(w);
  const skipSelf = request.excludeSelf && sameMatrix;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < w; c++) q[c] = query.data[i * query.cols + c0 + c];
    tree.knn(q, 0, k, skipSelf ? firstRow + i : -1, distances.subarray(i * k, i * k + k), indices.subarray(i * k, i * k + k));
  }
  return { rows: n, k, distances, indices };
}
