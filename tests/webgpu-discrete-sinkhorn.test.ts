/**
 * discreteSinkhorn on WebGPU (Node, Dawn; SwiftShader without a GPU) against the float64 CPU
 * backend: the batched histogram softmin primitive (both directions, a zero weight, an
 * over-relaxed update; again
 * with forced tiny limits so that the pairs split over many dispatches), then the whole call
 * against the CPU engine and POT's sinkhorn2 (tests/golden/transport.json), with every
 * buffer released. No adapter: the file skips, or fails when REQUIRE_WEBGPU=1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, HistogramSoftminRequest, VectorHandle } from '../engine/backend.js';
import { CpuBackend } from '../engine/cpu-backend.js';
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
/** At most 3 workgroups per dimension: 3 pairs per dispatch. */
const tinyOutcome = gpu ? await createWebGpuBackend({ allowFallbackAdapter: true, limits: { maxComputeWorkgroupsPerDimension: 3 } }) : undefined;
const tiny = tinyOutcome && 'backend' in tinyOutcome ? tinyOutcome.backend : undefined;
const gpuEngine: Engine | undefined = gpu ? await createEngine({ backend: 'webgpu' }) : undefined;
const cpuEngine = await createEngine({ backend: 'cpu' });
const cpu = new CpuBackend();
afterAll(() => {
  gpu?.dispose();
  tiny?.dispose();
  gpuEngine?.dispose();
  cpuEngine.dispose();
  cpu.dispose();
});
const golden = readGolden<TransportGolden>('transport.json');

function values(length: number, seed: number, scale: number, offset = 0): Float64Array {
  const r = new CounterRandom(seed, 9);
  return Float64Array.from({ length }, (_, i) => offset + scale * r.normal(i));
}

interface PrimitiveCase {
  readonly pairs: number;
  readonly rows: number;
  readonly cols: number;
  readonly eps: number;
  readonly transpose: boolean;
  /** Over-relaxation weight (SoftminRelaxation); none when absent. */
  readonly relaxWeight?: number;
}

async function runHistogramSoftmin(backend: Backend, c: PrimitiveCase): Promise<Float64Array> {
  const summed = c.transpose ? c.rows : c.cols, out = c.transpose ? c.cols : c.rows;
  const logWeights = values(c.pairs * summed, 2, 0.5, -Math.log(summed));
  logWeights[1] = -1e30; // a zero weight (LOG_ZERO_WEIGHT)
  const made: VectorHandle[] = [];
  const v = async (x: Float64Array) => {
    const h = await backend.uploadVector(x);
    made.push(h);
    return h;
  };
  try {
    const request: HistogramSoftminRequest = {
      eps: c.eps,
      pairs: c.pairs,
      rows: c.rows,
      cols: c.cols,
      transpose: c.transpose,
      cost: await v(values(c.rows * c.cols, 1, 1).map(Math.abs)),
      logWeights: await v(logWeights),
      potential: await v(values(c.pairs * summed, 3, 0.3)),
      output: await v(new Float64Array(c.pairs * out)),
      relax: c.relaxWeight === undefined ? undefined : { previous: await v(values(c.pairs * out, 4, 0.5)), weight: c.relaxWeight },
    };
    await backend.histogramSoftmin(request);
    return (await backend.readVectors([request.output]))[0];
  } finally {
    for (const h of made) backend.release(h);
  }
}

const primitiveCases: PrimitiveCase[] = [
  { pairs: 20, rows: 30, cols: 17, eps: 0.1, transpose: false },
  { pairs: 20, rows: 30, cols: 17, eps: 0.1, transpose: true },
  { pairs: 7, rows: 100, cols: 100, eps: 0.02, transpose: false },
  { pairs: 9, rows: 12, cols: 40, eps: 0.3, transpose: true, relaxWeight: 1.6 },
];

/**
 * f32: costs, potentials and log-weights are rounded to f32 (relative 6e-8 of values up to
 * max C + max |g| ≈ 5), and each term (g − C)/ε carries that error times 1/ε; the output
 * multiplies by ε again, so |Δout| ≲ 1e-6·(scale of the outputs) with margin for the sum.
 */
function expectClose(name: string, g: Float64Array, c: Float64Array): void {
  const scale = Math.max(...c.map(Math.abs)) + 1;
  c.forEach((v, i) => expect(Math.abs(g[i] - v), `${name}: out[${i}] ${g[i]} vs ${v}`).toBeLessThanOrEqual(2e-6 * scale));
}

describe.skipIf(!gpu)('WebGPU histogramSoftmin matches the CPU backend', () => {
  for (const c of primitiveCases) {
    const name = `${c.pairs} pairs, ${c.rows} × ${c.cols}, ε = ${c.eps}, ${c.transpose ? 'transposed' : 'rows'}${c.relaxWeight ? `, over-relaxed ${c.relaxWeight}` : ''}`;
    it(name, async () => {
      const before = gpu!.stats().liveBytes;
      expectClose(name, await runHistogramSoftmin(gpu!, c), await runHistogramSoftmin(cpu, c));
      expect(gpu!.stats().liveBytes).toBe(before);
    });
  }

  it('with at most 3 workgroups per dimension (pairs split over dispatches)', async () => {
    const c = primitiveCases[0];
    const before = tiny!.stats().dispatches;
    expectClose('tiny', await runHistogramSoftmin(tiny!, c), await runHistogramSoftmin(cpu, c));
    expect(tiny!.stats().dispatches - before).toBeGreaterThanOrEqual(Math.ceil(c.pairs / 3));
  });
});

describe.skipIf(!gpu)('WebGPU discreteSinkhorn matches the CPU engine and POT', () => {
  for (const c of golden.discrete.filter((g) => g.eps !== undefined)) {
    it(c.name, async () => {
      const a = { data: c.a, rows: c.pairs, cols: c.rows }, b = { data: c.b, rows: c.pairs, cols: c.cols }, cost = { data: c.cost, rows: c.rows, cols: c.cols };
      const options = { eps: c.eps, tol: 1e-5 };
      const before = gpuEngine!.stats().liveBytes;
      const g = await gpuEngine!.discreteSinkhorn(a, b, cost, options);
      const r = await cpuEngine.discreteSinkhorn(a, b, cost, options);
      expect(g.backend).toBe('webgpu');
      expect(g.converged).toBe(true);
      for (let t = 0; t < c.pairs; t++) {
        // Both stop at an L1 marginal error below 1e-5 (costs ≤ 1.1): values within ~1e-5 of
        // POT's, f32 potentials add ~1e-6; 3e-5 bounds both.
        expect(Math.abs(g.values[t] - r.values[t]), `pair ${t} OT_ε`).toBeLessThan(3e-5);
        expect(Math.abs(g.transportCosts[t] - c.sinkhorn2![t]), `pair ${t} vs sinkhorn2`).toBeLessThan(3e-5);
      }
      expect(gpuEngine!.stats().liveBytes).toBe(before);
    });
  }
});
