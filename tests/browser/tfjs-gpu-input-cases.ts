/**
 * Zero-copy GPU inputs from TensorFlow.js in the browser page (issue 17): TF.js's WebGPU
 * backend and an infogpu engine on ONE GPUDevice of the page; an "embedding" computed by
 * TF.js ops on the GPU (a seeded Gaussian, mixed by a matMul and offset by 10³) goes into
 * the estimators as `tensor.dataToGPU().buffer`. Each result is compared with the float64
 * CPU engine on the tensor's values read back (read only for that comparison), within the
 * conformance suite's bounds (tests/support/estimator-conformance.ts), and the engine's
 * liveBytes must return to where they were.
 */
import * as tf from '@tensorflow/tfjs-core';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type * as Infogpu from '../../index.js';
import { ESTIMATOR_TOLERANCE, KERNEL_TOLERANCE } from '../support/estimator-conformance.js';
import type { CaseOutcome } from './conformance-report.js';

type Library = typeof Infogpu;

/** TF.js's 'webgpu' backend, re-registered on `device` (its kernels are keyed by the name 'webgpu'). */
async function tfOnDevice(device: GPUDevice): Promise<void> {
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device));
  await tf.setBackend('webgpu');
  // Small ops would otherwise run on the CPU and leave their results there.
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  await tf.ready();
}

function embedding(library: Library, n: number, d: number, seed: number, shift: number): tf.Tensor2D {
  const r = new library.CounterRandom(seed);
  const z = tf.tensor2d(Float32Array.from({ length: n * d }, (_, i) => r.normal(i)), [n, d]);
  const mix = tf.tensor2d(Float32Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0.3)), [d, d]);
  return tf.add(tf.matMul(z, mix), tf.scalar(1000 + shift)) as tf.Tensor2D;
}

export async function runTfjsGpuInputCases(library: Library, cpu: Infogpu.Engine): Promise<CaseOutcome[]> {
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return [];
  const device = await adapter.requestDevice({ requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize } });
  await tfOnDevice(device);
  const engine = await library.createEngine({ backend: 'webgpu', device });
  const outcomes: CaseOutcome[] = [];
  const n = 300, d = 3;
  const tensors = [embedding(library, n, d, 41, 0), embedding(library, n, d, 42, 0.4)];
  try {
    const [gx, gy] = tensors.map((t) => ({ buffer: t.dataToGPU().buffer!, rows: n, cols: d }));
    const [hx, hy] = await Promise.all(tensors.map(async (t) => ({ data: (await t.data()) as Float32Array, rows: n, cols: d })));
    const calls: [name: string, call: (e: Infogpu.Engine, x: never, y: never) => Promise<{ value: number; backend: string }>, tolerance: number][] = [
      ['mmd (median bandwidth)', (e, x, y) => e.mmd(x, y), KERNEL_TOLERANCE],
      ['mutualInformation ksg1', (e, x, y) => e.mutualInformation(x, y, { k: 3 }), ESTIMATOR_TOLERANCE],
      ['sinkhorn (blur 0.5)', (e, x, y) => e.sinkhorn(x, y, { blur: 0.5 }), ESTIMATOR_TOLERANCE],
    ];
    for (const [name, call, tolerance] of calls) {
      const start = performance.now();
      const before = engine.stats().liveBytes;
      try {
        const onGpu = await call(engine, gx as never, gy as never);
        const onCpu = await call(cpu, hx as never, hy as never);
        const problems: string[] = [];
        if (!(Math.abs(onGpu.value - onCpu.value) <= tolerance)) problems.push(`|Δ| > ${tolerance}`);
        if (onGpu.backend !== 'webgpu') problems.push(`ran on ${onGpu.backend}`);
        if (engine.stats().liveBytes !== before) problems.push(`liveBytes went ${before} → ${engine.stats().liveBytes}`);
        const numbers = `webgpu ${onGpu.value.toFixed(7)} vs cpu ${onCpu.value.toFixed(7)} (tolerance ${tolerance})`;
        outcomes.push({ suite: 'public-api', name: `GPU input (TensorFlow.js WebGPU tensor, same device): ${name}`, ok: problems.length === 0, detail: [numbers, ...problems].join('; '), milliseconds: performance.now() - start });
      } catch (error) {
        outcomes.push({ suite: 'public-api', name: `GPU input (TensorFlow.js WebGPU tensor, same device): ${name}`, ok: false, detail: `threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, milliseconds: performance.now() - start });
      }
    }
  } finally {
    for (const t of tensors) t.dispose();
    engine.dispose();
    tf.removeBackend('webgpu');
    device.destroy();
  }
  return outcomes;
}
