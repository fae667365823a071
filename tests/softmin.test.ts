/**
 * The float64 softmin step of the CPU backend (engine/cpu-softmin.ts) against the formula
 * evaluated directly with Math.exp, and its exponential (engine/exp-non-positive.ts)
 * against Math.exp.
 */
import { describe, expect, it } from 'vitest';
import type { CostPower } from '../engine/backend.js';
import { cpuSoftmin } from '../engine/cpu-softmin.js';
import { expNonPositive } from '../engine/exp-non-positive.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import { CounterRandom } from '../engine/random.js';

function gaussian(n: number, d: number, seed: number): HostMatrix {
  const r = new CounterRandom(seed, 7);
  return { rows: n, cols: d, data: Float64Array.from({ length: n * d }, (_, i) => r.normal(i)) };
}

/** f_i = −ε log Σ_j b_j e^{(g_j − C_ij)/ε} and the mean costs, term by term with Math.exp. */
function direct(x: HostMatrix, y: HostMatrix, c0: number, c1: number, p: CostPower, eps: number, logB: Float64Array, g: Float64Array) {
  const f = new Float64Array(x.rows), mean = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    const costs = Array.from({ length: y.rows }, (_, j) => {
      let s = 0;
      for (let c = c0; c < c1; c++) s += (x.data[i * x.cols + c] - y.data[j * y.cols + c]) ** 2;
      return p === 2 ? s / 2 : Math.sqrt(s);
    });
    const v = costs.map((cost, j) => logB[j] + (g[j] - cost) / eps);
    const max = Math.max(...v);
    const w = v.map((t) => Math.exp(t - max));
    const sum = w.reduce((s, t) => s + t, 0);
    f[i] = -eps * (max + Math.log(sum));
    mean[i] = w.reduce((s, t, j) => s + t * costs[j], 0) / sum;
  }
  return { f, mean };
}

describe('expNonPositive', () => {
  it('is within 5e-16 of Math.exp on [−700, 0], 0 below −745, 1 at 0', () => {
    let worst = 0;
    for (let k = 0; k <= 200_000; k++) {
      const t = -700 * (k / 200_000) ** 2;
      worst = Math.max(worst, Math.abs(expNonPositive(t) / Math.exp(t) - 1));
    }
    expect(worst).toBeLessThan(5e-16);
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-800)).toBe(0);
    expect(expNonPositive(-1e30)).toBe(0);
  });
});

describe('cpuSoftmin', () => {
  const cases: { name: string; d: number; columns: [number, number]; p: CostPower; eps: number }[] = [
    { name: 'p = 2, d = 3, ε = 0.05', d: 3, columns: [0, 3], p: 2, eps: 0.05 },
    { name: 'p = 1, d = 1, ε = 0.3', d: 1, columns: [0, 1], p: 1, eps: 0.3 },
    { name: 'p = 2, columns [1, 3) of 4', d: 4, columns: [1, 3], p: 2, eps: 0.2 },
  ];
  for (const c of cases) {
    it(`${c.name}: equals the formula term by term`, () => {
      const x = gaussian(40, c.d, 1), y = gaussian(35, c.d, 2);
      const r = new CounterRandom(3, 8);
      const logB = Float64Array.from({ length: 35 }, (_, j) => Math.log((1 + r.uniform(j)) / 52.5));
      const g = Float64Array.from({ length: 35 }, (_, j) => r.normal(100 + j));
      const output = new Float64Array(40), meanCost = new Float64Array(40);
      cpuSoftmin({ query: x, reference: y, c0: c.columns[0], c1: c.columns[1], p: c.p, eps: c.eps, logWeights: logB, potential: g, output, meanCost });
      const expected = direct(x, y, c.columns[0], c.columns[1], c.p, c.eps, logB, g);
      expected.f.forEach((f, i) => {
        expect(Math.abs(output[i] - f)).toBeLessThan(1e-13 * (1 + Math.abs(f)));
        expect(Math.abs(meanCost[i] - expected.mean[i])).toBeLessThan(1e-13 * (1 + expected.mean[i]));
      });
    });
  }
});
