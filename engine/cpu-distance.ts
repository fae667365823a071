/**
 * Float64 distance between row i of `a` and row j of `b` over columns [c0, c1):
 * euclidean sqrt(Σ (a_c − b_c)²) or chebyshev max |a_c − b_c|.
 * `squared` returns Σ (a_c − b_c)² for euclidean (ordering-equivalent, no sqrt).
 */
import type { Metric } from './backend.js';
import type { HostMatrix } from './host-matrix.js';

export type RowDistance = (i: number, j: number) => number;

/** A closure computing the ranking distance (squared for euclidean) between a-row i and b-row j. */
export function rankingDistance(a: HostMatrix, b: HostMatrix, metric: Metric, c0: number, c1: number): RowDistance {
  const ad = a.data, bd = b.data, ac = a.cols, bc = b.cols, w = c1 - c0;
  if (metric === 'chebyshev') {
    return (i, j) => {
      const ia = i * ac + c0, jb = j * bc + c0;
      let m = 0;
      for (let c = 0; c < w; c++) {
        const t = Math.abs(ad[ia + c] - bd[jb + c]);
        if (t > m) m = t;
      }
      return m;
    };
  }
  return (i, j) => {
    const ia = i * ac + c0, jb = j * bc + c0;
    let s = 0;
    for (let c = 0; c < w; c++) {
      const t = ad[ia + c] - bd[jb + c];
      s += t * t;
    }
    return s;
  };
}

/** Ranking distance → reported distance (sqrt for euclidean). */
export function reportedDistance(metric: Metric, ranking: number): number {
  return metric === 'euclidean' ? Math.sqrt(ranking) : ranking;
}
