/**
 * Exact max-norm (Chebyshev) k-nearest-neighbour lists for wide rows, in float64: the
 * plain scan (tests/support/knn-brute-force.ts) with its distances computed 4 × 4 (query, reference)
 * pairs at a time over cache-sized blocks (each load used 4 times, no per-pair call).
 *
 *   d_ij = max_c |q_ic − r_jc|   (exact in float64: |a − b| rounds once, max is exact)
 *
 * For a fixed query the references are visited in ascending index order (blocks, then
 * tiles, ascending), and a reference enters the sorted top k only when strictly closer
 * than the current k-th, so ties go to the lower index and the lists equal the scan's
 * bit for bit. O(n·m·w) time, O((n + m)·w) memory.
 */
import { edgeTile, maxAbs4x4, packRows } from './cpu-distance-tiles.js';
import type { HostMatrix } from './host-matrix.js';
import type { RowWork } from './row-work.js';

const QUERY_BLOCK = 64;
const REFERENCE_BLOCK = 256;

/**
 * Ascending (distance, index) lists of the k nearest references in the max-norm; with
 * skipSelf, query row i skips reference row firstRow + i. As work (row-work.ts): one unit
 * per (query block, reference block) pair, in the scan's order.
 */
export function knnTiledChebyshev(
  query: HostMatrix,
  reference: HostMatrix,
  c0: number,
  c1: number,
  k: number,
  skipSelf: boolean,
  firstRow = 0,
): RowWork<{ distances: Float64Array; indices: Int32Array }> {
  const n = query.rows, m = reference.rows;
  const scan: ChebyshevScan = {
    k, skipSelf, firstRow, n, m, w: c1 - c0,
    q: packRows(query, c0, c1), r: packRows(reference, c0, c1),
    distances: new Float64Array(n * k).fill(Infinity), indices: new Int32Array(n * k), tile: new Float64Array(16),
  };
  const referenceBlocks = Math.ceil(m / REFERENCE_BLOCK);
  return {
    units: Math.ceil(n / QUERY_BLOCK) * referenceBlocks,
    run(from, to) {
      for (let u = from; u < to; u++) scanBlock(scan, Math.floor(u / referenceBlocks) * QUERY_BLOCK, (u % referenceBlocks) * REFERENCE_BLOCK);
    },
    result: () => ({ distances: scan.distances, indices: scan.indices }),
  };
}

/** One search: its packed rows, options and the sorted lists it updates. */
interface ChebyshevScan {
  readonly k: number;
  readonly skipSelf: boolean;
  readonly firstRow: number;
  readonly n: number;
  readonly m: number;
  readonly w: number;
  readonly q: Float64Array;
  readonly r: Float64Array;
  readonly distances: Float64Array;
  readonly indices: Int32Array;
  readonly tile: Float64Array;
}

/** Offers the pairs of query block [i0, i0 + QUERY_BLOCK) × reference block [j0, j0 + REFERENCE_BLOCK) to the lists. */
function scanBlock(scan: ChebyshevScan, i0: number, j0: number): void {
  const { k, skipSelf, firstRow, q, r, w, distances, indices, tile } = scan;
  const i1 = Math.min(scan.n, i0 + QUERY_BLOCK), j1 = Math.min(scan.m, j0 + REFERENCE_BLOCK);
  for (let i = i0; i < i1; i += 4) {
    const ni = Math.min(4, i1 - i);
    for (let j = j0; j < j1; j += 4) {
      const nj = Math.min(4, j1 - j);
      if (ni === 4 && nj === 4) maxAbs4x4(q, r, w, i, j, tile);
      else edgeTile('chebyshev', q, r, w, i, j, ni, nj, tile);
      for (let a = 0; a < ni; a++) {
        const qi = i + a, base = qi * k;
        for (let b = 0; b < nj; b++) {
          const rj = j + b, d = tile[a * 4 + b];
          if (!(d < distances[base + k - 1]) || (skipSelf && rj === firstRow + qi)) continue;
          let p = k - 1;
          while (p > 0 && distances[base + p - 1] > d) {
            distances[base + p] = distances[base + p - 1];
            indices[base + p] = indices[base + p - 1];
            p--;
          }
          distances[base + p] = d;
          indices[base + p] = rj;
        }
      }
    }
  }
}
