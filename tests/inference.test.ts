import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, CounterRandom, InvalidInputError, sampleCorrelatedGaussian } from '../index.js';
import { assertClose } from './support/assert-close.js';
import { gaussianRows } from './support/gaussian-samples.js';

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

describe('permutation p-values (options.permutations, seed)', () => {
  it('MI: dependent data give the smallest p-value 1/(1 + P); independent data do not', async () => {
    const dep = sampleCorrelatedGaussian(400, 0.6, 1);
    const r = await engine.mutualInformation(dep.x, dep.y, { permutations: 49, seed: 3 });
    expect(r.pValue).toBe(1 / 50);
    const ind = sampleCorrelatedGaussian(400, 0, 2);
    const q = await engine.mutualInformation(ind.x, ind.y, { permutations: 49, seed: 3 });
    expect(q.pValue).toBeGreaterThan(0.05);
    expect(r.interval).toBeNull();
  });
  it('is a pure function of the seed, and (1 + #{null ≥ observed})/(1 + P) is recomputable by hand', async () => {
    const s = sampleCorrelatedGaussian(300, 0.1, 4);
    const a = await engine.mutualInformation(s.x, s.y, { permutations: 19, seed: 9 });
    const b = await engine.mutualInformation(s.x, s.y, { permutations: 19, seed: 9 });
    expect(a.pValue).toBe(b.pValue);
    // Recompute: the p-th null shuffles y by FeistelPermutation(n, seed, 0x10000 + p).
    const { FeistelPermutation } = await import('../engine/random-permutation.js');
    let atLeast = 0;
    for (let p = 0; p < 19; p++) {
      const perm = new FeistelPermutation(300, 9, 0x10000 + p);
      const y = Float64Array.from({ length: 300 }, (_, i) => s.y[perm.at(i)]);
      if ((await engine.mutualInformation(s.x, y)).value >= a.value) atLeast++;
    }
    expect(a.pValue).toBe((1 + atLeast) / 20);
  });
  it('two-sample divergence: same distributions give a large p-value, shifted ones 1/(1 + P)', async () => {
    const same = await engine.divergence(gaussianRows(300, 2, 1), gaussianRows(250, 2, 2), { permutations: 39, seed: 1 });
    expect(same.pValue).toBeGreaterThan(0.05);
    const shifted = await engine.divergence(gaussianRows(300, 2, 1), gaussianRows(250, 2, 2, 0.8), { permutations: 39, seed: 1 });
    expect(shifted.pValue).toBe(1 / 40);
  });
  it('conditional MI with the local-permutation null is calibrated when X ⟂ Y | Z, and rejects when X → Y', async () => {
    const n = 400;
    const sample = (seed: number, dependent: boolean) => {
      const r = new CounterRandom(seed);
      const z = Float64Array.from({ length: n }, (_, i) => r.normal(i));
      const x = z.map((v, i) => v + 0.5 * r.normal(n + i));
      const y = (dependent ? x : z).map((v, i) => v + 0.5 * r.normal(2 * n + i));
      return { x, y, z };
    };
    // Under the null the p-value is uniform on {1/40, …, 1}: over 30 seeds, #{p ≤ 0.1} is
    // Binomial(30, 0.1) (mean 3); more than 8 has probability 0.002.
    const ps: number[] = [];
    for (let seed = 0; seed < 30; seed++) {
      const { x, y, z } = sample(100 + seed, false);
      ps.push((await engine.conditionalMutualInformation(x, y, z, { permutations: 39, seed })).pValue!);
    }
    expect(ps.filter((p) => p <= 0.1).length).toBeLessThanOrEqual(8);
    const { x, y, z } = sample(7, true);
    expect((await engine.conditionalMutualInformation(x, y, z, { permutations: 39, seed: 2 })).pValue).toBe(1 / 40);
  });
  it('total correlation and transfer entropy take permutations too', async () => {
    const a = gaussianRows(300, 1, 3);
    const b = { ...a, data: a.data.map((v, i) => v + 0.3 * new CounterRandom(6).normal(i)) };
    expect((await engine.totalCorrelation([a, b, gaussianRows(300, 1, 4)], { permutations: 19 })).pValue).toBe(1 / 20);
    const x = gaussianRows(500, 1, 5).data;
    const y = new Float64Array(500);
    for (let t = 1; t < 500; t++) y[t] = 0.4 * y[t - 1] + 0.8 * x[t - 1] + 0.3 * new CounterRandom(7).normal(t);
    expect((await engine.transferEntropy(x, y, { permutations: 19 })).pValue).toBe(1 / 20);
  });
});

describe('subsampling intervals (options.interval)', () => {
  it('MI: the 95% interval at n = 2,000 contains the truth and has a plausible width', async () => {
    const s = sampleCorrelatedGaussian(2000, 0.6, 11);
    const r = await engine.mutualInformation(s.x, s.y, { interval: { subsamples: 60 }, seed: 1 });
    expect(r.interval!.level).toBe(0.95);
    expect(r.interval!.lower).toBeLessThan(s.mutualInformation);
    expect(r.interval!.upper).toBeGreaterThan(s.mutualInformation);
    // sd of KSG at this n is ≈ 0.015 nats: a 95% interval spans a few hundredths.
    expect(r.interval!.upper - r.interval!.lower).toBeGreaterThan(0.02);
    expect(r.interval!.upper - r.interval!.lower).toBeLessThan(0.2);
    expect(r.pValue).toBeNull();
  });
  it('entropy and divergence intervals bracket their estimates; bits scale the interval too', async () => {
    const h = await engine.entropy(gaussianRows(1000, 2, 3), { interval: { subsamples: 30, level: 0.9 }, base: 2 });
    expect(h.interval!.lower).toBeLessThan(h.value);
    expect(h.interval!.upper).toBeGreaterThan(h.value);
    const d = await engine.divergence(gaussianRows(800, 1, 4), gaussianRows(700, 1, 5, 0.5), { interval: { subsamples: 30 } });
    expect(d.interval!.lower).toBeLessThan(d.value);
    expect(d.interval!.upper).toBeGreaterThan(d.value);
  });
});

describe('ties, jitter and rank-Gaussian preprocessing', () => {
  const repeated = Array.from({ length: 400 }, (_, i) => Math.round(3 * Math.sin(i * 0.37)));
  const partner = repeated.map((v, i) => v + Math.round(Math.cos(i)));
  it('repeated points: KSG warns (never a silent ±Infinity or NaN); jitter: true removes the repeats', async () => {
    const plain = await engine.mutualInformation(repeated, partner);
    expect(Number.isFinite(plain.value)).toBe(true);
    expect(plain.warnings.length).toBe(1);
    expect(plain.warnings[0]).toMatch(/exact copies/);
    const jittered = await engine.mutualInformation(repeated, partner, { jitter: true, seed: 1 });
    expect(jittered.warnings).toEqual([]);
    expect(Number.isFinite(jittered.value)).toBe(true);
  });
  it("'mixed' does not warn about repeats: it is built for them", async () => {
    expect((await engine.mutualInformation(repeated, partner, { method: 'mixed' })).warnings).toEqual([]);
  });
  it('rank-gaussian makes MI invariant to strictly increasing maps of each coordinate, exactly', async () => {
    const s = sampleCorrelatedGaussian(1500, 0.7, 12);
    const a = await engine.mutualInformation(s.x, s.y, { preprocess: 'rank-gaussian' });
    const b = await engine.mutualInformation(s.x.map((v) => Math.exp(3 * v)), s.y.map((v) => v ** 3 + 10), { preprocess: 'rank-gaussian' });
    expect(b.value).toBe(a.value);
    // and stays near the closed form −½ log(1 − ρ²) (KSG sd ≈ 0.015 at this n)
    assertClose(a.value, s.mutualInformation, { atol: 0.05 }, 'MI after rank-gaussian');
  });
  it('rejects a bad seed, jitter, preprocess, interval level and per-column permutations below 0', async () => {
    const s = sampleCorrelatedGaussian(50, 0.5, 1);
    const fails = async (p: Promise<unknown>, argument: string) => {
      const e = await p.then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(InvalidInputError);
      expect(e).toMatchObject({ argument });
    };
    await fails(engine.mutualInformation(s.x, s.y, { seed: -1 }), 'options.seed');
    await fails(engine.mutualInformation(s.x, s.y, { jitter: -2 }), 'options.jitter');
    await fails(engine.mutualInformation(s.x, s.y, { preprocess: 'rank' as 'rank-gaussian' }), 'options.preprocess');
    await fails(engine.mutualInformation(s.x, s.y, { interval: { level: 1.5 } }), 'options.interval.level');
    await fails(engine.mutualInformation(s.x, s.y, { permutations: 2.5 }), 'options.permutations');
    await fails(engine.entropy(s.x, { permutations: 10 } as object), 'options.permutations');
    await fails(engine.mutualInformationColumns([[1, 2], [2, 3], [3, 1], [4, 4], [5, 0]], [1, 2, 3, 4, 5], { permutations: -1 }), 'options.permutations');
  });
});
