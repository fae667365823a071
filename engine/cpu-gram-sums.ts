/**
 * Weighted Gram sums on the float64 CPU backend (GramSumRequest of backend.ts), never
 * materialising K:
 *
 *   row sums   r_t(i) = Σ_j v_t[j]·k(q_i, r_j)          (j ≠ i when the diagonal is excluded)
 *   forms      u_tᵀ K v_t = Σ_i u_t[i]·r_t(i)
 *
 * Kernel values are produced one query row at a time over blocks of COLUMN_BLOCK
 * references: the pair accumulation s_ij (gram-kernel.ts: Σ(x−y)², Σ|x−y| or Σx·y, in
 * ascending column order) is built column by column from a column-major copy of the
 * references (contiguous inner loops), then mapped through the kernel in one pass — for
 * a Gaussian or Laplacian kernel with one bandwidth e^{a·s} with a < 0, evaluated by
 * expNonPositive (exp-non-positive.ts, within 4e-16 of Math.exp, about twice as fast).
 *
 * Symmetry. When query and reference are the same matrix K is symmetric, so only the
 * pairs j > i are evaluated (half the kernel values):
 *   r_t(i) = K_ii·v_t[i] + Σ_{j>i} K_ij v_t[j] + Σ_{j<i} K_ji v_t[j]
 * the last sum scattered while row j < i is processed. With the forms' query weights
 * the same vectors as the reference weights (u_t = v_t, the two-sample statistics),
 *   v_tᵀ K v_t = Σ_i K_ii v_t[i]² + 2·Σ_i v_t[i]·Σ_{j>i} K_ij v_t[j].
 * Sums run in a fixed order (rows ascending, blocks ascending; the symmetric forms by groups
 * of ROW_GROUP rows, the groups' partial forms then added in order), so results are
 * deterministic — also when the rows run in ranges with pauses between them (gramSumsWork,
 * row-work.ts: the sums carry over) or on worker threads (parallel-cpu-backend.ts: disjoint
 * ranges, partials added). O(n·m·(d + count)) time, O(m·d + count·n) memory.
 */
import type { GramSumRequest } from './backend.js';
import { expNonPositive } from './exp-non-positive.js';
import { kernelOfAccumulation, kernelTerms, type GramKernel } from './gram-kernel.js';
import type { HostMatrix } from './host-matrix.js';
import { runWhole, type RowWork } from './row-work.js';

const COLUMN_BLOCK = 2048;

/** The GramSumRequest's count forms u_tᵀ K v_t, or (queryWeights null) its count × query rows row sums. */
export function cpuGramSums(query: HostMatrix, reference: HostMatrix, request: GramSumRequest, sameMatrix: boolean): Float64Array {
  return runWhole(gramSumsWork(query, reference, request, sameMatrix));
}

/**
 * cpuGramSums as work (row-work.ts): one unit per query row, in ascending order. `partial`
 * holds what the rows run so far added: row sums (each row's own entries), or for the
 * symmetric quadratic forms one partial form per group of ROW_GROUP rows. A unit range
 * writes only its own entries, so works run over disjoint ranges (worker threads) have
 * partials with disjoint supports; their elementwise sum (exact: each entry is one work's
 * value plus zeros) given to gramSumsLayout's `finish` is the whole call's result, bit for bit.
 */
export interface GramSumsWork extends RowWork<Float64Array> {
  readonly partial: Float64Array;
}

/** How a gramSums call's partial sums are laid out and finished, known before any kernel setup. */
export interface GramSumsLayout {
  /** Entries of `partial`. */
  readonly length: number;
  /** Whether disjoint unit ranges write disjoint entries of `partial` (false: symmetric row sums scatter into other rows). */
  readonly splittable: boolean;
  /** The sums or forms from a partial covering every unit. */
  finish(partial: Float64Array): Float64Array;
}

export function gramSumsLayout(queryRows: number, request: GramSumRequest, sameMatrix: boolean): GramSumsLayout {
  const { count, referenceWeights: v, queryWeights: u } = request, n = queryRows;
  const symmetricForms = sameMatrix && u === v;
  return {
    length: symmetricForms ? count * Math.ceil(n / ROW_GROUP) : count * n,
    splittable: !sameMatrix || symmetricForms,
    finish: (partial) => (symmetricForms ? addGroups(partial, count) : u === null ? partial : forms(u, partial, count, n)),
  };
}

/** Rows per partial form in the symmetric quadratic forms (the unit ranges of worker threads start at multiples of it). */
export const ROW_GROUP = 64;

export function gramSumsWork(query: HostMatrix, reference: HostMatrix, request: GramSumRequest, sameMatrix: boolean): GramSumsWork {
  const [c0, c1] = request.columns ?? [0, query.cols];
  const { count, referenceWeights: v, queryWeights: u, kernel } = request;
  const n = query.rows, m = reference.rows;
  const layout = gramSumsLayout(n, request, sameMatrix);
  const rows: GramRows = {
    rowValues: kernelRow(kernel, query, reference, c0, c1),
    block: new Float64Array(Math.min(m, COLUMN_BLOCK)),
    diagonal: request.excludeDiagonal ? null : new Float64Array(1),
    v, count, n, m,
    sums: new Float64Array(layout.length),
  };
  const run = !sameMatrix ? rowSums : u === v ? symmetricQuadraticForms : symmetricRowSums;
  return {
    units: n,
    run: (from, to) => run(rows, from, to),
    partial: rows.sums,
    result: () => layout.finish(rows.sums),
  };
}

/** The forms from per-group partial forms (group-major, count each), added group by group. */
function addGroups(partial: Float64Array, count: number): Float64Array {
  const totals = new Float64Array(count);
  for (let base = 0; base < partial.length; base += count) {
    for (let t = 0; t < count; t++) totals[t] += partial[base + t];
  }
  return totals;
}

/** What the rows of one gramSums call share: the kernel row, scratch, weights and the sums they add to. */
interface GramRows {
  readonly rowValues: KernelRow;
  readonly block: Float64Array;
  /** Scratch for K_ii, or null when the diagonal is excluded. */
  readonly diagonal: Float64Array | null;
  readonly v: Float64Array;
  readonly count: number;
  readonly n: number;
  readonly m: number;
  /** count × n row sums, or (symmetric forms) the count partial forms of each row group, group after group. */
  readonly sums: Float64Array;
}

/** Rows [from, to) of the row sums of a query against another reference. */
function rowSums(rows: GramRows, from: number, to: number): void {
  const { rowValues, block, v, count, n, m, sums } = rows;
  for (let i = from; i < to; i++) {
    for (let j0 = 0; j0 < m; j0 += COLUMN_BLOCK) {
      const j1 = Math.min(m, j0 + COLUMN_BLOCK);
      rowValues(i, j0, j1, block);
      for (let t = 0; t < count; t++) sums[t * n + i] += weightedSum(block, v, t * m + j0, j1 - j0);
    }
  }
}

/** Rows [from, to) of the quadratic forms of one symmetric matrix: the pairs j > i, doubled, plus the diagonal, into their row group's partial forms. */
function symmetricQuadraticForms(rows: GramRows, from: number, to: number): void {
  const { rowValues, block, diagonal, v, count, m, sums } = rows;
  for (let i = from; i < to; i++) {
    const group = Math.floor(i / ROW_GROUP) * count;
    if (diagonal) {
      rowValues(i, i, i + 1, diagonal);
      for (let t = 0; t < count; t++) sums[group + t] += diagonal[0] * v[t * m + i] * v[t * m + i];
    }
    for (let j0 = i + 1; j0 < m; j0 += COLUMN_BLOCK) {
      const j1 = Math.min(m, j0 + COLUMN_BLOCK);
      rowValues(i, j0, j1, block);
      for (let t = 0; t < count; t++) sums[group + t] += 2 * v[t * m + i] * weightedSum(block, v, t * m + j0, j1 - j0);
    }
  }
}

/** Rows [from, to) of the row sums of one symmetric matrix: row i's pairs j > i also feed the row sums of j. */
function symmetricRowSums(rows: GramRows, from: number, to: number): void {
  const { rowValues, block, diagonal, v, count, n, m, sums } = rows;
  for (let i = from; i < to; i++) {
    if (diagonal) {
      rowValues(i, i, i + 1, diagonal);
      for (let t = 0; t < count; t++) sums[t * n + i] += diagonal[0] * v[t * m + i];
    }
    for (let j0 = i + 1; j0 < m; j0 += COLUMN_BLOCK) {
      const j1 = Math.min(m, j0 + COLUMN_BLOCK), len = j1 - j0;
      rowValues(i, j0, j1, block);
      for (let t = 0; t < count; t++) {
        sums[t * n + i] += weightedSum(block, v, t * m + j0, len);
        const vi = v[t * m + i], out = t * n + j0;
        for (let e = 0; e < len; e++) sums[out + e] += block[e] * vi;
      }
    }
  }
}

/** Σ_e block[e]·w[offset + e], e < length. */
function weightedSum(block: Float64Array, w: Float64Array, offset: number, length: number): number {
  let s = 0;
  for (let e = 0; e < length; e++) s += block[e] * w[offset + e];
  return s;
}

/** u_tᵀ r_t for each t. */
function forms(u: Float64Array, rowSums: Float64Array, count: number, n: number): Float64Array {
  const totals = new Float64Array(count);
  for (let t = 0; t < count; t++) totals[t] = weightedSum(rowSums.subarray(t * n, t * n + n), u, t * n, n);
  return totals;
}

/** Writes k(q_i, r_j) for j ∈ [j0, j1) into out[0 … j1 − j0). */
type KernelRow = (i: number, j0: number, j1: number, out: Float64Array) => void;

function kernelRow(kernel: GramKernel, query: HostMatrix, reference: HostMatrix, c0: number, c1: number): KernelRow {
  const w = c1 - c0, m = reference.rows, qd = query.data, qc = query.cols;
  const columns = new Float64Array(w * m);
  for (let j = 0; j < m; j++) for (let c = 0; c < w; c++) columns[c * m + j] = reference.data[j * reference.cols + c0 + c];
  const form = kernel.form;
  const accumulation = form === 'laplacian' ? 'absolute' : form === 'linear' || form === 'polynomial' ? 'product' : 'squared';
  const exponential = (form === 'gaussian' || form === 'laplacian') && kernel.bandwidths.length === 1;
  const scale = exponential ? kernelTerms(kernel)[0][0] : 0;
  const value = kernelOfAccumulation(kernel);

  if (accumulation === 'squared' && exponential) {
    // The common case (one Gaussian bandwidth): first column written, last fused with the exp.
    return (i, j0, j1, out) => {
      const len = j1 - j0, qi = i * qc + c0;
      const x0 = qd[qi];
      if (w === 1) {
        for (let e = 0; e < len; e++) { const t = x0 - columns[j0 + e]; out[e] = expNonPositive(scale * (t * t)); }
        return;
      }
      for (let e = 0; e < len; e++) { const t = x0 - columns[j0 + e]; out[e] = t * t; }
      for (let c = 1; c < w - 1; c++) {
        const x = qd[qi + c], base = c * m + j0;
        for (let e = 0; e < len; e++) { const t = x - columns[base + e]; out[e] += t * t; }
      }
      const xLast = qd[qi + w - 1], last = (w - 1) * m + j0;
      for (let e = 0; e < len; e++) { const t = xLast - columns[last + e]; out[e] = expNonPositive(scale * (out[e] + t * t)); }
    };
  }
  return (i, j0, j1, out) => {
    const len = j1 - j0, qi = i * qc + c0;
    out.fill(0, 0, len);
    for (let c = 0; c < w; c++) {
      const x = qd[qi + c], base = c * m + j0;
      if (accumulation === 'squared') {
        for (let e = 0; e < len; e++) { const t = x - columns[base + e]; out[e] += t * t; }
      } else if (accumulation === 'absolute') {
        for (let e = 0; e < len; e++) out[e] += Math.abs(x - columns[base + e]);
      } else {
        for (let e = 0; e < len; e++) out[e] += x * columns[base + e];
      }
    }
    if (exponential) {
      for (let e = 0; e < len; e++) out[e] = expNonPositive(scale * out[e]);
    } else {
      for (let e = 0; e < len; e++) out[e] = value(out[e]);
    }
  };
}
