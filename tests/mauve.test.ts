/**
 * mauve and mauveFromHistograms against mauve-text itself (tests/golden/make_mauve_golden.py):
 * - the frontier, MAUVE, MAUVE* and frontier integral from mauve-text's own histograms: 1e-9;
 * - the PCA step against scikit-learn's explained-variance ratios: 1e-9, same component count;
 * - the whole pipeline on the same features: infogpu's clustering draws differ from faiss's,
 *   so the bound is mauve-text's own seed-to-seed spread (max − min over 10 seeds) + 0.03
 *   around mauve-text's mean, and infogpu's mean over the same 10 seeds must lie within
 *   3 standard errors (+ 0.01) of mauve-text's mean.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, InvalidInputError, mauveFromHistograms } from '../index.js';
import { concatRows } from '../engine/host-matrix.js';
import { principalProjection } from '../engine/pca.js';
import { assertClose } from './support/assert-close.js';
import { readGolden } from './support/golden.js';

interface DefaultSeed {
  num_buckets: number;
  p_hist: number[];
  q_hist: number[];
  p_counts: number[];
  q_counts: number[];
  mauve: number;
  frontier_integral: number;
  mauve_star: number;
  frontier_integral_star: number;
  divergence_curve: [number, number][];
}
interface FeatureCase {
  name: string;
  n: number;
  m: number;
  d: number;
  p: number[];
  q: number[];
  pca: { explained_variance_ratio: number[]; components: number };
  seeds: number[];
  mauve_by_seed: number[];
  mauve_star_by_seed: number[];
  spread: number;
  mean: number;
  default_seed: DefaultSeed;
}
interface HistogramCase {
  name: string;
  p: number[];
  q: number[];
  scaling: number;
  points: number;
  mauve: number;
  frontier_integral: number;
  divergence_curve: [number, number][];
}
const golden = readGolden<{ features: FeatureCase[]; histograms: HistogramCase[] }>('mauve.json');

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

const EXACT = { atol: 1e-9, rtol: 0 };

function expectFrontier(frontier: { x: Float64Array; y: Float64Array }, curve: [number, number][]): void {
  expect(frontier.x.length).toBe(curve.length);
  curve.forEach(([x, y], t) => {
    assertClose(frontier.x[t], x, EXACT, `frontier x[${t}]`);
    assertClose(frontier.y[t], y, EXACT, `frontier y[${t}]`);
  });
}

const features = (c: FeatureCase) => ({ p: { data: c.p, rows: c.n, cols: c.d }, q: { data: c.q, rows: c.m, cols: c.d } });
const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const sd = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1));

describe('mauveFromHistograms equals mauve-text to 1e-9', () => {
  for (const h of golden.histograms) {
    it(`${h.name} (scaling ${h.scaling}, points ${h.points})`, () => {
      const r = mauveFromHistograms(h.p, h.q, { scaling: h.scaling, points: h.points });
      assertClose(r.value, h.mauve, EXACT, 'MAUVE');
      assertClose(r.frontierIntegral, h.frontier_integral, EXACT, 'frontier integral');
      expectFrontier(r.frontier, h.divergence_curve);
    });
  }
  for (const c of golden.features) {
    it(`mauve-text's own histograms at seed 25: ${c.name}`, () => {
      const s = c.default_seed;
      const plain = mauveFromHistograms(s.p_hist, s.q_hist);
      assertClose(plain.value, s.mauve, EXACT, 'MAUVE');
      assertClose(plain.frontierIntegral, s.frontier_integral, EXACT, 'frontier integral');
      expectFrontier(plain.frontier, s.divergence_curve);
      // MAUVE*: the counts smoothed by +½.
      const star = mauveFromHistograms(s.p_counts.map((v) => v + 0.5), s.q_counts.map((v) => v + 0.5));
      assertClose(star.value, s.mauve_star, EXACT, 'MAUVE*');
      assertClose(star.frontierIntegral, s.frontier_integral_star, EXACT, 'frontier integral*');
    });
  }
  it('p = q gives 1 and frontier integral 0; disjoint supports give frontier integral 1', () => {
    expect(mauveFromHistograms([1, 2, 3], [2, 4, 6])).toMatchObject({ frontierIntegral: 0 });
    assertClose(mauveFromHistograms([1, 2, 3], [1, 2, 3]).value, 1, { atol: 1e-15 }, 'p = q');
    assertClose(mauveFromHistograms([1, 0], [0, 1]).frontierIntegral, 1, { atol: 1e-15 }, 'disjoint');
  });
});

describe('the PCA step equals scikit-learn PCA(whiten=False) on the L2-normalised rows [q; p]', () => {
  for (const c of golden.features) {
    it(c.name, () => {
      const stacked = concatRows([{ rows: c.m, cols: c.d, data: Float64Array.from(c.q) }, { rows: c.n, cols: c.d, data: Float64Array.from(c.p) }]);
      for (let i = 0; i < stacked.rows; i++) {
        const row = stacked.data.subarray(i * c.d, (i + 1) * c.d);
        const norm = Math.hypot(...row);
        for (let j = 0; j < c.d; j++) row[j] /= norm;
      }
      const pca = principalProjection(stacked, 0.9);
      expect(pca.components).toBe(c.pca.components);
      expect(pca.varianceRatios.length).toBe(c.pca.explained_variance_ratio.length);
      c.pca.explained_variance_ratio.forEach((ratio, j) => assertClose(pca.varianceRatios[j], ratio, EXACT, `ratio ${j}`));
      // Projected columns are centred and their variances are the kept eigenvalues (decreasing).
      const { rows, cols, data } = pca.projected;
      let previous = Infinity;
      for (let j = 0; j < cols; j++) {
        let s = 0, s2 = 0;
        for (let i = 0; i < rows; i++) { s += data[i * cols + j]; s2 += data[i * cols + j] ** 2; }
        expect(Math.abs(s / rows)).toBeLessThan(1e-12);
        expect(s2).toBeLessThanOrEqual(previous * (1 + 1e-12));
        previous = s2;
      }
    });
  }
});

describe("mauve on features agrees with mauve-text within its seed-to-seed spread + 0.03 (CPU)", () => {
  for (const c of golden.features) {
    it(c.name, async () => {
      const { p, q } = features(c);
      const ours: number[] = [];
      for (const seed of c.seeds) ours.push((await engine.mauve(p, q, { seed })).value);
      const r = await engine.mauve(p, q);
      expect(r.value).toBe(ours[0]); // default seed 25 = seeds[0]
      assertClose(r.value, c.mean, { atol: c.spread + 0.03 }, 'MAUVE vs mauve-text mean');
      const starSpread = Math.max(...c.mauve_star_by_seed) - Math.min(...c.mauve_star_by_seed);
      assertClose(r.star.value, mean(c.mauve_star_by_seed), { atol: starSpread + 0.03 }, 'MAUVE* vs mauve-text mean');
      const standardError = Math.sqrt((sd(ours) ** 2 + sd(c.mauve_by_seed) ** 2) / c.seeds.length);
      assertClose(mean(ours), c.mean, { atol: 3 * standardError + 0.01 }, `mean over ${c.seeds.length} seeds`);
      expect(r).toMatchObject({ method: 'kmeans', backend: 'cpu', n: c.n, m: c.m, numBuckets: c.default_seed.num_buckets, components: c.pca.components });
      expect(r.keptVariance).toBeGreaterThanOrEqual(0.9);
    });
  }
});

describe('mauve result', () => {
  const c = golden.features[1];
  it('has histograms over numBuckets bins summing to 1, frontiers of points + 2, and releases every handle', async () => {
    const { p, q } = features(c);
    const before = engine.stats().liveBytes;
    const r = await engine.mauve(p, q, { points: 10, scaling: 3, numBuckets: 17, restarts: 2 });
    expect(r.pHist.length).toBe(17);
    expect(r.qHist.length).toBe(17);
    assertClose(r.pHist.reduce((s, v) => s + v, 0), 1, { atol: 1e-12 }, 'Σ pHist');
    assertClose(r.qHist.reduce((s, v) => s + v, 0), 1, { atol: 1e-12 }, 'Σ qHist');
    expect(r.frontier.x.length).toBe(12);
    expect(r.star.frontier.y.length).toBe(12);
    // The result is mauveFromHistograms of its own histograms, with the same options.
    const again = mauveFromHistograms(r.pHist, r.qHist, { points: 10, scaling: 3 });
    assertClose(again.value, r.value, { atol: 1e-15 }, 'MAUVE');
    assertClose(again.frontierIntegral, r.frontierIntegral, { atol: 1e-15 }, 'frontier integral');
    expect(r.kmeans.restart).toBeLessThan(2);
    expect(r.warnings).toEqual([]);
    expect(engine.stats().liveBytes).toBe(before);
  });
  it('is unchanged by scaling rows (they are L2-normalised first)', async () => {
    const { p, q } = features(c);
    const scaled = (x: { data: number[]; rows: number; cols: number }) => ({ ...x, data: x.data.map((v, i) => v * (1 + (Math.floor(i / x.cols) % 7))) });
    expect((await engine.mauve(scaled(p), scaled(q), { restarts: 1 })).value).toBeCloseTo((await engine.mauve(p, q, { restarts: 1 })).value, 12);
  });
  it('warns when k-means stops at maxIter', async () => {
    const { p, q } = features(c);
    const r = await engine.mauve(p, q, { maxIter: 2, restarts: 1 });
    expect(r.kmeans).toMatchObject({ iterations: 2, converged: false });
    expect(r.warnings[0]).toMatch(/maxIter/);
  });
});

describe('mauve and mauveFromHistograms reject bad input with InvalidInputError', () => {
  async function rejection(promise: Promise<unknown>): Promise<InvalidInputError> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  const p = [[1, 0, 2], [0, 1, 1], [2, 2, 0], [1, 3, 1]];
  const q = [[0, 1, 0], [1, 1, 2], [3, 0, 1]];
  it('feature dimension mismatch', async () => {
    expect(await rejection(engine.mauve(p, [[1, 2], [3, 4]]))).toMatchObject({ code: 'SHAPE_MISMATCH', argument: 'q' });
  });
  it('fewer than 2 rows', async () => {
    expect(await rejection(engine.mauve([[1, 2, 3]], q))).toMatchObject({ code: 'TOO_FEW_ROWS', argument: 'p' });
    expect(await rejection(engine.mauve(p, [[1, 2, 3]]))).toMatchObject({ code: 'TOO_FEW_ROWS', argument: 'q' });
  });
  it('bad options', async () => {
    expect(await rejection(engine.mauve(p, q, { explainedVariance: 1 }))).toMatchObject({ code: 'BAD_NUMBER', argument: 'options.explainedVariance' });
    expect(await rejection(engine.mauve(p, q, { numBuckets: 8 }))).toMatchObject({ code: 'TOO_FEW_ROWS', argument: 'options.numBuckets' });
    expect(await rejection(engine.mauve(p, q, { numBuckets: 0 }))).toMatchObject({ code: 'BAD_INTEGER', argument: 'options.numBuckets' });
    expect(await rejection(engine.mauve(p, q, { restarts: 1.5 }))).toMatchObject({ code: 'BAD_INTEGER', argument: 'options.restarts' });
    expect(await rejection(engine.mauve(p, q, { scaling: 0 }))).toMatchObject({ code: 'BAD_NUMBER', argument: 'options.scaling' });
    expect(await rejection(engine.mauve(p, q, { seed: -1 }))).toMatchObject({ code: 'BAD_INTEGER', argument: 'options.seed' });
    expect(await rejection(engine.mauve(p, q, { k: 3 } as object))).toMatchObject({ code: 'UNKNOWN_OPTION', argument: 'options.k' });
  });
  it('rows that all point the same way', async () => {
    expect(await rejection(engine.mauve([[1, 1], [2, 2]], [[3, 3], [0.5, 0.5]]))).toMatchObject({ code: 'ESTIMATE_UNDEFINED' });
  });
  it('an aborted signal rejects with its reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(engine.mauve(p, q, { signal: controller.signal })).rejects.toThrow('stop');
  });
  it('histograms: length mismatch, negative, non-finite, all zero, bad points', () => {
    const code = (f: () => unknown) => { try { f(); } catch (e) { expect(e).toBeInstanceOf(InvalidInputError); return (e as InvalidInputError).code; } return undefined; };
    expect(code(() => mauveFromHistograms([1, 2], [1, 2, 3]))).toBe('SHAPE_MISMATCH');
    expect(code(() => mauveFromHistograms([1, -2], [1, 2]))).toBe('NEGATIVE_PROBABILITY');
    expect(code(() => mauveFromHistograms([1, NaN], [1, 2]))).toBe('NOT_FINITE');
    expect(code(() => mauveFromHistograms([0, 0], [1, 2]))).toBe('BAD_COUNTS');
    expect(code(() => mauveFromHistograms([], []))).toBe('EMPTY_INPUT');
    expect(code(() => mauveFromHistograms([1, 2], [2, 1], { points: 0 }))).toBe('BAD_INTEGER');
  });
});
