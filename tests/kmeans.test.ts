import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu-backend.js';
import { kmeans } from '../engine/kmeans.js';
import { CounterRandom } from '../engine/random.js';

/** Three tight blobs of 50 rows around (0, 0, 0), (10, 0, 0), (0, 10, 0), interleaved. */
function blobs(): { rows: number; cols: number; data: Float64Array } {
  const r = new CounterRandom(3, 4);
  const centres = [[0, 0, 0], [10, 0, 0], [0, 10, 0]];
  const data = new Float64Array(150 * 3);
  for (let i = 0; i < 150; i++) for (let c = 0; c < 3; c++) data[i * 3 + c] = centres[i % 3][c] + 0.3 * r.normal(i * 3 + c);
  return { rows: 150, cols: 3, data };
}

describe('kmeans (assignments by the backend nearest-centroid search)', () => {
  it('recovers well-separated blobs, with the objective equal to the within-blob sum of squares', async () => {
    const backend = new CpuBackend();
    const x = blobs();
    const r = await kmeans(backend, x, { clusters: 3, restarts: 5, maxIter: 100, seed: 1 });
    // Every blob maps to one cluster and the three clusters differ.
    const clusterOf = [0, 1, 2].map((b) => r.labels[b]);
    expect(new Set(clusterOf).size).toBe(3);
    for (let i = 0; i < 150; i++) expect(r.labels[i]).toBe(clusterOf[i % 3]);
    let ss = 0;
    for (let b = 0; b < 3; b++) {
      const mean = [0, 1, 2].map((c) => { let s = 0; for (let i = b; i < 150; i += 3) s += x.data[i * 3 + c]; return s / 50; });
      for (let i = b; i < 150; i += 3) for (let c = 0; c < 3; c++) ss += (x.data[i * 3 + c] - mean[c]) ** 2;
    }
    expect(r.objective).toBeCloseTo(ss, 9);
    expect(r.converged).toBe(true);
    expect(backend.stats().liveBytes).toBe(0);
  });

  it('is a pure function of the seed; restarts keep the lowest objective', async () => {
    const backend = new CpuBackend();
    const r = new CounterRandom(9, 1);
    const x = { rows: 300, cols: 4, data: Float64Array.from({ length: 1200 }, (_, i) => r.normal(i)) };
    const a = await kmeans(backend, x, { clusters: 12, restarts: 4, maxIter: 500, seed: 7 });
    const b = await kmeans(backend, x, { clusters: 12, restarts: 4, maxIter: 500, seed: 7 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.objective).toBe(b.objective);
    for (let restart = 0; restart < 4; restart++) {
      // Runs 0 … restart are the same draws as the first runs above; their best is never better than the best of all four.
      const single = await kmeans(backend, x, { clusters: 12, restarts: restart + 1, maxIter: 500, seed: 7 });
      expect(a.objective).toBeLessThanOrEqual(single.objective);
    }
  });

  it('splits empty clusters (many repeated rows) and stops at maxIter without a fixed point', async () => {
    const backend = new CpuBackend();
    const rows = 40;
    const data = new Float64Array(rows * 2);
    for (let i = 30; i < rows; i++) { data[i * 2] = i; data[i * 2 + 1] = -i; } // rows 0 … 29 are all (0, 0)
    const r = await kmeans(backend, { rows, cols: 2, data }, { clusters: 8, restarts: 2, maxIter: 30, seed: 3 });
    expect(Number.isFinite(r.objective)).toBe(true);
    for (const label of r.labels) expect(label >= 0 && label < 8).toBe(true);
    // The 30 copies of (0, 0) share one cluster.
    expect(new Set(Array.from(r.labels.subarray(0, 30))).size).toBe(1);
  });

  it('K = N: every row is its own centroid, repeated rows go to the first copy', async () => {
    const backend = new CpuBackend();
    const r = await kmeans(backend, { rows: 4, cols: 1, data: Float64Array.of(1, 5, 1, 9) }, { clusters: 4, restarts: 5, maxIter: 10, seed: 0 });
    expect(Array.from(r.labels)).toEqual([0, 1, 0, 3]);
    expect(r.objective).toBe(0);
  });
});
