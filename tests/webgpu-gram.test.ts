/**
 * The Gram calls of the WebGPU backend (gramSums, gramAlignment) against the float64 CPU
 * backend (tests/support/gram-conformance.ts), with the adapter's limits and with forced
 * tiny limits (blocks, chunks, splits, windows, passes); resources and the O(n + m) device
 * memory of a Gram sum. No adapter: the file skips, or fails when REQUIRE_WEBGPU=1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../engine/backend.js';
import { CpuBackend } from '../engine/cpu-backend.js';
import { createWebGpuBackend, type WebGpuLimitOverrides } from '../host/create-webgpu-backend.js';
import { acquireDevice } from '../host/gpu-acquisition.js';
import { gramChunkingCases, gramConformanceCases } from './support/gram-conformance.js';
import type { ConformanceCase } from './support/webgpu-conformance.js';
import { useSwiftShaderWithoutVulkanDriver, webGpuRequired } from './support/webgpu-environment.js';
import { gaussianMatrix } from './support/webgpu-random.js';

useSwiftShaderWithoutVulkanDriver();

/** Small enough that the cases' matrices split into blocks, chunks, splits, windows and passes of one vector. */
const TINY_LIMITS = { maxStorageBufferBindingSize: 4096, maxBufferSize: 8192, maxComputeWorkgroupsPerDimension: 3, maxWorkPerDispatch: 40_000 };

/** One device for both backends, so Dawn can reuse compiled shaders between them. */
const acquired = await acquireDevice(true);
if (webGpuRequired && 'reason' in acquired) throw new Error(acquired.reason);
const device = 'device' in acquired ? acquired.device : undefined;
const backendOn = async (limits: Partial<WebGpuLimitOverrides>): Promise<Backend | undefined> => {
  const created = device ? await createWebGpuBackend({ device, allowFallbackAdapter: true, limits }) : undefined;
  return created && 'backend' in created ? created.backend : undefined;
};
const gpu = await backendOn({});
const tiny = await backendOn(TINY_LIMITS);
const cpu = new CpuBackend();
afterAll(() => {
  gpu?.dispose();
  tiny?.dispose();
  device?.destroy();
});

async function runCase(testCase: ConformanceCase, backend: Backend): Promise<void> {
  const before = backend.stats().liveBytes;
  const report = await testCase.run(cpu, backend);
  expect(report.checked).toBeGreaterThan(0);
  expect(backend.stats().liveBytes).toBe(before);
}

describe.skipIf(!gpu)('WebGPU Gram calls match the CPU backend', () => {
  for (const testCase of gramConformanceCases) it(testCase.name, () => runCase(testCase, gpu!));
});

describe.skipIf(!gpu)('WebGPU Gram calls with forced tiny limits (chunking)', () => {
  for (const testCase of gramChunkingCases) it(testCase.name, () => runCase(testCase, tiny!));

  it('a Gram sum splits into many dispatches and one step per chunk and pass', async () => {
    const before = tiny!.stats();
    const x = await tiny!.upload(gaussianMatrix(400, 2, 70));
    const ones = new Float64Array(800).fill(1);
    await tiny!.gramSums(x, x, { kernel: { form: 'gaussian', bandwidths: [1], degree: 0, coef0: 0 }, excludeDiagonal: true, referenceWeights: ones, queryWeights: ones, count: 2 });
    tiny!.release(x);
    const after = tiny!.stats();
    expect(after.dispatches - before.dispatches).toBeGreaterThan(20);
    // Passes of one vector (400 f32 weights fill the 4 KiB binding at most twice) × query chunks.
    expect(after.readbacks - before.readbacks).toBeGreaterThanOrEqual(2);
    expect(after.liveBytes).toBe(before.liveBytes);
  });
});

describe.skipIf(!gpu)('WebGPU Gram resources', () => {
  it('one quadratic form at n = 2000 is one submit and one read-back', async () => {
    const before = gpu!.stats();
    const x = await gpu!.upload(gaussianMatrix(2000, 3, 71));
    const w = new Float64Array(2000).fill(1 / 2000);
    const [form] = await gpu!.gramSums(x, x, { kernel: { form: 'gaussian', bandwidths: [1], degree: 0, coef0: 0 }, excludeDiagonal: false, referenceWeights: w, queryWeights: w, count: 1 });
    gpu!.release(x);
    const after = gpu!.stats();
    expect(form).toBeGreaterThan(0);
    expect(after.submits - before.submits).toBe(1);
    expect(after.readbacks - before.readbacks).toBe(1);
    expect(after.liveBytes).toBe(before.liveBytes);
  });
});
