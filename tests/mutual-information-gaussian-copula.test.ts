import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, CounterRandom, InvalidInputError, sampleCorrelatedGaussian } from '../index.js';
import { permutationTable } from '../engine/inference.js';
import { assertClose } from './support/assert-close.js';
import { readGolden } from './support/golden.js';

interface CopulaCase { name: string; x: number[][]; y: number[][]; mi: number }
const golden = readGolden<{ cases: CopulaCase[] }>('gaussian-copula.json');

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());
const copula = { method: 'gaussian-copula' } as const;

/** n rows of independent standard normals, `cols` columns, from stream `stream` of seed `seed`. */
function normals(n: number, cols: number, seed: number, stream = 0): { data: Float64Array; rows: number; cols: number } {
  const r = new CounterRandom(seed, stream);
  return { data: Float64Array.from({ length: n * cols }, (_, i) => r.normal(i)), rows: n, cols };
}

describe("mutualInformation 'gaussian-copula' against an independent scipy implementation (tests/golden/make_gaussian_copula_golden.py)", () => {
  for (const c of golden.cases) {
    it(c.name, async () => {
      const r = await engine.mutualInformation(c.x, c.y, copula);
      // Same normal scores, covariance and log-determinants: equal up to float64 rounding.
      assertClose(r.value, c.mi, { atol: 1e-10 }, c.name);
      expect(r).toMatchObject({ method: 'gaussian-copula', unit: 'nats', backend: 'cpu', n: c.x.length, k: 0 });
    });
  }
});

describe("mutualInformation 'gaussian-copula' against the Gaussian closed form", () => {
  it('bivariate, ρ = 0.8, n = 5,000: within 4 standard errors of −½ log(1 − ρ²)', async () => {
    const { x, y, mutualInformation } = sampleCorrelatedGaussian(5000, 0.8, 7);
    const r = await engine.mutualInformation(x, y, copula);
    // The estimate's standard error is about ρ/√n = 0.011 nats (delta method: n·Var → Σρᵢ²).
    assertClose(r.value, mutualInformation, { atol: 4 * 0.8 / Math.sqrt(5000) }, 'MI');
  });

  it('3 × 2 Gaussian with two canonical correlations: within 4 standard errors of ½ Σ −log(1 − ρᵢ²)', async () => {
    // x = (a, b, c), y = (ρ₁a + s₁u, ρ₂b + s₂v): canonical correlations ρ₁ = 0.6, ρ₂ = 0.9.
    const n = 4000, rho = [0.6, 0.9];
    const z = normals(n, 5, 11);
    const x = new Float64Array(3 * n), y = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++) x[3 * i + c] = z.data[5 * i + c];
      for (let c = 0; c < 2; c++) y[2 * i + c] = rho[c] * x[3 * i + c] + Math.sqrt(1 - rho[c] ** 2) * z.data[5 * i + 3 + c];
    }
    const truth = rho.reduce((s, p) => s - 0.5 * Math.log(1 - p * p), 0);
    const r = await engine.mutualInformation({ data: x, rows: n, cols: 3 }, { data: y, rows: n, cols: 2 }, copula);
    assertClose(r.value, truth, { atol: 4 * Math.hypot(...rho) / Math.sqrt(n) }, 'MI');
  });

  it('is unchanged by strictly increasing maps of each coordinate', async () => {
    const { x, y } = sampleCorrelatedGaussian(800, 0.5, 3);
    const base = await engine.mutualInformation(x, y, copula);
    const mapped = await engine.mutualInformation(Array.from(x, Math.exp), Array.from(y, (v) => v ** 3 + v), copula);
    // Identical ranks ⇒ identical normal scores: equal to rounding.
    assertClose(mapped.value, base.value, { atol: 1e-12 }, 'MI after exp and v³ + v');
  });

  it('removes the plug-in bias: the mean over 300 independent 2 × 2 samples of n = 60 is near 0', async () => {
    // Independent x, y: the plug-in Gaussian MI has mean ≈ d_x·d_y/(2n) = 0.033 and sd ≈ √(d_x·d_y/2)/n = 0.024,
    // so the mean of 300 corrected estimates has standard error ≈ 0.0014; 0.006 is > 4 standard errors
    // and far below the uncorrected bias.
    let sum = 0;
    for (let rep = 0; rep < 300; rep++) {
      const r = await engine.mutualInformation(normals(60, 2, rep, 0), normals(60, 2, rep, 1), copula);
      sum += r.value;
    }
    expect(Math.abs(sum / 300)).toBeLessThan(0.006);
  });
});

describe("mutualInformation 'gaussian-copula' inference and input checks", () => {
  it('gives a small p-value for dependent data and a large one for independent data (seeded, reproducible)', async () => {
    const dependent = sampleCorrelatedGaussian(300, 0.5, 1);
    const a = await engine.mutualInformation(dependent.x, dependent.y, { ...copula, permutations: 99, seed: 4 });
    expect(a.pValue).toBeCloseTo(0.01, 10); // (1 + 0)/(1 + 99): no null reaches a 0.14-nat dependence at n = 300
    const again = await engine.mutualInformation(dependent.x, dependent.y, { ...copula, permutations: 99, seed: 4 });
    expect(again.pValue).toBe(a.pValue);
    const independent = await engine.mutualInformation(normals(300, 1, 5, 0), normals(300, 1, 5, 1), { ...copula, permutations: 99, seed: 4 });
    expect(independent.pValue!).toBeGreaterThan(0.05);
  });

  it('rejects k, a constant column and too few rows with typed errors', async () => {
    const { x, y } = sampleCorrelatedGaussian(50, 0.5, 2);
    await expect(engine.mutualInformation(x, y, { ...copula, k: 3 })).rejects.toMatchObject({ code: 'UNKNOWN_OPTION', argument: 'options.k' });
    await expect(engine.mutualInformation(new Float64Array(50).fill(1), y, copula)).rejects.toMatchObject({ code: 'ESTIMATE_UNDEFINED', argument: 'x' });
    await expect(engine.mutualInformation([1, 2, 3], [3, 1, 2], copula)).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe("mutualInformation 'copula-ksg'", () => {
  it('is the larger of the Gaussian-copula estimate and rank-Gaussian KSG2, also for its permutation nulls', async () => {
    const { x, y } = sampleCorrelatedGaussian(400, 0.3, 9);
    const t = Array.from(y, (v, i) => v + Math.sin(4 * x[i])); // not a Gaussian copula
    const options = { permutations: 19, seed: 3 };
    const hybrid = await engine.mutualInformation(x, t, { method: 'copula-ksg', k: 5, ...options });
    const gc = await engine.mutualInformation(x, t, { method: 'gaussian-copula' });
    const ksg = await engine.mutualInformation(x, t, { method: 'ksg2', k: 5, preprocess: 'rank-gaussian' });
    expect(hybrid.value).toBe(Math.max(gc.value, ksg.value));
    expect(hybrid).toMatchObject({ method: 'copula-ksg', k: 5, n: 400 });
    // The p-value from nulls recomputed here: null p is the larger of both estimates on y permuted by permutationTable(n, seed, p).
    let atLeast = 0;
    for (let p = 0; p < options.permutations; p++) {
      const order = permutationTable(400, options.seed, p);
      const tp = Array.from(order, (j) => t[j]);
      const nullGc = (await engine.mutualInformation(x, tp, { method: 'gaussian-copula' })).value;
      const nullKsg = (await engine.mutualInformation(x, tp, { method: 'ksg2', k: 5, preprocess: 'rank-gaussian' })).value;
      if (Math.max(nullGc, nullKsg) >= hybrid.value) atLeast++;
    }
    expect(hybrid.pValue).toBe((1 + atLeast) / (1 + options.permutations));
  });
});
