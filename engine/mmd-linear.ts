/**
 * Linear-time MMD² (Gretton et al., "A kernel two-sample test", JMLR 13, 2012, §6):
 * with M = ⌊min(n, m)/2⌋ and 0-based rows,
 *
 *   MMD²_l = (1/M) Σ_{i<M} h_i,
 *   h_i = k(x_{2i}, x_{2i+1}) + k(y_{2i}, y_{2i+1}) − k(x_{2i}, y_{2i+1}) − k(x_{2i+1}, y_{2i})
 *
 * over the first 2M rows of each sample. O(M·d) work: it runs in float64 on the host for
 * every backend (a GPU dispatch would cost more than the whole sum). The p-th permutation
 * null relabels the pooled sample as the quadratic-time statistics do (two-sample-gram.ts):
 * x = rows σ_p(0 … n−1), y = the rest.
 */
import { pairKernel, type GramKernel } from './gram-kernel.js';
import { concatRows, selectRows, type HostMatrix } from './host-matrix.js';
import { permutationTable } from './inference.js';
import type { StatisticWithNulls } from './two-sample-gram.js';
import { requireHostValues } from './device-resident-matrix.js';

export function linearTimeMmd(x: HostMatrix, y: HostMatrix, kernel: GramKernel): number {
  requireHostValues([x, y], "the 'linear' estimator evaluates its row pairs on the host");
  const half = Math.floor(Math.min(x.rows, y.rows) / 2);
  const d = x.cols;
  const kxx = pairKernel(kernel, x.data, d, x.data, d, 0, d);
  const kyy = pairKernel(kernel, y.data, d, y.data, d, 0, d);
  const kxy = pairKernel(kernel, x.data, d, y.data, d, 0, d);
  let sum = 0;
  for (let i = 0; i < half; i++) {
    const a = 2 * i, b = 2 * i + 1;
    sum += kxx(a, b) + kyy(a, b) - kxy(a, b) - kxy(b, a);
  }
  return sum / half;
}

export function linearTimeStatistic(x: HostMatrix, y: HostMatrix, kernel: GramKernel, permutations: number, seed: number): StatisticWithNulls {
  const n = x.rows, used = 2 * Math.floor(Math.min(n, y.rows) / 2);
  const pooled = concatRows([x, y]);
  const nulls = new Float64Array(permutations);
  for (let p = 0; p < permutations; p++) {
    const order = permutationTable(pooled.rows, seed, p);
    nulls[p] = linearTimeMmd(selectRows(pooled, order.subarray(0, used)), selectRows(pooled, order.subarray(n, n + used)), kernel);
  }
  return { observed: linearTimeMmd(x, y, kernel), nulls };
}
