/**
 * The CPU histogram softmin (engine/cpu-histogram-softmin.ts), whose sums are products with
 * the shared Gibbs kernel e^{c_i − C_ij/ε}, against the log-sum-exp of every term with
 * Math.exp; including rows whose mass sits on a term that underflows in the kernel (cost
 * ~800ε) and so must take the term-by-term path. Tolerance 1e-12·(1 + |f|): the same sum
 * with each term rounded a few times differently.
 */
import { describe, expect, it } from 'vitest';
import { cpuHistogramSoftmin } from '../engine/cpu-histogram-softmin.js';
import { CounterRandom } from '../engine/random.js';

/** out_t,i = −ε log Σ_j e^{log w_t,j + g_t,j/ε − C_ij/ε} (C_ji when transposed), term by term. */
function direct(eps: number, pairs: number, rows: number, cols: number, transpose: boolean, cost: Float64Array, logW: Float64Array, g: Float64Array): Float64Array {
  const summed = transpose ? rows : cols, out = transpose ? cols : rows;
  const result = new Float64Array(pairs * out);
  for (let t = 0; t < pairs; t++) {
    for (let i = 0; i < out; i++) {
      const v = Array.from({ length: summed }, (_, j) => logW[t * summed + j] + g[t * summed + j] / eps - (transpose ? cost[j * cols + i] : cost[i * cols + j]) / eps);
      const max = Math.max(...v);
      result[t * out + i] = -eps * (max + Math.log(v.reduce((s, x) => s + Math.exp(x - max), 0)));
    }
  }
  return result;
}

describe('cpuHistogramSoftmin', () => {
  const rows = 12, cols = 9, pairs = 5;
  const r = new CounterRandom(4, 2);

  for (const eps of [0.01, 0.5]) {
    for (const transpose of [false, true]) {
      it(`equals the term-by-term log-sum-exp (ε = ${eps}, ${transpose ? 'transposed' : 'direct'}), underflowing rows included`, () => {
        const cost = Float64Array.from({ length: rows * cols }, (_, k) => Math.abs(r.normal(k)));
        // One far bin per direction: cost 800ε from every output bin, so its kernel entries underflow.
        for (let i = 0; i < rows; i++) cost[i * cols + (cols - 1)] = 800 * eps;
        for (let j = 0; j < cols; j++) cost[(rows - 1) * cols + j] = 800 * eps;
        const summed = transpose ? rows : cols, out = transpose ? cols : rows;
        const logW = Float64Array.from({ length: pairs * summed }, (_, k) => Math.log((1 + (k % 3)) / (2 * summed)));
        const g = Float64Array.from({ length: pairs * summed }, (_, k) => 0.3 * r.normal(1000 + k));
        // Pair 0: the far bin's potential outweighs every other term, which the kernel cannot represent.
        g[summed - 1] = 900 * eps;
        const output = new Float64Array(pairs * out);
        cpuHistogramSoftmin({ eps, pairs, rows, cols, transpose, cost, logWeights: logW, potential: g, output, previous: undefined, weight: 1 });
        const expected = direct(eps, pairs, rows, cols, transpose, cost, logW, g);
        for (let k = 0; k < output.length; k++) expect(Math.abs(output[k] - expected[k])).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(expected[k])));
      });
    }
  }
});
