import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, sampleCorrelatedGaussian } from '../index.js';
import { assertClose } from './support/assert-close.js';
import { readGolden } from './support/golden.js';

interface SklearnCase { seed: number; n: number; rho: number; k: number; offset: number; x: number[]; y: number[]; clipped: number; raw: number }
interface ScipyCase { seed: number; n: number; k: number; dx: number; dy: number; x: number[]; y: number[]; ksg1: number; ksg2: number }
const golden = readGolden<{ ksg1_sklearn: SklearnCase[]; ksg_scipy: ScipyCase[] }>('knn-estimators.json');

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

describe('mutualInformation ksg1 against scikit-learn _compute_mi_cc (tests/golden/make_knn_golden.py)', () => {
  for (const c of golden.ksg1_sklearn) {
    it(`seed ${c.seed}: n = ${c.n}, ρ = ${c.rho}, k = ${c.k}, offset ${c.offset}`, async () => {
      const r = await engine.mutualInformation(c.x, c.y, { k: c.k });
      // Same neighbour counts as scikit-learn ⇒ equal up to float64 summation order.
      assertClose(r.value, c.raw, { atol: 1e-9 }, 'raw KSG1');
      assertClose(Math.max(0, r.value), c.clipped, { atol: 1e-9 }, 'clipped as scikit-learn');
      expect(r).toMatchObject({ unit: 'nats', method: 'ksg1', backend: 'cpu', n: c.n, k: c.k });
    });
  }
});

describe('mutualInformation ksg1/ksg2 for multivariate x, y against a scipy cKDTree implementation', () => {
  for (const c of golden.ksg_scipy) {
    it(`seed ${c.seed}: n = ${c.n}, dx = ${c.dx}, dy = ${c.dy}, k = ${c.k}`, async () => {
      const x = { data: c.x, rows: c.n, cols: c.dx };
      const y = { data: c.y, rows: c.n, cols: c.dy };
      assertClose((await engine.mutualInformation(x, y, { k: c.k, method: 'ksg1' })).value, c.ksg1, { atol: 1e-9 }, 'ksg1');
      assertClose((await engine.mutualInformation(x, y, { k: c.k, method: 'ksg2' })).value, c.ksg2, { atol: 1e-9 }, 'ksg2');
    });
  }
});

describe('mutualInformation against the Gaussian closed form −½ log(1 − ρ²)', () => {
  // n = 4,000: the KSG estimators' standard deviation on bivariate Gaussians is about
  // 0.01 nats here and their bias below 0.01 for ρ ≤ 0.9 (Kraskov et al. 2004, Fig. 4);
  // the bound 0.04 nats is ~3σ plus the bias.
  const n = 4000;
  for (const rho of [0, 0.5, 0.8, 0.9]) {
    for (const k of [3, 5, 10]) {
      for (const method of ['ksg1', 'ksg2'] as const) {
        it(`${method}, ρ = ${rho}, k = ${k}`, async () => {
          const s = sampleCorrelatedGaussian(n, rho, 100 + k);
          const r = await engine.mutualInformation(s.x, s.y, { k, method });
          assertClose(r.value, s.mutualInformation, { atol: 0.04 }, `MI(ρ=${rho})`);
        });
      }
    }
  }

  it('reports bits with base: 2 (value / ln 2)', async () => {
    const s = sampleCorrelatedGaussian(1000, 0.7, 3);
    const nats = await engine.mutualInformation(s.x, s.y);
    const bits = await engine.mutualInformation(s.x, s.y, { base: 2 });
    expect(bits.unit).toBe('bits');
    assertClose(bits.value, nats.value / Math.LN2, { rtol: 1e-12 }, 'bits');
  });

  it('is unchanged by an offset of 10⁴ and by swapping x and y', async () => {
    const s = sampleCorrelatedGaussian(1000, 0.6, 4);
    const base = (await engine.mutualInformation(s.x, s.y)).value;
    const shifted = (await engine.mutualInformation(s.x.map((v) => v + 1e4), s.y.map((v) => v - 1e4))).value;
    const swapped = (await engine.mutualInformation(s.y, s.x)).value;
    assertClose(shifted, base, { atol: 1e-12 }, 'offset');
    assertClose(swapped, base, { atol: 1e-12 }, 'swap');
  });
});

describe('mutualInformation warns about constant columns', () => {
  it('names the constant column of x for KSG and stays silent otherwise', async () => {
    const { x, y } = sampleCorrelatedGaussian(200, 0.5, 12);
    const rows = Array.from(x, (v) => [v, 4]);
    const warned = await engine.mutualInformation(rows, y);
    expect(warned.warnings.some((w) => w.includes('column 1 of x is constant'))).toBe(true);
    const clean = await engine.mutualInformation(x, y);
    expect(clean.warnings).toEqual([]);
  });
});
