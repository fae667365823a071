/**
 * rowDivergence on the WebGPU engine against the CPU engine (Node, Dawn; SwiftShader
 * without a GPU): every measure, large logits, a 200,000-entry vocabulary, and streaming
 * in many chunks under forced small limits. Tolerance |Δ| ≤ 1e-5 + 1e-5·|cpu|: the
 * kernel sums ≤ 2·10⁵ f32 terms per row with Kahan compensation (relative error ~1e-7 per
 * term) on logits shifted by their row maximum in float64.
 * No adapter: skips, or fails when REQUIRE_WEBGPU=1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, CounterRandom, type Engine, type RowMeasure } from '../index.js';
import { assertClose } from './support/assert-close.js';
import { useSwiftShaderWithoutVulkanDriver, webGpuRequired } from './support/webgpu-environment.js';

useSwiftShaderWithoutVulkanDriver();

const gpu: Engine | undefined = await createEngine({ backend: 'webgpu' }).catch((e: unknown) => {
  if (webGpuRequired) throw e;
  return undefined;
});
const chunked: Engine | undefined = gpu && (await createEngine({ backend: 'webgpu', limits: { maxStorageBufferBindingSize: 64 * 1024, maxWorkPerDispatch: 50_000 } }));
const cpu = await createEngine({ backend: 'cpu' });
afterAll(() => {
  gpu?.dispose();
  chunked?.dispose();
  cpu.dispose();
});

function logits(rows: number, cols: number, seed: number, scale: number, base?: Float64Array): { data: Float64Array; rows: number; cols: number } {
  const r = new CounterRandom(seed, 21);
  return { data: Float64Array.from({ length: rows * cols }, (_, i) => (base ? base[i] : 0) + scale * r.normal(i)), rows, cols };
}

const MEASURES: RowMeasure[] = ['kl', 'reverse-kl', 'js', 'tv', 'hellinger', 'renyi', 'tsallis', 'alpha', 'cross-entropy'];

async function expectSame(a: Engine, p: object, q: object, options: Parameters<Engine['rowDivergence']>[2]): Promise<void> {
  const before = a.stats().liveBytes;
  const g = await a.rowDivergence(p as never, q as never, options);
  const c = await cpu.rowDivergence(p as never, q as never, options);
  expect(g.backend).toBe('webgpu');
  c.values.forEach((v, i) => assertClose(g.values[i], v, { atol: 1e-5, rtol: 1e-5 }, `${options?.measure ?? 'kl'} row ${i}`));
  expect(a.stats().liveBytes).toBe(before);
}

describe.skipIf(!gpu)('rowDivergence on WebGPU matches the CPU', () => {
  const p = logits(37, 777, 1, 2);
  const q = logits(37, 777, 2, 1, p.data);
  for (const measure of MEASURES) {
    it(`${measure}, logits 37×777, temperature 1.5`, () => expectSame(gpu!, p, q, { measure, temperature: 1.5, ...(['renyi', 'tsallis', 'alpha'].includes(measure) ? { alpha: 1.7 } : {}) }));
  }
  it('probabilities with zeros (0·log 0 = 0)', async () => {
    const pr = [[0.5, 0.5, 0, 0], [0.1, 0.2, 0.3, 0.4]];
    const qr = [[0.25, 0.25, 0.25, 0.25], [0.4, 0.3, 0.2, 0.1]];
    for (const measure of ['kl', 'js', 'hellinger', 'renyi'] as const) await expectSame(gpu!, pr, qr, { measure, input: 'probs' });
    expect((await gpu!.rowDivergence(qr, pr, { input: 'probs' })).values[0]).toBe(Infinity);
  });
  it('large logits (scale 1,000): finite and equal to the CPU', async () => {
    const big = logits(6, 500, 3, 1000);
    const other = logits(6, 500, 4, 300, big.data);
    for (const measure of ['kl', 'reverse-kl', 'js', 'renyi', 'cross-entropy'] as const) await expectSame(gpu!, big, other, { measure, alpha: measure === 'renyi' ? 1.5 : undefined });
  });
  it('a vocabulary of 200,000 entries', () => expectSame(gpu!, logits(3, 200_000, 5, 3), logits(3, 200_000, 6, 3), { measure: 'kl' }));
  it('streams in many chunks under a 64 KiB binding and a 50,000-term work budget', async () => {
    const before = chunked!.stats().submits;
    await expectSame(chunked!, logits(40, 3000, 7, 2), logits(40, 3000, 8, 2), { measure: 'js' });
    // 64 KiB holds 5 rows of 3,000 f32 and the work budget 16: 8 chunks, one submit each.
    expect(chunked!.stats().submits - before).toBe(8);
  });
});
