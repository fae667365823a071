/**
 * The batched Backend calls (knnBatch, countWithinBatch, pairDistancesBatch) on the
 * float64 CPU backend, and the estimators built on them: every member equals the single
 * call on the matrix of its space's columns (rows permuted by its FeistelPermutation),
 * bit for bit, and mutualInformationColumns equals mutualInformation column by column.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ColumnSpace } from '../engine/backend.js';
import { CpuBackend } from '../engine/cpu-backend.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import { FeistelPermutation } from '../engine/random-permutation.js';
import { CounterRandom } from '../engine/random.js';
import { createEngine } from '../index.js';

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

function randomMatrix(rows: number, cols: number, seed: number, round = false): HostMatrix {
  const r = new CounterRandom(seed, 21);
  // `round`: values on a coarse grid, so distances tie often.
  const data = Float64Array.from({ length: rows * cols }, (_, i) => (round ? Math.round(3 * r.normal(i)) : r.normal(i)));
  return { rows, cols, data };
}

/** The space's columns as their own matrix, permuted columns taken from row σ(i). */
function explicitView(m: HostMatrix, space: ColumnSpace): HostMatrix {
  const columns = space.ranges.flatMap(([a, b]) => Array.from({ length: b - a }, (_, t) => a + t));
  const p = space.permuted;
  const sigma = p ? new FeistelPermutation(m.rows, p.seed, p.stream).table() : undefined;
  const data = new Float64Array(m.rows * columns.length);
  for (let i = 0; i < m.rows; i++) {
    columns.forEach((c, t) => {
      const source = sigma && c >= p!.columns[0] && c < p!.columns[1] ? sigma[i] : i;
      data[i * columns.length + t] = m.data[source * m.cols + c];
    });
  }
  return { rows: m.rows, cols: columns.length, data };
}

const spaces: ColumnSpace[] = [
  { ranges: [[0, 1], [5, 6]] },
  { ranges: [[2, 3], [5, 6]], permuted: { columns: [5, 6], seed: 7, stream: 0x10003 } },
  { ranges: [[0, 5]], permuted: { columns: [1, 3], seed: 0xffffffff, stream: 1 } },
  // A permutation of columns outside the ranges changes nothing.
  { ranges: [[3, 4]], permuted: { columns: [5, 6], seed: 1, stream: 2 } },
];

describe('CpuBackend batched calls', () => {
  for (const metric of ['chebyshev', 'euclidean'] as const) {
    it(`${metric}: every member equals the single call on its explicit view (ties on a grid)`, async () => {
      const backend = new CpuBackend();
      const m = randomMatrix(150, 6, 1, true);
      const h = await backend.upload(m);
      const k = 4;
      const lists = await backend.knnBatch(h, { k, metric, excludeSelf: true, spaces });
      const radii = lists.map((l) => Float64Array.from({ length: m.rows }, (_, i) => l.distances[i * k + k - 1]));
      const counts = await backend.countWithinBatch(h, { metric, inclusive: false, excludeSelf: true, members: spaces.map((space, s) => ({ space, radii: radii[s] })) });
      const pairs = await backend.pairDistancesBatch(h, { metric, width: k, members: spaces.map((space, s) => ({ space, indices: lists[s].indices })) });
      for (let s = 0; s < spaces.length; s++) {
        const v = await backend.upload(explicitView(m, spaces[s]));
        const single = await backend.knn(v, v, { k, metric, excludeSelf: true });
        expect(lists[s]).toEqual(single);
        expect(counts[s]).toEqual(await backend.countWithin(v, v, { metric, radii: radii[s], inclusive: false, excludeSelf: true }));
        expect(pairs[s]).toEqual(await backend.pairDistances(v, v, { metric, indices: lists[s].indices, width: k }));
        backend.release(v);
      }
      expect(lists[3]).toEqual(await backend.knn(h, h, { k, metric, columns: [3, 4], excludeSelf: true }));
      backend.dispose();
    });
  }

  it('rejects empty batches, ranges outside the matrix and bad permutations', async () => {
    const backend = new CpuBackend();
    const h = await backend.upload(randomMatrix(20, 3, 2));
    await expect(backend.knnBatch(h, { k: 2, metric: 'chebyshev', excludeSelf: true, spaces: [{ ranges: [[2, 4]] }] })).rejects.toThrow(RangeError);
    await expect(backend.knnBatch(h, { k: 2, metric: 'chebyshev', excludeSelf: true, spaces: [{ ranges: [] }] })).rejects.toThrow(RangeError);
    await expect(backend.knnBatch(h, { k: 2, metric: 'chebyshev', excludeSelf: true, spaces: [] })).rejects.toThrow(/empty/);
    await expect(backend.knnBatch(h, { k: 2, metric: 'chebyshev', excludeSelf: true, spaces: [{ ranges: [[0, 1]], permuted: { columns: [0, 1], seed: -1, stream: 0 } }] })).rejects.toThrow(RangeError);
    await expect(backend.countWithinBatch(h, { metric: 'chebyshev', inclusive: true, excludeSelf: true, members: [{ space: { ranges: [[0, 1]] }, radii: new Float64Array(3) }] })).rejects.toThrow(RangeError);
    backend.dispose();
  });
});

describe('mutualInformationColumns (batched) equals mutualInformation column by column', () => {
  const x = randomMatrix(300, 5, 3);
  const target = Float64Array.from({ length: 300 }, (_, i) => 0.8 * x.data[i * 5 + 1] - 0.5 * x.data[i * 5 + 3] + 0.4 * new CounterRandom(4).normal(i));
  const perColumn = async (options: object) => {
    const values = [];
    for (let c = 0; c < 5; c++) values.push((await engine.mutualInformation(Float64Array.from({ length: 300 }, (_, i) => x.data[i * 5 + c]), target, options)).value);
    return values;
  };
  for (const options of [{}, { method: 'ksg2', k: 5 }, { method: 'mixed' }, { jitter: 1e-3, seed: 9, base: 2 }, { preprocess: 'rank-gaussian' }] as const) {
    it(`exactly, ${JSON.stringify(options)}`, async () => {
      const r = await engine.mutualInformationColumns(x, target, options);
      expect(Array.from(r.values)).toEqual(await perColumn(options));
      expect(r).toMatchObject({ n: 300, backend: 'cpu' });
    });
  }
  it("'mixed' on columns with repeated values", async () => {
    const grid = randomMatrix(200, 3, 5, true);
    const y = Float64Array.from({ length: 200 }, (_, i) => Math.round(grid.data[i * 3] + new CounterRandom(6).normal(i)));
    const r = await engine.mutualInformationColumns(grid, y, { method: 'mixed' });
    for (let c = 0; c < 3; c++) {
      const column = Float64Array.from({ length: 200 }, (_, i) => grid.data[i * 3 + c]);
      expect(r.values[c]).toBe((await engine.mutualInformation(column, y, { method: 'mixed' })).value);
    }
  });
});
