/**
 * The batched histogram softmin of discrete log-domain Sinkhorn in float64
 * (HistogramSoftminRequest of backend.ts): for every pair t and output bin i,
 *
 *   out_t,i = −ε · log Σ_j exp(h_t,j − C_ij/ε),   h_t,j = log w_t,j + g_t,j/ε,
 *
 * over the cost's columns (or its rows when transposed, with C_ji), evaluated as
 * M + log Σ_j exp(h_t,j − C_ij/ε − M) with M the row maximum, so no term overflows.
 * C/ε is laid out once per call in (output bin × summed bin) order, so the inner loops are
 * contiguous. With `previous`, the over-relaxed update previous + weight·(out − previous).
 * O(pairs · rows · cols) time, O(rows · cols) extra memory.
 */
import { expNonPositive } from './exp-non-positive.js';

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
  const h = new Float64Array(summed), terms = new Float64Array(summed);
  for (let t = 0; t < pairs; t++) {
    const base = t * summed;
    for (let j = 0; j < summed; j++) h[j] = logWeights[base + j] + potential[base + j] * invEps;
    for (let i = 0; i < out; i++) {
      const row = i * summed;
      let max = -Infinity;
      for (let j = 0; j < summed; j++) {
        const v = h[j] - scaled[row + j];
        terms[j] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let j = 0; j < summed; j++) sum += expNonPositive(terms[j] - max);
      const f = -eps * (max + Math.log(sum)), k = t * out + i;
      output[k] = previous ? previous[k] + weight * (f - previous[k]) : f;
    }
  }
}
