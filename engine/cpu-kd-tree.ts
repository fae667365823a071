/**
 * A k-d tree over the rows of a matrix restricted to a column range, for exact float64
 * kNN and radius counts in low dimension (Bentley 1975; Friedman, Bentley & Finkel 1977).
 *
 * Build: split the widest coordinate at its median until ≤ LEAF_SIZE rows; each node
 * keeps its bounding box. Queries prune a node when the distance from the query to its
 * box cannot beat the current bound. Box distances use the same per-coordinate
 * operations as point distances (|a − b|, then max or sum of squares); these are
 * monotone under rounding, so pruning never drops a point the brute-force scan keeps,
 * and results equal the brute-force path exactly, ties by lower index included.
 *
 * Ranking distances are squared for euclidean (sqrt at report), as in cpu-distance.ts.
 */
import type { Metric } from './backend.js';
import type { HostMatrix } from './host-matrix.js';

const LEAF_SIZE = 16;

export class KdTree {
  private readonly width: number;
  /** Rows in tree order, `width` values each. */
  private readonly points: Float64Array;
  /** Original row index of each tree-order row, and its inverse. */
  private readonly order: Int32Array;
  private readonly position: Int32Array;
  // Node arrays: rows [start, end), children (−1 for a leaf), bounding box.
  private readonly start: number[] = [];
  private readonly end: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly boxMin: number[] = [];
  private readonly boxMax: number[] = [];

  constructor(matrix: HostMatrix, c0: number, c1: number, private readonly metric: Metric) {
    const n = matrix.rows;
    const w = (this.width = c1 - c0);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const column = (i: number, c: number) => matrix.data[i * matrix.cols + c0 + c];
    this.build(order, 0, n, column);
    this.order = order;
    this.position = new Int32Array(n);
    for (let t = 0; t < n; t++) this.position[order[t]] = t;
    this.points = new Float64Array(n * w);
    for (let t = 0; t < n; t++) for (let c = 0; c < w; c++) this.points[t * w + c] = column(order[t], c);
  }

  /**
   * The k nearest rows to point q (values at q[qOffset .. qOffset + width)), skipping row
   * `skip` (−1: none). Writes ranking distances and row indices, ascending by (distance, index).
   */
  knn(q: Float64Array, qOffset: number, k: number, skip: number, outD: Float64Array, outI: Int32Array): void {
    outD.fill(Infinity);
    outI.fill(0x7fffffff);
    const stack = [0];
    const bound = [this.boxDistance(0, q, qOffset)];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const lb = bound.pop()!;
      if (lb > outD[k - 1]) continue;
      if (this.left[node] < 0) {
        for (let t = this.start[node]; t < this.end[node]; t++) {
          const j = this.order[t];
          if (j === skip) continue;
          const d = this.pointDistance(t, q, qOffset);
          if (d > outD[k - 1] || (d === outD[k - 1] && j > outI[k - 1])) continue;
          let p = k - 1;
          while (p > 0 && (outD[p - 1] > d || (outD[p - 1] === d && outI[p - 1] > j))) {
            outD[p] = outD[p - 1];
            outI[p] = outI[p - 1];
            p--;
          }
          outD[p] = d;
          outI[p] = j;
        }
        continue;
      }
      const a = this.left[node], b = this.right[node];
      const da = this.boxDistance(a, q, qOffset), db = this.boxDistance(b, q, qOffset);
      // Push the farther child first so the nearer one is searched first.
      if (da <= db) { stack.push(b, a); bound.push(db, da); } else { stack.push(a, b); bound.push(da, db); }
    }
  }

  /**
   * #{ rows j ≠ skip : dist(q, row j) < r } (or ≤ when inclusive), with `within` the
   * predicate on ranking distances that the brute-force path applies.
   */
  count(q: Float64Array, qOffset: number, within: (rankingDistance: number) => boolean, skip: number): number {
    let total = 0;
    const stack = [0];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (!within(this.boxDistance(node, q, qOffset))) continue;
      if (within(this.farBoxDistance(node, q, qOffset))) {
        total += this.end[node] - this.start[node];
        if (skip >= 0 && this.position[skip] >= this.start[node] && this.position[skip] < this.end[node]) total--;
        continue;
      }
      if (this.left[node] < 0) {
        for (let t = this.start[node]; t < this.end[node]; t++) {
          if (this.order[t] !== skip && within(this.pointDistance(t, q, qOffset))) total++;
        }
        continue;
      }
      stack.push(this.left[node], this.right[node]);
    }
    return total;
  }

  private build(order: Int32Array, start: number, end: number, column: (i: number, c: number) => number): number {
    const node = this.start.length;
    const w = this.width;
    this.start.push(start);
    this.end.push(end);
    this.left.push(-1);
    this.right.push(-1);
    let widest = 0, widestSpread = -1;
    for (let c = 0; c < w; c++) {
      let lo = Infinity, hi = -Infinity;
      for (let t = start; t < end; t++) {
        const v = column(order[t], c);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      this.boxMin.push(lo);
      this.boxMax.push(hi);
      if (hi - lo > widestSpread) { widestSpread = hi - lo; widest = c; }
    }
    if (end - start <= LEAF_SIZE || widestSpread === 0) return node;
    const mid = (start + end) >>> 1;
    selectNth(order, start, end, mid, (i) => column(i, widest));
    this.left[node] = this.build(order, start, mid, column);
    this.right[node] = this.build(order, mid, end, column);
    return node;
  }

  /** Lower bound of the ranking distance from q to any point in the node's box. */
  private boxDistance(node: number, q: Float64Array, qOffset: number): number {
    const w = this.width, base = node * w;
    let s = 0;
    for (let c = 0; c < w; c++) {
      const v = q[qOffset + c], lo = this.boxMin[base + c], hi = this.boxMax[base + c];
      const t = v < lo ? Math.abs(lo - v) : v > hi ? Math.abs(v - hi) : 0;
      s = this.metric === 'euclidean' ? s + t * t : t > s ? t : s;
    }
    return s;
  }

  /** Upper bound of the ranking distance from q to any point in the node's box. */
  private farBoxDistance(node: number, q: Float64Array, qOffset: number): number {
    const w = this.width, base = node * w;
    let s = 0;
    for (let c = 0; c < w; c++) {
      const v = q[qOffset + c];
      const t = Math.max(Math.abs(v - this.boxMin[base + c]), Math.abs(v - this.boxMax[base + c]));
      s = this.metric === 'euclidean' ? s + t * t : t > s ? t : s;
    }
    return s;
  }

  private pointDistance(t: number, q: Float64Array, qOffset: number): number {
    const w = this.width, p = this.points, base = t * w;
    let s = 0;
    if (this.metric === 'euclidean') {
      for (let c = 0; c < w; c++) { const d = q[qOffset + c] - p[base + c]; s += d * d; }
    } else {
      for (let c = 0; c < w; c++) { const d = Math.abs(q[qOffset + c] - p[base + c]); if (d > s) s = d; }
    }
    return s;
  }
}

/** Rearranges order[start, end) so that order[nth] has rank nth − start by key (Hoare quickselect). */
function selectNth(order: Int32Array, start: number, end: number, nth: number, key: (i: number) => number): void {
  let lo = start, hi = end - 1;
  while (lo < hi) {
    const pivot = key(order[(lo + hi) >>> 1]);
    let i = lo, j = hi;
    while (i <= j) {
      while (key(order[i]) < pivot) i++;
      while (key(order[j]) > pivot) j--;
      if (i <= j) { const t = order[i]; order[i] = order[j]; order[j] = t; i++; j--; }
    }
    if (nth <= j) hi = j; else if (nth >= i) lo = i; else return;
  }
}
