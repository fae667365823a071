/**
 * Radius counts for wide rows, in float64: per query i, #{ j : dist(q_i, r_j) < radii[i] }
 * (strict) or ≤ (inclusive), optionally without j = i — the plain scan over all pairs,
 * comparing the reported distance (the number knn returns) with the radius, with its
 * distances computed 4 × 4 (query, reference) pairs at a time over cache-sized blocks
 * (cpu-distance-tiles.ts; each load used 4 times, no per-pair call):
 *
 *   euclidean  s_ij = Σ_c (q_ic − r_jc)² in ascending column order, compared as √s_ij
 *   chebyshev  s_ij = max_c |q_ic − r_jc|
 *
 * The same float64 operations in the same order as the scan (and as the k-d tree's
 * point tests), so counts are identical on every path of cpu-count-within.ts.
 * O(n·m·w) time, O((n + m)·w) memory.
 */
import type { CountRequest } from './backend.js';
import { edgeTile, maxAbs4x4, packRows, squaredDifferences4x4 } from './cpu-distance-tiles.js';
import type { HostMatrix } from './host-matrix.js';
import type { RowWork } from './row-work.js';

const QUERY_BLOCK = 64;
const REFERENCE_BLOCK = 256;

/**
 * Per query row: the number of reference rows within its radius over columns [c0, c1); with
 * skipSelf, query row i skips reference row firstRow + i. As work (row-work.ts): one unit per
 * (query block, reference block) pair, in the scan's order.
 */
export function countWithinTiled(query: HostMatrix, reference: HostMatrix, c0: number, c1: number, request: CountRequest, skipSelf: boolean, firstRow = 0): RowWork<Int32Array> {
  const n = query.rows, m = reference.rows;
  const scan: CountScan = {
    ...request, skipSelf, firstRow, n, m, w: c1 - c0,
    q: packRows(query, c0, c1), r: packRows(reference, c0, c1),
    counts: new Int32Array(n), tile: new Float64Array(16),
  };
  const referenceBlocks = Math.ceil(m / REFERENCE_BLOCK);
  return {
    units: Math.ceil(n / QUERY_BLOCK) * referenceBlocks,
    run(from, to) {
      for (let u = from; u < to; u++) countBlock(scan, Math.floor(u / referenceBlocks) * QUERY_BLOCK, (u % referenceBlocks) * REFERENCE_BLOCK);
    },
    result: () => scan.counts,
  };
}

/** One count: its packed rows, radii, options and the counts it adds to. */
interface CountScan extends CountRequest {
  readonly skipSelf: boolean;
  readonly firstRow: number;
  readonly n: number;
  readonly m: number;
  readonly w: number;
  readonly q: Float64Array;
  readonly r: Float64Array;
  readonly counts: Int32Array;
  readonly tile: Float64Array;
}

/** Adds the pairs of query block [i0, i0 + QUERY_BLOCK) × reference block [j0, j0 + REFERENCE_BLOCK) to the counts. */
function countBlock(scan: CountScan, i0: number, j0: number): void {
  const { metric, radii, inclusive, skipSelf, firstRow, q, r, w, counts, tile } = scan;
  const i1 = Math.min(scan.n, i0 + QUERY_BLOCK), j1 = Math.min(scan.m, j0 + REFERENCE_BLOCK);
  const euclidean = metric === 'euclidean';
  for (let i = i0; i < i1; i += 4) {
    const ni = Math.min(4, i1 - i);
    for (let j = j0; j < j1; j += 4) {
      const nj = Math.min(4, j1 - j);
      if (ni === 4 && nj === 4) (euclidean ? squaredDifferences4x4 : maxAbs4x4)(q, r, w, i, j, tile);
      else edgeTile(metric, q, r, w, i, j, ni, nj, tile);
      for (let a = 0; a < ni; a++) {
        const qi = i + a, radius = radii[qi];
        let c = 0;
        for (let b = 0; b < nj; b++) {
          if (skipSelf && j + b === firstRow + qi) continue;
          // Compared as reported distances (sqrt for euclidean), as the scan does.
          const d = euclidean ? Math.sqrt(tile[a * 4 + b]) : tile[a * 4 + b];
          if (inclusive ? d <= radius : d < radius) c++;
        }
        counts[qi] += c;
      }
    }
  }
}
