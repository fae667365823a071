/**
 * The WebGPU backend (host/) against the float64 CPU backend, in Node on Dawn
 * (SwiftShader when no GPU: DESIGN.md §4). Every conformance case runs on a backend with
 * the adapter's own limits and the chunking subset again on one with forced tiny limits.
 * No adapter: the file skips, or fails when REQUIRE_WEBGPU=1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../engine/backend.js';
import { CpuBackend } from '../engine/cpu-backend.js';
import { mutualInformationKsg } from '../engine/mutual-information-ksg.js';
import { createWebGpuBackend, type WebGpuBackendOutcome } from '../host/create-webgpu-backend.js';
import { chunkingCases, conformanceCases, type ConformanceCase } from './support/webgpu-conformance.js';
import { useSwiftShaderWithoutVulkanDriver, webGpuRequired } from './support/webgpu-environment.js';
import { gaussianMatrix } from './support/webgpu-random.js';

useSwiftShaderWithoutVulkanDriver();

/** Small enough that the test matrices split into blocks, chunks, splits and many windows. */
const TINY_LIMITS = {
  maxStorageBufferBindingSize: 4096,
  maxBufferSize: 8192,
  maxComputeWorkgroupsPerDimension: 3,
  maxWorkPerDispatch: 40_000,
};

const outcome: WebGpuBackendOutcome = await createWebGpuBackend({ allowFallbackAdapter: true });
const gpu = 'backend' in outcome ? outcome.backend : undefined;
/** A device the test owns, to be passed in as "the application's" device. */
const appDevice = gpu ? await requestTestDevice() : undefined;
const cpu = new CpuBackend();

async function requestTestDevice(): Promise<GPUDevice> {
  const { create } = await import('webgpu');
  const adapter = await create([]).requestAdapter();
  if (!adapter) throw new Error('the webgpu package found no adapter for the test device');
  return adapter.requestDevice({ label: 'test application device' });
}

afterAll(() => {
  gpu?.dispose();
  appDevice?.destroy();
});

describe('WebGPU adapter', () => {
  it(webGpuRequired ? 'is present (REQUIRE_WEBGPU=1)' : 'is present, or the WebGPU tests skip', () => {
    if (webGpuRequired) expect('reason' in outcome ? outcome.reason : 'ok').toBe('ok');
    expect(gpu === undefined || gpu.kind === 'webgpu').toBe(true);
  });
});

/** Runs a case and checks that it left liveBytes where it found it. */
async function runCase(testCase: ConformanceCase, backend: Backend): Promise<void> {
  const before = backend.stats().liveBytes;
  const report = await testCase.run(cpu, backend);
  expect(report.checked).toBeGreaterThan(0);
  expect(backend.stats().liveBytes).toBe(before);
}

describe.skipIf(!gpu)('WebGPU backend conformance with the CPU backend', () => {
  for (const testCase of conformanceCases) {
    it(testCase.name, () => runCase(testCase, gpu!));
  }
});

describe.skipIf(!gpu)('WebGPU backend with forced tiny limits (chunking)', () => {
  let tiny: Backend;

  it('is created on the application device with clamped limits', async () => {
    const created = await createWebGpuBackend({ device: appDevice, allowFallbackAdapter: true, limits: TINY_LIMITS });
    expect('backend' in created).toBe(true);
    if ('backend' in created) tiny = created.backend;
  });

  for (const testCase of chunkingCases) {
    it(testCase.name, () => runCase(testCase, tiny));
  }

  it('splits work into many dispatches, several submits and read-backs', async () => {
    const before = tiny.stats();
    const x = await tiny.upload(gaussianMatrix(700, 3, 40));
    await tiny.knn(x, x, { k: 5, metric: 'euclidean', excludeSelf: true });
    tiny.release(x);
    const after = tiny.stats();
    expect(after.dispatches - before.dispatches).toBeGreaterThan(100);
    expect(after.readbacks - before.readbacks).toBeGreaterThan(1);
    expect(after.liveBytes).toBe(before.liveBytes);
  });

  it('dispose() frees its buffers and leaves the application device alive', async () => {
    tiny.dispose();
    expect(tiny.stats().liveBytes).toBe(0);
    await expect(tiny.upload(gaussianMatrix(10, 2, 41))).rejects.toThrow(/disposed/);
    // The device still works: a buffer round-trips through the queue.
    const device = appDevice!;
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer;
    await buffer.mapAsync(GPUMapMode.READ);
    expect(new Float32Array(buffer.getMappedRange()).length).toBe(4);
    buffer.unmap();
    buffer.destroy();
  });
});

describe.skipIf(!gpu)('WebGPU backend resources', () => {
  it('one knn call at n = 2000 is one submit and one read-back', async () => {
    const before = gpu!.stats();
    const x = await gpu!.upload(gaussianMatrix(2000, 3, 42));
    await gpu!.knn(x, x, { k: 3, metric: 'chebyshev', excludeSelf: true });
    gpu!.release(x);
    const after = gpu!.stats();
    expect(after.submits - before.submits).toBe(1);
    expect(after.readbacks - before.readbacks).toBe(1);
    expect(after.liveBytes).toBe(before.liveBytes);
  });

  it('a KSG1 call at n = 2000 returns liveBytes to its start (stats in the log)', async () => {
    const before = gpu!.stats();
    const x = gaussianMatrix(2000, 1, 43);
    const y = gaussianMatrix(2000, 1, 44);
    await mutualInformationKsg(gpu!, x, y, { k: 3 });
    const after = gpu!.stats();
    const delta = Object.fromEntries(Object.entries(after).map(([key, value]) => [key, value - before[key as keyof typeof before]]));
    console.log('KSG1 n=2000 stats delta', JSON.stringify(delta), 'peakBytes', after.peakBytes);
    expect(after.liveBytes).toBe(before.liveBytes);
    expect(after.submits - before.submits).toBe(3);
  });

  it("allowFallbackAdapter: false refuses a software adapter ('auto')", async () => {
    const info = (await (await import('webgpu')).create([]).requestAdapter())?.info;
    const auto = await createWebGpuBackend({ allowFallbackAdapter: false });
    if ('backend' in auto) {
      expect(info?.isFallbackAdapter).toBe(false);
      auto.backend.dispose();
    } else {
      expect(auto.reason).toMatch(/fallback/);
    }
  });
});
