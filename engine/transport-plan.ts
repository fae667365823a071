/**
 * The entropic transport plan from its dual potentials, in float64 on the host:
 *
 *   π_ij = a_i b_j e^{(f_i + g_j − C_ij)/ε},   C_ij = ‖x_i − y_j‖^p / p,
 *
 * evaluated as e^{log a_i + log b_j + (f_i + g_j − C_ij)/ε}. An n × m matrix, so only on
 * request and only up to MAX_PLAN_ENTRIES entries (32 MiB of float64).
 */
import type { CostPower } from './backend.js';
import type { HostMatrix } from './host-matrix.js';
import type { TransportPlan } from './results.js';

export const MAX_PLAN_ENTRIES = 1 << 22;

export interface PlanInputs {
  readonly x: HostMatrix;
  readonly y: HostMatrix;
  readonly logA: Float64Array;
  readonly logB: Float64Array;
  readonly f: Float64Array;
  readonly g: Float64Array;
  readonly p: CostPower;
  readonly eps: number;
}

export function transportPlan({ x, y, logA, logB, f, g, p, eps }: PlanInputs): TransportPlan {
  const n = x.rows, m = y.rows, d = x.cols;
  const data = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = x.data[i * d + c] - y.data[j * d + c];
        s += t * t;
      }
      const cost = p === 2 ? s / 2 : Math.sqrt(s);
      data[i * m + j] = Math.exp(logA[i] + logB[j] + (f[i] + g[j] - cost) / eps);
    }
  }
  return { data, rows: n, cols: m };
}
