/**
 * The Gram alignment call of the CPU backend, in float64 (the reference of
 * shaders/gram-alignment.wgsl; gramSums is cpu-gram-sums.ts). Memory beyond the inputs:
 * count accumulators.
 *
 *   gramAlignment  A_t = Σ_ij k₁(f_i, f_j)·k₂(s_σt(i), s_σt(j))   (i ≠ j when excluded)
 */
import type { GramAlignmentRequest } from './backend.js';
import { pairKernel } from './gram-kernel.js';
import type { HostMatrix } from './host-matrix.js';

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
