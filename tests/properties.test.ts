/**
 * Property tests (fast-check) on the float64 CPU engine: identities every input must
 * satisfy, on random sizes, dimensions, k and data.
 *   KSG mutual information is symmetric in x and y and invariant under a permutation of
 *   the rows; with preprocess 'rank-gaussian' it is invariant under strictly increasing
 *   maps of each coordinate; entropy is invariant under row permutation;
 *   S_ε(a, a) = 0 (debiased Sinkhorn); biased MMD² = ‖μ_x − μ_y‖²_H ≥ 0 for every
 *   positive-definite kernel.
 * The GPU ≈ CPU property on random shapes is in tests/webgpu-reliability.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../index.js';
import { CounterRandom } from '../engine/random.js';

const engine = await createEngine({ backend: 'cpu' });
const RUNS = { numRuns: 25, seed: 16 };

/** n × d standard normal rows from (seed, stream). */
function rows(n: number, d: number, seed: number, stream: number): { data: Float64Array; rows: number; cols: number } {
  const r = new CounterRandom(seed, stream);
  return { data: Float64Array.from({ length: n * d }, (_, i) => r.normal(i)), rows: n, cols: d };
}

/** x, and y whose every column is 0.7·(x's first column) + noise. */
function dependentPair(n: number, dx: number, dy: number, seed: number) {
  const x = rows(n, dx, seed, 1);
  const noise = rows(n, dy, seed, 2);
  const y = { ...noise, data: noise.data.map((v, i) => 0.7 * x.data[Math.floor(i / dy) * dx] + v) };
  return { x, y };
}

function permuteRows(m: { data: Float64Array; rows: number; cols: number }, order: readonly number[]) {
  const data = new Float64Array(m.data.length);
  order.forEach((src, i) => data.set(m.data.subarray(src * m.cols, (src + 1) * m.cols), i * m.cols));
  return { ...m, data };
}

const shape = fc.record({
  n: fc.integer({ min: 12, max: 80 }),
  dx: fc.integer({ min: 1, max: 3 }),
  dy: fc.integer({ min: 1, max: 2 }),
  k: fc.integer({ min: 1, max: 5 }),
  seed: fc.nat(1 << 20),
  method: fc.constantFrom('ksg1' as const, 'ksg2' as const),
});

// Reordering a float64 sum of n terms moves it by at most ~n ulps of its magnitude.
const SUM_ORDER = 1e-12;

describe('KSG mutual information', () => {
  it('is symmetric in x and y', async () => {
    await fc.assert(
      fc.asyncProperty(shape, async ({ n, dx, dy, k, seed, method }) => {
        const { x, y } = dependentPair(n, dx, dy, seed);
        const xy = await engine.mutualInformation(x, y, { k, method });
        const yx = await engine.mutualInformation(y, x, { k, method });
        expect(Math.abs(xy.value - yx.value)).toBeLessThanOrEqual(SUM_ORDER * (1 + Math.abs(xy.value)));
      }),
      RUNS,
    );
  });

  it('is invariant under a permutation of the rows', async () => {
    await fc.assert(
      fc.asyncProperty(shape, fc.nat(1 << 20), async ({ n, dx, dy, k, seed, method }, shuffleSeed) => {
        const { x, y } = dependentPair(n, dx, dy, seed);
        const r = new CounterRandom(shuffleSeed, 3);
        const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => r.uniform(a) - r.uniform(b));
        const before = await engine.mutualInformation(x, y, { k, method });
        const after = await engine.mutualInformation(permuteRows(x, order), permuteRows(y, order), { k, method });
        expect(Math.abs(before.value - after.value)).toBeLessThanOrEqual(SUM_ORDER * (1 + Math.abs(before.value)));
      }),
      RUNS,
    );
  });

  it("with preprocess 'rank-gaussian', is invariant under strictly increasing maps of each coordinate", async () => {
    const maps = [(v: number) => Math.exp(v), (v: number) => v * v * v + v, (v: number) => Math.atan(v) * 10 - 3, (v: number) => 1e4 + 1e-3 * v];
    await fc.assert(
      fc.asyncProperty(shape, fc.array(fc.integer({ min: 0, max: maps.length - 1 }), { minLength: 5, maxLength: 5 }), async ({ n, dx, dy, k, seed, method }, choice) => {
        const { x, y } = dependentPair(n, dx, dy, seed);
        const mapped = (m: typeof x, offset: number) => ({ ...m, data: m.data.map((v, i) => maps[choice[(offset + (i % m.cols)) % choice.length]](v)) });
        const options = { k, method, preprocess: 'rank-gaussian' as const };
        const before = await engine.mutualInformation(x, y, options);
        const after = await engine.mutualInformation(mapped(x, 0), mapped(y, 3), options);
        // Ranks are unchanged by the maps, so the normal scores — and everything after — are identical.
        expect(after.value).toBe(before.value);
      }),
      RUNS,
    );
  });
});

describe('entropy', () => {
  it('is invariant under a permutation of the rows', async () => {
    await fc.assert(
      fc.asyncProperty(shape, async ({ n, dx, k, seed }) => {
        const x = rows(n, dx, seed, 5);
        const order = Array.from({ length: n }, (_, i) => (i * 7 + 3) % n);
        fc.pre(new Set(order).size === n);
        const before = await engine.entropy(x, { k });
        const after = await engine.entropy(permuteRows(x, order), { k });
        expect(Math.abs(before.value - after.value)).toBeLessThanOrEqual(SUM_ORDER * (1 + Math.abs(before.value)));
      }),
      RUNS,
    );
  });
});

describe('sinkhorn', () => {
  it('S_ε(a, a) = 0', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 3 }), fc.nat(1 << 20), fc.constantFrom(1 as const, 2 as const), fc.double({ min: 0.05, max: 1, noNaN: true }), async (n, d, seed, p, blur) => {
        const x = rows(n, d, seed, 6);
        const s = await engine.sinkhorn(x, x, { p, blur });
        // The three OT_ε terms solve the same problem; tol = 1e-5 bounds each solve's marginal
        // error, so S_ε(a, a) sits within ~tol·max C of 0 (max C ≤ (2·6√d)^p/p for normal data).
        expect(Math.abs(s.value)).toBeLessThanOrEqual(1e-5 * (12 * Math.sqrt(d)) ** p);
      }),
      RUNS,
    );
  });
});

describe('biased MMD²', () => {
  it('is ≥ 0 for every positive-definite kernel', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 50 }),
        fc.integer({ min: 2, max: 50 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(1 << 20),
        fc.constantFrom('gaussian' as const, 'laplacian' as const, 'inverse-multiquadric' as const, 'linear' as const),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        async (n, m, d, seed, kernel, bandwidth, shift) => {
          const x = rows(n, d, seed, 7);
          const y = rows(m, d, seed, 8);
          y.data.forEach((v, i) => (y.data[i] = v + shift));
          const { value } = await engine.mmd(x, y, kernel === 'linear' ? { estimator: 'biased', kernel } : { estimator: 'biased', kernel, bandwidth });
          // ‖μ_x − μ_y‖² is a difference of O(1) float64 sums: rounding may leave −1e-15 or so.
          expect(value).toBeGreaterThanOrEqual(-1e-12);
        },
      ),
      RUNS,
    );
  });
});
