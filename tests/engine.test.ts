import { describe, expect, it } from 'vitest';
import { createEngine, sampleCorrelatedGaussian } from '../index.js';

describe('createEngine', () => {
  it("backend: 'cpu' gives the CPU engine with no fallback reason, stats and dispose", async () => {
    const engine = await createEngine({ backend: 'cpu' });
    expect(engine.backend).toBe('cpu');
    expect(engine.fallbackReason).toBeUndefined();
    const before = engine.stats();
    const s = sampleCorrelatedGaussian(500, 0.5, 1);
    await engine.mutualInformation(s.x, s.y);
    const after = engine.stats();
    expect(after.bytesUploaded).toBe(before.bytesUploaded + 500 * 2 * 8);
    expect(after.liveBytes).toBe(before.liveBytes);
    expect(after.peakBytes).toBe(500 * 2 * 8);
    engine.dispose();
    engine.dispose();
  });

  it("'auto' ends on the CPU with a fallback reason when no hardware adapter exists", async () => {
    const engine = await createEngine();
    // This machine (and CI) has no hardware GPU: only SwiftShader, which 'auto' does not take.
    if (engine.backend === 'cpu') expect(engine.fallbackReason).toMatch(/\w/);
    else expect(engine.fallbackReason).toBeUndefined();
    engine.dispose();
  });
});

describe('knn', () => {
  it('returns neighbours of x itself by default and of separate queries when given', async () => {
    const engine = await createEngine({ backend: 'cpu' });
    const x = [[0, 0], [1, 0], [0, 2], [5, 5]];
    const self = await engine.knn(x, { k: 2 });
    expect(Array.from(self.indices)).toEqual([1, 2, 0, 2, 0, 1, 2, 1]);
    expect(self.distances[0]).toBe(1);
    expect(self).toMatchObject({ rows: 4, k: 2, metric: 'euclidean', backend: 'cpu' });
    const q = await engine.knn(x, { k: 1, queries: [[4, 4], [0.4, 0]], metric: 'chebyshev' });
    expect(Array.from(q.indices)).toEqual([3, 0]);
    // Centring (subtracting column means in float64) may move distances by an ulp.
    expect(q.distances[0]).toBeCloseTo(1, 14);
    expect(q.distances[1]).toBeCloseTo(0.4, 14);
    // Offsetting both sets by 10⁴ changes nothing (queries are shifted by the reference means).
    const shifted = await engine.knn(x.map((r) => r.map((v) => v + 1e4)), { k: 1, queries: [[1e4 + 4, 1e4 + 4]] });
    expect(Array.from(shifted.indices)).toEqual([3]);
    engine.dispose();
  });
});
