/**
 * The plain kNN scan every fast CPU path must reproduce bit for bit: per query, all
 * references in ascending index order, a sorted top-k that a reference enters only when
 * strictly closer than the current k-th (ties to the lower index). Ranking distances
 * (squared for euclidean), as engine/cpu-distance.ts computes them.
 */
import type { KnnRequest } from '../../engine/backend.js';
import { rankingDistance } from '../../engine/cpu-distance.js';
import type { HostMatrix } from '../../engine/host-matrix.js';

export function knnBruteForce(query: HostMatrix, reference: HostMatrix, request: KnnRequest, sameMatrix: boolean, c0: number, c1: number): { distances: Float64Array; indices: Int32Array } {
  const { k } = request;
  const dist = rankingDistance(query, reference, request.metric, c0, c1);
  const n = query.rows, m = reference.rows;
  const skipSelf = request.excludeSelf && sameMatrix;
  const distances = new Float64Array(n * k).fill(Infinity);
  const indices = new Int32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (skipSelf && j === i) continue;
      const d = dist(i, j);
      if (!(d < distances[i * k + k - 1])) continue;
      let p = k - 1;
      while (p > 0 && distances[i * k + p - 1] > d) {
        distances[i * k + p] = distances[i * k + p - 1];
        indices[i * k + p] = indices[i * k + p - 1];
        p--;
      }
      distances[i * k + p] = d;
      indices[i * k + p] = j;
    }
  }
  return { distances, indices };
}
