/**
 * Faults on the WebGPU engine (DESIGN.md §6): a lost device mid-session still gives the
 * right answer, computed on the CPU, and the result and the engine say so.
 * No adapter: the file skips, or fails when REQUIRE_WEBGPU=1.
 */
import { describe, expect, it } from 'vitest';
import { acquireDevice } from '../host/gpu-acquisition.js';
import { createEngine, sampleCorrelatedGaussian } from '../index.js';
import { useSwiftShaderWithoutVulkanDriver, webGpuRequired } from './support/webgpu-environment.js';

useSwiftShaderWithoutVulkanDriver();

const acquired = await acquireDevice(true);
const device = 'device' in acquired ? acquired.device : undefined;
if (!device && webGpuRequired) throw new Error(`REQUIRE_WEBGPU=1 but no WebGPU device: ${'reason' in acquired ? acquired.reason : ''}`);

describe.skipIf(!device)('a lost device', () => {
  it('the call after device.destroy() returns the CPU answer, says so, and the engine stays on the CPU', async () => {
    const engine = await createEngine({ backend: 'webgpu', device });
    const cpu = await createEngine({ backend: 'cpu' });
    const s = sampleCorrelatedGaussian(600, 0.5, 3);
    const before = await engine.mutualInformation(s.x, s.y);
    expect(before.backend).toBe('webgpu');
    device!.destroy();
    await device!.lost;
    const after = await engine.mutualInformation(s.x, s.y);
    const reference = await cpu.mutualInformation(s.x, s.y);
    expect(after.backend).toBe('cpu');
    expect(after.value).toBe(reference.value);
    expect(after.warnings.some((w) => /WebGPU could not finish this call/.test(w))).toBe(true);
    expect(engine.backend).toBe('cpu');
    expect(engine.fallbackReason).toMatch(/lost/);
    // Later calls run on the CPU directly, without a warning.
    expect((await engine.entropy(s.x)).warnings).toEqual([]);
    engine.dispose();
    cpu.dispose();
  });
});
