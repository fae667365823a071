/**
 * Exact k-nearest-neighbour lists in float64, ascending by (distance, index).
 *
 * Up to KD_TREE_MAX_COLUMNS columns: a k-d tree over the references (O(n log m) for
 * well-spread data). Wider: brute force, a scan of all references per query keeping a
 * sorted top-k (a later reference replaces an earlier one only when strictly closer, so
 * ties go to the lower index), O(n·m·d). Both give identical lists.
 */
import type { KnnLists, KnnRequest } from './backend.js';
import type { HostMatrix } from './host-matrix.js';
import { rankingDistance, reportedDistance } from './cpu-distance.js';
import { KdTree } from './cpu-kd-tree.js';

/** Widest column range searched with a k-d tree; beyond it pruning rarely pays. */
export const KD_TREE_MAX_COLUMNS = 8;

export function cpuKnn(query: HostMatrix, reference: HostMatrix, request: KnnRequest, sameMatrix: boolean): KnnLists {
  const [c0, c1] = request.columns ?? [0, query.cols];
  const lists = c1 - c0 <= KD_TREE_MAX_COLUMNS
    ? knnKdTree(query, reference, request, sameMatrix, c0, c1)
    : knnBruteForce(query, reference, request, sameMatrix, c0, c1);
  for (let t = 0; t < lists.distances.length; t++) lists.distances[t] = reportedDistance(request.metric, lists.distances[t]);
  return lists;
}

function knnKdTree(query: HostMatrix, reference: HostMatrix, request: KnnRequest, sameMatrix: boolean, c0: number, c1: number): KnnLists {
  const { k } = request;
  const tree = new KdTree(reference, c0, c1, request.metric);
  const n = query.rows, w = c1 - c0;
  const distances = new Float64Array(n * k);
  const indices = new Int32Array(n * k);
  const q = new Float64Array(w);
  const skipSelf = request.excludeSelf && sameMatrix;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < w; c++) q[c] = query.data[i * query.cols + c0 + c];
    tree.knn(q, 0, k, skipSelf ? i : -1, distances.subarray(i * k, i * k + k), indices.subarray(i * k, i * k + k));
  }
  return { rows: n, k, distances, indices };
}

function knnBruteForce(query: HostMatrix, reference: HostMatrix, request: KnnRequest, sameMatrix: boolean, c0: number, c1: number): KnnLists {
  const { k } = request;
  const dist = rankingDistance(query, reference, request.metric, c0, c1);
  const n = query.rows, m = reference.rows;
  const skipSelf = request.excludeSelf && sameMatrix;
  const distances = new Float64Array(n * k);
  const indices = new Int32Array(n * k);
  for (let i = 0; i < n; i++) {
    const topD = distances.subarray(i * k, i * k + k);
    const topI = indices.subarray(i * k, i * k + k);
    topD.fill(Infinity);
    for (let j = 0; j < m; j++) {
      if (skipSelf && j === i) continue;
      const d = dist(i, j);
      if (!(d < topD[k - 1])) continue;
      let p = k - 1;
      while (p > 0 && topD[p - 1] > d) {
        topD[p] = topD[p - 1];
        topI[p] = topI[p - 1];
        p--;
      }
      topD[p] = d;
      topI[p] = j;
    }
  }
  return { rows: n, k, distances, indices };
}
