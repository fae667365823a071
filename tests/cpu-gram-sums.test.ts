import { describe, expect, it } from 'vitest';
import type { GramSumRequest } from '../engine/backend.js';
import { cpuGramSums } from '../engine/cpu-gram-sums.js';
import { pairKernel, type GramKernel } from '../engine/gram-kernel.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import { CounterRandom } from '../engine/random.js';

function matrix(rows: number, cols: number, seed: number): HostMatrix {
  const r = new CounterRandom(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, (_, i) => r.normal(i)) };
}

function weights(count: number, rows: number, seed: number): Float64Array {
  const r = new CounterRandom(seed);
  return Float64Array.from({ length: count * rows }, (_, i) => r.uniform(i) - 0.3);
}

/** The definition pair by pair (Math.exp), with Σ|u_i v_j K_ij| per entry as the scale of its rounding error. */
function naive(q: HostMatrix, r: HostMatrix, request: GramSumRequest, same: boolean): { value: Float64Array; scale: Float64Array } {
  const [c0, c1] = request.columns ?? [0, q.cols];
  const k = pairKernel(request.kernel, q.data, q.cols, r.data, r.cols, c0, c1);
  const { count, referenceWeights: v, queryWeights: u } = request;
  const rows = new Float64Array(count * q.rows), rowScale = new Float64Array(count * q.rows);
  for (let i = 0; i < q.rows; i++) {
    for (let j = 0; j < r.rows; j++) {
      if (same && request.excludeDiagonal && i === j) continue;
      const kij = k(i, j);
      for (let t = 0; t < count; t++) {
        rows[t * q.rows + i] += v[t * r.rows + j] * kij;
        rowScale[t * q.rows + i] += Math.abs(v[t * r.rows + j] * kij);
      }
    }
  }
  if (u === null) return { value: rows, scale: rowScale };
  const value = new Float64Array(count), scale = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    for (let i = 0; i < q.rows; i++) {
      value[t] += u[t * q.rows + i] * rows[t * q.rows + i];
      scale[t] += Math.abs(u[t * q.rows + i]) * rowScale[t * q.rows + i];
    }
  }
  return { value, scale };
}

function expectMatchesDefinition(q: HostMatrix, r: HostMatrix, request: GramSumRequest, same: boolean): void {
  const got = cpuGramSums(q, r, request, same);
  const want = naive(q, r, request, same);
  expect(got.length).toBe(want.value.length);
  // Tolerance: float64 sums of up to 2·10⁶ terms in another order (j > i halves, blocks) and
  // expNonPositive's 4e-16 relative error stay far below 1e-12 of Σ|terms|.
  for (let e = 0; e < got.length; e++) expect(Math.abs(got[e] - want.value[e])).toBeLessThanOrEqual(1e-12 * want.scale[e] + 1e-300);
}

const gaussian: GramKernel = { form: 'gaussian', bandwidths: [0.8], degree: 0, coef0: 0 };
const kernels: GramKernel[] = [
  gaussian,
  { form: 'gaussian', bandwidths: [0.5, 2], degree: 0, coef0: 0 },
  { form: 'laplacian', bandwidths: [1.5], degree: 0, coef0: 0 },
  { form: 'inverse-multiquadric', bandwidths: [1], degree: 0, coef0: 0 },
  { form: 'linear', bandwidths: [], degree: 0, coef0: 0 },
  { form: 'polynomial', bandwidths: [2], degree: 3, coef0: 1 },
  { form: 'distance', bandwidths: [], degree: 0, coef0: 0 },
];

describe('cpuGramSums', () => {
  for (const kernel of kernels) {
    it(`${kernel.form} ${kernel.bandwidths.join('+')}: symmetric forms, symmetric row sums and two-matrix sums equal the definition`, () => {
      const z = matrix(150, 3, 1), other = matrix(97, 3, 2);
      const v = weights(3, 150, 3), u = weights(3, 150, 4);
      for (const excludeDiagonal of [false, true]) {
        const base = { kernel, excludeDiagonal, count: 3, columns: [0, 3] as const };
        expectMatchesDefinition(z, z, { ...base, referenceWeights: v, queryWeights: v }, true);
        expectMatchesDefinition(z, z, { ...base, referenceWeights: v, queryWeights: u }, true);
        expectMatchesDefinition(z, z, { ...base, referenceWeights: v, queryWeights: null }, true);
      }
      const vOther = weights(2, 97, 5);
      expectMatchesDefinition(z, other, { kernel, excludeDiagonal: false, count: 2, referenceWeights: vOther, queryWeights: weights(2, 150, 6) }, false);
      expectMatchesDefinition(z, other, { kernel, excludeDiagonal: false, count: 2, referenceWeights: vOther, queryWeights: null }, false);
    });
  }

  it('one column (the Gaussian fast path with no middle columns) equals the definition', () => {
    const z = matrix(120, 3, 9), v = weights(2, 120, 10);
    for (const queryWeights of [v, null]) {
      expectMatchesDefinition(z, z, { kernel: gaussian, excludeDiagonal: false, count: 2, columns: [2, 3], referenceWeights: v, queryWeights }, true);
    }
  });

  it('crosses reference blocks (2,100 rows > 2,048) and honours a column range', () => {
    const z = matrix(2100, 4, 7);
    const v = weights(2, 2100, 8);
    for (const queryWeights of [v, null]) {
      expectMatchesDefinition(z, z, { kernel: gaussian, excludeDiagonal: true, count: 2, columns: [1, 3], referenceWeights: v, queryWeights }, true);
    }
  });
});
