/**
 * mutualInformationColumns with `permutations` + `seed` and `interval`: every column's
 * p-value and interval equal the single-column mutualInformation call's (bit for bit on the
 * CPU backend), the KSG nulls and subsamples of all columns share batched backend calls,
 * and bad values reject with typed errors.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../engine/backend.js';
import { CpuBackend } from '../engine/cpu-backend.js';
import { mutualInformationColumns } from '../engine/mutual-information-columns.js';
import { createEngine, CounterRandom, InvalidInputError, type MutualInformationOptions } from '../index.js';

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

/** n × 4 features (column 3 on a coarse grid, so values repeat); the target depends strongly on column 0, weakly on 2, not on 1 or 3. */
function features(n: number, seed: number) {
  const r = new CounterRandom(seed, 41);
  const d = 4;
  const data = Float64Array.from({ length: n * d }, (_, i) => (i % d === 3 ? Math.round(2 * r.normal(i)) : r.normal(i)));
  const target = Float64Array.from({ length: n }, (_, i) => data[i * d] + 0.25 * data[i * d + 2] + 0.8 * r.normal(n * d + i));
  const labels = Float64Array.from(target, (v) => (v < -0.5 ? 0 : v < 0.5 ? 1 : 2));
  return { x: { rows: n, cols: d, data }, target, labels };
}

const column = (m: { rows: number; cols: number; data: Float64Array }, c: number) => Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + c]);

describe('per-column p-values and intervals equal the single-column calls', () => {
  const { x, target, labels } = features(120, 3);
  const cases: [string, MutualInformationOptions, Float64Array][] = [
    ['ksg1', { method: 'ksg1' }, target],
    ['ksg2, k = 4, bits', { method: 'ksg2', k: 4, base: 2 }, target],
    ['mixed', { method: 'mixed' }, target],
    ['ksg1 with jitter', { jitter: 1e-3 }, target],
    ['ross (integer labels)', { method: 'ross' }, labels],
  ];
  for (const [name, options, y] of cases) {
    it(name, async () => {
      const inference = { ...options, permutations: 19, seed: 7, interval: { subsamples: 20 } };
      const r = await engine.mutualInformationColumns(x, y, inference);
      expect(r.pValues).toHaveLength(4);
      expect(r.intervals).toHaveLength(4);
      for (let c = 0; c < 4; c++) {
        const single = await engine.mutualInformation(column(x, c), y, inference);
        expect(r.values[c]).toBe(single.value);
        expect(r.pValues![c]).toBe(single.pValue);
        expect(r.intervals![c]).toEqual(single.interval);
        expect(r.intervals![c].lower).toBeLessThan(r.intervals![c].upper);
      }
      // The columns differ: the dependent column 0 at the floor 1/20, the independent column 1 above it.
      expect(r.pValues![0]).toBe(1 / 20);
      expect(r.pValues![1]).toBeGreaterThan(1 / 20);
    });
  }

  it('without permutations or interval both fields are null; only one of them asked for gives only that one', async () => {
    const none = await engine.mutualInformationColumns(x, target);
    expect(none).toMatchObject({ pValues: null, intervals: null });
    const onlyP = await engine.mutualInformationColumns(x, target, { permutations: 9 });
    expect(onlyP.intervals).toBeNull();
    expect(Array.from(onlyP.values)).toEqual(Array.from(none.values));
    const onlyInterval = await engine.mutualInformationColumns(x, target, { interval: { level: 0.9, subsamples: 10, fraction: 0.6 } });
    expect(onlyInterval.pValues).toBeNull();
    expect(onlyInterval.intervals![2]).toEqual((await engine.mutualInformation(column(x, 2), target, { interval: { level: 0.9, subsamples: 10, fraction: 0.6 } })).interval);
  });
});

describe('KSG: the nulls and subsamples of all columns share the batched calls', () => {
  /** The CPU backend, counting knnBatch calls and uploads. */
  function countingBackend() {
    const inner = new CpuBackend();
    const calls = { knnBatch: 0, upload: 0 };
    const backend = new Proxy(inner, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (key === 'knnBatch' || key === 'upload') calls[key]++;
          return value.apply(target, args);
        };
      },
    }) as Backend;
    return { backend, calls, dispose: () => inner.dispose() };
  }

  it('1 or 4 columns, 19 permutations, 5 subsamples: one knnBatch and one upload for the estimates and nulls, one each per subsample', async () => {
    const { x, target } = features(120, 5);
    for (const d of [1, 4]) {
      const { backend, calls, dispose } = countingBackend();
      const narrow = { rows: x.rows, cols: d, data: Float64Array.from({ length: x.rows * d }, (_, t) => x.data[Math.floor(t / d) * 4 + (t % d)]) };
      const r = await mutualInformationColumns(backend, narrow, target, { permutations: 19, interval: { subsamples: 5 } });
      expect(r.pValues).toHaveLength(d);
      expect(calls).toEqual({ knnBatch: 6, upload: 6 });
      dispose();
    }
  });
});

describe('typed errors', () => {
  const { x, target } = features(40, 9);
  const fails = async (options: object, argument: string) => {
    const error = await engine.mutualInformationColumns(x, target, options as MutualInformationOptions).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ argument });
  };
  it('names the bad option', async () => {
    await fails({ permutations: -1 }, 'options.permutations');
    await fails({ permutations: 2.5 }, 'options.permutations');
    await fails({ seed: -3, permutations: 5 }, 'options.seed');
    await fails({ interval: { level: 1 } }, 'options.interval.level');
    await fails({ interval: { fraction: 0 } }, 'options.interval.fraction');
    await fails({ interval: { subsamples: 0 } }, 'options.interval.subsamples');
    await fails({ method: 'ross', permutations: -1 }, 'options.permutations');
  });
});
