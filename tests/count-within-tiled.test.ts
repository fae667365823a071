import { describe, expect, it } from 'vitest';
import { runWhole } from '../engine/row-work.js';
import { countWithinTiled } from '../engine/cpu-count-within-tiled.js';
import { rankingDistance, reportedDistance } from '../engine/cpu-distance.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import { CounterRandom } from '../engine/random.js';

function matrix(rows: number, cols: number, seed: number, value: (normal: number) => number): HostMatrix {
  const r = new CounterRandom(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, (_, i) => value(r.normal(i))) };
}

/** The scan pair by pair, comparing reported distances (engine/cpu-distance.ts) with the radius. */
function scan(q: HostMatrix, r: HostMatrix, c0: number, c1: number, metric: 'euclidean' | 'chebyshev', radii: Float64Array, inclusive: boolean, skipSelf: boolean): Int32Array {
  const dist = rankingDistance(q, r, metric, c0, c1);
  return Int32Array.from({ length: q.rows }, (_, i) => {
    let c = 0;
    for (let j = 0; j < r.rows; j++) {
      if (skipSelf && i === j) continue;
      const d = reportedDistance(metric, dist(i, j));
      if (inclusive ? d <= radii[i] : d < radii[i]) c++;
    }
    return c;
  });
}

describe('countWithinTiled', () => {
  for (const metric of ['euclidean', 'chebyshev'] as const) {
    for (const inclusive of [false, true]) {
      it(`${metric}, ${inclusive ? 'inclusive' : 'strict'}: equals the scan exactly, radii on existing distances (grid data)`, () => {
        const m = matrix(263, 11, 1, (z) => Math.round(2 * z));
        // Radii equal to distances that occur (grid values; squares of integers for euclidean) hit the < / ≤ boundary.
        const r = new CounterRandom(2);
        const radii = Float64Array.from({ length: m.rows }, (_, i) => (metric === 'euclidean' ? Math.sqrt(Math.floor(40 * r.uniform(i))) : Math.floor(4 * r.uniform(i))));
        const got = runWhole(countWithinTiled(m, m, 0, 11, { metric, radii, inclusive, excludeSelf: true }, true));
        expect(Array.from(got)).toEqual(Array.from(scan(m, m, 0, 11, metric, radii, inclusive, true)));
        expect(got.some((c) => c > 0) && got.some((c) => c < m.rows - 1)).toBe(true);
      });
    }
    it(`${metric}: separate queries over a column range equal the scan`, () => {
      const q = matrix(38, 20, 3, (z) => z), ref = matrix(301, 20, 4, (z) => z);
      const radii = Float64Array.from({ length: 38 }, (_, i) => (metric === 'euclidean' ? 4 : 1.5) + 0.01 * i);
      const got = runWhole(countWithinTiled(q, ref, 2, 17, { metric, radii, inclusive: false, excludeSelf: false }, false));
      expect(Array.from(got)).toEqual(Array.from(scan(q, ref, 2, 17, metric, radii, false, false)));
    });
  }
});
