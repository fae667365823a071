/**
 * A stored, stabilised Gibbs kernel for repeated CPU softmins between the same two point
 * sets at the same ε (Schmitzer 2019, "Stabilized sparse scaling algorithms for entropy
 * regularized transport problems": absorption of the potentials into the kernel).
 *
 * Built by one exact softmin (cpu-softmin.ts) of rows x_i against columns y_j with
 * h_j = log b_j + g_j/ε, it keeps β_j = h_j, the row maxima M_i = max_j (β_j − C_ij/ε) and
 *
 *   K_ij = exp(β_j − C_ij/ε − M_i) ∈ [0, 1]   (each row's largest entry is exactly 1).
 *
 * Any later softmin over the same pair is then a matrix–vector product, with no distance
 * and no exponential per pair:
 *
 *   rows (a potential g on y, h_j = log b_j + g_j/ε, d_j = h_j − β_j, s = max_j d_j):
 *     Σ_j e^{h_j − C_ij/ε} = e^{s + M_i} · T_i,   T_i = Σ_j K_ij e^{d_j − s},
 *     f_i = −ε (s + M_i + log T_i);
 *   columns (a potential f on x, h′_i = log a_i + f_i/ε, d′_i = h′_i + M_i, s′ = max_i d′_i):
 *     Σ_i e^{h′_i − C_ij/ε} = e^{s′ − β_j} · T′_j,   T′_j = Σ_i K_ij e^{d′_i − s′},
 *     g_j = −ε (s′ − β_j + log T′_j).
 *
 * Accuracy. Every factor lies in [0, 1]; what the stored values lose are the entries whose
 * true value fell below the normal range, e^{−708} (stored subnormal or 0), each weighted
 * by a factor ≤ 1: at most L·e^{−708} in a sum over L terms. A sum is accepted only when
 * T ≥ L·e^{−668}, so what was lost is below e^{−40} ≈ 4e-18 of it, and the result agrees
 * with the exact softmin to float64 rounding. When a sum fails that test (the potential
 * moved so far since the build that its mass sits among underflowed entries) the product
 * reports failure and the caller recomputes exactly, rebuilding the kernel from the new
 * potential (absorption).
 *
 * ε-scaling (ε → ε/R, R an integer: scaling ½ gives R = 4 for p = 2, 2 for p = 1): since
 * R·(β_j − C_ij/ε − M_i) = Rβ_j − C_ij/(ε/R) − RM_i, the kernel at ε/R is K^R elementwise, with
 * β ← Rβ and M ← RM, each row's largest entry still exactly 1 — R − 1 multiplications per
 * entry instead of a distance and an exponential. Each power multiplies the relative error
 * an entry carried by R and adds one rounding; `roundings` bounds it in units of float64
 * rounding beyond what an exact build at that ε has (an exact build: 1), and the cache
 * (cpu-kernel-cache.ts) rebuilds exactly rather than let it pass MAX_ROUNDINGS.
 */
import type { CostPower } from './backend.js';
import { columnMajor } from './cpu-softmin.js';
import { expNonPositive } from './exp-non-positive.js';
import type { HostMatrix } from './host-matrix.js';

/** T ≥ L·SUM_FLOOR for a sum over L terms: e^{−668} = e^{−708 + 40}. */
const SUM_FLOOR = Math.exp(-668);
/** The largest error, in float64 roundings beyond an exact build's, a kernel made by powers may carry. */
export const MAX_ROUNDINGS = 100;
/** The largest power taken (larger ratios of ε are rebuilt exactly). */
const MAX_POWER = 16;

export class StoredKernel {
  constructor(
    /** Rows (query points of the building softmin). */
    readonly rows: number,
    /** Columns (reference points of the building softmin). */
    readonly cols: number,
    readonly eps: number,
    /** K, rows × cols, row-major. */
    readonly values: Float64Array,
    /** M_i. */
    readonly rowMax: Float64Array,
    /** β_j = log b_j + g_j/ε of the building softmin. */
    readonly columnShift: Float64Array,
    /** Error bound in float64 roundings (1: built exactly). */
    readonly roundings = 1,
  ) {}

  /**
   * The kernel at ε' when ε/ε' is an integer R ≤ MAX_POWER (to rounding) and the error stays
   * within MAX_ROUNDINGS: K ← K^R IN PLACE (this kernel is then spent), β ← Rβ, M ← RM.
   * undefined, nothing changed, otherwise.
   */
  powerInPlace(epsNew: number): StoredKernel | undefined {
    const ratio = this.eps / epsNew, power = Math.round(ratio);
    if (power < 2 || power > MAX_POWER || Math.abs(ratio - power) > 1e-12 * power) return undefined;
    const roundings = power * this.roundings + 1;
    if (roundings > MAX_ROUNDINGS) return undefined;
    const values = this.values;
    if (power === 4) {
      for (let k = 0; k < values.length; k++) {
        const square = values[k] * values[k];
        values[k] = square * square;
      }
    } else if (power === 2) {
      for (let k = 0; k < values.length; k++) values[k] *= values[k];
    } else {
      for (let k = 0; k < values.length; k++) values[k] = integerPower(values[k], power);
    }
    return new StoredKernel(this.rows, this.cols, epsNew, values, this.rowMax.map((v) => v * power), this.columnShift.map((v) => v * power), roundings);
  }

  get bytes(): number {
    return this.values.byteLength + this.rowMax.byteLength + this.columnShift.byteLength;
  }

  /**
   * output_i = −ε log Σ_j e^{log b_j + g_j/ε − C_ij/ε} for every row i (logWeights = log b,
   * potential = g, over the columns); false, output unspecified, when a sum fails the accuracy test.
   */
  softminOverColumns(logWeights: Float64Array, potential: Float64Array, output: Float64Array): boolean {
    const scale = this.columnFactors(logWeights, potential);
    return scale !== undefined && this.finishRows(kernelRowSums(this.values, this.cols, scale.factors, 0, this.rows), scale.shift, output);
  }

  /**
   * output_j = −ε log Σ_i e^{log a_i + f_i/ε − C_ij/ε} for every column j (logWeights = log a,
   * potential = f, over the rows); false, output unspecified, when a sum fails the accuracy test.
   */
  softminOverRows(logWeights: Float64Array, potential: Float64Array, output: Float64Array): boolean {
    const scale = this.rowFactors(logWeights, potential);
    if (scale === undefined) return false;
    const blocks = Math.ceil(this.rows / ROW_BLOCK);
    return this.finishColumns(addBlocks(kernelColumnBlockSums(this.values, this.rows, this.cols, scale.factors, 0, blocks), this.cols), scale.shift, output);
  }

  /** The factors e^{d_j − s} over the columns (d_j = log b_j + g_j/ε − β_j) and s; undefined when unusable. */
  columnFactors(logWeights: Float64Array, potential: Float64Array): ScalingFactors | undefined {
    return scalingFactors(logWeights, potential, this.columnShift, 1, this.eps);
  }

  /** The factors e^{d′_i − s′} over the rows (d′_i = log a_i + f_i/ε + M_i) and s′; undefined when unusable. */
  rowFactors(logWeights: Float64Array, potential: Float64Array): ScalingFactors | undefined {
    return scalingFactors(logWeights, potential, this.rowMax, -1, this.eps);
  }

  /** output_i = −ε(s + M_i + log T_i) from the row sums T (kernelRowSums); false when a sum fails the test. */
  finishRows(sums: Float64Array, shift: number, output: Float64Array): boolean {
    const { eps, rowMax } = this, floor = this.cols * SUM_FLOOR;
    for (let i = 0; i < sums.length; i++) {
      const t = sums[i];
      if (!(t >= floor)) return false;
      output[i] = -eps * (shift + rowMax[i] + Math.log(t));
    }
    return true;
  }

  /** output_j = −ε(s′ − β_j + log T′_j) from the column sums T′; false when a sum fails the test. */
  finishColumns(sums: Float64Array, shift: number, output: Float64Array): boolean {
    const { eps, columnShift } = this, floor = this.rows * SUM_FLOOR;
    for (let j = 0; j < sums.length; j++) {
      const t = sums[j];
      if (!(t >= floor)) return false;
      output[j] = -eps * (shift - columnShift[j] + Math.log(t));
    }
    return true;
  }

  /**
   * softminOverColumns, and the rows' mean costs under its weights w_ij = K_ij e^{d_j − s}:
   * meanCost_i = Σ_j w_ij C_ij / Σ_j w_ij, C_ij = ‖x_i − y_j‖^p/p over columns [c0, c1) of the
   * points the kernel was built on (query: its rows, reference: its columns); a distance per
   * pair, no exponential. false, outputs unspecified, when a sum fails the accuracy test.
   */
  softminOverColumnsWithMeanCost(query: HostMatrix, reference: HostMatrix, c0: number, c1: number, p: CostPower, logWeights: Float64Array, potential: Float64Array, output: Float64Array, meanCost: Float64Array): boolean {
    const { rows, cols, values } = this;
    const scale = this.columnFactors(logWeights, potential);
    if (scale === undefined) return false;
    const { factors } = scale;
    const referenceColumns = columnMajor(reference, c0, c1), width = c1 - c0;
    const squared = new Float64Array(cols), sums = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      squared.fill(0);
      for (let c = 0; c < width; c++) {
        const x = query.data[i * query.cols + c0 + c], base = c * cols;
        for (let j = 0; j < cols; j++) {
          const t = x - referenceColumns[base + j];
          squared[j] += t * t;
        }
      }
      const row = i * cols;
      let t = 0, cost = 0;
      for (let j = 0; j < cols; j++) {
        const w = values[row + j] * factors[j];
        t += w;
        cost += w * (p === 2 ? squared[j] / 2 : Math.sqrt(squared[j]));
      }
      sums[i] = t;
      meanCost[i] = cost / t;
    }
    return this.finishRows(sums, scale.shift, output);
  }
}

/** Rows per block of the column sums: each block's partial sums are added in block order, however the blocks are shared out. */
export const ROW_BLOCK = 256;

/** T_i = Σ_j K_ij·factors_j for rows [first, end) (four partial sums per row, then the tail). */
export function kernelRowSums(values: Float64Array, cols: number, factors: Float64Array, first: number, end: number): Float64Array {
  const sums = new Float64Array(end - first);
  const tail = cols - (cols % 4);
  for (let i = first; i < end; i++) {
    const base = i * cols;
    let t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (let j = 0; j < tail; j += 4) {
      t0 += values[base + j] * factors[j];
      t1 += values[base + j + 1] * factors[j + 1];
      t2 += values[base + j + 2] * factors[j + 2];
      t3 += values[base + j + 3] * factors[j + 3];
    }
    let t = t0 + t1 + (t2 + t3);
    for (let j = tail; j < cols; j++) t += values[base + j] * factors[j];
    sums[i - first] = t;
  }
  return sums;
}

/**
 * Per block b ∈ [firstBlock, endBlock) of ROW_BLOCK rows: Σ_{i ∈ b} K_ij·factors_i for every
 * column j, block after block (cols values each); four rows per pass over the sums.
 */
export function kernelColumnBlockSums(values: Float64Array, rows: number, cols: number, factors: Float64Array, firstBlock: number, endBlock: number): Float64Array {
  const out = new Float64Array((endBlock - firstBlock) * cols);
  for (let b = firstBlock; b < endBlock; b++) {
    const sums = out.subarray((b - firstBlock) * cols, (b - firstBlock + 1) * cols);
    const first = b * ROW_BLOCK, end = Math.min(rows, first + ROW_BLOCK);
    const tail = end - ((end - first) % 4);
    for (let i = first; i < tail; i += 4) {
      const v0 = factors[i], v1 = factors[i + 1], v2 = factors[i + 2], v3 = factors[i + 3];
      const b0 = i * cols, b1 = b0 + cols, b2 = b1 + cols, b3 = b2 + cols;
      for (let j = 0; j < cols; j++) sums[j] += values[b0 + j] * v0 + values[b1 + j] * v1 + (values[b2 + j] * v2 + values[b3 + j] * v3);
    }
    for (let i = tail; i < end; i++) {
      const v = factors[i], base = i * cols;
      for (let j = 0; j < cols; j++) sums[j] += values[base + j] * v;
    }
  }
  return out;
}

/** The column sums from block partial sums (kernelColumnBlockSums, all blocks in order), added block by block. */
export function addBlocks(blockSums: Float64Array, cols: number): Float64Array {
  const sums = new Float64Array(cols);
  sums.set(blockSums.subarray(0, cols));
  for (let base = cols; base < blockSums.length; base += cols) {
    for (let j = 0; j < cols; j++) sums[j] += blockSums[base + j];
  }
  return sums;
}

export interface ScalingFactors {
  readonly factors: Float64Array;
  readonly shift: number;
}

/**
 * e^{d_k − s} with d_k = log w_k + φ_k/ε − sign·c_k and s = max_k d_k; zero-weight points
 * (log w = −∞, which the build also saw, so their stored entries are 0) get factor 0.
 * undefined when a d_k is NaN or +∞, or none is finite.
 */
function scalingFactors(logWeights: Float64Array, potential: Float64Array, stored: Float64Array, sign: 1 | -1, eps: number): ScalingFactors | undefined {
  const invEps = 1 / eps;
  const d = new Float64Array(logWeights.length);
  let shift = -Infinity;
  for (let k = 0; k < d.length; k++) {
    const h = logWeights[k] + potential[k] * invEps;
    const v = h === -Infinity ? -Infinity : h - sign * stored[k];
    if (Number.isNaN(v) || v === Infinity) return undefined;
    d[k] = v;
    if (v > shift) shift = v;
  }
  if (!Number.isFinite(shift)) return undefined;
  const factors = d.map((v) => (v === -Infinity ? 0 : expNonPositive(v - shift)));
  return { factors, shift };
}

/** v^power by repeated squaring (power ≥ 1). */
function integerPower(v: number, power: number): number {
  let result = 1, base = v;
  for (let e = power; e > 0; e >>= 1) {
    if (e & 1) result *= base;
    base *= base;
  }
  return result;
}
