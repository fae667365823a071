import { describe, expect, it } from 'vitest';
import { principalProjection } from '../engine/pca.js';
import { CounterRandom } from '../engine/random.js';

function matrix(rows: number, cols: number, seed: number) {
  const r = new CounterRandom(seed, 3);
  // Unequal column scales, so the spectrum is spread out, plus an offset of 10³.
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, (_, i) => 1e3 + (1 + (i % cols)) * r.normal(i)) };
}

function distance(m: { cols: number; data: Float64Array }, i: number, j: number): number {
  let s = 0;
  for (let c = 0; c < m.cols; c++) s += (m.data[i * m.cols + c] - m.data[j * m.cols + c]) ** 2;
  return Math.sqrt(s);
}

describe('principalProjection', () => {
  // n ≥ d uses X_cᵀX_c; n < d the Gram matrix X_c·X_cᵀ (odd n exercises its row blocking).
  for (const [rows, cols] of [[57, 9], [13, 20], [30, 31]] as const) {
    it(`keeps every pairwise distance when all the variance is kept (n = ${rows}, d = ${cols})`, () => {
      const x = matrix(rows, cols, rows);
      const pca = principalProjection(x, 1 - 1e-12);
      expect(pca.components).toBe(Math.min(rows - 1, cols));
      for (let i = 0; i < rows; i += 3) for (let j = 0; j < i; j += 2) expect(Math.abs(distance(pca.projected, i, j) - distance(x, i, j))).toBeLessThan(1e-9);
      expect(pca.varianceRatios.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    });
  }

  it('keeps the fewest leading components reaching the fraction; their columns are uncorrelated', () => {
    const x = matrix(200, 12, 4);
    const pca = principalProjection(x, 0.8);
    const cumulative = pca.varianceRatios.reduce<number[]>((acc, v) => [...acc, (acc.at(-1) ?? 0) + v], []);
    expect(cumulative[pca.components - 1]).toBeGreaterThanOrEqual(0.8);
    expect(cumulative[pca.components - 2]).toBeLessThan(0.8);
    expect(pca.keptVariance).toBeCloseTo(cumulative[pca.components - 1], 14);
    const { rows, cols, data } = pca.projected;
    for (let a = 0; a < cols; a++) {
      for (let b = 0; b < a; b++) {
        let s = 0;
        for (let i = 0; i < rows; i++) s += data[i * cols + a] * data[i * cols + b];
        expect(Math.abs(s)).toBeLessThan(1e-8);
      }
    }
  });

  it('rejects rows with no variance', () => {
    expect(() => principalProjection({ rows: 3, cols: 2, data: Float64Array.of(1, 2, 1, 2, 1, 2) }, 0.9)).toThrow(RangeError);
  });
});
