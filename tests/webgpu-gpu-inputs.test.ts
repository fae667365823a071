/**
 * Zero-copy GPU inputs (`{ buffer, rows, cols, offset? }`, engine/gpu-samples.ts) on a WebGPU
 * engine that shares its Dawn device with TensorFlow.js's WebGPU backend: embeddings made by
 * TF.js ops on the GPU (`tensor.dataToGPU()`) go straight into the estimators, and each
 * result is compared with the same call on the tensor's values read back to the host.
 * No adapter: the file skips, or fails when REQUIRE_WEBGPU=1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type * as TfCore from '@tensorflow/tfjs-core';
import { createEngine, InvalidInputError, type Engine, type GpuSamples } from '../index.js';
import { CounterRandom } from '../engine/random.js';
import { ESTIMATOR_TOLERANCE, KERNEL_TOLERANCE } from './support/estimator-conformance.js';
import { tfOnSharedDevice } from './support/tfjs-webgpu.js';
import { webGpuRequired } from './support/webgpu-environment.js';

const shared = await tfOnSharedDevice().catch((e: unknown) => {
  if (webGpuRequired) throw e;
  return undefined;
});
if (!shared && webGpuRequired) throw new Error('REQUIRE_WEBGPU=1 but no WebGPU adapter');
const gpu: Engine | undefined = shared && (await createEngine({ backend: 'webgpu', device: shared.device }));
const cpu = await createEngine({ backend: 'cpu' });
afterAll(() => {
  gpu?.dispose();
  cpu.dispose();
});

/** An n × d "embedding" computed on the GPU by TF.js: a seeded Gaussian, mixed by a matmul and offset by 10³ (so centring matters). */
function embedding(tf: typeof TfCore, n: number, d: number, seed: number, shift: number): TfCore.Tensor2D {
  const r = new CounterRandom(seed);
  const z = tf.tensor2d(Float32Array.from({ length: n * d }, (_, i) => r.normal(i)), [n, d]);
  const mix = tf.tensor2d(Float32Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0.3)), [d, d]);
  return tf.add(tf.matMul(z, mix), tf.scalar(1000 + shift)) as TfCore.Tensor2D;
}

/** The tensor as a GPU input (no copy) and its values read back to the host. */
async function bothForms(t: TfCore.Tensor2D): Promise<{ device: GpuSamples; host: { data: Float32Array; rows: number; cols: number } }> {
  const [rows, cols] = t.shape;
  const { buffer } = t.dataToGPU();
  return { device: { buffer: buffer!, rows, cols }, host: { data: (await t.data()) as Float32Array, rows, cols } };
}

describe.skipIf(!gpu)('GPU-buffer inputs from TensorFlow.js on the same device', () => {
  const { tf } = shared!;
  const n = 200;

  type Call = (engine: Engine, a: never, b: never) => Promise<{ value: number; pValue?: number | null }>;
  const calls: [name: string, call: Call, tolerance: number][] = [
    ['entropy (kl)', (e, x) => e.entropy(x, { k: 3 }), ESTIMATOR_TOLERANCE],
    ['mutualInformation ksg1 + permutations', (e, x, y) => e.mutualInformation(x, y, { k: 3, permutations: 4, seed: 2 }), ESTIMATOR_TOLERANCE],
    ['mutualInformation ksg2', (e, x, y) => e.mutualInformation(x, y, { method: 'ksg2', k: 4 }), ESTIMATOR_TOLERANCE],
    ['divergence kl', (e, x, y) => e.divergence(x, y, { k: 3 }), ESTIMATOR_TOLERANCE],
    ['mmd (median bandwidth, permutations)', (e, x, y) => e.mmd(x, y, { permutations: 9, seed: 1 }), KERNEL_TOLERANCE],
    ['energyDistance', (e, x, y) => e.energyDistance(x, y), KERNEL_TOLERANCE],
    ['hsic (median bandwidths)', (e, x, y) => e.hsic(x, y), KERNEL_TOLERANCE],
    // Both converge to tol (the ε schedule's diameter comes from device extents instead of host ones).
    ['sinkhorn', (e, x, y) => e.sinkhorn(x, y, { blur: 0.5 }), ESTIMATOR_TOLERANCE],
  ];

  for (const [name, call, tolerance] of calls) {
    it(`${name}: equals the call on the read-back values, with no upload of the sample`, async () => {
      const x = await bothForms(embedding(tf, n, 3, 1, 0));
      const y = await bothForms(embedding(tf, n, 3, 2, 0.5));
      const before = gpu!.stats();
      const fromDevice = await call(gpu!, x.device as never, y.device as never);
      const after = gpu!.stats();
      const fromHost = await call(gpu!, x.host as never, y.host as never);
      const afterHost = gpu!.stats();
      const onCpu = await call(cpu, x.host as never, y.host as never);
      expect(fromDevice).toMatchObject({ backend: 'webgpu' });
      // Same f32 values, centred on the device instead of the host: the conformance suite's bound.
      expect(Math.abs(fromDevice.value - fromHost.value)).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(fromDevice.value - onCpu.value)).toBeLessThanOrEqual(tolerance);
      expect(fromDevice.pValue ?? null).toBe(fromHost.pValue ?? null);
      // Zero-copy: the host call writes the samples (at least n·3 f32 each of x, and y if used);
      // the GPU-input call writes the same except those, plus one parameter record (≤ 256 bytes,
      // minUniformBufferOffsetAlignment) per extra dispatch of its device uploads.
      const sampleBytes = n * 3 * 4 * (name.startsWith('entropy') ? 1 : 2);
      const extraDispatches = after.dispatches - before.dispatches - (afterHost.dispatches - after.dispatches);
      const saved = afterHost.bytesUploaded - after.bytesUploaded - (after.bytesUploaded - before.bytesUploaded);
      expect(saved + extraDispatches * shared!.device.limits.minUniformBufferOffsetAlignment).toBeGreaterThanOrEqual(sampleBytes);
      expect(after.liveBytes).toBe(before.liveBytes);
    });
  }

  it('knn: the same neighbour lists, queries from the GPU against a host reference', async () => {
    const x = await bothForms(embedding(tf, 200, 4, 3, 0));
    const q = await bothForms(embedding(tf, 50, 4, 4, 0.2));
    const fromDevice = await gpu!.knn(x.host, { k: 5, queries: q.device });
    const fromHost = await gpu!.knn(x.host, { k: 5, queries: q.host });
    expect(Array.from(fromDevice.indices)).toEqual(Array.from(fromHost.indices));
    // Distances ~1 from values ~10³ in f32: centring error ≲ a few f32 ulps of the centred values.
    fromDevice.distances.forEach((v, i) => expect(Math.abs(v - fromHost.distances[i])).toBeLessThanOrEqual(1e-5));
  });

  it('an offset (in bytes) selects rows inside a larger buffer', async () => {
    const t = embedding(tf, 120, 2, 5, 0);
    const { buffer } = t.dataToGPU();
    const values = (await t.data()) as Float32Array;
    const offsetRows = 20;
    const slice = { data: values.subarray(offsetRows * 2), rows: 100, cols: 2 };
    const fromDevice = await gpu!.entropy({ buffer: buffer!, rows: 100, cols: 2, offset: offsetRows * 2 * 4 });
    const fromHost = await gpu!.entropy(slice);
    expect(Math.abs(fromDevice.value - fromHost.value)).toBeLessThanOrEqual(ESTIMATOR_TOLERANCE);
  });

  it('bad GPU inputs are InvalidInputErrors naming the argument', async () => {
    const t = embedding(tf, 40, 2, 6, 0);
    const { buffer } = t.dataToGPU();
    const reject = (promise: Promise<unknown>, code: string, argument: string) =>
      expect(promise).rejects.toSatisfy((e: unknown) => e instanceof InvalidInputError && e.code === code && e.argument === argument);
    await reject(gpu!.entropy({ buffer: buffer!, rows: 41, cols: 2 }), 'GPU_INPUT', 'x');
    await reject(gpu!.entropy({ buffer: buffer!, rows: 10, cols: 2, offset: 2 }), 'GPU_INPUT', 'x');
    // Subsampling intervals read rows on the host.
    await reject(gpu!.entropy({ buffer: buffer!, rows: 40, cols: 2 }, { interval: { subsamples: 3 } }), 'GPU_INPUT', 'x');
    // The CPU engine cannot read GPU buffers.
    await reject(cpu.entropy({ buffer: buffer!, rows: 40, cols: 2 }), 'GPU_INPUT', 'x');
    // No STORAGE usage.
    const mappable = shared!.device.createBuffer({ size: 320, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    await reject(gpu!.entropy({ buffer: mappable, rows: 40, cols: 2 }), 'GPU_INPUT', 'x');
    mappable.destroy();
    // Non-finite values are found on the device.
    const withNaN = tf.div(tf.tensor2d([0, 1, 2, 3, 4, 5, 6, 7], [4, 2]), tf.tensor2d([0, 1, 1, 1, 1, 1, 1, 1], [4, 2])) as TfCore.Tensor2D;
    await reject(gpu!.entropy({ buffer: withNaN.dataToGPU().buffer!, rows: 4, cols: 2 }, { k: 1 }), 'NOT_FINITE', 'x');
  });

  it('a buffer of another device is an InvalidInputError', async () => {
    const adapter = (await shared!.gpu.requestAdapter()) ?? (await shared!.gpu.requestAdapter({ forceFallbackAdapter: true }));
    const other = await adapter!.requestDevice({ label: 'another device' });
    const foreign = other.createBuffer({ size: 4 * 40 * 2, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    await expect(gpu!.entropy({ buffer: foreign, rows: 40, cols: 2 })).rejects.toSatisfy((e: unknown) => e instanceof InvalidInputError && e.code === 'GPU_INPUT' && /device/.test(e.message));
    other.destroy();
  });

  // Last: it destroys the shared device.
  it('after a GPU fault the CPU fallback cannot read a GPU input: the call rejects and says why', async () => {
    const x = await bothForms(embedding(tf, 60, 2, 7, 0));
    shared!.device.destroy();
    await shared!.device.lost;
    await expect(gpu!.entropy(x.device)).rejects.toThrow(/GPU buffers, which the CPU fallback cannot read/);
    // Host inputs still get the CPU answer.
    expect((await gpu!.entropy(x.host)).backend).toBe('cpu');
  });
});
