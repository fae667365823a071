/**
 * engine.wassersteinDependency on the float64 CPU backend: it equals engine.sinkhorn between
 * the joint and the seeded product sample it describes, it separates a dependent pair from
 * an independent one, its permutation p-value is small under dependence and not under
 * independence, seeding, and the bad-input errors.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../index.js';
import { CounterRandom } from '../engine/random.js';
import { FeistelPermutation } from '../engine/random-permutation.js';
import { PRODUCT_STREAM } from '../engine/wasserstein-dependency.js';
import { assertClose } from './support/assert-close.js';

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

const n = 80;
const x = Array.from({ length: n }, (_, i) => new CounterRandom(1).normal(i));
const noise = Array.from({ length: n }, (_, i) => new CounterRandom(2).normal(i));
const dependent = x.map((v, i) => 0.9 * v + 0.45 * noise[i]);
const options = { blur: 0.4, tol: 1e-6 };

describe('wassersteinDependency', () => {
  it('is S_ε between (x_i, y_i) and (x_i, y_σ(i)) for the seeded σ', async () => {
    const r = await engine.wassersteinDependency(x, dependent, { ...options, seed: 5 });
    const sigma = new FeistelPermutation(n, 5, PRODUCT_STREAM).table();
    const direct = await engine.sinkhorn(x.map((v, i) => [v, dependent[i]]), x.map((v, i) => [v, dependent[sigma[i]]]), options);
    // The same solve on the same rows: identical arithmetic.
    assertClose(r.value, direct.value, { atol: 1e-12 }, 'S_ε');
    expect(r).toMatchObject({ method: 'sinkhorn-divergence', backend: 'cpu', n, p: 2, pValue: null, converged: true });
  });

  it('is larger under dependence, with the smallest p-value there; under independence p-values are not all small', async () => {
    const P = 19;
    const dep = await engine.wassersteinDependency(x, dependent, { ...options, permutations: P, seed: 1 });
    const ind = await engine.wassersteinDependency(x, noise, { ...options, permutations: P, seed: 1 });
    expect(dep.value).toBeGreaterThan(3 * Math.abs(ind.value));
    // ρ = 0.9/√(0.81 + 0.2) ≈ 0.9 at n = 80: every null falls below the observed value.
    expect(dep.pValue).toBe(1 / (1 + P));
    // Four independent data sets, 9 permutations each: under H0 each p-value is ≤ 0.2 with
    // probability 0.2, all four with probability 0.0016 (fixed seeds: deterministic).
    const pValues: number[] = [];
    for (let s = 0; s < 4; s++) {
      const u = Array.from({ length: n }, (_, i) => new CounterRandom(100 + s).normal(i));
      const v = Array.from({ length: n }, (_, i) => new CounterRandom(200 + s).normal(i));
      pValues.push((await engine.wassersteinDependency(u, v, { ...options, permutations: 9, seed: s })).pValue!);
    }
    expect(pValues.some((p) => p > 0.2), `p-values ${pValues.join(', ')}`).toBe(true);
  });

  it('the same seed gives the same value; another seed moves the product sample', async () => {
    const a = await engine.wassersteinDependency(x, dependent, { ...options, seed: 2 });
    const b = await engine.wassersteinDependency(x, dependent, { ...options, seed: 2 });
    const c = await engine.wassersteinDependency(x, dependent, { ...options, seed: 3 });
    expect(b.value).toBe(a.value);
    expect(c.value).not.toBe(a.value);
  });

  it('rejects unpaired rows, a single row and unknown options with InvalidInputError', async () => {
    await expect(engine.wassersteinDependency([1, 2, 3], [1, 2])).rejects.toMatchObject({ code: 'ROW_MISMATCH', argument: 'y' });
    await expect(engine.wassersteinDependency([1], [1])).rejects.toMatchObject({ code: 'TOO_FEW_ROWS', argument: 'x' });
    await expect(engine.wassersteinDependency([1, 2], [1, 2], { debias: false } as never)).rejects.toMatchObject({ code: 'UNKNOWN_OPTION' });
    await expect(engine.wassersteinDependency([1, 2], [1, 2], { permutations: -1 })).rejects.toMatchObject({ argument: 'options.permutations' });
  });
});
