/**
 * The softmin (c-transform) step of log-domain Sinkhorn in float64 (SoftminRequest of
 * backend.ts): for every query row i,
 *
 *   f_i = −ε · log Σ_j exp(h_j − C_ij/ε),   h_j = log b_j + g_j/ε,   C_ij = ‖q_i − r_j‖^p / p,
 *
 * evaluated as M_i + log Σ_j exp(h_j − C_ij/ε − M_i) with M_i = max_j (h_j − C_ij/ε), so no
 * term overflows and the largest is exactly 1. With `meanCost`, also
 * Σ_j w_ij C_ij / Σ_j w_ij, w_ij = exp(h_j − C_ij/ε − M_i).
 *
 * One row at a time, never a query × reference matrix: C_ij/ε of row i is built in a
 * row buffer of m values, column by column from a column-major copy of the reference
 * (contiguous inner loops), the last column fused with the scaling and the running
 * maximum; then one pass of exponentials (exp-non-positive.ts). O(n·m·(d + 1)) time,
 * O(m·d) memory — unless the caller asks for the terms themselves (`kernel`), to build a
 * stored kernel (cpu-stored-kernel.ts) in the same pass.
 */
import type { CostPower } from './backend.js';
import { expNonPositive } from './exp-non-positive.js';
import type { HostMatrix } from './host-matrix.js';

export interface CpuSoftminStep {
  readonly query: HostMatrix;
  readonly reference: HostMatrix;
  /** Column range [c0, c1) of the cost. */
  readonly c0: number;
  readonly c1: number;
  readonly p: CostPower;
  readonly eps: number;
  readonly logWeights: Float64Array;
  readonly potential: Float64Array;
  readonly output: Float64Array;
  readonly meanCost: Float64Array | undefined;
  /** When given (never with meanCost): receives the row's terms e^{h_j − C_ij/ε − M_i} at [i·m, (i + 1)·m), and rowMax the M_i (cpu-stored-kernel.ts). */
  readonly kernel?: { readonly values: Float64Array; readonly rowMax: Float64Array };
}

export function cpuSoftmin(step: CpuSoftminStep): void {
  const { query, reference, c0, c1, p, eps, logWeights, potential, output, meanCost, kernel } = step;
  const n = query.rows, m = reference.rows, w = c1 - c0;
  const qd = query.data, qc = query.cols;
  const referenceColumns = columnMajor(reference, c0, c1);
  const invEps = 1 / eps;
  const costScale = p === 2 ? invEps / 2 : invEps;
  const h = new Float64Array(m);
  for (let j = 0; j < m; j++) h[j] = logWeights[j] + potential[j] * invEps;
  /** C_ij/ε of the current row i (squared distances over the first w − 1 columns while building). */
  const scaled = new Float64Array(m);
  const lastBase = (w - 1) * m;

  for (let i = 0; i < n; i++) {
    const qi = i * qc + c0;
    if (w === 1) {
      scaled.fill(0);
    } else {
      const x0 = qd[qi];
      for (let j = 0; j < m; j++) {
        const t = x0 - referenceColumns[j];
        scaled[j] = t * t;
      }
      for (let c = 1; c < w - 1; c++) {
        const x = qd[qi + c], base = c * m;
        for (let j = 0; j < m; j++) {
          const t = x - referenceColumns[base + j];
          scaled[j] += t * t;
        }
      }
    }
    const xLast = qd[qi + w - 1];
    let max = -Infinity;
    if (p === 2) {
      for (let j = 0; j < m; j++) {
        const t = xLast - referenceColumns[lastBase + j];
        const s = (scaled[j] + t * t) * costScale;
        scaled[j] = s;
        const v = h[j] - s;
        if (v > max) max = v;
      }
    } else {
      for (let j = 0; j < m; j++) {
        const t = xLast - referenceColumns[lastBase + j];
        const s = Math.sqrt(scaled[j] + t * t) * costScale;
        scaled[j] = s;
        const v = h[j] - s;
        if (v > max) max = v;
      }
    }
    let sum = 0;
    if (meanCost) {
      let cost = 0;
      for (let j = 0; j < m; j++) {
        const s = scaled[j];
        const e = expNonPositive(h[j] - s - max);
        sum += e;
        cost += e * s;
      }
      meanCost[i] = (eps * cost) / sum;
    } else if (kernel) {
      const base = i * m, values = kernel.values;
      for (let j = 0; j < m; j++) {
        const e = expNonPositive(h[j] - scaled[j] - max);
        values[base + j] = e;
        sum += e;
      }
      kernel.rowMax[i] = max;
    } else {
      for (let j = 0; j < m; j++) sum += expNonPositive(h[j] - scaled[j] - max);
    }
    const f = -eps * (max + Math.log(sum));
    output[i] = f;
  }
}

/** Columns [c0, c1) of m, column-major: entry (j, c) at (c − c0)·rows + j. */
export function columnMajor(m: HostMatrix, c0: number, c1: number): Float64Array {
  const { rows, cols, data } = m;
  const out = new Float64Array((c1 - c0) * rows);
  for (let j = 0; j < rows; j++) for (let c = c0; c < c1; c++) out[(c - c0) * rows + j] = data[j * cols + c];
  return out;
}
