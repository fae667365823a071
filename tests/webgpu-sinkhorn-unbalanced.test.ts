/**
 * Unbalanced Sinkhorn (`reach`) on WebGPU (Node, Dawn; SwiftShader without a GPU): the
 * dampened softmin primitive (SoftminRequest.damping, with and without a relaxed update)
 * against the float64 CPU backend, then engine.sinkhorn with a reach against POT's
 * sinkhorn_unbalanced (tests/golden/transport.json). No adapter: the file skips, or fails
 * when REQUIRE_WEBGPU=1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, SoftminRequest, VectorHandle } from '../engine/backend.js';
import { CpuBackend } from '../engine/cpu-backend.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import { CounterRandom } from '../engine/random.js';
import { createWebGpuBackend } from '../host/create-webgpu-backend.js';
import { createEngine, type Engine } from '../index.js';
import { readGolden } from './support/golden.js';
import type { TransportGolden } from './support/transport-golden.js';
import { useSwiftShaderWithoutVulkanDriver, webGpuRequired } from './support/webgpu-environment.js';

useSwiftShaderWithoutVulkanDriver();

const outcome = await createWebGpuBackend({ allowFallbackAdapter: true });
if ('reason' in outcome && webGpuRequired) throw new Error(outcome.reason);
const gpu = 'backend' in outcome ? outcome.backend : undefined;
const gpuEngine: Engine | undefined = gpu ? await createEngine({ backend: 'webgpu' }) : undefined;
const cpu = new CpuBackend();
afterAll(() => {
  gpu?.dispose();
  gpuEngine?.dispose();
  cpu.dispose();
});
const golden = readGolden<TransportGolden>('transport.json');

function gaussian(n: number, d: number, seed: number): HostMatrix {
  const r = new CounterRandom(seed, 5);
  return { rows: n, cols: d, data: Float64Array.from({ length: n * d }, (_, i) => r.normal(i)) };
}

function vector(n: number, seed: number, scale: number, offset = 0): Float64Array {
  const r = new CounterRandom(seed, 6);
  return Float64Array.from({ length: n }, (_, i) => offset + scale * r.normal(i));
}

async function dampedSoftmin(backend: Backend, damping: number, relaxWeight: number | undefined): Promise<Float64Array> {
  const x = gaussian(150, 2, 1), y = gaussian(130, 2, 2);
  const made: VectorHandle[] = [];
  const v = async (values: Float64Array) => {
    const h = await backend.uploadVector(values);
    made.push(h);
    return h;
  };
  const [qx, ry] = [await backend.upload(x), await backend.upload(y)];
  try {
    const request: SoftminRequest = {
      p: 2,
      eps: 0.2,
      logWeights: await v(vector(130, 1, 0.3, -Math.log(130))),
      potential: await v(vector(130, 2, 0.5)),
      output: await v(new Float64Array(150)),
      relax: relaxWeight === undefined ? undefined : { previous: await v(vector(150, 3, 0.5)), weight: relaxWeight },
      damping,
    };
    await backend.softmin(qx, ry, request);
    return (await backend.readVectors([request.output]))[0];
  } finally {
    for (const h of [...made, qx, ry]) backend.release(h);
  }
}

describe.skipIf(!gpu)('WebGPU dampened softmin matches the CPU backend', () => {
  for (const [damping, relax] of [[0.7, undefined], [0.85, 0.5]] as const) {
    it(`κ = ${damping}${relax === undefined ? '' : `, relaxed ${relax}`}`, async () => {
      const g = await dampedSoftmin(gpu!, damping, relax), c = await dampedSoftmin(cpu, damping, relax);
      const undamped = await dampedSoftmin(cpu, 1, relax);
      // f32 rounding of coordinates, costs and potentials (as tests/webgpu-sinkhorn.test.ts): 2e-6 of the output scale.
      const scale = Math.max(...c.map(Math.abs)) + 1;
      c.forEach((v, i) => expect(Math.abs(g[i] - v), `f[${i}]`).toBeLessThanOrEqual(2e-6 * scale));
      // The damping is applied at all: the CPU output differs from the undamped one.
      expect(Math.max(...c.map((v, i) => Math.abs(v - undamped[i])))).toBeGreaterThan(1e-3);
    });
  }
});

describe.skipIf(!gpu)('WebGPU sinkhorn with reach matches POT', () => {
  const c = golden.unbalanced[0];
  it(c.name, async () => {
    const x = { data: c.x, rows: c.rows[0], cols: c.cols }, y = { data: c.y, rows: c.rows[1], cols: c.cols };
    const r = await gpuEngine!.sinkhorn(x, y, { blur: c.blur, reach: c.reach, a: c.a, b: c.b, tol: 1e-5 });
    expect(r.backend).toBe('webgpu');
    expect(r.converged).toBe(true);
    // A fixed-point residual below 1e-5 moves the value by O(1e-5) (costs ≤ ~5); f32 adds ~1e-6.
    expect(Math.abs(r.value - c.value)).toBeLessThan(5e-5);
  });
});
