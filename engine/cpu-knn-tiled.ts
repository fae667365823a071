/**
 * Exact Euclidean k-nearest-neighbour lists for wide rows (many columns), in float64:
 * a cache-blocked scan with inner products that proposes candidates, then an exact
 * re-rank with the reference arithmetic, so the lists equal the brute-force path
 * (cpu-knn.ts) bit for bit, ties by lower index included.
 *
 * Candidate pass. For query q_i and reference r_j over the columns of the search,
 *   a_ij = ‖q_i‖² + ‖r_j‖² − 2·q_i·r_j            (float64, 2 flops per column)
 * evaluated for 4 × 4 (query, reference) pairs at once (16 accumulators, each load used
 * 4 times) over blocks of QUERY_BLOCK query rows and REFERENCE_BLOCK reference rows that
 * stay in cache. Per query it keeps the k smallest a (their k-th is A_k) and every j
 * with a_ij ≤ A_k + 2δ_i at the time it is seen (A_k only decreases).
 *
 * Exactness. Let e_ij = Σ_c (q_ic − r_jc)² as the brute-force path computes it (same
 * column order) and s_ij the exact real value. Standard rounding bounds (u = 2⁻⁵³,
 * γ_w = w·u/(1 − w·u)) give |a − s| ≤ (2γ_w + 5u)(‖q‖² + ‖r‖²) and
 * |e − s| ≤ γ_{w+2}·s ≤ 2γ_{w+2}(‖q‖² + ‖r‖²), so |a − e| ≤ δ_ij ≤ δ_i with
 *   δ_i = (4w + 16)·2⁻⁵²·(‖q_i‖² + max_j ‖r_j‖²)   (a factor 2 above the bound).
 * The k rows with a ≤ A_k have e ≤ A_k + δ_i, so the exact k-th E_k ≤ A_k + δ_i, and any
 * j of the exact top k has a_ij ≤ e_ij + δ_i ≤ A_k + 2δ_i: it is a candidate. The
 * candidates are re-ranked by (e, j) and the first k kept. The bound does not rely on
 * centred data; centring (which every estimator does) only keeps δ_i and the candidate
 * lists small.
 *
 * Cost O(n·m·w) multiply–adds with 4-fold register reuse (half of them for a matrix
 * against itself, by symmetry), O((n + m)·w + n·k) memory (candidates are kept for one
 * block of QUERY_BLOCK queries at a time; for all rows in the symmetric case).
 */
import { packRows } from './cpu-distance-tiles.js';
import type { HostMatrix } from './host-matrix.js';
import { phases, type RowWork, type Stretch } from './row-work.js';

const QUERY_BLOCK = 64;
const REFERENCE_BLOCK = 256;
const UNIT_ROUNDOFF_2 = 2 ** -52;

/**
 * Ascending (distance, index) lists of the k nearest references; distances are squared
 * Euclidean. With skipSelf, query row i skips reference row firstRow + i. As work
 * (row-work.ts): one unit per (query block, reference block) pair, a query block re-ranked
 * after its last pair; a matrix against itself: the pairs of the symmetric scan, then one
 * unit per row for the re-rank.
 */
export function knnTiledEuclidean(
  query: HostMatrix,
  reference: HostMatrix,
  c0: number,
  c1: number,
  k: number,
  skipSelf: boolean,
  firstRow = 0,
): RowWork<{ distances: Float64Array; indices: Int32Array }> {
  const n = query.rows, m = reference.rows, w = c1 - c0;
  const q = packRows(query, c0, c1), r = packRows(reference, c0, c1);
  const qNorm = squaredNorms(q, query.rows, w), rNorm = squaredNorms(r, reference.rows, w);
  let maxRNorm = 0;
  for (let j = 0; j < m; j++) if (rNorm[j] > maxRNorm) maxRNorm = rNorm[j];
  const margin = new Float64Array(n);
  for (let i = 0; i < n; i++) margin[i] = 2 * (4 * w + 16) * UNIT_ROUNDOFF_2 * (qNorm[i] + maxRNorm);
  const scan: EuclideanScan = {
    q, r, w, n, m, qNorm, rNorm, skipSelf, firstRow,
    dots: new Float64Array(16), distances: new Float64Array(n * k), indices: new Int32Array(n * k),
  };
  const result = () => ({ distances: scan.distances, indices: scan.indices });
  if (query === reference) {
    const state = new CandidateState(0, n, k, margin);
    return phases([symmetricScan(scan, state), { units: n, run: (from, to) => rerankRows(scan, state, from, to) }], result);
  }
  // Candidates of one query block at a time: they are complete once every reference block is seen.
  const referenceBlocks = Math.max(1, Math.ceil(m / REFERENCE_BLOCK));
  let state = new CandidateState(0, 0, k, margin);
  return {
    units: Math.ceil(n / QUERY_BLOCK) * referenceBlocks,
    run(from, to) {
      for (let u = from; u < to; u++) {
        const i0 = Math.floor(u / referenceBlocks) * QUERY_BLOCK, i1 = Math.min(n, i0 + QUERY_BLOCK);
        const j0 = (u % referenceBlocks) * REFERENCE_BLOCK;
        if (j0 === 0) state = new CandidateState(i0, i1, k, margin);
        offerBlock(scan, state, i0, j0);
        if (j0 + REFERENCE_BLOCK >= m) rerankRows(scan, state, i0, i1);
      }
    },
    result,
  };
}

/** One search: packed rows, their squared norms, options, scratch and the lists it writes. */
interface EuclideanScan {
  readonly q: Float64Array;
  readonly r: Float64Array;
  readonly w: number;
  readonly n: number;
  readonly m: number;
  readonly qNorm: Float64Array;
  readonly rNorm: Float64Array;
  readonly skipSelf: boolean;
  readonly firstRow: number;
  readonly dots: Float64Array;
  readonly distances: Float64Array;
  readonly indices: Int32Array;
}

/** Offers the candidate-pass values of query block [i0, i0 + QUERY_BLOCK) × reference block [j0, j0 + REFERENCE_BLOCK). */
function offerBlock(scan: EuclideanScan, state: CandidateState, i0: number, j0: number): void {
  const { q, r, w, qNorm, rNorm, skipSelf, firstRow, dots } = scan;
  const i1 = Math.min(scan.n, i0 + QUERY_BLOCK), j1 = Math.min(scan.m, j0 + REFERENCE_BLOCK);
  for (let i = i0; i < i1; i += 4) {
    const ni = Math.min(4, i1 - i);
    for (let j = j0; j < j1; j += 4) {
      const nj = Math.min(4, j1 - j);
      if (ni === 4 && nj === 4) dots4x4(q, r, w, i, j, dots);
      else dotsEdge(q, r, w, i, j, ni, nj, dots);
      for (let a = 0; a < ni; a++) {
        const qi = i + a, base = qNorm[qi];
        for (let b = 0; b < nj; b++) {
          const rj = j + b;
          if (skipSelf && rj === firstRow + qi) continue;
          state.offer(qi, rj, base + rNorm[rj] - 2 * dots[a * 4 + b]);
        }
      }
    }
  }
}

/** Writes the lists of query rows [from, to) from their candidates. */
function rerankRows(scan: EuclideanScan, state: CandidateState, from: number, to: number): void {
  const { q, r, w, distances, indices } = scan;
  for (let i = from; i < to; i++) state.rerank(i, (j) => exactSquaredDistance(q, r, w, i, j), distances, indices);
}

/**
 * The candidate pass of a matrix against itself: q_i·q_j = q_j·q_i, so only the tiles with
 * j ≥ i are computed and an off-diagonal value is offered to both rows (half the
 * multiply–adds). The candidate sets stay supersets whatever the order of the offers (a
 * threshold only decreases), and the re-rank sorts by (e, j), so the lists are unchanged.
 * One unit per (query block, reference block) pair of the scan, in the scan's order: query
 * block b (rows from i0 = b·QUERY_BLOCK) meets the reference blocks from the one holding i0 on.
 */
function symmetricScan(scan: EuclideanScan, state: CandidateState): Stretch {
  const { n } = scan;
  const blocks = Math.ceil(n / QUERY_BLOCK), referenceBlocks = Math.ceil(n / REFERENCE_BLOCK);
  const firstUnit = new Float64Array(blocks + 1);
  for (let b = 0; b < blocks; b++) firstUnit[b + 1] = firstUnit[b] + referenceBlocks - Math.floor((b * QUERY_BLOCK) / REFERENCE_BLOCK);
  let b = 0;
  return {
    units: firstUnit[blocks],
    run(from, to) {
      for (let u = from; u < to; u++) {
        while (u >= firstUnit[b + 1]) b++;
        const i0 = b * QUERY_BLOCK;
        offerSymmetricBlock(scan, state, i0, i0 - (i0 % REFERENCE_BLOCK) + (u - firstUnit[b]) * REFERENCE_BLOCK);
      }
    },
  };
}

/** The tiles with j ≥ i of query block [i0, i0 + QUERY_BLOCK) × reference block [j0, j0 + REFERENCE_BLOCK), offered both ways. */
function offerSymmetricBlock(scan: EuclideanScan, state: CandidateState, i0: number, j0: number): void {
  const { q, w, n, qNorm: norm, skipSelf, dots } = scan;
  const i1 = Math.min(n, i0 + QUERY_BLOCK), j1 = Math.min(n, j0 + REFERENCE_BLOCK);
  for (let i = i0; i < i1; i += 4) {
    const ni = Math.min(4, i1 - i);
    // i and j0 are multiples of 4, so the tiles of rows and columns coincide.
    for (let j = Math.max(j0, i); j < j1; j += 4) {
      const nj = Math.min(4, j1 - j);
      if (ni === 4 && nj === 4) dots4x4(q, q, w, i, j, dots);
      else dotsEdge(q, q, w, i, j, ni, nj, dots);
      for (let a = 0; a < ni; a++) {
        const qi = i + a;
        for (let b = 0; b < nj; b++) {
          const rj = j + b;
          if (j === i) {
            // Diagonal tile: it holds both (a, b) and (b, a) itself.
            if (!(skipSelf && rj === qi)) state.offer(qi, rj, norm[qi] + norm[rj] - 2 * dots[a * 4 + b]);
            continue;
          }
          const value = norm[qi] + norm[rj] - 2 * dots[a * 4 + b];
          state.offer(qi, rj, value);
          state.offer(rj, qi, value);
        }
      }
    }
  }
}

/** Per query of rows [first, end): the k smallest candidate-pass values and the candidate (index, value) list. */
class CandidateState {
  private readonly top: Float64Array;
  private readonly threshold: Float64Array;
  private readonly lists: { index: Int32Array; value: Float64Array; length: number }[];

  constructor(private readonly first: number, end: number, private readonly k: number, private readonly margin: Float64Array) {
    this.top = new Float64Array((end - first) * k).fill(Infinity);
    this.threshold = new Float64Array(end - first).fill(Infinity);
    this.lists = Array.from({ length: end - first }, () => ({ index: new Int32Array(2 * k + 8), value: new Float64Array(2 * k + 8), length: 0 }));
  }

  offer(query: number, j: number, a: number): void {
    const i = query - this.first;
    if (a > this.threshold[i]) return;
    const k = this.k, top = this.top, base = i * k;
    if (a < top[base + k - 1]) {
      let p = k - 1;
      while (p > 0 && top[base + p - 1] > a) { top[base + p] = top[base + p - 1]; p--; }
      top[base + p] = a;
      this.threshold[i] = top[base + k - 1] + 2 * this.margin[query];
    }
    const list = this.lists[i];
    if (list.length === list.index.length) this.compact(i);
    list.index[list.length] = j;
    list.value[list.length] = a;
    list.length++;
  }

  /** Drops candidates above the current threshold; grows the list when that frees too little. */
  private compact(i: number): void {
    const list = this.lists[i], t = this.threshold[i];
    let kept = 0;
    for (let e = 0; e < list.length; e++) {
      if (list.value[e] <= t) { list.index[kept] = list.index[e]; list.value[kept] = list.value[e]; kept++; }
    }
    list.length = kept;
    if (kept * 2 > list.index.length) {
      const index = new Int32Array(list.index.length * 2), value = new Float64Array(list.index.length * 2);
      index.set(list.index.subarray(0, kept));
      value.set(list.value.subarray(0, kept));
      list.index = index;
      list.value = value;
    }
  }

  /** Writes the query's k nearest by (exact distance, index) into its row of the outputs. */
  rerank(query: number, exact: (j: number) => number, distances: Float64Array, indices: Int32Array): void {
    const i = query - this.first;
    const list = this.lists[i], t = this.threshold[i], k = this.k;
    const found: { j: number; e: number }[] = [];
    for (let e = 0; e < list.length; e++) if (list.value[e] <= t) found.push({ j: list.index[e], e: exact(list.index[e]) });
    found.sort((x, y) => x.e - y.e || x.j - y.j);
    // Fewer than k references (k too large for the search): the brute-force path's fill.
    for (let t2 = 0; t2 < k; t2++) {
      distances[query * k + t2] = t2 < found.length ? found[t2].e : Infinity;
      indices[query * k + t2] = t2 < found.length ? found[t2].j : 0;
    }
  }
}

/** dots[4a + b] = q_{i+a} · r_{j+b}, a, b < 4. */
function dots4x4(q: Float64Array, r: Float64Array, w: number, i: number, j: number, dots: Float64Array): void {
  const q0 = i * w, q1 = q0 + w, q2 = q1 + w, q3 = q2 + w;
  const r0 = j * w, r1 = r0 + w, r2 = r1 + w, r3 = r2 + w;
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  for (let c = 0; c < w; c++) {
    const a0 = q[q0 + c], a1 = q[q1 + c], a2 = q[q2 + c], a3 = q[q3 + c];
    const b0 = r[r0 + c], b1 = r[r1 + c], b2 = r[r2 + c], b3 = r[r3 + c];
    s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
    s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
    s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3;
    s30 += a3 * b0; s31 += a3 * b1; s32 += a3 * b2; s33 += a3 * b3;
  }
  dots[0] = s00; dots[1] = s01; dots[2] = s02; dots[3] = s03;
  dots[4] = s10; dots[5] = s11; dots[6] = s12; dots[7] = s13;
  dots[8] = s20; dots[9] = s21; dots[10] = s22; dots[11] = s23;
  dots[12] = s30; dots[13] = s31; dots[14] = s32; dots[15] = s33;
}

/** dots4x4 for a partial tile (ni × nj, ni, nj ≤ 4). */
function dotsEdge(q: Float64Array, r: Float64Array, w: number, i: number, j: number, ni: number, nj: number, dots: Float64Array): void {
  for (let a = 0; a < ni; a++) {
    for (let b = 0; b < nj; b++) {
      const qa = (i + a) * w, rb = (j + b) * w;
      let s = 0;
      for (let c = 0; c < w; c++) s += q[qa + c] * r[rb + c];
      dots[a * 4 + b] = s;
    }
  }
}

/** Σ_c (q_ic − r_jc)² in ascending column order: the value the brute-force path ranks by. */
function exactSquaredDistance(q: Float64Array, r: Float64Array, w: number, i: number, j: number): number {
  const qi = i * w, rj = j * w;
  let s = 0;
  for (let c = 0; c < w; c++) {
    const t = q[qi + c] - r[rj + c];
    s += t * t;
  }
  return s;
}

function squaredNorms(p: Float64Array, rows: number, w: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = 0; c < w; c++) s += p[i * w + c] * p[i * w + c];
    out[i] = s;
  }
  return out;
}
