import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, InvalidInputError } from '../index.js';
import { assertClose } from './support/assert-close.js';
import { gaussianRows } from './support/gaussian-samples.js';
import { readGolden } from './support/golden.js';

interface CsCase { seed: number; n: number; m: number; d: number; p: number[]; q: number[]; sigma: number; value: number }
interface KdeCase { seed: number; n: number; d: number; x: number[]; sigma: number; kde: number; renyi_quadratic: number }
type MatrixCase = { seed: number; n: number; dx: number; dy: number; x: number[]; y: number[]; sigma_x: number; sigma_y: number } & Record<string, number>;
type DiffusionCase = { seed: number; n: number; d: number; x: number[]; labels: number[]; sigma: number } & Record<string, number>;
const golden = readGolden<{ cauchy_schwarz: CsCase[]; kde: KdeCase[]; matrix: MatrixCase[]; diffusion: DiffusionCase[] }>('kernel-information.json');

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());
// Same float64 kernel sums as numpy's full matrices, in another summation order.
const SUMS = { rtol: 1e-9, atol: 1e-12 };
// Eigenvalues from a different algorithm (QL here, LAPACK's syevd in numpy).
const EIGEN = { rtol: 1e-8, atol: 1e-10 };

describe('cauchySchwarz against numpy (tests/golden/make_kernel_information_golden.py)', () => {
  for (const c of golden.cauchy_schwarz) {
    it(`seed ${c.seed}: n = ${c.n}, m = ${c.m}, d = ${c.d}, σ = median`, async () => {
      const r = await engine.cauchySchwarz({ data: c.p, rows: c.n, cols: c.d }, { data: c.q, rows: c.m, cols: c.d });
      assertClose(r.bandwidths[0][0], c.sigma, SUMS, 'σ');
      assertClose(r.value, c.value, SUMS, 'D_CS');
      expect(r).toMatchObject({ measure: 'cauchy-schwarz', unit: 'nats', n: c.n, m: c.m, pValue: null });
    });
  }
  it('is 0 for a sample against itself, ≥ 0 otherwise, and has a seeded permutation p-value', async () => {
    const p = gaussianRows(200, 2, 1);
    assertClose((await engine.cauchySchwarz(p, p)).value, 0, { atol: 1e-12 }, 'D_CS(p, p)');
    const far = await engine.cauchySchwarz(p, gaussianRows(150, 2, 2, 1.0), { permutations: 19, seed: 3 });
    expect(far.value).toBeGreaterThan(0);
    expect(far.pValue).toBe(1 / 20);
    const same = await engine.cauchySchwarz(p, gaussianRows(150, 2, 3), { permutations: 19, seed: 3 });
    expect(same.pValue).toBeGreaterThan(0.05);
  });
});

describe("entropy 'kde' and 'renyi-quadratic' against numpy", () => {
  for (const c of golden.kde) {
    it(`seed ${c.seed}: n = ${c.n}, d = ${c.d}, σ = Silverman`, async () => {
      const x = { data: c.x, rows: c.n, cols: c.d };
      assertClose((await engine.entropy(x, { method: 'kde' })).value, c.kde, SUMS, 'LOO KDE entropy');
      assertClose((await engine.entropy(x, { method: 'renyi-quadratic' })).value, c.renyi_quadratic, SUMS, 'Rényi-2 of the KDE');
    });
  }
  it('Rényi-2 of the KDE of N(0, 1) approaches ½·log(4π(1 + σ²)) (the KDE is N(0, 1 + σ²)); n = 4,000', async () => {
    // The V-statistic's diagonal adds (1/n)(4πσ²)^{−½} ≈ 6e-4 to ∫f̂² ≈ 0.27: bias ≈ 0.002; sd ≈ 0.01.
    const sigma = 0.3;
    const r = await engine.entropy(gaussianRows(4000, 1, 5), { method: 'renyi-quadratic', bandwidth: sigma });
    assertClose(r.value, 0.5 * Math.log(4 * Math.PI * (1 + sigma * sigma)), { atol: 0.04 }, 'H₂');
  });
});

describe('matrixEntropy and matrixMutualInformation against numpy eigvalsh', () => {
  for (const c of golden.matrix) {
    for (const alpha of [1, 2, 3]) {
      it(`seed ${c.seed}: n = ${c.n}, α = ${alpha}`, async () => {
        const x = { data: c.x, rows: c.n, cols: c.dx }, y = { data: c.y, rows: c.n, cols: c.dy };
        const h = await engine.matrixEntropy(x, { alpha });
        assertClose(h.value, c[`entropy_${alpha}`], alpha === 2 ? SUMS : EIGEN, `S_${alpha}`);
        expect(h.method).toBe(alpha === 2 ? 'gram' : 'eigen');
        const mi = await engine.matrixMutualInformation(x, y, { alpha });
        assertClose(mi.value, c[`mi_${alpha}`], alpha === 2 ? SUMS : EIGEN, `I_${alpha}`);
      });
    }
  }
  it('α = 2 by Gram reductions equals the eigenvalue route (Σ λ² = ‖A‖²_F)', async () => {
    const x = gaussianRows(150, 2, 7);
    const viaGram = (await engine.matrixEntropy(x, { alpha: 2 })).value;
    const near = (await engine.matrixEntropy(x, { alpha: 2.000001 })).value;
    assertClose(viaGram, near, { atol: 1e-5 }, 'continuity at α = 2');
  });
});

describe('diffusionSpectralEntropy and diffusionSpectralMutualInformation against numpy', () => {
  for (const c of golden.diffusion) {
    for (const t of [1, 3]) {
      it(`seed ${c.seed}: n = ${c.n}, t = ${t}`, async () => {
        const x = { data: c.x, rows: c.n, cols: c.d };
        assertClose((await engine.diffusionSpectralEntropy(x, { t })).value, c[`dse_${t}`], EIGEN, 'DSE');
        assertClose((await engine.diffusionSpectralMutualInformation(x, c.labels, { t })).value, c[`dsmi_${t}`], EIGEN, 'DSMI');
      });
    }
  }
});

describe('kernel information input errors', () => {
  const fails = async (promise: Promise<unknown>, shape: object) => {
    const e = await promise.then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e).toMatchObject(shape);
  };
  const x = gaussianRows(30, 2, 1);
  it('α ≤ 0, non-positive bandwidth or t, unpaired rows, too many rows for the eigenvalue path', async () => {
    await fails(engine.matrixEntropy(x, { alpha: 0 }), { code: 'BAD_NUMBER', argument: 'options.alpha' });
    await fails(engine.matrixEntropy(x, { bandwidth: -1 }), { code: 'BAD_NUMBER', argument: 'options.bandwidth' });
    // Errors name the call's own parameters, p and q.
    await fails(engine.cauchySchwarz(x, gaussianRows(30, 3, 2)), { code: 'SHAPE_MISMATCH', argument: 'q' });
    await fails(engine.cauchySchwarz([1, Number.NaN, 3], [1, 2, 3]), { code: 'NOT_FINITE', argument: 'p' });
    await fails(engine.cauchySchwarz(x, x, { bandwidth: 0 }), { code: 'BAD_NUMBER', argument: 'options.bandwidth' });
    await fails(engine.matrixMutualInformation(x, gaussianRows(29, 1, 3)), { code: 'ROW_MISMATCH', argument: 'y' });
    await fails(engine.diffusionSpectralEntropy(x, { t: 0 }), { code: 'BAD_NUMBER', argument: 'options.t' });
    await fails(engine.entropy(x, { method: 'kde', bandwidth: 0 }), { code: 'BAD_NUMBER', argument: 'options.bandwidth' });
    await fails(engine.entropy(x, { method: 'kl', bandwidth: 1 }), { code: 'UNKNOWN_OPTION', argument: 'options.bandwidth' });
    await fails(engine.matrixEntropy(gaussianRows(1600, 1, 4), { alpha: 3 }), { code: 'TOO_MANY_ROWS', argument: 'x' });
  });
});

type BoundCase = { seed: number; n: number; d: number; critic: 'cosine' | 'gaussian'; temperature: number; x: number[]; y: number[]; infonce: number; nwj: number; dv: number };
const bounds = readGolden<{ bounds: BoundCase[] }>('kernel-information.json').bounds;

describe("mutualInformation 'infonce', 'nwj', 'dv' against numpy logsumexp over the full critic matrix", () => {
  for (const c of bounds) {
    for (const method of ['infonce', 'nwj', 'dv'] as const) {
      it(`${method}, ${c.critic} critic, τ = ${c.temperature}: seed ${c.seed}, n = ${c.n}, d = ${c.d}`, async () => {
        const x = { data: c.x, rows: c.n, cols: c.d }, y = { data: c.y, rows: c.n, cols: c.d };
        const r = await engine.mutualInformation(x, y, { method, critic: c.critic, temperature: c.temperature });
        assertClose(r.value, c[method], { rtol: 1e-9, atol: 1e-12 }, method);
        expect(r).toMatchObject({ method, unit: 'nats', n: c.n });
      });
    }
  }
  it('InfoNCE never exceeds log n; on independent pairs the bound (of MI = 0) is not positive', async () => {
    const c = bounds[0];
    const x = { data: c.x, rows: c.n, cols: c.d };
    const perfect = await engine.mutualInformation(x, x, { method: 'infonce', temperature: 0.01 });
    expect(perfect.value).toBeLessThanOrEqual(Math.log(c.n) + 1e-12);
    const independent = await engine.mutualInformation(gaussianRows(400, 4, 9), gaussianRows(400, 4, 10), { method: 'infonce', temperature: 0.5 });
    // A fixed critic gives E[InfoNCE] = −E log mean_j e^{f_ij − f_ii} ≤ 0 here (Jensen); sampling noise at n = 400 is ≈ 0.02.
    expect(independent.value).toBeLessThan(0.05);
  });
  it('rejects critics on unpaired or differently shaped rows and a non-positive temperature', async () => {
    const fails = async (promise: Promise<unknown>, shape: object) => {
      const e = await promise.then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(InvalidInputError);
      expect(e).toMatchObject(shape);
    };
    await fails(engine.mutualInformation(gaussianRows(20, 2, 1), gaussianRows(20, 3, 2), { method: 'infonce' }), { code: 'SHAPE_MISMATCH', argument: 'y' });
    await fails(engine.mutualInformation(gaussianRows(20, 2, 1), gaussianRows(19, 2, 2), { method: 'dv' }), { code: 'ROW_MISMATCH', argument: 'y' });
    await fails(engine.mutualInformation(gaussianRows(20, 2, 1), gaussianRows(20, 2, 2), { method: 'nwj', temperature: 0 }), { code: 'BAD_NUMBER', argument: 'options.temperature' });
    await fails(engine.mutualInformation(gaussianRows(20, 2, 1), gaussianRows(20, 2, 2), { temperature: 2 }), { code: 'UNKNOWN_OPTION', argument: 'options.temperature' });
  });
});
