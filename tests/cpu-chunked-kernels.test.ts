/**
 * CPU kernels in time-bounded chunks (engine/row-work.ts, CpuBackend.withCheckpoint,
 * engine/progress.ts): run in any grouping of their units they give the one-pass result
 * bit for bit; an abort from a timer stops a long CPU kNN within milliseconds; and a long
 * CPU call without a signal still lets timers run.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../index.js';
import type { Backend, GramSumRequest, MatrixHandle } from '../engine/backend.js';
import { CpuBackend } from '../engine/cpu-backend.js';
import { countWithinWork } from '../engine/cpu-count-within.js';
import { gramSumsWork } from '../engine/cpu-gram-sums.js';
import { knnWork } from '../engine/cpu-knn.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import { CounterRandom } from '../engine/random.js';
import { runWhole, type RowWork } from '../engine/row-work.js';

function matrix(rows: number, cols: number, seed: number, grid = false): HostMatrix {
  const r = new CounterRandom(seed);
  const data = new Float64Array(rows * cols);
  // `grid` puts values on a coarse grid, so that distance ties are frequent.
  for (let i = 0; i < data.length; i++) data[i] = grid ? Math.round(2 * r.normal(i)) : r.normal(i);
  return { rows, cols, data };
}

/** `work` run in ranges of seeded random sizes (single units among them). */
function inRanges<T>(work: RowWork<T>, seed: number): T {
  const r = new CounterRandom(seed);
  const largest = Math.max(1, Math.floor(work.units / 7));
  for (let from = 0, t = 0; from < work.units; t++) {
    const to = Math.min(work.units, from + 1 + Math.floor(r.uniform(t) * largest));
    work.run(from, to);
    from = to;
  }
  return work.result();
}

/** Same numbers, bit for bit (Object.is: NaN equals NaN, −0 differs from 0). */
function expectIdentical(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  let differing = 0;
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) differing++;
  expect(differing).toBe(0);
}

describe('kernel work run in ranges equals the one-pass result bit for bit', () => {
  // 3 columns: the k-d tree (its nodes are units too); 20: the tiled scans (blocks of 64 × 256, so 600 rows cross both).
  const cases = [
    { name: 'k-d tree', cols: 3, columns: undefined },
    { name: 'k-d tree on a column range', cols: 6, columns: [1, 4] as const },
    { name: 'tiled scan', cols: 20, columns: undefined },
  ];
  for (const { name, cols, columns } of cases) {
    for (const metric of ['euclidean', 'chebyshev'] as const) {
      it(`knnWork, ${name}, ${metric}: a matrix against itself (symmetric self-search, excludeSelf) and against another`, () => {
        const m = matrix(600, cols, 1, true), other = matrix(333, cols, 2, true);
        const request = { k: 6, metric, columns, excludeSelf: true };
        for (const [query, reference, same] of [[m, m, true], [other, m, false], [m, other, false]] as const) {
          const whole = runWhole(knnWork(query, reference, request, same));
          const ranged = inRanges(knnWork(query, reference, request, same), 3);
          expectIdentical(ranged.indices, whole.indices);
          expectIdentical(ranged.distances, whole.distances);
        }
      });
    }
  }

  it('countWithinWork on the one-column, k-d tree and tiled paths, strict and inclusive, self and not', () => {
    for (const cols of [1, 3, 12]) {
      const m = matrix(600, cols, 4, true), other = matrix(250, cols, 5, true);
      for (const inclusive of [false, true]) {
        for (const [query, reference, same] of [[m, m, true], [other, m, false]] as const) {
          const radii = Float64Array.from({ length: query.rows }, (_, i) => 0.5 + (i % 5) * Math.sqrt(cols) / 2);
          const request = { metric: 'euclidean' as const, radii, inclusive, excludeSelf: true };
          expectIdentical(inRanges(countWithinWork(query, reference, request, same), 6), runWhole(countWithinWork(query, reference, request, same)));
        }
      }
    }
  });

  it('gramSumsWork: row sums, symmetric row sums and symmetric quadratic forms (sums carried across ranges)', () => {
    const m = matrix(300, 4, 7), other = matrix(200, 4, 8);
    const kernel = { form: 'gaussian', bandwidths: [1.3], degree: 0, coef0: 0 } as const;
    const v = Float64Array.from({ length: 2 * 300 }, (_, i) => 1 + ((i * 7) % 5));
    const u = Float64Array.from({ length: 2 * 200 }, (_, i) => 1 + ((i * 3) % 4));
    const requests: [HostMatrix, GramSumRequest, boolean][] = [
      [other, { kernel, count: 2, referenceWeights: v, queryWeights: null, excludeDiagonal: false }, false],
      [other, { kernel, count: 2, referenceWeights: v, queryWeights: u, excludeDiagonal: false }, false],
      [m, { kernel, count: 2, referenceWeights: v, queryWeights: null, excludeDiagonal: true }, true],
      [m, { kernel, count: 2, referenceWeights: v, queryWeights: v, excludeDiagonal: false }, true],
    ];
    for (const [query, request, same] of requests) {
      expectIdentical(inRanges(gramSumsWork(query, m, request, same), 9), runWhole(gramSumsWork(query, m, request, same)));
    }
  });
});

describe('CpuBackend.withCheckpoint', () => {
  it('knn, countWithin, their batches and gramSums await the checkpoint between ranges, with rising fractions, and return the plain results', async () => {
    const backend = new CpuBackend();
    const fractions: number[] = [];
    const view = backend.withCheckpoint((fraction) => {
      fractions.push(fraction ?? NaN);
    });
    const m = matrix(1000, 3, 10);
    const h = await backend.upload(m);
    const radii = new Float64Array(m.rows).fill(0.4);
    const space = { ranges: [[0, 2]] as [number, number][] };
    const kernel = { form: 'gaussian', bandwidths: [1], degree: 0, coef0: 0 } as const;
    const v = new Float64Array(m.rows).fill(1);
    const calls: [string, (b: Backend, h: MatrixHandle) => Promise<unknown>][] = [
      ['knn', (b) => b.knn(h, h, { k: 4, metric: 'euclidean', excludeSelf: true })],
      ['countWithin', (b) => b.countWithin(h, h, { metric: 'chebyshev', radii, inclusive: false, excludeSelf: true })],
      ['knnBatch', (b) => b.knnBatch(h, { k: 4, metric: 'chebyshev', excludeSelf: true, spaces: [space, { ranges: [[1, 3]] }] })],
      ['countWithinBatch', (b) => b.countWithinBatch(h, { metric: 'euclidean', inclusive: true, excludeSelf: true, members: [{ space, radii }] })],
      ['gramSums', (b) => b.gramSums(h, h, { kernel, count: 1, referenceWeights: v, queryWeights: null, excludeDiagonal: false })],
    ];
    for (const [name, call] of calls) {
      fractions.length = 0;
      const plain = await call(backend, h), chunked = await call(view, h);
      expect(chunked, name).toEqual(plain);
      expect(fractions.length, name).toBeGreaterThan(0);
      for (const [i, f] of fractions.entries()) {
        expect(f, name).toBeGreaterThan(0);
        expect(f, name).toBeLessThan(1);
        // A batch restarts at 0 for each member.
        if (name === 'knn' || name === 'countWithin' || name === 'gramSums') expect(f, name).toBeGreaterThan(i === 0 ? 0 : fractions[i - 1]);
      }
    }
  });

  it('a checkpoint that throws rejects the kernel with its error', async () => {
    const backend = new CpuBackend();
    const stop = new Error('stop');
    const view = backend.withCheckpoint(() => {
      throw stop;
    });
    const h = await backend.upload(matrix(500, 3, 11));
    await expect(view.knn(h, h, { k: 3, metric: 'euclidean', excludeSelf: true })).rejects.toBe(stop);
  });
});

describe('scheduling of a long CPU call (the engine yields to the event loop)', () => {
  it('an abort fired by a timer 30 ms into a kNN of ≥ 38 G multiply–adds rejects with an AbortError within 1 s', async () => {
    const engine = await createEngine({ backend: 'cpu' });
    // 40,000 rows of 48 columns against themselves: n²·d/2 = 3.8·10¹⁰ multiply–adds in the
    // tiled scan, over 3.8 s even at 10 GFLOP/s (single-threaded JavaScript does far less).
    const x = matrix(40000, 48, 12);
    const controller = new AbortController();
    const start = performance.now();
    setTimeout(() => controller.abort(), 30);
    const error = await engine.entropy(x, { k: 3, signal: controller.signal }).then(() => undefined, (e: unknown) => e);
    const elapsed = performance.now() - start;
    engine.dispose();
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(elapsed).toBeLessThan(1000);
  });

  it('without signal or onProgress, a setInterval(…, 5) timer keeps firing during a long CPU kNN (largest gap below a quarter of the call)', async () => {
    const engine = await createEngine({ backend: 'cpu' });
    // 8,000 rows of 32 columns: n²·d/2 = 10⁹ multiply–adds, one to a few seconds on one thread.
    // Without yields the timer could not fire until the call resolved: one gap as long as the call.
    // The bound is relative, as a loaded machine stretches both the call and any stall alike.
    const x = matrix(8000, 32, 13);
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 5);
    const start = performance.now();
    await engine.entropy(x, { k: 3 });
    const end = performance.now();
    clearInterval(timer);
    engine.dispose();
    const times = [start, ...ticks.filter((t) => t < end), end];
    const largestGap = Math.max(...times.slice(1).map((t, i) => t - times[i]));
    expect(ticks.length).toBeGreaterThan(4);
    expect(largestGap).toBeLessThan((end - start) / 4);
  });
});
