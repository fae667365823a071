import { describe, expect, it } from 'vitest';
import { runWhole } from '../engine/row-work.js';
import { knnTiledChebyshev } from '../engine/cpu-knn-tiled-chebyshev.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import { CounterRandom } from '../engine/random.js';
import { knnBruteForce } from './support/knn-brute-force.js';

function matrix(rows: number, cols: number, seed: number, value: (normal: number) => number): HostMatrix {
  const r = new CounterRandom(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, (_, i) => value(r.normal(i))) };
}

/** Exact equality: max-norm distances are exact in float64 and the visiting order per query is the scan's. */
function expectSameAsBruteForce(q: HostMatrix, r: HostMatrix, c0: number, c1: number, k: number, same: boolean): void {
  const tiled = runWhole(knnTiledChebyshev(q, r, c0, c1, k, same));
  const brute = knnBruteForce(q, r, { k, metric: 'chebyshev', excludeSelf: same }, same, c0, c1);
  expect(Array.from(tiled.indices)).toEqual(Array.from(brute.indices));
  expect(Array.from(tiled.distances)).toEqual(Array.from(brute.distances));
}

describe('knnTiledChebyshev', () => {
  it('equals brute force on 50-column Gaussian rows (rows not a multiple of the tile or the blocks)', () => {
    const m = matrix(299, 50, 1, (z) => z);
    expectSameAsBruteForce(m, m, 0, 50, 4, true);
  });

  it('equals brute force on grid values, where max-norm ties are the rule (ties by lower index)', () => {
    const m = matrix(270, 9, 2, (z) => Math.round(z));
    expectSameAsBruteForce(m, m, 0, 9, 12, true);
  });

  it('equals brute force for separate queries and a column range', () => {
    const q = matrix(41, 30, 3, (z) => z), r = matrix(515, 30, 4, (z) => z);
    expectSameAsBruteForce(q, r, 3, 25, 7, false);
  });
});
