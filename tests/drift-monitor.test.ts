/**
 * engine.driftMonitor on the float64 CPU engine: after any sequence of pushes the reading
 * equals the batch estimator on the same window (property test), a push of the kernel
 * measures costs O(batch·(window + reference)) kernel evaluations, and bad input is typed.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, InvalidInputError, type DriftMonitorOptions } from '../index.js';
import type { Backend, GramSumRequest, MatrixHandle } from '../engine/backend.js';
import { CpuBackend } from '../engine/cpu-backend.js';
import { createDriftMonitor } from '../engine/drift-monitor.js';
import { CounterRandom } from '../engine/random.js';

const cpu = await createEngine({ backend: 'cpu' });
afterAll(() => cpu.dispose());

/** rows × cols seeded Gaussian rows, shifted by `shift` (so the monitor's centring matters). */
function rows(count: number, cols: number, seed: number, shift: number): { data: Float64Array; rows: number; cols: number } {
  const r = new CounterRandom(seed);
  return { data: Float64Array.from({ length: count * cols }, (_, i) => shift + r.normal(i)), rows: count, cols };
}

/** The last `size` rows of everything pushed: the window, computed independently of the monitor. */
function lastRows(pushed: Float64Array[], cols: number, size: number): { data: Float64Array; rows: number; cols: number } {
  const all = Float64Array.from(pushed.flatMap((b) => Array.from(b)));
  const count = Math.min(size, all.length / cols);
  return { data: all.slice(all.length - count * cols), rows: count, cols };
}

// Float64 sums of ≤ ~10⁴ kernel values, accumulated in another order (incremental adds and
// subtractions vs one pass), differ by ≲ 10⁴·1.1e-16·K_max (K_max bounds |k|): 1e-9·K_max has 10³ margin.
const FLOAT64_TOLERANCE = 1e-9;

/** max |x_i − y_j| over the rows of a and b (Euclidean): bounds the distance "kernel" of energy distance. */
function maxDistance(a: { data: Float64Array; cols: number }, b: { data: Float64Array; cols: number }): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i += a.cols) {
    for (let j = 0; j < b.data.length; j += b.cols) {
      let s = 0;
      for (let c = 0; c < a.cols; c++) s += (a.data[i + c] - b.data[j + c]) ** 2;
      m = Math.max(m, Math.sqrt(s));
    }
  }
  return m;
}

/** max ‖x‖² over the rows of a. */
function maxNormSquared(a: { data: Float64Array; cols: number }): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i += a.cols) m = Math.max(m, a.data[i] ** 2 + a.data[i + 1] ** 2);
  return m;
}

describe('driftMonitor equals the batch estimator on the same window', () => {
  type Rows = { data: Float64Array; rows: number; cols: number };
  /** name, monitor options, the batch estimator on (reference, window, σ used), K_max on (reference, window). */
  const configs: [string, Partial<DriftMonitorOptions>, (x: Rows, w: Rows, bandwidths: readonly number[]) => Promise<{ value: number }>, (x: Rows, w: Rows) => number][] = [
    ['mmd unbiased, median bandwidth', { measure: 'mmd' }, (x, w, bw) => cpu.mmd(x, w, { bandwidth: [...bw] }), () => 1],
    ['mmd biased, two bandwidths', { measure: 'mmd', estimator: 'biased', bandwidth: [0.5, 2] }, (x, w) => cpu.mmd(x, w, { estimator: 'biased', bandwidth: [0.5, 2] }), () => 2],
    [
      'mmd polynomial (not shifted)',
      { measure: 'mmd', kernel: 'polynomial', bandwidth: 3, degree: 2 },
      (x, w) => cpu.mmd(x, w, { kernel: 'polynomial', bandwidth: 3, degree: 2 }),
      (x, w) => (Math.max(maxNormSquared(x), maxNormSquared(w)) / 9 + 1) ** 2, // |xᵀy| ≤ max ‖·‖² (Cauchy–Schwarz)
    ],
    ['energy biased', { measure: 'energy' }, (x, w) => cpu.energyDistance(x, w), (x, w) => maxDistance(concat(x, w), concat(x, w))],
    ['energy unbiased', { measure: 'energy', estimator: 'unbiased' }, (x, w) => cpu.energyDistance(x, w, { estimator: 'unbiased' }), (x, w) => maxDistance(concat(x, w), concat(x, w))],
  ];
  const concat = (a: Rows, b: Rows): Rows => ({ data: Float64Array.from([...a.data, ...b.data]), rows: a.rows + b.rows, cols: a.cols });
  // Small batches as often as large ones: windows of more than MAX_SEGMENTS batches are stacked into one
  // segment, and evictions drop whole segments and cut the oldest remaining one.
  for (const [name, options, batchEstimator, kernelBound] of configs) {
    it(`${name}: random push sequences`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 3, max: 25 }), fc.array(fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 1000 }), async (windowSize, sizes, seed) => {
          const reference = rows(30, 2, seed, 100);
          const monitor = await cpu.driftMonitor({ ...options, reference, windowSize, measure: options.measure! });
          const pushed: Float64Array[] = [];
          try {
            for (const [t, size] of sizes.entries()) {
              const batch = rows(size, 2, seed + 1 + t, 100.5);
              pushed.push(batch.data);
              const reading = await monitor.push(batch);
              const window = lastRows(pushed, 2, windowSize);
              expect(reading.m).toBe(window.rows);
              expect(Array.from(monitor.window().data)).toEqual(Array.from(window.data));
              const minRows = options.measure === 'mmd' && options.estimator !== 'biased' ? 2 : options.estimator === 'unbiased' ? 2 : 1;
              if (window.rows < minRows) {
                expect(reading.value).toBeNull();
                continue;
              }
              const expected = (await batchEstimator(reference, window, reading.bandwidths)).value;
              expect(Math.abs(reading.value! - expected)).toBeLessThanOrEqual(FLOAT64_TOLERANCE * Math.max(1, kernelBound(reference, window)));
            }
          } finally {
            monitor.dispose();
          }
        }),
        { numRuns: 25 },
      );
    });
  }

  it('sinkhorn and knn-kl recompute on the window', async () => {
    const reference = rows(60, 2, 7, 0);
    const sink = await cpu.driftMonitor({ reference, windowSize: 40, measure: 'sinkhorn', blur: 0.5 });
    const kl = await cpu.driftMonitor({ reference, windowSize: 40, measure: 'knn-kl', k: 2 });
    const pushed: Float64Array[] = [];
    for (const [t, size] of [15, 30, 8].entries()) {
      const batch = rows(size, 2, 20 + t, 0.3 * t);
      pushed.push(batch.data);
      const window = lastRows(pushed, 2, 40);
      // The same call on the same rows: identical float64 arithmetic.
      expect((await sink.push(batch)).value).toBe((await cpu.sinkhorn(reference, window, { blur: 0.5 })).value);
      expect((await kl.push(batch)).value).toBe((await cpu.divergence(window, reference, { k: 2 })).value);
    }
  });

  it('permutations give the batch estimator’s p-value on the window', async () => {
    const reference = rows(40, 2, 3, 0);
    const monitor = await cpu.driftMonitor({ reference, windowSize: 30, measure: 'mmd', bandwidth: 1, permutations: 19, seed: 4 });
    await monitor.push(rows(20, 2, 5, 0));
    const reading = await monitor.push(rows(20, 2, 6, 1));
    const batch = await cpu.mmd(reference, monitor.window(), { bandwidth: 1, permutations: 19, seed: 4 });
    expect(reading.pValue).toBe(batch.pValue);
    // A shift of 1 standard deviation in 20 of the 30 window rows is detected.
    expect(reading.pValue!).toBeLessThanOrEqual(0.05);
  });
});

describe('driftMonitor cost per push', () => {
  it('mmd: O(batch·(window + reference)) kernel evaluations per push, not O(window²)', async () => {
    let evaluations = 0;
    const inner = new CpuBackend();
    const counting = new Proxy(inner, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key === 'gramSums') {
          return (q: MatrixHandle, r: MatrixHandle, request: GramSumRequest) => {
            evaluations += q.rows * r.rows * request.count;
            return target.gramSums(q, r, request);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Backend;
    const n = 100, windowSize = 200;
    const monitor = await createDriftMonitor(counting, { reference: rows(n, 3, 1, 0), windowSize, measure: 'mmd', bandwidth: 1 });
    for (let t = 0; t < 40; t++) await monitor.push(rows(5, 3, 10 + t, 0)); // fill the window
    // Then two turnovers of batches of 1 to 9 rows: evictions cut segments and drop whole ones, segments are stacked.
    for (let t = 0; t < 80; t++) {
      const b = 1 + (t % 9);
      evaluations = 0;
      await monitor.push(rows(b, 3, 100 + t, 0));
      // At most b rows cut from the oldest segment and the b new rows, each against the reference,
      // the rest of the window and themselves (U-statistic: no diagonal).
      expect(evaluations).toBeLessThanOrEqual(2 * b * (n + windowSize) + 2 * b * b);
    }
    monitor.dispose();
    expect(inner.stats().liveBytes).toBe(0);
  });
});

describe('driftMonitor bad input', () => {
  const reference = rows(20, 2, 1, 0);
  const code = (promise: Promise<unknown>, expected: string, argument: string) =>
    expect(promise).rejects.toSatisfy((e: unknown) => e instanceof InvalidInputError && e.code === expected && e.argument === argument);

  it('rejects bad options and batches with typed errors', async () => {
    await code(cpu.driftMonitor({ reference, windowSize: 0, measure: 'mmd' }), 'BAD_INTEGER', 'options.windowSize');
    await code(cpu.driftMonitor({ reference, windowSize: 5, measure: 'wasserstein' as never }), 'UNKNOWN_METHOD', 'options.measure');
    await code(cpu.driftMonitor({ reference, windowSize: 5, measure: 'energy', bandwidth: 1 }), 'UNKNOWN_OPTION', 'options.bandwidth');
    await code(cpu.driftMonitor({ reference: [[1, Number.NaN]], windowSize: 5, measure: 'mmd' }), 'NOT_FINITE', 'options.reference');
    const monitor = await cpu.driftMonitor({ reference, windowSize: 5, measure: 'mmd', bandwidth: 1 });
    await code(monitor.push([[1, 2, 3]]), 'SHAPE_MISMATCH', 'batch');
    await code(monitor.push({ buffer: {} as GPUBuffer, rows: 1, cols: 2 }), 'GPU_INPUT', 'batch');
    monitor.dispose();
  });
});
