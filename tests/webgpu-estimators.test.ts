/**
 * Every public estimator on the WebGPU engine (Node, Dawn; SwiftShader without a GPU)
 * against the CPU engine on identical seeded inputs (tests/support/estimator-conformance.ts).
 * No adapter: the file skips, or fails when REQUIRE_WEBGPU=1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../index.js';
import { compareEstimators, estimatorCases } from './support/estimator-conformance.js';
import { useSwiftShaderWithoutVulkanDriver, webGpuRequired } from './support/webgpu-environment.js';

useSwiftShaderWithoutVulkanDriver();

const gpu: Engine | undefined = await createEngine({ backend: 'webgpu' }).catch((e: unknown) => {
  if (webGpuRequired) throw e;
  return undefined;
});
const cpu = await createEngine({ backend: 'cpu' });
afterAll(() => {
  gpu?.dispose();
  cpu.dispose();
});

describe.skipIf(!gpu)('estimators on WebGPU match the CPU engine', () => {
  for (const c of estimatorCases) {
    it(c.name, async () => {
      const before = gpu!.stats().liveBytes;
      const [r] = await compareEstimators(cpu, gpu!, [c]);
      expect(r.gpu.length).toBe(r.cpu.length);
      r.cpu.forEach((v, i) => expect(Math.abs(r.gpu[i] - v), `value ${i}: gpu ${r.gpu[i]} vs cpu ${v}`).toBeLessThanOrEqual(r.tolerance));
      expect(gpu!.stats().liveBytes).toBe(before);
    });
  }
});
