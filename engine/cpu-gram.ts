/**
 * The Gram calls of the CPU backend, in float64 (the reference of shaders/gram-sums.wgsl
 * and shaders/gram-alignment.wgsl). Memory beyond the inputs: one row of kernel values
 * and the count × query rows row sums (gramSums); count accumulators (gramAlignment).
 *
 *   gramSums       r_t(i) = Σ_j v_t[j]·k(q_i, r_j)          (j ≠ i when the diagonal is excluded)
 *                  totals u_tᵀ K v_t = Σ_i u_t[i]·r_t(i), or the row sums r_t themselves
 *   gramAlignment  A_t = Σ_ij k₁(f_i, f_j)·k₂(s_σt(i), s_σt(j))   (i ≠ j when excluded)
 */
import type { GramAlignmentRequest, GramSumRequest } from './backend.js';
import { pairKernel } from './gram-kernel.js';
import type { HostMatrix } from './host-matrix.js';

export function cpuGramSums(query: HostMatrix, reference: HostMatrix, request: GramSumRequest, sameMatrix: boolean): Float64Array {
  const [c0, c1] = request.columns ?? [0, query.cols];
  const kernel = pairKernel(request.kernel, query.data, query.cols, reference.data, reference.cols, c0, c1);
  const { count, referenceWeights: v, queryWeights: u } = request;
  const n = query.rows, m = reference.rows;
  const skipDiagonal = request.excludeDiagonal && sameMatrix;
  const rowSums = new Float64Array(count * n);
  const row = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) row[j] = skipDiagonal && j === i ? 0 : kernel(i, j);
    for (let t = 0; t < count; t++) {
      const base = t * m;
      let s = 0;
      for (let j = 0; j < m; j++) s += v[base + j] * row[j];
      rowSums[t * n + i] = s;
    }
  }
  if (u === null) return rowSums;
  const totals = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += u[t * n + i] * rowSums[t * n + i];
    totals[t] = s;
  }
  return totals;
}

export function cpuGramAlignment(first: HostMatrix, second: HostMatrix, request: GramAlignmentRequest): Float64Array {
  const k1 = pairKernel(request.firstKernel, first.data, first.cols, first.data, first.cols, 0, first.cols);
  const k2 = pairKernel(request.secondKernel, second.data, second.cols, second.data, second.cols, 0, second.cols);
  const { count, permutations } = request;
  const n = first.rows;
  const totals = new Float64Array(count);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (request.excludeDiagonal && i === j) continue;
      const k = k1(i, j);
      for (let t = 0; t < count; t++) totals[t] += k * k2(permutations[t * n + i], permutations[t * n + j]);
    }
  }
  return totals;
}
