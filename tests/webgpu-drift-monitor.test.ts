/**
 * engine.driftMonitor on the WebGPU engine (Node, Dawn; SwiftShader without a GPU): the
 * incremental readings equal the batch estimator run on the same window on the same
 * engine, and the monitor's resident matrices are freed by dispose().
 * No adapter: the file skips, or fails when REQUIRE_WEBGPU=1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../index.js';
import { CounterRandom } from '../engine/random.js';
import { KERNEL_TOLERANCE } from './support/estimator-conformance.js';
import { useSwiftShaderWithoutVulkanDriver, webGpuRequired } from './support/webgpu-environment.js';

useSwiftShaderWithoutVulkanDriver();

const gpu: Engine | undefined = await createEngine({ backend: 'webgpu' }).catch((e: unknown) => {
  if (webGpuRequired) throw e;
  return undefined;
});
afterAll(() => gpu?.dispose());

function rows(count: number, seed: number, shift: number): { data: Float64Array; rows: number; cols: number } {
  const r = new CounterRandom(seed);
  return { data: Float64Array.from({ length: count * 3 }, (_, i) => shift + r.normal(i)), rows: count, cols: 3 };
}

describe.skipIf(!gpu)('driftMonitor on WebGPU', () => {
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
