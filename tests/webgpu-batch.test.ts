/**
 * The batched calls on the WebGPU backend as the estimators use them (Node, Dawn;
 * SwiftShader without a GPU), with engine.stats() as the witness:
 * - mutualInformationColumns: the same number of submits for 1, 4 or 8 columns, and the
 *   values (and with permutations and an interval, the p-values and intervals) of the
 *   per-column calls;
 * - permutation nulls as in-kernel row maps: one matrix upload whatever P, and the same
 *   pValue as the CPU for the same seed.
 * (Primitive-level conformance, σ bit for bit included: tests/support/webgpu-batch-conformance.ts.)
 * No adapter: the file skips, or fails when REQUIRE_WEBGPU=1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, EngineStats } from '../engine/backend.js';
import { CpuBackend } from '../engine/cpu-backend.js';
import { mutualInformation } from '../engine/mutual-information.js';
import { mutualInformationColumns } from '../engine/mutual-information-columns.js';
import { estimateWithNulls } from '../engine/mutual-information-joint.js';
import { CounterRandom } from '../engine/random.js';
import { createWebGpuBackend } from '../host/create-webgpu-backend.js';
import { useSwiftShaderWithoutVulkanDriver, webGpuRequired } from './support/webgpu-environment.js';

useSwiftShaderWithoutVulkanDriver();

const outcome = await createWebGpuBackend({ allowFallbackAdapter: true });
if ('reason' in outcome && webGpuRequired) throw new Error(`REQUIRE_WEBGPU=1 but no WebGPU backend: ${outcome.reason}`);
const gpu = 'backend' in outcome ? outcome.backend : undefined;
const cpu = new CpuBackend();
afterAll(() => {
  gpu?.dispose();
  cpu.dispose();
});

/** n rows × d columns; the target depends on columns 0 and 2 (when present). */
function features(n: number, d: number, seed: number) {
  const r = new CounterRandom(seed, 31);
  const x = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, (_, i) => r.normal(i)) };
  const target = Float64Array.from({ length: n }, (_, i) => 0.7 * x.data[i * d] + (d > 2 ? 0.5 * x.data[i * d + 2] : 0) + 0.6 * r.normal(n * d + i));
  return { x, target };
}

async function measured<T>(backend: Backend, call: () => Promise<T>): Promise<{ result: T; used: EngineStats }> {
  const before = backend.stats();
  const result = await call();
  const after = backend.stats();
  const used = Object.fromEntries(Object.entries(after).map(([key, v]) => [key, v - before[key as keyof EngineStats]])) as unknown as EngineStats;
  return { result, used };
}

describe.skipIf(!gpu)('mutualInformationColumns on WebGPU: one batch of dispatches for all columns', () => {
  for (const method of ['ksg1', 'ksg2'] as const) {
    it(`${method}: submits and read-backs do not grow with the columns (d = 1, 4, 8, n = 400)`, async () => {
      const submits: number[] = [];
      for (const d of [1, 4, 8]) {
        const { x, target } = features(400, d, d);
        const { result, used } = await measured(gpu!, () => mutualInformationColumns(gpu!, x, target, { method }));
        console.log(`${method} columns d=${d} n=400 stats`, JSON.stringify(used));
        submits.push(used.submits);
        expect(used.readbacks).toBe(used.submits);
        expect(used.liveBytes).toBe(0);
        // The per-column calls compute the same f32 numbers in the same kernels.
        for (let c = 0; c < d; c++) {
          const column = Float64Array.from({ length: 400 }, (_, i) => x.data[i * d + c]);
          expect(result.values[c]).toBe((await mutualInformation(gpu!, column, target, { method })).value);
        }
      }
      expect(submits).toEqual([submits[0], submits[0], submits[0]]);
      expect(submits[0]).toBe(method === 'ksg1' ? 2 : 3);
    });
  }

  it('ksg1 with permutations and an interval: each column\'s pValue and interval equal the per-column call\'s (d = 3, n = 150)', async () => {
    const { x, target } = features(150, 3, 11);
    const options = { permutations: 9, seed: 4, interval: { subsamples: 4 } };
    const { result, used } = await measured(gpu!, () => mutualInformationColumns(gpu!, x, target, options));
    expect(used.liveBytes).toBe(0);
    for (let c = 0; c < 3; c++) {
      const column = Float64Array.from({ length: 150 }, (_, i) => x.data[i * 3 + c]);
      const single = await mutualInformation(gpu!, column, target, options);
      expect(result.pValues![c]).toBe(single.pValue);
      expect(result.intervals![c]).toEqual(single.interval);
    }
    // Column 1 does not enter the target: its p-value is above the floor 1/(1 + P), so the comparison counts nulls.
    expect(result.pValues![1]).toBeGreaterThan(1 / 10);
  });
});

describe.skipIf(!gpu)('permutation nulls as row maps inside the kernels', () => {
  // Weak dependence, so that nulls fall on both sides of the observed value.
  const n = 300, r = new CounterRandom(8, 32);
  const x = Float64Array.from({ length: n }, (_, i) => r.normal(i));
  const y = x.map((v, i) => 0.12 * v + r.normal(n + i));

  it('the same seed gives the same pValue on both backends (no null within 2e-3 of the observed value)', async () => {
    const P = 39, seed = 5;
    const column = (v: Float64Array) => ({ rows: n, cols: 1, data: v });
    const { observed, nulls } = await estimateWithNulls(cpu, column(x), column(y), 3, 'ksg1', P, seed);
    const closest = Math.min(...Array.from(nulls, (v) => Math.abs(v - observed)));
    expect(closest).toBeGreaterThan(2e-3);
    const onCpu = await mutualInformation(cpu, x, y, { permutations: P, seed });
    const onGpu = await mutualInformation(gpu!, x, y, { permutations: P, seed });
    console.log(`pValue cpu ${onCpu.pValue} gpu ${onGpu.pValue}; observed ${observed}, closest null ${closest} away`);
    // Some nulls exceed the observed value: the test compares a count, not the floor 1/(1 + P).
    expect(onCpu.pValue).toBeGreaterThan(1 / (P + 1));
    expect(onGpu.pValue).toBe(onCpu.pValue);
    const gpuNulls = await estimateWithNulls(gpu!, column(x), column(y), 3, 'ksg1', P, seed);
    gpuNulls.nulls.forEach((v, p) => expect(Math.abs(v - nulls[p])).toBeLessThan(2e-3));
  });

  it('100 permutations upload the matrix once: the extra bytes are spaces tables, radii and parameter records', async () => {
    const run = (permutations: number) => measured(gpu!, () => mutualInformation(gpu!, x, y, { permutations, seed: 1 }));
    const none = await run(0);
    const hundred = await run(100);
    console.log('KSG1 n=300 permutations 0 stats', JSON.stringify(none.used));
    console.log('KSG1 n=300 permutations 100 stats', JSON.stringify(hundred.used));
    const matrixBytes = n * 2 * 4;
    const extra = hundred.used.bytesUploaded - none.used.bytesUploaded;
    // Per null: x and y radii (2n f32); per call: one table of 8 + 2·ranges words per member; 256-byte parameter records.
    const radii = 100 * 2 * n * 4;
    const tables = 4 * (4 + 100 * 8 + 100 * 2 * 2) + 4 * (4 + 200 * 8 + 200 * 2);
    console.log(`extra bytesUploaded ${extra}: radii ${radii}, spaces tables ${tables}, parameter records ${extra - radii - tables}; matrix ${matrixBytes}`);
    expect(extra - radii - tables).toBeGreaterThanOrEqual(0);
    expect(extra - radii - tables).toBeLessThan(matrixBytes);
    // The nulls run as one knn step and one count step (the observed value takes the same two).
    expect(hundred.used.submits).toBe(2 * none.used.submits);
  });
});
