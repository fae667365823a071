import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu-backend.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import { CounterRandom } from '../engine/random.js';

function randomMatrix(rows: number, cols: number, seed: number, round = false): HostMatrix {
  const r = new CounterRandom(seed);
  const data = new Float64Array(rows * cols);
  // `round` puts values on a coarse grid so that ties in distance are frequent.
  for (let i = 0; i < data.length; i++) data[i] = round ? Math.round(4 * r.normal(i)) : r.normal(i);
  return { rows, cols, data };
}

/** Reference by definition: all distances, sorted by (distance, index). */
function naiveDistance(a: HostMatrix, i: number, b: HostMatrix, j: number, metric: 'euclidean' | 'chebyshev', c0: number, c1: number): number {
  let s = 0;
  for (let c = c0; c < c1; c++) {
    const t = Math.abs(a.data[i * a.cols + c] - b.data[j * b.cols + c]);
    s = metric === 'euclidean' ? s + t * t : Math.max(s, t);
  }
  return metric === 'euclidean' ? Math.sqrt(s) : s;
}

describe('CpuBackend.knn', () => {
  for (const metric of ['euclidean', 'chebyshev'] as const) {
    // 10 columns take the brute-force path, [1, 4) the k-d tree, [2, 3) the tree in 1-D.
    it(`${metric}: equals sorting all distances by (distance, index), with ties on a grid, column ranges, excludeSelf`, async () => {
      const backend = new CpuBackend();
      const m = randomMatrix(120, 10, 1, true);
      const h = await backend.upload(m);
      for (const columns of [undefined, [1, 4] as const, [2, 3] as const]) {
        const [c0, c1] = columns ?? [0, 10];
        const k = 7;
        const lists = await backend.knn(h, h, { k, metric, columns, excludeSelf: true });
        for (let i = 0; i < m.rows; i++) {
          const all = [];
          for (let j = 0; j < m.rows; j++) if (j !== i) all.push({ j, d: naiveDistance(m, i, m, j, metric, c0, c1) });
          all.sort((p, q) => p.d - q.d || p.j - q.j);
          expect(Array.from(lists.indices.subarray(i * k, i * k + k))).toEqual(all.slice(0, k).map((p) => p.j));
          expect(Array.from(lists.distances.subarray(i * k, i * k + k))).toEqual(all.slice(0, k).map((p) => p.d));
        }
      }
      backend.dispose();
      expect(backend.stats().liveBytes).toBe(0);
    });
  }
});

describe('CpuBackend.countWithin', () => {
  for (const inclusive of [false, true]) {
    it(`${inclusive ? 'inclusive' : 'strict'}: the sorted (1 column), k-d tree (3) and brute-force (10) paths equal the definition`, async () => {
      const backend = new CpuBackend();
      const m = randomMatrix(300, 10, 2, true);
      const h = await backend.upload(m);
      const r = new CounterRandom(5);
      // Radii equal to existing distances (grid values) exercise the < / ≤ boundary.
      const radii = Float64Array.from({ length: m.rows }, (_, i) => Math.floor(6 * r.uniform(i)));
      for (const columns of [[1, 2] as const, [0, 3] as const, [0, 10] as const]) {
        for (const metric of ['chebyshev', 'euclidean'] as const) {
          const counts = await backend.countWithin(h, h, { metric, columns, radii, inclusive, excludeSelf: true });
          for (let i = 0; i < m.rows; i++) {
            let c = 0;
            for (let j = 0; j < m.rows; j++) {
              if (j === i) continue;
              const d = naiveDistance(m, i, m, j, metric, columns[0], columns[1]);
              if (inclusive ? d <= radii[i] : d < radii[i]) c++;
            }
            expect(counts[i], `row ${i}, columns ${columns}, ${metric}`).toBe(c);
          }
        }
      }
      backend.dispose();
    });
  }
});

describe('CpuBackend.pairDistances and stats', () => {
  it('returns the listed pairs’ distances and counts bytes', async () => {
    const backend = new CpuBackend();
    const m = randomMatrix(10, 2, 3);
    const h = await backend.upload(m);
    expect(backend.stats()).toMatchObject({ bytesUploaded: 160, liveBytes: 160, peakBytes: 160 });
    const indices = Int32Array.from([3, 4, 0, 9]);
    const d = await backend.pairDistances(h, h, { metric: 'chebyshev', indices, width: 2, columns: [0, 2] });
    expect(Array.from(d)).toEqual([naiveDistance(m, 0, m, 3, 'chebyshev', 0, 2), naiveDistance(m, 0, m, 4, 'chebyshev', 0, 2), naiveDistance(m, 1, m, 0, 'chebyshev', 0, 2), naiveDistance(m, 1, m, 9, 'chebyshev', 0, 2)]);
    backend.release(h);
    backend.release(h);
    expect(backend.stats().liveBytes).toBe(0);
  });
});
