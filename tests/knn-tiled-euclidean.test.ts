import { describe, expect, it } from 'vitest';
import { runWhole } from '../engine/row-work.js';
import { knnBruteForce } from './support/knn-brute-force.js';
import { knnTiledEuclidean } from '../engine/cpu-knn-tiled.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import { CounterRandom } from '../engine/random.js';

function matrix(rows: number, cols: number, seed: number, value: (normal: number) => number): HostMatrix {
  const r = new CounterRandom(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, (_, i) => value(r.normal(i))) };
}

/** The tiled lists must equal the brute-force scan exactly (no tolerance: both are float64 ranks of the same sums). */
function expectSameAsBruteForce(q: HostMatrix, r: HostMatrix, c0: number, c1: number, k: number, same: boolean): void {
  const tiled = runWhole(knnTiledEuclidean(q, r, c0, c1, k, same));
  const brute = knnBruteForce(q, r, { k, metric: 'euclidean', excludeSelf: same }, same, c0, c1);
  expect(Array.from(tiled.indices)).toEqual(Array.from(brute.indices));
  expect(Array.from(tiled.distances)).toEqual(Array.from(brute.distances));
}

describe('knnTiledEuclidean', () => {
  it('equals brute force on 64-column Gaussian rows (rows not a multiple of the 4 × 4 tile or the blocks)', () => {
    const m = matrix(301, 64, 1, (z) => z);
    expectSameAsBruteForce(m, m, 0, 64, 5, true);
  });

  it('equals brute force on grid values with many exact distance ties (ties by lower index)', () => {
    const m = matrix(257, 12, 2, (z) => Math.round(2 * z));
    expectSameAsBruteForce(m, m, 0, 12, 9, true);
  });

  it('equals brute force on uncentred data (offset 10⁴: the re-rank margin grows, results stay exact)', () => {
    const m = matrix(200, 16, 3, (z) => 1e4 + 1e-3 * z);
    expectSameAsBruteForce(m, m, 0, 16, 4, true);
  });

  it('equals brute force for separate queries, a column range and k larger than the first candidate list', () => {
    const q = matrix(77, 40, 4, (z) => z), r = matrix(530, 40, 5, (z) => z);
    expectSameAsBruteForce(q, r, 5, 37, 30, false);
  });

  it('gives the same lists from the symmetric pass (same matrix) and the general pass (an equal copy)', () => {
    const m = matrix(333, 20, 6, (z) => Math.round(3 * z) / 3);
    const copy: HostMatrix = { ...m, data: Float64Array.from(m.data) };
    const symmetric = runWhole(knnTiledEuclidean(m, m, 0, 20, 8, false)), general = runWhole(knnTiledEuclidean(copy, m, 0, 20, 8, false));
    expect(Array.from(symmetric.indices)).toEqual(Array.from(general.indices));
    expect(Array.from(symmetric.distances)).toEqual(Array.from(general.distances));
    expectSameAsBruteForce(m, m, 0, 20, 8, false);
  });

  it('keeps every candidate when all rows coincide (all distances 0): indices 0, 1, … skipping self', () => {
    const m: HostMatrix = { rows: 90, cols: 10, data: new Float64Array(900).fill(0.5) };
    const { indices, distances } = runWhole(knnTiledEuclidean(m, m, 0, 10, 6, true));
    expect(Array.from(indices.subarray(0, 6))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(indices.subarray(6 * 3, 6 * 4))).toEqual([0, 1, 2, 4, 5, 6]);
    expect(Array.from(distances).every((d) => d === 0)).toBe(true);
    expectSameAsBruteForce(m, m, 0, 10, 6, true);
  });
});
