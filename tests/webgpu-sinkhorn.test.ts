/**
 * The Sinkhorn engine on WebGPU (Node, Dawn; SwiftShader without a GPU) against the float64
 * CPU backend: the softmin step primitive (p = 1, 2, a column range, relaxed updates, mean
 * costs; again with forced tiny limits so that matrices split into blocks, queries into
 * chunks and scans into many windows), then `sinkhorn` itself, with the claims of
 * DESIGN.md §5 checked through stats(): read-backs per iteration well below one, device
 * memory O(n + m), and every buffer released.
 * No adapter: the file skips, or fails when REQUIRE_WEBGPU=1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, SoftminRequest, VectorHandle } from '../engine/backend.js';
import { CpuBackend } from '../engine/cpu-backend.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import { CounterRandom } from '../engine/random.js';
import { createWebGpuBackend } from '../host/create-webgpu-backend.js';
import { createEngine, type Engine } from '../index.js';
import { useSwiftShaderWithoutVulkanDriver, webGpuRequired } from './support/webgpu-environment.js';

useSwiftShaderWithoutVulkanDriver();

/** Small enough that 300 rows split into blocks and chunks, and every scan into many windows. */
const TINY_LIMITS = { maxStorageBufferBindingSize: 4096, maxBufferSize: 8192, maxComputeWorkgroupsPerDimension: 3, maxWorkPerDispatch: 40_000 };

const outcome = await createWebGpuBackend({ allowFallbackAdapter: true });
if ('reason' in outcome && webGpuRequired) throw new Error(outcome.reason);
const gpu = 'backend' in outcome ? outcome.backend : undefined;
const tinyOutcome = gpu ? await createWebGpuBackend({ allowFallbackAdapter: true, limits: TINY_LIMITS }) : undefined;
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

function gaussian(n: number, d: number, seed: number, shift = 0): HostMatrix {
  const r = new CounterRandom(seed, 5);
  return { rows: n, cols: d, data: Float64Array.from({ length: n * d }, (_, i) => shift + r.normal(i)) };
}

function vector(n: number, seed: number, scale: number, offset = 0): Float64Array {
  const r = new CounterRandom(seed, 6);
  return Float64Array.from({ length: n }, (_, i) => offset + scale * r.normal(i));
}

interface SoftminCase {
  readonly name: string;
  readonly x: HostMatrix;
  readonly y: HostMatrix;
  readonly p: 1 | 2;
  readonly eps: number;
  readonly columns?: readonly [number, number];
  readonly relaxWeight?: number;
}

/** Runs one softmin on `backend` (inputs centred near 0, as every estimator uploads them): output and mean costs. */
async function runSoftmin(backend: Backend, c: SoftminCase): Promise<{ output: Float64Array; meanCost: Float64Array }> {
  const n = c.x.rows, m = c.y.rows;
  const made: VectorHandle[] = [];
  const v = async (values: Float64Array) => {
    const h = await backend.uploadVector(values);
    made.push(h);
    return h;
  };
  const [qx, ry] = [await backend.upload(c.x), await backend.upload(c.y)];
  try {
    const request: SoftminRequest = {
      p: c.p,
      eps: c.eps,
      columns: c.columns,
      logWeights: await v(vector(m, 1, 0.3, -Math.log(m))),
      potential: await v(vector(m, 2, 0.5)),
      output: await v(new Float64Array(n)),
      meanCost: await v(new Float64Array(n)),
      relax: c.relaxWeight === undefined ? undefined : { previous: await v(vector(n, 3, 0.5)), weight: c.relaxWeight },
    };
    await backend.softmin(qx, ry, request);
    const [output, meanCost] = await backend.readVectors([request.output, request.meanCost!]);
    return { output, meanCost };
  } finally {
    for (const h of [...made, qx, ry]) backend.release(h);
  }
}

const softminCases: SoftminCase[] = [
  { name: 'p = 2, d = 3, ε = 0.1', x: gaussian(300, 3, 1), y: gaussian(260, 3, 2, 0.5), p: 2, eps: 0.1 },
  { name: 'p = 1, d = 2, ε = 0.05', x: gaussian(250, 2, 3), y: gaussian(280, 2, 4, 1), p: 1, eps: 0.05 },
  { name: 'p = 2, columns [1, 4) of 5, relaxed ½', x: gaussian(200, 5, 5), y: gaussian(190, 5, 6), p: 2, eps: 0.5, columns: [1, 4], relaxWeight: 0.5 },
  { name: 'p = 2, d = 40 (two column tiles), over-relaxed 1.5', x: gaussian(120, 40, 7), y: gaussian(130, 40, 8), p: 2, eps: 2, relaxWeight: 1.5 },
];

/**
 * f32 tolerance: the GPU rounds centred coordinates, costs and potentials to f32 (relative
 * 6e-8 of values up to |g| + max C), and its log-sum-exp is compensated; |Δf| stays within
 * 2e-6 of that scale. Mean costs likewise, relative to the largest cost.
 */
function expectSoftminClose(c: SoftminCase, gpuOut: { output: Float64Array; meanCost: Float64Array }, cpuOut: { output: Float64Array; meanCost: Float64Array }): void {
  const scale = Math.max(...cpuOut.output.map(Math.abs), ...cpuOut.meanCost) + 1;
  cpuOut.output.forEach((f, i) => expect(Math.abs(gpuOut.output[i] - f), `${c.name}: f[${i}] ${gpuOut.output[i]} vs ${f}`).toBeLessThanOrEqual(2e-6 * scale));
  cpuOut.meanCost.forEach((t, i) => expect(Math.abs(gpuOut.meanCost[i] - t), `${c.name}: mean cost[${i}]`).toBeLessThanOrEqual(2e-6 * scale));
}

describe.skipIf(!gpu)('WebGPU softmin matches the CPU backend', () => {
  for (const c of softminCases) {
    it(c.name, async () => {
      const before = gpu!.stats().liveBytes;
      expectSoftminClose(c, await runSoftmin(gpu!, c), await runSoftmin(cpu, c));
      expect(gpu!.stats().liveBytes).toBe(before);
    });
  }

  it('with forced tiny limits (blocks, chunks, windows)', async () => {
    for (const c of softminCases.slice(0, 3)) {
      const before = tiny!.stats();
      expectSoftminClose(c, await runSoftmin(tiny!, c), await runSoftmin(cpu, c));
      const after = tiny!.stats();
      expect(after.dispatches - before.dispatches).toBeGreaterThan(10);
      expect(after.liveBytes).toBe(before.liveBytes);
    }
  });
});

describe.skipIf(!gpu)('WebGPU sinkhorn matches the CPU engine', () => {
  const x = gaussian(400, 2, 11, 1e4), y = gaussian(350, 2, 12, 1e4 + 0.8);

  it('S_ε and OT_ε at blur 0.5, and stats: read-backs per iteration ≪ 1, memory O(n + m)', async () => {
    const options = { blur: 0.5, tol: 1e-5 };
    const before = gpuEngine!.stats();
    const g = await gpuEngine!.sinkhorn(x, y, options);
    const after = gpuEngine!.stats();
    const c = await cpuEngine.sinkhorn(x, y, options);
    expect(g.converged).toBe(true);
    expect(Math.abs(g.value - c.value)).toBeLessThan(2e-4);
    expect(Math.abs(g.otEps - c.otEps)).toBeLessThan(2e-4);
    expect(Math.abs(g.transportCost - c.transportCost)).toBeLessThan(2e-4);
    const iterations = g.iterations + g.annealingSteps;
    expect((after.readbacks - before.readbacks) / iterations).toBeLessThan(0.5);
    // O(n + m): far below one n × m f32 matrix (560 KB); every buffer released afterwards.
    expect(after.peakBytes - before.liveBytes).toBeLessThan(96 * (400 + 350) * 4);
    expect(after.liveBytes).toBe(before.liveBytes);
  });

  it('p = 1 with weights, potentials and plan', async () => {
    const a = vector(120, 13, 0.2, 1).map(Math.abs), b = vector(100, 14, 0.2, 1).map(Math.abs);
    const sa = a.reduce((s, v) => s + v, 0), sb = b.reduce((s, v) => s + v, 0);
    const options = { p: 1 as const, blur: 0.3, a: a.map((v) => v / sa), b: b.map((v) => v / sb), debias: false, potentials: true, plan: true };
    const x1 = gaussian(120, 2, 15), y1 = gaussian(100, 2, 16, 0.3);
    const g = await gpuEngine!.sinkhorn(x1, y1, options);
    const c = await cpuEngine.sinkhorn(x1, y1, options);
    expect(g.converged).toBe(true);
    expect(Math.abs(g.value - c.value)).toBeLessThan(2e-4);
    // Potentials are defined up to f + k, g − k: compare the plans.
    let worst = 0;
    g.plan!.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - c.plan!.data[i]))));
    expect(worst).toBeLessThan(1e-5);
  });
});
