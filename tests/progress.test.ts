/**
 * `signal` and `onProgress` on every long public call (engine/progress.ts,
 * engine/checkpointed-backend.ts), on the CPU engine: progress rises monotonically to
 * exactly 1 without changing the result; an abort stops the call before its next backend
 * call, rejects with the signal's reason (an AbortError by default) and leaks nothing.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, InvalidInputError, sampleCorrelatedGaussian } from '../index.js';
import { longCalls } from './support/long-calls.js';

const engine = await createEngine({ backend: 'cpu' });
const calls = longCalls(60);

describe('onProgress', () => {
  it.each(calls.map((c) => [c.name, c] as const))('%s: fractions in [0, 1], non-decreasing, ending at exactly 1; the value is unchanged', async (_, call) => {
    const fractions: number[] = [];
    const plain = await call.invoke(engine, {});
    const tracked = await call.invoke(engine, { onProgress: (f) => fractions.push(f), signal: new AbortController().signal });
    expect(tracked.value).toBe(plain.value);
    expect(fractions.length).toBeGreaterThan(0);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.filter((f) => f === 1)).toHaveLength(1);
    for (let i = 0; i < fractions.length; i++) {
      expect(fractions[i]).toBeGreaterThanOrEqual(i === 0 ? 0 : fractions[i - 1]);
      expect(fractions[i]).toBeLessThanOrEqual(1);
    }
  });
});

describe('signal', () => {
  it.each(calls.map((c) => [c.name, c] as const))('%s: aborting at the first progress report stops the call there and leaks nothing', async (_, call) => {
    const live = engine.stats().liveBytes;
    const controller = new AbortController();
    let reportsAfterAbort = 0;
    const error = await call
      .invoke(engine, {
        signal: controller.signal,
        onProgress: () => {
          if (controller.signal.aborted) reportsAfterAbort++;
          controller.abort();
        },
      })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    // The abort lands inside a backend call; the next one is never started, so no further report.
    expect(reportsAfterAbort).toBe(0);
    expect(engine.stats().liveBytes).toBe(live);
  });

  it('an onProgress that throws rejects the call with its error', async () => {
    const thrown = new Error('listener failed');
    await expect(engine.entropy([1, 2, 3, 4, 5, 6], { k: 1, onProgress: () => { throw thrown; } })).rejects.toBe(thrown);
  });

  it('an already aborted signal rejects before any work', async () => {
    const before = engine.stats().bytesUploaded;
    const controller = new AbortController();
    controller.abort();
    await expect(engine.mutualInformation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5], { k: 1, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(engine.stats().bytesUploaded).toBe(before);
  });

  it('rejects with the reason given to abort(reason), consistently', async () => {
    const reason = new Error('user navigated away');
    const controller = new AbortController();
    const pending = engine.mmd([1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 7], { permutations: 50, signal: controller.signal, onProgress: () => controller.abort(reason) });
    await expect(pending).rejects.toBe(reason);
  });

  it('a timer abort reaches a long CPU call between chunks (the tracker yields to the event loop)', async () => {
    const { x, y } = sampleCorrelatedGaussian(400, 0.6, 3);
    const fractions: number[] = [];
    const controller = new AbortController();
    // 5,000 permutations of n = 400 take far longer than the 30 ms timer.
    const pending = engine.mutualInformation(x, y, { permutations: 5000, signal: controller.signal, onProgress: (f) => fractions.push(f) });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    // The work of 5,000 permutations is expected from the options; a 30 ms abort lands long before half.
    expect(Math.max(0, ...fractions)).toBeLessThan(0.5);
  });
});

describe('dispose() during a call', () => {
  it('rejects the call in flight with a typed DISPOSED error', async () => {
    const own = await createEngine({ backend: 'cpu' });
    const { x, y } = sampleCorrelatedGaussian(60, 0.5, 2);
    const pending = own.mutualInformation(x, y, { permutations: 20, onProgress: () => own.dispose() });
    await expect(pending).rejects.toMatchObject({ name: 'InvalidInputError', code: 'DISPOSED' });
  });
});

describe('bad options', () => {
  it('options that are not an object (null, a string, an array) are an InvalidInputError naming options', async () => {
    for (const options of [null, 'k', [3]]) {
      const error = await engine.entropy([1, 2, 3, 4, 5, 6], options as never).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ code: 'BAD_OPTION', argument: 'options' });
    }
  });

  it('a bad signal or onProgress is an InvalidInputError naming the option', async () => {
    for (const [options, argument] of [
      [{ signal: { aborted: 'no' } }, 'options.signal'],
      [{ onProgress: 42 }, 'options.onProgress'],
    ] as const) {
      const error = await engine.entropy([1, 2, 3, 4, 5, 6], { k: 1, ...(options as object) }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ code: 'BAD_OPTION', argument });
    }
  });
});

describe('signal and onProgress on the calls computed on the host in one piece', () => {
  const { x, y } = sampleCorrelatedGaussian(200, 0.5, 5);
  const labels = Array.from(x, (v) => (v > 0 ? 1 : 0));
  const hostCalls: [string, (options: { signal?: AbortSignal; onProgress?: (f: number) => void }) => Promise<{ value: number }>][] = [
    ['entropyFromCounts', (o) => engine.entropyFromCounts([3, 5, 0, 9], o)],
    ['informationFromTable', (o) => engine.informationFromTable([[4, 1], [2, 7]], o)],
    ['wasserstein1d', (o) => engine.wasserstein1d(x, y, o)],
    ['slicedWasserstein', (o) => engine.slicedWasserstein(Array.from(x, (v, i) => [v, y[i]]), Array.from(y, (v, i) => [v, x[i]]), o)],
    ['diffusionSpectralEntropy', (o) => engine.diffusionSpectralEntropy(Array.from(x.subarray(0, 100)), o)],
    ['diffusionSpectralMutualInformation', (o) => engine.diffusionSpectralMutualInformation(Array.from(x.subarray(0, 100)), labels.slice(0, 100), o)],
  ];
  it.each(hostCalls)('%s: onProgress receives exactly [1], the value is unchanged, and an aborted signal rejects with an AbortError', async (_, call) => {
    const fractions: number[] = [];
    const plain = await call({});
    expect((await call({ onProgress: (f) => fractions.push(f) })).value).toBe(plain.value);
    expect(fractions).toEqual([1]);
    const controller = new AbortController();
    controller.abort();
    await expect(call({ signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('onProgress of an iterative call', () => {
  it('sinkhorn announces its ε-schedule and convergence checks, so its reports spread over [0, 1] (median below 0.75)', async () => {
    // Without the announcements the tracker's default (a few units) puts most reports above 0.9.
    const { x, y } = sampleCorrelatedGaussian(300, 0.5, 8);
    const rows = (a: Float64Array, b: Float64Array) => Array.from(a, (v, i) => [v, b[i]]);
    const fractions: number[] = [];
    await engine.sinkhorn(rows(x, y), rows(y, x).map(([u, v]) => [u + 0.5, v]), { onProgress: (f) => fractions.push(f) });
    const sorted = [...fractions].sort((a, b) => a - b);
    expect(fractions.length).toBeGreaterThan(20);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(0.75);
    expect(fractions.at(-1)).toBe(1);
  });
});
