/**
 * The batched histogram softmin of discrete log-domain Sinkhorn in float64
 * (HistogramSoftminRequest of backend.ts): for every pair t and output bin i,
 *
 *   out_t,i = −ε · log Σ_j exp(h_t,j − C_ij/ε),   h_t,j = log w_t,j + g_t,j/ε,
 *
 * over the cost's columns (or its rows when transposed, with C_ji). All pairs share the
 * cost, so its Gibbs kernel E_ij = e^{c_i − C_ij/ε} (c_i = min_j C_ij/ε) is made once per call,
 * and each pair's sums are products with it, as in cpu-stored-kernel.ts:
 *
 *   Σ_j e^{h_t,j − C_ij/ε} = e^{s_t − c_i} · Σ_j E_ij e^{h_t,j − s_t},   s_t = max_j h_t,j,
 *
 * every factor in [0, 1]: rows·cols exponentials per call and `summed` per pair instead of
 * rows·cols per pair. A sum below L·e^{−668} (its mass among terms that underflowed) is
 * recomputed term by term as M + log Σ_j exp(h_t,j − C_ij/ε − M), M the largest term.
 * C/ε is laid out once per call in (output bin × summed bin) order, so the inner loops are
 * contiguous. With `previous`, the over-relaxed update previous + weight·(out − previous).
 * O(pairs · rows · cols) multiply–adds, O(rows · cols) extra memory.
 */
import { expNonPositive } from './exp-non-positive.js';

/** A factored sum over L terms is trusted when ≥ L·e^{−668} (cpu-stored-kernel.ts): what underflowed is < e^{−40} of it. */
const SUM_FLOOR = Math.exp(-668);

export interface CpuHistogramSoftminStep {
  readonly eps: number;
  readonly pairs: number;
  readonly rows: number;
  readonly cols: number;
  readonly transpose: boolean;
  readonly cost: Float64Array;
  readonly logWeights: Float64Array;
  readonly potential: Float64Array;
  readonly output: Float64Array;
  /** output = previous + weight·(out − previous) when given. */
  readonly previous: Float64Array | undefined;
  readonly weight: number;
}

export function cpuHistogramSoftmin(step: CpuHistogramSoftminStep): void {
  const { eps, pairs, rows, cols, transpose, cost, logWeights, potential, output, previous, weight } = step;
  const summed = transpose ? rows : cols, out = transpose ? cols : rows;
  const invEps = 1 / eps;
  // C/ε laid out (output bin × summed bin), so every inner loop below is contiguous.
  const scaled = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) scaled[transpose ? j * rows + i : i * cols + j] = cost[i * cols + j] * invEps;
  }
  // The Gibbs kernel E_ij = e^{c_i − C_ij/ε}, c_i = min_j C_ij/ε (each row's largest entry 1), once for every pair.
  const rowMin = new Float64Array(out), kernel = new Float64Array(out * summed);
  for (let i = 0; i < out; i++) {
    const row = i * summed;
    let min = Infinity;
    for (let j = 0; j < summed; j++) if (scaled[row + j] < min) min = scaled[row + j];
    rowMin[i] = min;
    for (let j = 0; j < summed; j++) kernel[row + j] = expNonPositive(min - scaled[row + j]);
  }
  const floor = summed * SUM_FLOOR;
  const h = new Float64Array(summed), factors = new Float64Array(summed), terms = new Float64Array(summed);
  for (let t = 0; t < pairs; t++) {
    const base = t * summed;
    let shift = -Infinity;
    for (let j = 0; j < summed; j++) {
      const v = logWeights[base + j] + potential[base + j] * invEps;
      h[j] = v;
      if (v > shift) shift = v;
    }
    for (let j = 0; j < summed; j++) factors[j] = h[j] === -Infinity ? 0 : expNonPositive(h[j] - shift);
    for (let i = 0; i < out; i++) {
      const row = i * summed;
      let sum = 0;
      for (let j = 0; j < summed; j++) sum += kernel[row + j] * factors[j];
      // Σ_j e^{h_j − C_ij/ε} = e^{s − c_i}·sum, trusted when sum ≥ L·e^{−668}; else the row term by term.
      const logSum = sum >= floor ? shift - rowMin[i] + Math.log(sum) : exactLogSum(h, scaled, row, terms);
      const f = -eps * logSum, k = t * out + i;
      output[k] = previous ? previous[k] + weight * (f - previous[k]) : f;
    }
  }
}

/** log Σ_j e^{h_j − S_{row+j}} term by term, shifted by its largest term. */
function exactLogSum(h: Float64Array, scaled: Float64Array, row: number, terms: Float64Array): number {
  let max = -Infinity;
  for (let j = 0; j < h.length; j++) {
    const v = h[j] - scaled[row + j];
    terms[j] = v;
    if (v > max) max = v;
  }
  let sum = 0;
  for (let j = 0; j < h.length; j++) sum += expNonPositive(terms[j] - max);
  return max + Math.log(sum);
}
