import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, InvalidInputError, type DivergenceMeasure } from '../index.js';
import { assertClose } from './support/assert-close.js';
import { gaussianRows } from './support/gaussian-samples.js';
import { readGolden } from './support/golden.js';

type GoldenKey = 'kl' | 'cross_entropy' | 'renyi' | 'tsallis' | 'bhattacharyya' | 'hellinger' | 'l2' | 'js';
type NnRatioKey = 'kl' | 'js' | 'renyi' | 'tsallis' | 'bhattacharyya' | 'hellinger';
interface NnRatioGolden { ensemble_ks: number[]; single: Record<NnRatioKey, number>; ensemble: Record<NnRatioKey, number> }
type DivergenceCase = { seed: number; n: number; m: number; d: number; k: number; l: number; alpha: number; p: number[]; q: number[]; nn_ratio: NnRatioGolden } & Record<GoldenKey, number>;
const golden = readGolden<{ divergences: DivergenceCase[] }>('knn-divergences.json');

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

describe('divergence against the scipy cKDTree implementations (tests/golden/make_knn_divergence_golden.py)', () => {
  const measures: [DivergenceMeasure, GoldenKey][] = [
    ['kl', 'kl'], ['cross-entropy', 'cross_entropy'], ['renyi', 'renyi'], ['tsallis', 'tsallis'],
    ['bhattacharyya', 'bhattacharyya'], ['hellinger', 'hellinger'], ['l2', 'l2'], ['js', 'js'],
  ];
  for (const c of golden.divergences) {
    for (const [measure, key] of measures) {
      it(`${measure}: seed ${c.seed}, n = ${c.n}, m = ${c.m}, d = ${c.d}, k = ${c.k}`, async () => {
        const p = { data: c.p, rows: c.n, cols: c.d };
        const q = { data: c.q, rows: c.m, cols: c.d };
        const options = {
          measure,
          k: c.k,
          ...(measure === 'kl' || measure === 'cross-entropy' ? { l: c.l } : {}),
          ...(measure === 'renyi' || measure === 'tsallis' ? { alpha: c.alpha } : {}),
        };
        const r = await engine.divergence(p, q, options);
        // Same neighbour distances in float64; only the summation order differs.
        assertClose(r.value, c[key], { atol: 1e-9, rtol: 1e-9 }, measure);
        expect(r).toMatchObject({ measure, method: 'knn', backend: 'cpu', n: c.n, m: c.m, k: c.k });
        expect(r.unit).toBe(['tsallis', 'hellinger', 'l2'].includes(measure) ? null : 'nats');
      });
    }
  }
});

describe("divergence method 'nn-ratio' against the scipy cKDTree implementation", () => {
  for (const c of golden.divergences) {
    for (const measure of ['kl', 'js', 'renyi', 'tsallis', 'bhattacharyya', 'hellinger'] as const) {
      it(`${measure}: seed ${c.seed}, one k and the default ensemble ${c.nn_ratio.ensemble_ks.join(',')}`, async () => {
        const p = { data: c.p, rows: c.n, cols: c.d };
        const q = { data: c.q, rows: c.m, cols: c.d };
        const alpha = measure === 'renyi' || measure === 'tsallis' ? { alpha: c.alpha } : {};
        const kMax = c.nn_ratio.ensemble_ks[c.nn_ratio.ensemble_ks.length - 1];
        const single = await engine.divergence(p, q, { method: 'nn-ratio', measure, k: kMax, ...alpha });
        const ensemble = await engine.divergence(p, q, { method: 'nn-ratio', measure, ...alpha });
        assertClose(single.value, c.nn_ratio.single[measure], { atol: 1e-9, rtol: 1e-9 }, 'one k');
        assertClose(ensemble.value, c.nn_ratio.ensemble[measure], { atol: 1e-9, rtol: 1e-9 }, 'ensemble');
        expect(ensemble).toMatchObject({ method: 'nn-ratio', measure, k: kMax });
      });
    }
  }
});

describe("divergence method 'nn-ratio' (default ensemble) against Gaussian closed forms, N(0, I) vs N(μ = 0.5, I), n = m = 4,000", () => {
  // Bounds are |bias| + 4·sd, measured over 12 seeds at this n.
  const n = 4000, mu = 0.5;
  const bounds = { 1: { kl: 0.08, renyi: 0.16, bhattacharyya: 0.02, hellinger: 0.02 }, 2: { kl: 0.13, renyi: 0.35, bhattacharyya: 0.03, hellinger: 0.03 } } as const;
  for (const d of [1, 2] as const) {
    it(`d = ${d}: KL dμ²/2, Rényi-2 dμ², Bhattacharyya dμ²/8, Hellinger² 1 − e^{−dμ²/8}`, async () => {
      const p = gaussianRows(n, d, 11), q = gaussianRows(n, d, 12, mu, 1);
      const truth = { kl: (d * mu * mu) / 2, renyi: d * mu * mu, bhattacharyya: (d * mu * mu) / 8, hellinger: 1 - Math.exp((-d * mu * mu) / 8) };
      for (const measure of ['kl', 'renyi', 'bhattacharyya', 'hellinger'] as const) {
        const r = await engine.divergence(p, q, { method: 'nn-ratio', measure });
        assertClose(r.value, truth[measure], { atol: bounds[d][measure] }, measure);
      }
    });
  }
});

describe('divergence against Gaussian closed forms (n = m = 4,000, k = 5)', () => {
  // Bounds are |bias| + 4·sd, bias and sd measured over 12 seeds at this n and k.
  const n = 4000, k = 5, mu = 0.5;
  for (const d of [1, 2]) {
    it(`KL(N(0, I) ‖ N(μ, 1.3² I)) = d·log s + d(1 + μ²)/(2s²) − d/2, d = ${d}`, async () => {
      const s = 1.3;
      const truth = d * Math.log(s) + (d * (1 + mu * mu)) / (2 * s * s) - d / 2;
      const r = await engine.divergence(gaussianRows(n, d, 1), gaussianRows(n, d, 2, mu, s), { k });
      assertClose(r.value, truth, { atol: d === 1 ? 0.08 : 0.1 }, 'KL');
      const cross = await engine.divergence(gaussianRows(n, d, 1), gaussianRows(n, d, 2, mu, s), { k, measure: 'cross-entropy' });
      // H(p, q) = KL(p‖q) + H(p): the same neighbour distances, so the identity holds up to the entropy estimate.
      const hp = await engine.entropy(gaussianRows(n, d, 1), { k });
      assertClose(cross.value - hp.value, r.value, { atol: 0.01 }, 'H(p,q) − H(p)');
    });
    it(`Rényi-2, Bhattacharyya and Hellinger between N(0, I) and N(μ, I): αdμ²/2, dμ²/8, 1 − e^{−dμ²/8}, d = ${d}`, async () => {
      const p = gaussianRows(n, d, 3), q = gaussianRows(n, d, 4, mu, 1);
      assertClose((await engine.divergence(p, q, { k, measure: 'renyi', alpha: 2 })).value, d * mu * mu, { atol: d === 1 ? 0.13 : 0.17 }, 'Rényi-2');
      assertClose((await engine.divergence(p, q, { k, measure: 'bhattacharyya' })).value, (d * mu * mu) / 8, { atol: 0.025 }, 'Bhattacharyya');
      assertClose((await engine.divergence(p, q, { k, measure: 'hellinger' })).value, 1 - Math.exp((-d * mu * mu) / 8), { atol: 0.025 }, 'Hellinger²');
    });
  }
  it('L2: ∫(p − q)² = (1 − e^{−μ²/4})/√π for N(0, 1) and N(μ = 1, 1)', async () => {
    const r = await engine.divergence(gaussianRows(n, 1, 5), gaussianRows(n, 1, 6, 1, 1), { k, measure: 'l2' });
    assertClose(r.value, (1 - Math.exp(-0.25)) / Math.sqrt(Math.PI), { atol: 0.045 }, 'L2²');
  });
  it('JS of a sample with itself shifted by 0 is near 0, and lies in [0, log 2] for well-separated samples', async () => {
    const same = await engine.divergence(gaussianRows(n, 1, 7), gaussianRows(n, 1, 8), { k, measure: 'js' });
    assertClose(same.value, 0, { atol: 0.02 }, 'JS(p, p)');
    const far = await engine.divergence(gaussianRows(n, 1, 7), gaussianRows(n, 1, 8, 20, 1), { k, measure: 'js' });
    assertClose(far.value, Math.log(2), { atol: 0.02 }, 'JS of disjoint supports');
  });
});

describe('divergence input errors', () => {
  const p = gaussianRows(50, 2, 1), q = gaussianRows(40, 2, 2);
  const rejects = async (promise: Promise<unknown>, shape: object) => {
    const e = await promise.then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e).toMatchObject(shape);
  };
  it('dimension mismatch between p and q', () => rejects(engine.divergence(p, gaussianRows(40, 3, 2)), { code: 'SHAPE_MISMATCH', argument: 'q' }));
  it('α ≤ 0, α = 1, α outside (1 − k, k + 1)', async () => {
    await rejects(engine.divergence(p, q, { measure: 'renyi', alpha: 0 }), { code: 'BAD_NUMBER', argument: 'options.alpha' });
    await rejects(engine.divergence(p, q, { measure: 'tsallis', alpha: -1 }), { code: 'BAD_NUMBER', argument: 'options.alpha' });
    await rejects(engine.divergence(p, q, { measure: 'renyi', alpha: 1 }), { code: 'BAD_NUMBER', argument: 'options.alpha' });
    await rejects(engine.divergence(p, q, { measure: 'renyi', alpha: 4, k: 3 }), { code: 'BAD_NUMBER', argument: 'options.alpha' });
    await rejects(engine.entropy(p, { method: 'renyi', alpha: 1 }), { code: 'BAD_NUMBER', argument: 'options.alpha' });
    await rejects(engine.entropy(p, { method: 'tsallis', alpha: 0 }), { code: 'BAD_NUMBER', argument: 'options.alpha' });
  });
  it('options that do not apply to the measure', async () => {
    await rejects(engine.divergence(p, q, { measure: 'kl', alpha: 2 }), { code: 'UNKNOWN_OPTION', argument: 'options.alpha' });
    await rejects(engine.divergence(p, q, { measure: 'hellinger', base: 2 }), { code: 'UNKNOWN_OPTION', argument: 'options.base' });
    await rejects(engine.divergence(p, q, { measure: 'renyi', l: 2 }), { code: 'UNKNOWN_OPTION', argument: 'options.l' });
    await rejects(engine.divergence(p, q, { measure: 'l2', k: 1 }), { code: 'BAD_INTEGER', argument: 'options.k' });
    await rejects(engine.divergence(p, q, { measure: 'chi2' as 'kl' }), { code: 'UNKNOWN_OPTION', argument: 'options.measure' });
  });
  it("nn-ratio: measures it does not estimate, k together with ensemble, bad ensembles", async () => {
    await rejects(engine.divergence(p, q, { method: 'nn-ratio', measure: 'l2' }), { code: 'UNKNOWN_OPTION', argument: 'options.measure' });
    await rejects(engine.divergence(p, q, { method: 'nn-ratio', k: 3, ensemble: [2, 4] }), { code: 'UNKNOWN_OPTION', argument: 'options.k' });
    await rejects(engine.divergence(p, q, { method: 'nn-ratio', ensemble: [3] }), { code: 'BAD_INTEGER', argument: 'options.ensemble' });
    await rejects(engine.divergence(p, q, { method: 'nn-ratio', ensemble: [3, 3] }), { code: 'BAD_INTEGER', argument: 'options.ensemble' });
    await rejects(engine.divergence(p, q, { method: 'knn', ensemble: [3, 5] }), { code: 'UNKNOWN_OPTION', argument: 'options.ensemble' });
    await rejects(engine.divergence(p, q, { method: 'mmd' as 'knn' }), { code: 'UNKNOWN_METHOD', argument: 'options.method' });
  });
  it('too few rows in p or q', async () => {
    await rejects(engine.divergence(gaussianRows(3, 2, 1), q, { k: 3 }), { code: 'TOO_FEW_ROWS', argument: 'p' });
    await rejects(engine.divergence(p, gaussianRows(2, 2, 1), { k: 3 }), { code: 'TOO_FEW_ROWS', argument: 'q' });
  });
  it('bits for logarithmic measures', async () => {
    const nats = await engine.divergence(p, q);
    const bits = await engine.divergence(p, q, { base: 2 });
    assertClose(bits.value, nats.value / Math.LN2, { rtol: 1e-12 }, 'bits');
    expect(bits.unit).toBe('bits');
  });
});
