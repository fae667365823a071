/**
 * mmd, energyDistance and hsic on the float64 CPU engine: against full n×n Gram matrices
 * in numpy float64 (tests/golden/make_kernel_golden.py, incl. data offset by 10³, seeded
 * permutation p-values and the seeded 'median' subsample), against closed forms, and
 * the InvalidInputError cases.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, InvalidInputError, type KernelName } from '../index.js';
import { CounterRandom } from '../engine/random.js';
import { assertClose } from './support/assert-close.js';
import { readGolden } from './support/golden.js';

type Spec = number[] | 'median' | null;
interface MmdCase {
  seed: number; n: number; m: number; d: number; offset: number; kernel: KernelName; bandwidth: Spec; degree: number; coef0: number;
  sigmas: number[]; x: number[]; y: number[]; unbiased: number; biased: number; linear: number;
  permutations?: number; permutation_seed?: number; p_values?: Record<'unbiased' | 'biased' | 'linear', number>;
}
interface EnergyCase {
  seed: number; n: number; m: number; d: number; offset: number; x: number[]; y: number[]; biased: number; unbiased: number;
  scipy_squared?: number; permutations?: number; permutation_seed?: number; p_value?: number;
}
interface HsicCase {
  seed: number; n: number; dx: number; dy: number; offset: number; kernel: KernelName; bandwidth_x: Spec; bandwidth_y: Spec;
  sigmas_x: number[]; sigmas_y: number[]; x: number[]; y: number[]; biased: number; unbiased: number;
  permutations?: number; permutation_seed?: number; p_values?: Record<'biased' | 'unbiased', number>;
}
interface MedianCase { seed: number; rows: number; d: number; random_seed: number; z: number[]; median: number }
const golden = readGolden<{ mmd: MmdCase[]; energy: EnergyCase[]; hsic: HsicCase[]; median: MedianCase[] }>('kernel-statistics.json');

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

/** Relative to the statistic's scale: same float64 kernel values, another summation order. */
const FLOAT64 = { atol: 1e-12, rtol: 1e-9 };

const bandwidthOption = (spec: Spec) => (spec === null ? {} : { bandwidth: spec });

describe('mmd against numpy float64 Gram matrices', () => {
  for (const c of golden.mmd) {
    for (const estimator of ['unbiased', 'biased', 'linear'] as const) {
      it(`${estimator}, ${c.kernel} σ = ${JSON.stringify(c.bandwidth)}: seed ${c.seed}, n = ${c.n}, m = ${c.m}, d = ${c.d}, offset ${c.offset}`, async () => {
        const x = { data: c.x, rows: c.n, cols: c.d }, y = { data: c.y, rows: c.m, cols: c.d };
        const polynomial = c.kernel === 'polynomial' ? { degree: c.degree, coef0: c.coef0 } : {};
        const permutations = c.permutations ? { permutations: c.permutations, seed: c.permutation_seed } : {};
        const r = await engine.mmd(x, y, { kernel: c.kernel, estimator, ...bandwidthOption(c.bandwidth), ...polynomial, ...permutations });
        assertClose(r.value, c[estimator], FLOAT64, 'MMD²');
        expect(r).toMatchObject({ measure: 'mmd', method: estimator, kernel: c.kernel, backend: 'cpu', n: c.n, m: c.m, interval: null, warnings: [] });
        r.bandwidths.x.forEach((s, i) => assertClose(s, c.sigmas[i], { rtol: 1e-12 }, 'σ'));
        expect(r.bandwidths.y).toEqual(r.bandwidths.x);
        expect(r.pValue).toBe(c.p_values ? c.p_values[estimator] : null);
      });
    }
  }
});

describe('energyDistance against numpy float64 distance matrices and scipy', () => {
  for (const c of golden.energy) {
    it(`seed ${c.seed}, n = ${c.n}, m = ${c.m}, d = ${c.d}, offset ${c.offset}`, async () => {
      const x = { data: c.x, rows: c.n, cols: c.d }, y = { data: c.y, rows: c.m, cols: c.d };
      const permutations = c.permutations ? { permutations: c.permutations, seed: c.permutation_seed } : {};
      const biased = await engine.energyDistance(x, y, permutations);
      const unbiased = await engine.energyDistance(x, y, { estimator: 'unbiased' });
      assertClose(biased.value, c.biased, FLOAT64, 'V-statistic');
      assertClose(unbiased.value, c.unbiased, FLOAT64, 'U-statistic');
      if (c.scipy_squared !== undefined) assertClose(biased.value, c.scipy_squared, FLOAT64, 'scipy energy_distance²');
      expect(biased).toMatchObject({ measure: 'energy-distance', method: 'biased', kernel: 'distance', bandwidths: { x: [], y: [] }, n: c.n, m: c.m });
      expect(biased.pValue).toBe(c.p_value ?? null);
    });
  }
});

describe('hsic against numpy float64 Gram matrices', () => {
  for (const c of golden.hsic) {
    it(`${c.kernel} σx = ${JSON.stringify(c.bandwidth_x)}, σy = ${JSON.stringify(c.bandwidth_y)}: seed ${c.seed}, n = ${c.n}, offset ${c.offset}`, async () => {
      const x = { data: c.x, rows: c.n, cols: c.dx }, y = { data: c.y, rows: c.n, cols: c.dy };
      const bandwidths = c.kernel === 'linear' ? {} : { bandwidthX: c.bandwidth_x ?? undefined, bandwidthY: c.bandwidth_y ?? undefined };
      const permutations = c.permutations ? { permutations: c.permutations } : {};
      for (const estimator of ['biased', 'unbiased'] as const) {
        const r = await engine.hsic(x, y, { kernel: c.kernel, estimator, seed: 3, ...bandwidths, ...permutations });
        // The biased form cancels three terms of size n²·k̄·l̄: relative error ~1e-16·n².
        assertClose(r.value, c[estimator], { atol: 1e-11, rtol: 1e-8 }, `HSIC ${estimator}`);
        expect(r).toMatchObject({ measure: 'hsic', method: estimator, kernel: c.kernel, n: c.n, m: c.n });
        r.bandwidths.x.forEach((s, i) => assertClose(s, c.sigmas_x[i], { rtol: 1e-12 }, 'σx'));
        r.bandwidths.y.forEach((s, i) => assertClose(s, c.sigmas_y[i], { rtol: 1e-12 }, 'σy'));
        expect(r.pValue).toBe(c.p_values ? c.p_values[estimator] : null);
      }
    });
  }
});

describe("'median' bandwidth past 1,000 rows: the seeded subsample", () => {
  for (const c of golden.median) {
    it(`${c.rows} rows, d = ${c.d}, seed ${c.random_seed}`, async () => {
      const split = 600;
      const x = { data: c.z.slice(0, split * c.d), rows: split, cols: c.d };
      const y = { data: c.z.slice(split * c.d), rows: c.rows - split, cols: c.d };
      const r = await engine.mmd(x, y, { estimator: 'linear', seed: c.random_seed });
      assertClose(r.bandwidths.x[0], c.median, { rtol: 1e-12 }, 'median distance');
    });
  }
});

/** rows × d draws of N(mean, s²I). */
function normalRows(rows: number, d: number, mean: number, s: number, seed: number) {
  const r = new CounterRandom(seed, 21);
  return { data: Float64Array.from({ length: rows * d }, (_, i) => mean + s * r.normal(i)), rows, cols: d };
}

describe('closed forms', () => {
  it('linear-kernel biased MMD² = ‖x̄ − ȳ‖² exactly, and the unbiased one estimates ‖μx − μy‖²', async () => {
    const x = normalRows(900, 3, 1e3, 1, 1), y = normalRows(700, 3, 1e3 + 0.2, 1, 2);
    const means = (m: typeof x) => [0, 1, 2].map((c) => { let s = 0; for (let i = 0; i < m.rows; i++) s += m.data[i * 3 + c]; return s / m.rows; });
    const [mx, my] = [means(x), means(y)];
    const gap = mx.reduce((s, v, c) => s + (v - my[c]) ** 2, 0);
    assertClose((await engine.mmd(x, y, { kernel: 'linear', estimator: 'biased' })).value, gap, { atol: 1e-12 }, 'biased');
    // U-statistic = ‖x̄ − ȳ‖² − tr Σ̂x/n − tr Σ̂y/m (unbiased sample covariances).
    const trace = (m: typeof x, mean: number[]) => { let s = 0; for (let i = 0; i < m.rows; i++) for (let c = 0; c < 3; c++) s += (m.data[i * 3 + c] - mean[c]) ** 2; return s / (m.rows - 1); };
    assertClose((await engine.mmd(x, y, { kernel: 'linear' })).value, gap - trace(x, mx) / 900 - trace(y, my) / 700, { atol: 1e-12 }, 'unbiased');
  });

  it('Gaussian-kernel MMD² between N(0, I) and N(δ, I) (d = 2, σ = 1): 2(σ²/(σ²+2))^{d/2}(1 − e^{−‖δ‖²/(2(σ²+2))}) within 4 standard errors', async () => {
    const d = 2, delta = 0.5, sigma = 1;
    const truth = 2 * (sigma ** 2 / (sigma ** 2 + 2)) ** (d / 2) * (1 - Math.exp(-(d * delta ** 2) / (2 * (sigma ** 2 + 2))));
    const values = [];
    for (let seed = 0; seed < 4; seed++) {
      values.push((await engine.mmd(normalRows(600, d, 0, 1, 10 + seed), normalRows(600, d, delta, 1, 20 + seed), { bandwidth: sigma })).value);
    }
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    expect(Math.abs(mean - truth)).toBeLessThan(4 * Math.max(sd, 0.002) / Math.sqrt(values.length));
  });

  it('linear-kernel biased HSIC = ‖(1/n) X̃ᵀỸ‖²_F (squared Frobenius norm of the cross-covariance)', async () => {
    const x = normalRows(500, 2, 1e3, 1, 3), yBase = normalRows(500, 2, 0, 1, 4);
    const y = { ...yBase, data: yBase.data.map((v, i) => v + 0.5 * x.data[i] - 1e3) };
    const centred = (m: typeof x) => { const out = Float64Array.from(m.data); for (let c = 0; c < 2; c++) { let s = 0; for (let i = 0; i < 500; i++) s += m.data[i * 2 + c]; for (let i = 0; i < 500; i++) out[i * 2 + c] -= s / 500; } return out; };
    const [xc, yc] = [centred(x), centred(y)];
    let frobenius = 0;
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) { let s = 0; for (let i = 0; i < 500; i++) s += xc[i * 2 + a] * yc[i * 2 + b]; frobenius += (s / 500) ** 2; }
    assertClose((await engine.hsic(x, y, { kernel: 'linear' })).value, frobenius, { atol: 1e-12, rtol: 1e-10 }, 'HSIC');
  });

  it('independent samples give uniform-looking p-values; dependent ones small p-values', async () => {
    const x = normalRows(150, 1, 0, 1, 30), noise = normalRows(150, 1, 0, 1, 31);
    const dependent = { ...noise, data: noise.data.map((v, i) => 0.6 * x.data[i] + 0.8 * v) };
    expect((await engine.hsic(x, dependent, { permutations: 99, seed: 1 })).pValue).toBe(0.01);
    expect((await engine.mmd(x, normalRows(150, 1, 0.8, 1, 32), { permutations: 99 })).pValue).toBe(0.01);
    const nullP = (await engine.mmd(x, normalRows(150, 1, 0, 1, 33), { permutations: 99, seed: 2 })).pValue!;
    expect(nullP).toBeGreaterThan(0.05);
  });

  it('the same seed gives the same value and p-value', async () => {
    const x = normalRows(80, 2, 0, 1, 40), y = normalRows(70, 2, 0.2, 1, 41);
    const a = await engine.mmd(x, y, { permutations: 50, seed: 5 });
    const b = await engine.mmd(x, y, { permutations: 50, seed: 5 });
    expect(a.pValue).toBe(b.pValue);
    expect(a.value).toBe(b.value);
  });

  it('a subsampling interval brackets the estimate', async () => {
    const r = await engine.mmd(normalRows(200, 2, 0, 1, 42), normalRows(200, 2, 0.6, 1, 43), { interval: { subsamples: 20 } });
    expect(r.interval!.lower).toBeLessThan(r.value);
    expect(r.interval!.upper).toBeGreaterThan(r.value);
  });
});

describe('InvalidInputError', () => {
  const x = normalRows(20, 2, 0, 1, 50), y = normalRows(20, 2, 0, 1, 51);
  const rejects = async (call: Promise<unknown>, code: string, argument: string) => {
    const error = await call.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code, argument });
  };

  it('non-positive or non-finite bandwidth', async () => {
    await rejects(engine.mmd(x, y, { bandwidth: 0 }), 'BAD_NUMBER', 'options.bandwidth');
    await rejects(engine.mmd(x, y, { bandwidth: [1, -2] }), 'BAD_NUMBER', 'options.bandwidth');
    await rejects(engine.mmd(x, y, { bandwidth: [] }), 'BAD_NUMBER', 'options.bandwidth');
    await rejects(engine.hsic(x, y, { bandwidthY: Number.NaN }), 'BAD_NUMBER', 'options.bandwidthY');
  });

  it("'median' of repeated rows is 0", async () => {
    const same = { data: new Float64Array(40).fill(2), rows: 20, cols: 2 };
    await rejects(engine.mmd(same, same), 'ZERO_DISTANCE', 'options.bandwidth');
  });

  it('dimension and row mismatches', async () => {
    await rejects(engine.mmd(x, normalRows(20, 3, 0, 1, 52)), 'SHAPE_MISMATCH', 'y');
    await rejects(engine.energyDistance(x, normalRows(20, 1, 0, 1, 52)), 'SHAPE_MISMATCH', 'y');
    await rejects(engine.hsic(x, normalRows(19, 1, 0, 1, 52)), 'ROW_MISMATCH', 'y');
  });

  it('too few rows: linear MMD with < 2 rows, unbiased with < 2, unbiased HSIC with < 4', async () => {
    await rejects(engine.mmd([1], [2, 3], { estimator: 'linear', bandwidth: 1 }), 'TOO_FEW_ROWS', 'x');
    await rejects(engine.mmd([1, 2, 3], [2], { estimator: 'unbiased', bandwidth: 1 }), 'TOO_FEW_ROWS', 'y');
    await rejects(engine.hsic([1, 2, 3], [1, 2, 4], { estimator: 'unbiased' }), 'TOO_FEW_ROWS', 'x');
  });

  it('options that do not apply', async () => {
    await rejects(engine.mmd(x, y, { kernel: 'linear', bandwidth: 1 }), 'UNKNOWN_OPTION', 'options.bandwidth');
    await rejects(engine.mmd(x, y, { degree: 2 }), 'UNKNOWN_OPTION', 'options.degree');
    await rejects(engine.mmd(x, y, { kernel: 'polynomial', degree: 1.5 }), 'BAD_INTEGER', 'options.degree');
    await rejects(engine.mmd(x, y, { kernel: 'cosine' as KernelName }), 'UNKNOWN_OPTION', 'options.kernel');
    await rejects(engine.mmd(x, y, { estimator: 'v' as 'biased' }), 'UNKNOWN_METHOD', 'options.estimator');
    await rejects(engine.energyDistance(x, y, { bandwidth: 1 } as object), 'UNKNOWN_OPTION', 'options.bandwidth');
  });
});
