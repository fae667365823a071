/**
 * Row divergences in float64 on the CPU: per row, log-probabilities (log-softmax of the
 * host-shifted logits, lp_j = z_j − log Σ_k e^{z_k}, or log p_j) and the measure of
 * engine/row-divergence-measures.ts.
 */
import type { RowDivergenceRequest } from './backend.js';
import type { HostMatrix } from './host-matrix.js';
import { rowMeasure } from './row-divergence-measures.js';

export function cpuRowDivergences(p: HostMatrix, q: HostMatrix, request: RowDivergenceRequest): Float64Array {
  const width = p.cols;
  const lp = new Float64Array(width), lq = new Float64Array(width);
  const out = new Float64Array(p.rows);
  for (let r = 0; r < p.rows; r++) {
    logProbabilities(p.data.subarray(r * width, (r + 1) * width), request.input, lp);
    logProbabilities(q.data.subarray(r * width, (r + 1) * width), request.input, lq);
    out[r] = rowMeasure(request.measure, lp, lq, request.alpha);
  }
  return out;
}

function logProbabilities(row: Float64Array, input: 'logits' | 'probs', out: Float64Array): void {
  if (input === 'probs') {
    for (let j = 0; j < row.length; j++) out[j] = Math.log(row[j]);
    return;
  }
  let max = -Infinity;
  for (let j = 0; j < row.length; j++) max = Math.max(max, row[j]);
  let sum = 0;
  for (let j = 0; j < row.length; j++) sum += Math.exp(row[j] - max);
  const lse = max + Math.log(sum);
  for (let j = 0; j < row.length; j++) out[j] = row[j] - lse;
}
