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

  type Call = (engine: Engine, a: never, b: never, c: never) => Promise<{ value: number; pValue?: number | null }>;
  // [name, call, tolerance, GPU samples the call reads (x, y, z: n × 3 each), bytes only the GPU-input path writes]
  const calls: [name: string, call: Call, tolerance: number, samples: 1 | 2 | 3, deviceOnlyBytes?: number][] = [
    ['entropy (kl)', (e, x) => e.entropy(x, { k: 3 }), ESTIMATOR_TOLERANCE, 1],
    ['entropy renyi', (e, x) => e.entropy(x, { method: 'renyi', alpha: 2 }), ESTIMATOR_TOLERANCE, 1],
    ['entropy tsallis', (e, x) => e.entropy(x, { method: 'tsallis', alpha: 0.7 }), ESTIMATOR_TOLERANCE, 1],
    // The 'median' σ comes from the rows read back for it (the default 'silverman' is refused).
    ['entropy kde (median bandwidth)', (e, x) => e.entropy(x, { method: 'kde', bandwidth: 'median' }), KERNEL_TOLERANCE, 1],
    ['entropy renyi-quadratic (fixed bandwidth)', (e, x) => e.entropy(x, { method: 'renyi-quadratic', bandwidth: 0.8 }), KERNEL_TOLERANCE, 1],
    ['mutualInformation ksg1 + permutations', (e, x, y) => e.mutualInformation(x, y, { k: 3, permutations: 4, seed: 2 }), ESTIMATOR_TOLERANCE, 2],
    ['mutualInformation ksg2', (e, x, y) => e.mutualInformation(x, y, { method: 'ksg2', k: 4 }), ESTIMATOR_TOLERANCE, 2],
    ['mutualInformation mixed', (e, x, y) => e.mutualInformation(x, y, { method: 'mixed' }), ESTIMATOR_TOLERANCE, 2],
    // Gaussian critic: pooled centring and the paired distances ‖x_i − y_i‖ on the device, which
    // write an identity index list (n int32) and its column-space record (≤ 256 bytes).
    ['mutualInformation infonce (gaussian critic)', (e, x, y) => e.mutualInformation(x, y, { method: 'infonce', critic: 'gaussian', temperature: 2 }), ESTIMATOR_TOLERANCE, 2, n * 4 + 256],
    ['mutualInformation nwj (gaussian critic)', (e, x, y) => e.mutualInformation(x, y, { method: 'nwj', critic: 'gaussian', temperature: 2 }), ESTIMATOR_TOLERANCE, 2, n * 4 + 256],
    ['mutualInformation dv (gaussian critic)', (e, x, y) => e.mutualInformation(x, y, { method: 'dv', critic: 'gaussian', temperature: 2 }), ESTIMATOR_TOLERANCE, 2, n * 4 + 256],
    ['conditionalMutualInformation', (e, x, y, z) => e.conditionalMutualInformation(x, y, z, { k: 3 }), ESTIMATOR_TOLERANCE, 3],
    // Delay embeddings are row windows of the series placed side by side on the device.
    ['transferEntropy (lag 2, histories 2)', (e, x, y) => e.transferEntropy(x, y, { lag: 2, historySource: 2, historyTarget: 2 }), ESTIMATOR_TOLERANCE, 2],
    ['totalCorrelation', (e, x, y, z) => e.totalCorrelation([x, y, z]), ESTIMATOR_TOLERANCE, 3],
    ['dualTotalCorrelation', (e, x, y, z) => e.dualTotalCorrelation([x, y, z]), ESTIMATOR_TOLERANCE, 3],
    ['oInformation', (e, x, y, z) => e.oInformation([x, y, z]), ESTIMATOR_TOLERANCE, 3],
    ['divergence kl', (e, x, y) => e.divergence(x, y, { k: 3 }), ESTIMATOR_TOLERANCE, 2],
    ...(['cross-entropy', 'renyi', 'tsallis', 'bhattacharyya', 'hellinger', 'l2', 'js'] as const).map(
      (measure): [string, Call, number, 2] => [`divergence ${measure}`, (e, x, y) => e.divergence(x, y, { measure, k: 3 }), ESTIMATOR_TOLERANCE, 2],
    ),
    ['divergence nn-ratio', (e, x, y) => e.divergence(x, y, { method: 'nn-ratio' }), ESTIMATOR_TOLERANCE, 2],
    ['mmd (median bandwidth, permutations)', (e, x, y) => e.mmd(x, y, { permutations: 9, seed: 1 }), KERNEL_TOLERANCE, 2],
    ['mmd biased (laplacian)', (e, x, y) => e.mmd(x, y, { estimator: 'biased', kernel: 'laplacian', bandwidth: 2 }), KERNEL_TOLERANCE, 2],
    ['energyDistance', (e, x, y) => e.energyDistance(x, y), KERNEL_TOLERANCE, 2],
    ['energyDistance unbiased + permutations', (e, x, y) => e.energyDistance(x, y, { estimator: 'unbiased', permutations: 4, seed: 3 }), KERNEL_TOLERANCE, 2],
    ['hsic (median bandwidths)', (e, x, y) => e.hsic(x, y), KERNEL_TOLERANCE, 2],
    ['hsic unbiased + permutations', (e, x, y) => e.hsic(x, y, { estimator: 'unbiased', permutations: 4, seed: 3 }), KERNEL_TOLERANCE, 2],
    ['cauchySchwarz (median bandwidth, permutations)', (e, x, y) => e.cauchySchwarz(x, y, { permutations: 4, seed: 5 }), KERNEL_TOLERANCE, 2],
    ['matrixEntropy alpha 2 (median bandwidth)', (e, x) => e.matrixEntropy(x, { alpha: 2 }), KERNEL_TOLERANCE, 1],
    ['matrixEntropy alpha 2 (inverse-multiquadric)', (e, x) => e.matrixEntropy(x, { alpha: 2, kernel: 'inverse-multiquadric', bandwidth: 1.5 }), KERNEL_TOLERANCE, 1],
    ['matrixMutualInformation alpha 2 (laplacian)', (e, x, y) => e.matrixMutualInformation(x, y, { alpha: 2, kernel: 'laplacian' }), KERNEL_TOLERANCE, 2],
    // Both converge to tol (the ε schedule's diameter comes from device extents instead of host ones).
    ['sinkhorn', (e, x, y) => e.sinkhorn(x, y, { blur: 0.5 }), ESTIMATOR_TOLERANCE, 2],
    ['sinkhorn p = 1', (e, x, y) => e.sinkhorn(x, y, { p: 1, blur: 0.5 }), ESTIMATOR_TOLERANCE, 2],
    ['sinkhorn reach (unbalanced)', (e, x, y) => e.sinkhorn(x, y, { reach: 1, blur: 0.5 }), ESTIMATOR_TOLERANCE, 2],
    ['sinkhorn potentials', (e, x, y) => e.sinkhorn(x, y, { blur: 0.5, potentials: true }), ESTIMATOR_TOLERANCE, 2],
  ];

  for (const [name, call, tolerance, samples, deviceOnlyBytes = 0] of calls) {
    it(`${name}: equals the call on the read-back values, with no upload of the sample`, async () => {
      const x = await bothForms(embedding(tf, n, 3, 1, 0));
      const y = await bothForms(embedding(tf, n, 3, 2, 0.5));
      const z = await bothForms(embedding(tf, n, 3, 8, 0.2));
      const before = gpu!.stats();
      const fromDevice = await call(gpu!, x.device as never, y.device as never, z.device as never);
      const after = gpu!.stats();
      const fromHost = await call(gpu!, x.host as never, y.host as never, z.host as never);
      const afterHost = gpu!.stats();
      const onCpu = await call(cpu, x.host as never, y.host as never, z.host as never);
      expect(fromDevice).toMatchObject({ backend: 'webgpu' });
      // Same f32 values, centred on the device instead of the host: the conformance suite's bound.
      expect(Math.abs(fromDevice.value - fromHost.value)).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(fromDevice.value - onCpu.value)).toBeLessThanOrEqual(tolerance);
      expect(fromDevice.pValue ?? null).toBe(fromHost.pValue ?? null);
      // Zero-copy: the host call writes the samples (at least n·3 f32 of each it reads);
      // the GPU-input call writes the same except those, plus one parameter record (≤ 256 bytes,
      // minUniformBufferOffsetAlignment) per extra dispatch of its device uploads and deviceOnlyBytes.
      const sampleBytes = n * 3 * 4 * samples;
      const extraDispatches = after.dispatches - before.dispatches - (afterHost.dispatches - after.dispatches);
      const saved = afterHost.bytesUploaded - after.bytesUploaded - (after.bytesUploaded - before.bytesUploaded);
      expect(saved + deviceOnlyBytes + extraDispatches * shared!.device.limits.minUniformBufferOffsetAlignment).toBeGreaterThanOrEqual(sampleBytes);
      expect(after.liveBytes).toBe(before.liveBytes);
    });
  }

  it('mutualInformationColumns (ksg1 + permutations, ksg2): every column as from the read-back values', async () => {
    const x = await bothForms(embedding(tf, n, 3, 1, 0));
    const target = await bothForms(embedding(tf, n, 1, 2, 0.5));
    for (const options of [{ k: 3, permutations: 4, seed: 2 }, { method: 'ksg2', k: 4 }] as const) {
      const before = gpu!.stats();
      const fromDevice = await gpu!.mutualInformationColumns(x.device, target.device, options);
      expect(gpu!.stats().liveBytes).toBe(before.liveBytes);
      // A host target with a GPU X: the joint [X | target] is assembled on the device.
      const mixed = await gpu!.mutualInformationColumns(x.device, target.host, options);
      const fromHost = await gpu!.mutualInformationColumns(x.host, target.host, options);
      expect(fromDevice.backend).toBe('webgpu');
      expect(fromDevice.values).toHaveLength(3);
      fromDevice.values.forEach((v, c) => {
        expect(Math.abs(v - fromHost.values[c])).toBeLessThanOrEqual(ESTIMATOR_TOLERANCE);
        expect(Math.abs(mixed.values[c] - fromHost.values[c])).toBeLessThanOrEqual(ESTIMATOR_TOLERANCE);
      });
      expect(fromDevice.pValues && Array.from(fromDevice.pValues)).toEqual(fromHost.pValues && Array.from(fromHost.pValues));
    }
  });

  it('transferEntropy: a GPU source with a host target equals the all-host call', async () => {
    const source = await bothForms(embedding(tf, n, 1, 9, 0));
    const target = await bothForms(embedding(tf, n, 1, 10, 0.3));
    const mixed = await gpu!.transferEntropy(source.device, target.host, { historyTarget: 3 });
    const fromHost = await gpu!.transferEntropy(source.host, target.host, { historyTarget: 3 });
    expect(mixed.backend).toBe('webgpu');
    expect(Math.abs(mixed.value - fromHost.value)).toBeLessThanOrEqual(ESTIMATOR_TOLERANCE);
  });

  it('calls that need host values reject with GPU_INPUT, naming the argument and why', async () => {
    const x = await bothForms(embedding(tf, 60, 2, 11, 0));
    const y = await bothForms(embedding(tf, 60, 2, 12, 0));
    const labels = Array.from({ length: 60 }, (_, i) => i % 3);
    const refusals: [call: () => Promise<unknown>, argument: string, why: RegExp][] = [
      [() => gpu!.entropy(x.device, { method: 'kde' }), 'x', /silverman.*variance/],
      [() => gpu!.mutualInformation(x.device, y.device, { method: 'infonce' }), 'x, y', /cosine.*normalises each row/],
      [() => gpu!.mutualInformation(x.device, y.host, { method: 'gaussian-copula' }), 'x', /normal scores/],
      [() => gpu!.mutualInformation(x.host, y.device, { method: 'copula-ksg' }), 'y', /normal scores/],
      [() => gpu!.mutualInformation(x.device, y.host, { preprocess: 'rank-gaussian' }), 'x', /normal scores/],
      [() => gpu!.mutualInformation(x.device, y.host, { jitter: 1e-6 }), 'x', /jitter/],
      [() => gpu!.mutualInformation(x.device, labels, { method: 'ross' }), 'x', /class's rows/],
      [() => gpu!.mutualInformation(x.host, { ...x.device, cols: 1, rows: 60 }, { method: 'ross' }), 'y', /labels/],
      [() => gpu!.mutualInformationColumns(x.device, labels, { method: 'infonce' }), 'X', /column by column/],
      [() => gpu!.conditionalMutualInformation(x.device, y.host, y.host, { permutations: 3 }), 'x', /out of order/],
      [() => gpu!.divergence(x.device, y.host, { permutations: 3 }), 'p', /out of order/],
      [() => gpu!.transferEntropy(x.device, y.host, { permutations: 3 }), 'source', /out of order/],
      [() => gpu!.totalCorrelation([x.host, y.device], { permutations: 3 }), 'vars[1]', /out of order/],
      [() => gpu!.mutualInformation(x.host, y.device, { method: 'dv', critic: 'gaussian', permutations: 3 }), 'y', /out of order/],
      [() => gpu!.mutualInformation(x.device, y.host, { interval: { subsamples: 3 } }), 'x', /out of order/],
      [() => gpu!.mutualInformation({ ...x.device, cols: 1 }, labels, { method: 'discrete' }), 'x', /labels/],
      [() => gpu!.entropy(x.device, { interval: { subsamples: 3 } }), 'x', /out of order/],
      [() => gpu!.matrixEntropy(x.device), 'x', /eigenvalues/],
      [() => gpu!.matrixEntropy(x.device, { alpha: 2, kernel: 'linear' }), 'x', /trace/],
      [() => gpu!.matrixMutualInformation(x.device, y.host, { alpha: 1.5 }), 'x', /eigenvalues/],
      [() => gpu!.matrixMutualInformation(x.host, y.device, { alpha: 2, kernel: 'inverse-multiquadric' }), 'y', /eigenvalues/],
      [() => gpu!.diffusionSpectralEntropy(x.device), 'x', /eigenvalues/],
      [() => gpu!.mmd(x.device, y.device, { estimator: 'linear' }), 'x, y', /row pairs/],
      [() => gpu!.sinkhorn(x.device, y.host, { plan: true }), 'x, y', /plan/],
      [() => gpu!.wasserstein1d({ ...x.device, cols: 1, rows: 60 }, labels), 'x', /sorts/],
      [() => gpu!.slicedWasserstein(x.host, y.device), 'y', /projects and sorts/],
      [() => gpu!.wassersteinDependency(x.device, y.host), 'x', /permuted/],
      [() => gpu!.mauve(x.device, y.host), 'p', /PCA/],
      [() => gpu!.rowDivergence(x.device, y.host), 'p', /logits/],
      [() => gpu!.discreteSinkhorn(x.device, y.host, [[0, 1], [1, 0]]), 'a', /histograms/],
    ];
    for (const [call, argument, why] of refusals) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, `${argument} ${why}`).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).code).toBe('GPU_INPUT');
      expect((error as InvalidInputError).argument).toBe(argument);
      expect((error as InvalidInputError).message).toMatch(why);
    }
  });

  it('knn: the same neighbour lists, queries from the GPU against a host reference', async () => {
    const x = await bothForms(embedding(tf, 200, 4, 3, 0));
    const q = await bothForms(embedding(tf, 50, 4, 4, 0.2));
    const fromDevice = await gpu!.knn(x.host, { k: 5, queries: q.device });
    const fromHost = await gpu!.knn(x.host, { k: 5, queries: q.host });
    expect(Array.from(fromDevice.indices)).toEqual(Array.from(fromHost.indices));
    // Distances ~1 from values ~10³ in f32: centring error ≲ a few f32 ulps of the centred values.
    fromDevice.distances.forEach((v, i) => expect(Math.abs(v - fromHost.distances[i])).toBeLessThanOrEqual(1e-5));
    // Chebyshev, x itself from the GPU.
    const chebyshevDevice = await gpu!.knn(x.device, { k: 5, metric: 'chebyshev' });
    const chebyshevHost = await gpu!.knn(x.host, { k: 5, metric: 'chebyshev' });
    expect(Array.from(chebyshevDevice.indices)).toEqual(Array.from(chebyshevHost.indices));
    chebyshevDevice.distances.forEach((v, i) => expect(Math.abs(v - chebyshevHost.distances[i])).toBeLessThanOrEqual(1e-5));
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
