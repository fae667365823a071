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
 * knnWork is the search as work in units (row-work.ts: the tree's nodes, then one query
 * row per unit; or the scan's blocks), then one unit per query row turning ranking
 * distances into reported ones; cpuKnn runs it in one go.
 *
 * `firstRow` (default 0): the query's row i is the reference's row firstRow + i when
 * sameMatrix, so excludeSelf skips that row (a query-row range of a matrix searched
 * against the whole matrix: engine/parallel-cpu-backend.ts).
 */
import type { KnnLists, KnnRequest, Metric } from './backend.js';
import type { HostMatrix } from './host-matrix.js';
import { reportedDistance } from './cpu-distance.js';
import { KdTree } from './cpu-kd-tree.js';
import { knnTiledEuclidean } from './cpu-knn-tiled.js';
import { knnTiledChebyshev } from './cpu-knn-tiled-chebyshev.js';
import { phases, runWhole, type RowWork } from './row-work.js';

/** Widest column range searched with a k-d tree; beyond it pruning rarely pays. */
export const KD_TREE_MAX_COLUMNS = 8;

export function cpuKnn(query: HostMatrix, reference: HostMatrix, request: KnnRequest, sameMatrix: boolean, firstRow = 0): KnnLists {
  return runWhole(knnWork(query, reference, request, sameMatrix, firstRow));
}

/** cpuKnn as work in units. */
export function knnWork(query: HostMatrix, reference: HostMatrix, request: KnnRequest, sameMatrix: boolean, firstRow = 0): RowWork<KnnLists> {
  const [c0, c1] = request.columns ?? [0, query.cols];
  const { k, metric } = request, n = query.rows;
  const skipSelf = request.excludeSelf && sameMatrix;
  const search = c1 - c0 <= KD_TREE_MAX_COLUMNS
    ? knnKdTree(query, reference, k, metric, skipSelf, c0, c1, firstRow)
    : (metric === 'euclidean' ? knnTiledEuclidean : knnTiledChebyshev)(query, reference, c0, c1, k, skipSelf, firstRow);
  let lists: { distances: Float64Array; indices: Int32Array } | undefined;
  const report = {
    units: n,
    run(from: number, to: number) {
      const { distances } = (lists ??= search.result());
      for (let t = from * k; t < to * k; t++) distances[t] = reportedDistance(metric, distances[t]);
    },
  };
  return phases([search, report], () => ({ rows: n, k, ...(lists ??= search.result()) }));
}

function knnKdTree(query: HostMatrix, reference: HostMatrix, k: number, metric: Metric, skipSelf: boolean, c0: number, c1: number, firstRow: number): RowWork<{ distances: Float64Array; indices: Int32Array }> {
  const build = KdTree.work(reference, c0, c1, metric);
  const n = query.rows, w = c1 - c0;
  const distances = new Float64Array(n * k);
  const indices = new Int32Array(n * k);
  const q = new Float64Array(w);
  const search = {
    units: n,
    run(from: number, to: number) {
      const tree = build.result();
      for (let i = from; i < to; i++) {
        for (let c = 0; c < w; c++) q[c] = query.data[i * query.cols + c0 + c];
        tree.knn(q, 0, k, skipSelf ? firstRow + i : -1, distances.subarray(i * k, i * k + k), indices.subarray(i * k, i * k + k));
      }
    },
  };
  return phases([build, search], () => ({ distances, indices }));
}
