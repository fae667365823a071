/**
 * Zero-copy GPU inputs in the browser page: the page owns a GPUDevice, makes its samples
 * with its own compute pass (seeded values + 10³, written into STORAGE buffers on the GPU),
 * and passes `{ buffer, rows, cols }` to an engine created with that device. Each result is
 * compared with the float64 CPU engine on the same f32 values (JS reproduces the pass:
 * fround(fround(v) + 1000), exact in double, one IEEE rounding as in WGSL). A buffer of a
 * second device must be rejected with InvalidInputError 'GPU_INPUT'.
 */
import type * as Infogpu from '../../index.js';
import type { CaseOutcome } from './conformance-report.js';

type Library = typeof Infogpu;

/** The page's own "model": out[i] = input[i] + offset, on the GPU. */
const ADD_OFFSET = /* wgsl */ `
@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x < arrayLength(&out)) { out[id.x] = input[id.x] + 1000.0; }
}`;

/** A rows × cols sample made on `device`, and the same f32 values on the host. */
function pageSample(library: Library, device: GPUDevice, rows: number, cols: number, seed: number, shift: number): { buffer: GPUBuffer; host: Float64Array } {
  const r = new library.CounterRandom(seed);
  const values = Float32Array.from({ length: rows * cols }, (_, i) => r.normal(i) + shift);
  const input = device.createBuffer({ size: values.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(input, 0, values);
  const buffer = device.createBuffer({ size: values.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: ADD_OFFSET }), entryPoint: 'main' } });
  const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: input } }, { binding: 1, resource: { buffer } }] });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(Math.ceil(values.length / 64));
  pass.end();
  device.queue.submit([encoder.finish()]);
  return { buffer, host: Float64Array.from(values, (v) => Math.fround(v + 1000)) };
}

export async function runGpuInputCases(library: Library, cpu: Infogpu.Engine): Promise<CaseOutcome[]> {
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return [];
  const device = await adapter.requestDevice({ requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize } });
  const engine = await library.createEngine({ backend: 'webgpu', device });
  const outcomes: CaseOutcome[] = [];
  /** Runs a case whose body returns its problem (null when it passed); `passed` is the detail shown then. */
  const check = async (name: string, passed: string, body: () => Promise<string | null>): Promise<void> => {
    const start = performance.now();
    const before = engine.stats().liveBytes;
    try {
      const problem = await body();
      const leaked = engine.stats().liveBytes !== before ? `liveBytes went ${before} → ${engine.stats().liveBytes}` : null;
      const failure = [problem, leaked].filter(Boolean).join('; ');
      outcomes.push({ suite: 'public-api', name, ok: failure === '', detail: failure || passed, milliseconds: performance.now() - start });
    } catch (error) {
      outcomes.push({ suite: 'public-api', name, ok: false, detail: `threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, milliseconds: performance.now() - start });
    }
  };
  const within = (gpu: number, cpuValue: number, atol: number): string | null =>
    Math.abs(gpu - cpuValue) <= atol ? null : `webgpu ${gpu} vs cpu ${cpuValue}: |Δ| > ${atol}`;
  try {
    const n = 400;
    const x = pageSample(library, device, n, 2, 31, 0);
    const y = pageSample(library, device, n, 2, 32, 0.3);
    const gx = { buffer: x.buffer, rows: n, cols: 2 }, gy = { buffer: y.buffer, rows: n, cols: 2 };
    const hx = { data: x.host, rows: n, cols: 2 }, hy = { data: y.host, rows: n, cols: 2 };
    // Kernel statistics: f32 Gram sums, ~1e-6 of the kernel's scale (the conformance suite's bound).
    await check('GPU input (page compute pass): mmd, median bandwidth', 'within 1e-5 of the CPU engine on the same values', async () => within((await engine.mmd(gx, gy)).value, (await cpu.mmd(hx, hy)).value, 1e-5));
    // kNN estimators: the public-api bound (issue 3).
    await check('GPU input (page compute pass): mutualInformation ksg1', 'within 2e-3 of the CPU engine on the same values', async () => within((await engine.mutualInformation(gx, gy)).value, (await cpu.mutualInformation(hx, hy)).value, 2e-3));
    await check('GPU input: a buffer of another device is InvalidInputError GPU_INPUT', 'rejected with GPU_INPUT', async () => {
      // An adapter makes one device: a second device needs a second adapter.
      const otherAdapter = await navigator.gpu.requestAdapter();
      if (!otherAdapter) return 'no second adapter';
      const other = await otherAdapter.requestDevice();
      const foreign = other.createBuffer({ size: 4 * n * 2, usage: GPUBufferUsage.STORAGE });
      try {
        await engine.entropy({ buffer: foreign, rows: n, cols: 2 });
        return 'no error';
      } catch (error) {
        return error instanceof library.InvalidInputError && error.code === 'GPU_INPUT' ? null : `wrong error: ${String(error)}`;
      } finally {
        other.destroy();
      }
    });
  } finally {
    engine.dispose();
    device.destroy();
  }
  return outcomes;
}
