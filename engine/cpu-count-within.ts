/**
 * Radius counts in float64: per query i, #{ j : dist(q_i, r_j) < radii[i] } (strict) or
 * ≤ (inclusive), optionally without j = i.
 *
 * One column: the references are sorted once and each count is two binary searches.
 * fl(|v − x|) is monotone in x on each side of v, so the matching set is a contiguous
 * run of the sorted values; the searches evaluate the same predicate as the brute-force
 * scan (|v − x| < r), so both paths give identical counts. O((n + m) log m).
 * Up to KD_TREE_MAX_COLUMNS columns: a k-d tree, whose pruning applies the same
 * predicate to box bounds. Wider: the brute-force scan in cache-blocked 4 × 4 tiles
 * (cpu-count-within-tiled.ts), O(n·m·d). All paths give identical counts.
 *
 * countWithinWork is the count as work in units (row-work.ts); cpuCountWithin runs it in one go.
 *
 * `firstRow` (default 0): the query's row i is the reference's row firstRow + i when
 * sameMatrix (a query-row range: engine/parallel-cpu-backend.ts).
 */
import type { CountRequest } from './backend.js';
import type { HostMatrix } from './host-matrix.js';
import { reportedDistance } from './cpu-distance.js';
import { KdTree } from './cpu-kd-tree.js';
import { KD_TREE_MAX_COLUMNS } from './cpu-knn.js';
import { countWithinTiled } from './cpu-count-within-tiled.js';
import { phases, runWhole, type RowWork } from './row-work.js';

export function cpuCountWithin(query: HostMatrix, reference: HostMatrix, request: CountRequest, sameMatrix: boolean, firstRow = 0): Int32Array {
  return runWhole(countWithinWork(query, reference, request, sameMatrix, firstRow));
}

/** cpuCountWithin as work in units (row-work.ts): one per query row (after the tree's nodes), or the scan's blocks. */
export function countWithinWork(query: HostMatrix, reference: HostMatrix, request: CountRequest, sameMatrix: boolean, firstRow = 0): RowWork<Int32Array> {
  const [c0, c1] = request.columns ?? [0, query.cols];
  const skipSelf = request.excludeSelf && sameMatrix;
  if (c1 - c0 === 1) return countOneColumn(query, reference, c0, request, skipSelf);
  if (c1 - c0 <= KD_TREE_MAX_COLUMNS) return countKdTree(query, reference, c0, c1, request, skipSelf, firstRow);
  return countWithinTiled(query, reference, c0, c1, request, skipSelf, firstRow);
}

function countKdTree(query: HostMatrix, reference: HostMatrix, c0: number, c1: number, request: CountRequest, skipSelf: boolean, firstRow: number): RowWork<Int32Array> {
  const { metric, radii, inclusive } = request;
  const build = KdTree.work(reference, c0, c1, metric);
  const n = query.rows, w = c1 - c0;
  const q = new Float64Array(w);
  const counts = new Int32Array(n);
  const search = {
    units: n,
    run(from: number, to: number) {
      const tree = build.result();
      for (let i = from; i < to; i++) {
        for (let c = 0; c < w; c++) q[c] = query.data[i * query.cols + c0 + c];
        const r = radii[i];
        const within = (ranking: number): boolean => {
          const d = reportedDistance(metric, ranking);
          return inclusive ? d <= r : d < r;
        };
        counts[i] = tree.count(q, 0, within, skipSelf ? firstRow + i : -1);
      }
    },
  };
  return phases([build, search], () => counts);
}

/** The references sorted once (setup, when the work is made), then one unit per query row. */
function countOneColumn(query: HostMatrix, reference: HostMatrix, col: number, request: CountRequest, skipSelf: boolean): RowWork<Int32Array> {
  const m = reference.rows;
  const sorted = new Float64Array(m);
  for (let j = 0; j < m; j++) sorted[j] = reference.data[j * reference.cols + col];
  sorted.sort();
  const counts = new Int32Array(query.rows);
  return {
    units: query.rows,
    run: (from, to) => countSortedRows(query, col, sorted, request, skipSelf, counts, from, to),
    result: () => counts,
  };
}

/** The counts of query rows [from, to) against the sorted reference values: two binary searches each. */
function countSortedRows(query: HostMatrix, col: number, sorted: Float64Array, request: CountRequest, skipSelf: boolean, counts: Int32Array, from: number, to: number): void {
  const { radii, inclusive } = request;
  const m = sorted.length;
  for (let i = from; i < to; i++) {
    const v = query.data[i * query.cols + col];
    const r = radii[i];
    const within = (x: number): boolean => (inclusive ? Math.abs(v - x) <= r : Math.abs(v - x) < r);
    const p = lowerBound(sorted, v);
    // Left of p all values are < v: `within` is false…false true…true there.
    let lo = 0, hi = p;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (within(sorted[mid])) hi = mid; else lo = mid + 1;
    }
    const first = lo;
    // From p on all values are ≥ v: `within` is true…true false…false there.
    lo = p; hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (within(sorted[mid])) lo = mid + 1; else hi = mid;
    }
    let c = lo - first;
    if (skipSelf && within(v)) c--;
    counts[i] = c;
  }
}

/** First index whose value is ≥ v. */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1; else hi = mid;
  }
  return lo;
}
