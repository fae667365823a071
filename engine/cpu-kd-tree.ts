/**
 * A k-d tree over the rows of a matrix restricted to a column range, for exact float64
 * kNN and radius counts in low dimension (Bentley 1975; Friedman, Bentley & Finkel 1977).
 *
 * Build: split the widest coordinate at its median until ≤ LEAF_SIZE rows; each node
 * keeps its bounding box. The build is work in units (row-work.ts), so a long call can stop
 * inside it: one unit per node split, in breadth-first order (each level's nodes cost about
 * the same, so time-sized ranges stay even), then one per row laid out in tree order. A
 * split only rearranges the node's own rows, so the order of the splits changes neither the
 * tree's shape nor its row order. Nodes are numbered in depth-first preorder (a left child
 * right after its parent, as queries descend) by reserving for each left subtree the node
 * count of a fully split one (nodeBound).
 *
 * Queries prune a node when the distance from the query to its box cannot beat the current
 * bound. Box distances use the same per-coordinate operations as point distances (|a − b|,
 * then max or sum of squares); these are monotone under rounding, so pruning never drops a
 * point the brute-force scan keeps, and results equal the brute-force path exactly, ties by
 * lower index included.
 *
 * Ranking distances are squared for euclidean (sqrt at report), as in cpu-distance.ts.
 */
import type { Metric } from './backend.js';
import type { HostMatrix } from './host-matrix.js';
import { phases, type RowWork } from './row-work.js';

const LEAF_SIZE = 16;

export class KdTree {
  private readonly width: number;
  /** Rows in tree order, `width` values each. */
  private readonly points: Float64Array;
  /** Original row index of each tree-order row, and its inverse. */
  private readonly order: Int32Array;
  private readonly position: Int32Array;
  // Node arrays by preorder number: rows [start, end), children (−1 for a leaf), bounding
  // box. Numbers reserved for nodes an unsplittable node (all rows equal) never gets stay unused.
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly boxMin: Float64Array;
  private readonly boxMax: Float64Array;

  /** The matrix's values, its row stride and the tree's first column. */
  private readonly data: Float64Array;
  private readonly stride: number;
  private readonly c0: number;
  /** Scratch: the split coordinate of tree-order rows, for selectNth. */
  private readonly keys: Float64Array;
  /** Nodes still to split, breadth first: queue[head, tail). */
  private readonly queue: Int32Array;
  private head = 0;
  private tail = 0;
  /** nodeBound's memo. */
  private readonly bounds = new Map<number, number>();

  private constructor(matrix: HostMatrix, c0: number, c1: number, private readonly metric: Metric) {
    const n = matrix.rows, w = (this.width = c1 - c0);
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
    this.position = new Int32Array(n);
    this.points = new Float64Array(n * w);
    this.data = matrix.data;
    this.stride = matrix.cols;
    this.c0 = c0;
    this.keys = new Float64Array(n);
    const nodes = nodeBound(n, this.bounds);
    this.start = new Int32Array(nodes);
    this.end = new Int32Array(nodes);
    this.left = new Int32Array(nodes).fill(-1);
    this.right = new Int32Array(nodes).fill(-1);
    this.boxMin = new Float64Array(nodes * w);
    this.boxMax = new Float64Array(nodes * w);
    this.queue = new Int32Array(nodes);
    this.end[0] = n;
    this.queue[this.tail++] = 0;
  }

  /**
   * The tree over the rows of `matrix` restricted to columns [c0, c1), as work: nodeBound(rows)
   * units for the splits (an upper bound), then one per row; it may be queried once every unit has run.
   */
  static work(matrix: HostMatrix, c0: number, c1: number, metric: Metric): RowWork<KdTree> {
    const tree = new KdTree(matrix, c0, c1, metric);
    const split = { units: tree.queue.length, run: (from: number, to: number) => tree.splitNodes(to - from) };
    const layOut = { units: matrix.rows, run: (from: number, to: number) => tree.layOut(from, to) };
    return phases([split, layOut], () => tree);
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

  /** Splits up to `count` more nodes from the queue. */
  private splitNodes(count: number): void {
    const { width: w, order, data, stride, c0, keys } = this;
    for (let made = 0; made < count && this.head < this.tail; made++) {
      const node = this.queue[this.head++], start = this.start[node], end = this.end[node];
      let widest = 0, widestSpread = -1;
      for (let c = 0; c < w; c++) {
        let lo = Infinity, hi = -Infinity;
        for (let t = start; t < end; t++) {
          const v = data[order[t] * stride + c0 + c];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        this.boxMin[node * w + c] = lo;
        this.boxMax[node * w + c] = hi;
        if (hi - lo > widestSpread) { widestSpread = hi - lo; widest = c; }
      }
      if (end - start <= LEAF_SIZE || widestSpread === 0) continue;
      const mid = (start + end) >>> 1;
      for (let t = start; t < end; t++) keys[t] = data[order[t] * stride + c0 + widest];
      selectNth(order, keys, start, end, mid);
      const a = node + 1, b = node + 1 + nodeBound(mid - start, this.bounds);
      this.start[a] = start; this.end[a] = mid;
      this.start[b] = mid; this.end[b] = end;
      this.left[node] = a;
      this.right[node] = b;
      this.queue[this.tail++] = a;
      this.queue[this.tail++] = b;
    }
  }

  /** Tree-order rows [from, to): their values and each row's position in the tree order. */
  private layOut(from: number, to: number): void {
    const { width: w, order, data, stride, c0, points } = this;
    for (let t = from; t < to; t++) {
      this.position[order[t]] = t;
      for (let c = 0; c < w; c++) points[t * w + c] = data[order[t] * stride + c0 + c];
    }
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

/** The number of nodes of a tree over `rows` rows when every node above LEAF_SIZE rows is split. */
function nodeBound(rows: number, known: Map<number, number>): number {
  if (rows <= LEAF_SIZE) return 1;
  let nodes = known.get(rows);
  if (nodes === undefined) known.set(rows, (nodes = 1 + nodeBound(rows >>> 1, known) + nodeBound(rows - (rows >>> 1), known)));
  return nodes;
}

/**
 * Rearranges order[start, end) so that order[nth] has rank nth − start by key (Hoare
 * quickselect); keys[t] is the key of order[t] and moves with it.
 */
function selectNth(order: Int32Array, keys: Float64Array, start: number, end: number, nth: number): void {
  let lo = start, hi = end - 1;
  while (lo < hi) {
    const pivot = keys[(lo + hi) >>> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (keys[i] < pivot) i++;
      while (keys[j] > pivot) j--;
      if (i <= j) {
        const t = order[i]; order[i] = order[j]; order[j] = t;
        const key = keys[i]; keys[i] = keys[j]; keys[j] = key;
        i++; j--;
      }
    }
    if (nth <= j) hi = j; else if (nth >= i) lo = i; else return;
  }
}
