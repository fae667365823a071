/**
 * The WebGPU backend (host/) against the float64 CPU backend, in Node on Dawn
 * (SwiftShader when no GPU: DESIGN.md §4). Every conformance case runs on a backend with
 * the adapter's own limits and the chunking subset again on one with forced tiny limits.
 * No adapter: the file skips, or fails when REQUIRE_WEBGPU=1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../engine/backend.js';
import { CpuBackend } from '../engine/cpu-backend.js';
import { mutualInformation } from '../engine/mutual-information.js';
import { createWebGpuBackend, type WebGpuBackendOutcome } from '../host/create-webgpu-backend.js';
import { acquireDevice } from '../host/gpu-acquisition.js';
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
/**
 * A device the test owns, passed in as "the application's" device. It comes from the
 * host's own Dawn instance: a second `create()` in one process aborts Dawn.
 */
const appDevice = gpu ? await requestTestDevice() : undefined;
const cpu = new CpuBackend();

async function requestTestDevice(): Promise<GPUDevice> {
  const acquired = await acquireDevice(true);
  if ('reason' in acquired) throw new Error(acquired.reason);
  return acquired.device;
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
    expect(after.dispatches - before.dispatches).toBeGreaterThan(50);
    expect(after.readbacks - before.readbacks).toBeGreaterThan(1);
    expect(after.liveBytes).toBe(before.liveBytes);
    // The released buffers stay in the pool for reuse: device memory reported apart from liveBytes.
    expect(after.idleBytes).toBeGreaterThan(0);
    expect(cpu.stats().idleBytes).toBe(0);
  });

  it('dispose() frees its buffers and leaves the application device alive', async () => {
    tiny.dispose();
    expect(tiny.stats().liveBytes).toBe(0);
    await expect(tiny.upload(gaussianMatrix(10, 2, 41))).rejects.toThrow(/disposed/);
    // The device still works: a new backend on it computes.
    const again = await createWebGpuBackend({ device: appDevice, allowFallbackAdapter: true });
    if (!('backend' in again)) throw new Error(again.reason);
    const x = await again.backend.upload(gaussianMatrix(50, 2, 41));
    const lists = await again.backend.knn(x, x, { k: 1, metric: 'euclidean', excludeSelf: true });
    expect(lists.indices.every((j, i) => j !== i && j >= 0)).toBe(true);
    again.backend.dispose();
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

  it('a KSG1 call at n = 2000: knn + one batched count of x and y, two submits, liveBytes back to 0 (stats in the log)', async () => {
    const created = await createWebGpuBackend({ device: appDevice, allowFallbackAdapter: true });
    if (!('backend' in created)) throw new Error(created.reason);
    const fresh = created.backend;
    await mutualInformation(fresh, gaussianMatrix(2000, 1, 43), gaussianMatrix(2000, 1, 44), { k: 3 });
    const stats = fresh.stats();
    console.log('KSG1 n=2000 d=1+1 k=3 stats', JSON.stringify(stats));
    expect(stats).toMatchObject({ dispatches: 3, submits: 2, readbacks: 2, liveBytes: 0 });
    fresh.dispose();
  });

  it('a lost device makes later calls reject', async () => {
    const created = await createWebGpuBackend({ device: appDevice, allowFallbackAdapter: true });
    if (!('backend' in created)) throw new Error(created.reason);
    appDevice!.destroy();
    await appDevice!.lost;
    await expect(created.backend.upload(gaussianMatrix(10, 2, 45))).rejects.toThrow(/lost/);
    created.backend.dispose();
  });

  it("allowFallbackAdapter: false ('auto') takes a hardware adapter or says only a fallback exists", async () => {
    const auto = await createWebGpuBackend({ allowFallbackAdapter: false });
    if ('backend' in auto) auto.backend.dispose();
    else expect(auto.reason).toMatch(/software fallback/);
  });
});
