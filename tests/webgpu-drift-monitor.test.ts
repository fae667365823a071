/**
 * engine.driftMonitor on the WebGPU engine (Node, Dawn; SwiftShader without a GPU): readings
 * equal the batch estimator run on the same window, with host rows and with GPU-buffer
 * references and batches (`{ buffer, rows, cols, offset? }`, never read back: read-backs per
 * push do not grow with the window); Backend.stackRows, which builds the window on the
 * device, equals the CPU backend's; a lost device moves a monitor of host rows to the CPU
 * and makes one of GPU-buffer rows reject with DriftMonitorLostError.
 * No adapter: the file skips, or fails when REQUIRE_WEBGPU=1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, DriftMonitorLostError, InvalidInputError, type DriftMonitorOptions, type Engine, type GpuSamples } from '../index.js';
import { stackHostRows } from '../engine/stack-rows.js';
import { MAX_SEGMENTS } from '../engine/drift-kernel-sums.js';
import { CounterRandom } from '../engine/random.js';
import { createWebGpuBackend } from '../host/create-webgpu-backend.js';
import { acquireDevice } from '../host/gpu-acquisition.js';
import { BufferUsage } from '../host/gpu-flags.js';
import { ESTIMATOR_TOLERANCE, KERNEL_TOLERANCE } from './support/estimator-conformance.js';
import { useSwiftShaderWithoutVulkanDriver, webGpuRequired } from './support/webgpu-environment.js';

useSwiftShaderWithoutVulkanDriver();

async function newDevice(): Promise<GPUDevice | undefined> {
  const acquired = await acquireDevice(true);
  if ('reason' in acquired && webGpuRequired) throw new Error(`REQUIRE_WEBGPU=1 but no WebGPU device: ${acquired.reason}`);
  return 'device' in acquired ? acquired.device : undefined;
}

/** The application's device: the engine runs on it and the tests' GPU inputs live on it. */
const device = await newDevice();
const gpu: Engine | undefined = device && (await createEngine({ backend: 'webgpu', device }));
const cpu = await createEngine({ backend: 'cpu' });
const buffers: GPUBuffer[] = [];
afterAll(() => {
  gpu?.dispose();
  cpu.dispose();
  for (const b of buffers) b.destroy();
  device?.destroy();
});

type Rows = { data: Float64Array; rows: number; cols: number };

/** count × 3 Gaussian rows offset by `shift`, rounded to f32, so a host copy and a GPU buffer hold the same numbers. */
function rows(count: number, seed: number, shift: number): Rows {
  const r = new CounterRandom(seed);
  return { data: Float64Array.from(Float32Array.from({ length: count * 3 }, (_, i) => shift + r.normal(i))), rows: count, cols: 3 };
}

/** The rows in a new STORAGE buffer on `on` (default: the engine's device), after `padRows` rows of padding (offset). */
function toGpu(m: Rows, on: GPUDevice = device!, padRows = 0): GpuSamples {
  const values = new Float32Array((padRows + m.rows) * m.cols);
  values.set(m.data, padRows * m.cols);
  const buffer = on.createBuffer({ size: values.byteLength, usage: BufferUsage.STORAGE | BufferUsage.COPY_DST });
  on.queue.writeBuffer(buffer, 0, values);
  buffers.push(buffer);
  return { buffer, rows: m.rows, cols: m.cols, offset: padRows * m.cols * 4 };
}

/** The last `size` rows of everything pushed (host copies): the window, computed independently of the monitor. */
function lastRows(pushed: readonly Rows[], size: number): Rows {
  const all = Float64Array.from(pushed.flatMap((b) => Array.from(b.data)));
  const count = Math.min(size, all.length / 3);
  return { data: all.slice(all.length - count * 3), rows: count, cols: 3 };
}

describe.skipIf(!gpu)('Backend.stackRows on WebGPU equals the CPU backend', () => {
  it('slices across blocks of several matrices, with and without an f32 shift', async () => {
    // A binding of 4 KiB: a 400 × 3 matrix is resident as two blocks (341 + 59 rows).
    const created = await createWebGpuBackend({ device, allowFallbackAdapter: true, limits: { maxStorageBufferBindingSize: 4096, maxBufferSize: 8192 } });
    if (!('backend' in created)) throw new Error(created.reason);
    const backend = created.backend;
    const a = rows(400, 1, 1000), b = rows(50, 2, -3);
    const [ha, hb] = [await backend.upload(a), await backend.upload(b)];
    const slices = [{ matrix: ha, start: 300, rows: 80 }, { matrix: hb, start: 10, rows: 30 }, { matrix: ha, start: 0, rows: 5 }];
    const shift = Float64Array.from([1000.25, -0.5, 999.75].map(Math.fround));
    for (const given of [undefined, shift]) {
      const out = await backend.stackRows(slices, given);
      expect([out.rows, out.cols]).toEqual([115, 3]);
      const onDevice = (await backend.readRows!(out, Int32Array.from({ length: 115 }, (_, i) => i))).data;
      // The CPU backend's stackRows: float64 x − s of the same f32 values; rounded once to f32 it is f32(x − s), the device's result.
      const onHost = stackHostRows(slices.map((sl) => ({ ...sl, matrix: sl.matrix === ha ? a : b })), given);
      expect(Array.from(onDevice)).toEqual(Array.from(onHost.data, Math.fround));
      backend.release(out);
    }
    await expect(backend.stackRows([{ matrix: ha, start: 390, rows: 20 }])).rejects.toThrow(RangeError);
    backend.release(ha);
    backend.release(hb);
    expect(backend.stats().liveBytes).toBe(0);
    backend.dispose();
  });
});

describe.skipIf(!gpu)('driftMonitor on WebGPU with host rows', () => {
  for (const measure of ['mmd', 'energy'] as const) {
    it(`${measure}: each reading equals the batch estimator on the window`, async () => {
      const reference = rows(80, 1, 1000);
      const before = gpu!.stats().liveBytes;
      const monitor = await gpu!.driftMonitor({ reference, windowSize: 50, measure });
      for (const [t, size] of [30, 12, 25, 7].entries()) {
        const reading = await monitor.push(rows(size, 10 + t, 1000 + 0.2 * t));
        expect(reading.backend).toBe('webgpu');
        const window = monitor.window();
        const batch = measure === 'mmd' ? await gpu!.mmd(reference, window, { bandwidth: [...reading.bandwidths] }) : await gpu!.energyDistance(reference, window);
        // f32 Gram sums on both sides (the conformance suite's kernel bound); the monitor's sums
        // are updated over several pushes, each adding one f32 rounding of its own terms.
        expect(Math.abs(reading.value! - batch.value)).toBeLessThanOrEqual(KERNEL_TOLERANCE);
      }
      monitor.dispose();
      expect(gpu!.stats().liveBytes).toBe(before);
    });
  }
});

describe.skipIf(!gpu)('driftMonitor on WebGPU with GPU-buffer inputs', () => {
  const kernelCases: [string, Partial<DriftMonitorOptions>, (x: Rows, w: Rows, bandwidths: readonly number[]) => Promise<{ value: number }>][] = [
    ['mmd unbiased, median bandwidth of a GPU reference', { measure: 'mmd' }, (x, w, bw) => gpu!.mmd(x, w, { bandwidth: [...bw] })],
    ['energy biased', { measure: 'energy' }, (x, w) => gpu!.energyDistance(x, w)],
  ];
  for (const [name, options, batchEstimator] of kernelCases) {
    it(`${name}: seeded random pushes of GPU-buffer and host batches equal the batch estimator`, async () => {
      for (const seed of [1, 2]) {
        const random = new CounterRandom(100 + seed);
        const reference = rows(60, seed, 1000);
        const before = gpu!.stats().liveBytes;
        const monitor = await gpu!.driftMonitor({ ...options, measure: options.measure!, reference: toGpu(reference, device, 2), windowSize: 30 });
        const pushed: Rows[] = [];
        for (let t = 0; t < 8; t++) {
          const batch = rows(1 + Math.floor(random.uniform(2 * t) * 14), 10 * seed + t, 1000.3);
          const onDevice = random.uniform(2 * t + 1) < 0.7;
          pushed.push(batch);
          const reading = await monitor.push(onDevice ? toGpu(batch) : batch);
          const window = lastRows(pushed, 30);
          expect([reading.backend, reading.m]).toEqual(['webgpu', window.rows]);
          if (options.measure === 'mmd' && window.rows < 2) {
            expect(reading.value).toBeNull(); // the U-statistic needs two window rows
            continue;
          }
          const expected = await batchEstimator(reference, window, reading.bandwidths);
          expect(Math.abs(reading.value! - expected.value)).toBeLessThanOrEqual(KERNEL_TOLERANCE);
        }
        // The window holds GPU-buffer rows: window() would have to read them back.
        expect(() => monitor.window()).toThrow(InvalidInputError);
        if (options.measure === 'mmd') {
          // 'median' from the GPU reference's subsample: the σ a host copy of the reference gives.
          const onHost = await gpu!.driftMonitor({ measure: 'mmd', reference, windowSize: 30 });
          const hostReading = await onHost.push(pushed[0]);
          expect(hostReading.bandwidths).toEqual((await monitor.push(pushed[0])).bandwidths);
          onHost.dispose();
        }
        monitor.dispose();
        expect(gpu!.stats().liveBytes).toBe(before);
      }
    });
  }

  it('mmd permutations: the batch estimator’s p-value on the device-built window', async () => {
    const reference = rows(40, 3, 0);
    const monitor = await gpu!.driftMonitor({ reference: toGpu(reference), windowSize: 30, measure: 'mmd', bandwidth: 1, permutations: 19, seed: 4 });
    const first = rows(20, 5, 0), second = rows(20, 6, 1);
    await monitor.push(toGpu(first));
    const reading = await monitor.push(toGpu(second));
    const batch = await gpu!.mmd(reference, lastRows([first, second], 30), { bandwidth: 1, permutations: 19, seed: 4 });
    expect(Math.abs(reading.value! - batch.value)).toBeLessThanOrEqual(KERNEL_TOLERANCE);
    expect(reading.pValue).toBe(batch.pValue);
    monitor.dispose();
  });

  it('sinkhorn and knn-kl: the window is stacked on the device from GPU-buffer batches', async () => {
    const reference = rows(50, 7, 500);
    const sink = await gpu!.driftMonitor({ reference: toGpu(reference), windowSize: 40, measure: 'sinkhorn', blur: 0.5 });
    const kl = await gpu!.driftMonitor({ reference, windowSize: 40, measure: 'knn-kl', k: 2 });
    const pushed: Rows[] = [];
    for (const [t, size] of [15, 30, 8].entries()) {
      const batch = rows(size, 20 + t, 500 + 0.3 * t);
      pushed.push(batch);
      const window = lastRows(pushed, 40);
      const [s, d] = [await sink.push(toGpu(batch)), await kl.push(t === 1 ? batch : toGpu(batch))];
      expect([s.m, d.m]).toEqual([window.rows, window.rows]);
      expect(Math.abs(s.value! - (await gpu!.sinkhorn(reference, window, { blur: 0.5 })).value)).toBeLessThanOrEqual(ESTIMATOR_TOLERANCE);
      expect(Math.abs(d.value! - (await gpu!.divergence(window, reference, { k: 2 })).value)).toBeLessThanOrEqual(ESTIMATOR_TOLERANCE);
    }
    sink.dispose();
    kl.dispose();
  });

  it('read-backs per push do not grow with the window', async () => {
    const reference = toGpu(rows(40, 8, 10));
    const perPush = async (windowSize: number): Promise<{ readbacks: number; bytesRead: number }> => {
      const monitor = await gpu!.driftMonitor({ reference, windowSize, measure: 'mmd', bandwidth: 1 });
      const b = 3, most = { readbacks: 0, bytesRead: 0 };
      // Fill the window, then two turnovers (evictions drop and cut segments; segments are stacked).
      for (let t = 0; t < Math.ceil((3 * windowSize) / b); t++) {
        const before = gpu!.stats();
        await monitor.push(toGpu(rows(b, 1000 + t, 10)));
        const after = gpu!.stats();
        if (t >= windowSize / b) {
          most.readbacks = Math.max(most.readbacks, after.readbacks - before.readbacks);
          most.bytesRead = Math.max(most.bytesRead, after.bytesRead - before.bytesRead);
        }
      }
      monitor.dispose();
      return most;
    };
    const small = await perPush(24), large = await perPush(96);
    console.log(`drift monitor read-backs per push (max): window 24 → ${JSON.stringify(small)}, window 96 → ${JSON.stringify(large)}`);
    // One read-back per scalar Gram sum at these sizes: the cut rows against the reference, the
    // ≤ MAX_SEGMENTS − 1 other segments, the cut segment's live rows and themselves; the new rows
    // against the reference, themselves and ≤ MAX_SEGMENTS segments; the GPU batch's non-finite
    // counter. No read-back of rows or per-row sums.
    for (const most of [small, large]) expect(most.readbacks).toBeLessThanOrEqual(2 * MAX_SEGMENTS + 5);
    // Only the Gram sums' (sum, compensation) slots come back, a few per scalar: a window 4×
    // larger reads back no more per push (per-row sums would add 8 bytes per window row, rows 12),
    // and its whole read-back per push is below one f32 per window row.
    expect(large.readbacks).toBeLessThanOrEqual(small.readbacks);
    expect(large.bytesRead).toBeLessThanOrEqual(small.bytesRead);
    expect(large.bytesRead).toBeLessThan(96 * 4);
  });

  it('bad GPU inputs are InvalidInputErrors naming the argument, and leave the monitor as it was', async () => {
    const other = (await newDevice())!;
    const reference = rows(20, 9, 0);
    const reject = (promise: Promise<unknown>, code: string, argument: string) =>
      expect(promise).rejects.toSatisfy((e: unknown) => e instanceof InvalidInputError && e.code === code && e.argument === argument);
    await reject(gpu!.driftMonitor({ reference: toGpu(reference, other), windowSize: 10, measure: 'energy' }), 'GPU_INPUT', 'options.reference');
    const monitor = await gpu!.driftMonitor({ reference: toGpu(reference), windowSize: 10, measure: 'energy' });
    const batch = rows(4, 10, 0);
    const small = toGpu(batch);
    await reject(monitor.push({ ...small, rows: 5 }), 'GPU_INPUT', 'batch');
    await reject(monitor.push(toGpu(batch, other)), 'GPU_INPUT', 'batch');
    await reject(monitor.push({ ...toGpu(rows(4, 11, 0)), cols: 2 } as GpuSamples), 'SHAPE_MISMATCH', 'batch');
    const reading = await monitor.push(small);
    expect([reading.m, reading.pushed]).toEqual([4, 4]);
    expect(Math.abs(reading.value! - (await gpu!.energyDistance(reference, batch)).value)).toBeLessThanOrEqual(KERNEL_TOLERANCE);
    // knn-kl permutations relabel rows on the host, as engine.divergence's.
    await reject(gpu!.driftMonitor({ reference: toGpu(reference), windowSize: 10, measure: 'knn-kl', permutations: 3 }), 'GPU_INPUT', 'options.reference');
    const relabelled = await gpu!.driftMonitor({ reference, windowSize: 10, measure: 'knn-kl', permutations: 3 });
    await reject(relabelled.push(small), 'GPU_INPUT', 'batch');
    relabelled.dispose();
    // The CPU engine cannot read GPU buffers.
    await reject(cpu.driftMonitor({ reference: toGpu(reference), windowSize: 10, measure: 'energy' }), 'GPU_INPUT', 'options.reference');
    monitor.dispose();
    other.destroy();
  });
});

describe.skipIf(!gpu)('driftMonitor when the device is lost', () => {
  it('host rows: the push is finished on the CPU and says so; GPU-buffer rows: DriftMonitorLostError', async () => {
    const lostDevice = (await newDevice())!;
    const engine = await createEngine({ backend: 'webgpu', device: lostDevice });
    const reference = rows(30, 12, 100);
    const onHost = await engine.driftMonitor({ reference, windowSize: 20, measure: 'mmd', bandwidth: 1 });
    const recomputed = await engine.driftMonitor({ reference, windowSize: 20, measure: 'knn-kl', k: 2 });
    const onDevice = await engine.driftMonitor({ reference: toGpu(reference, lostDevice), windowSize: 20, measure: 'energy' });
    const pushed = [rows(12, 13, 100.5)];
    expect((await onHost.push(pushed[0])).backend).toBe('webgpu');
    expect((await recomputed.push(pushed[0])).backend).toBe('webgpu');
    await onDevice.push(toGpu(pushed[0], lostDevice));
    lostDevice.destroy();
    await lostDevice.lost;

    pushed.push(rows(15, 14, 100.5));
    const reading = await onHost.push(pushed[1]);
    expect(reading.backend).toBe('cpu');
    expect(reading.warnings.some((w) => /rebuilt from its host rows on the float64 CPU backend/.test(w))).toBe(true);
    expect(reading.m).toBe(20);
    // Rebuilt in float64 from the host window: the CPU batch estimator's value.
    expect(Math.abs(reading.value! - (await cpu.mmd(reference, lastRows(pushed, 20), { bandwidth: 1 })).value)).toBeLessThanOrEqual(1e-9);
    // knn-kl recomputes on the window: the CPU call on the same rows, bit for bit.
    const kl = await recomputed.push(pushed[1]);
    expect([kl.backend, kl.value]).toEqual(['cpu', (await cpu.divergence(lastRows(pushed, 20), reference, { k: 2 })).value]);
    expect(kl.warnings).toHaveLength(1);
    pushed.push(rows(3, 15, 100.5));
    const next = await onHost.push(pushed[2]);
    expect([next.backend, next.warnings]).toEqual(['cpu', []]);
    expect(Math.abs(next.value! - (await cpu.mmd(reference, lastRows(pushed, 20), { bandwidth: 1 })).value)).toBeLessThanOrEqual(1e-9);
    expect(engine.backend).toBe('cpu');

    await expect(onDevice.push(pushed[1])).rejects.toThrow(DriftMonitorLostError);
    await expect(onDevice.push(pushed[2])).rejects.toThrow(/GPU buffers, which lived only on that device/);
    for (const monitor of [onHost, recomputed, onDevice]) monitor.dispose();
    engine.dispose();
  });
});
