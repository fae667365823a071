import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, CounterRandom } from '../index.js';
import { assertClose } from './support/assert-close.js';
import { readGolden } from './support/golden.js';

interface EntropyCase { seed: number; n: number; d: number; k: number; x: number[]; entropy: number }
const golden = readGolden<{ entropy_scipy: EntropyCase[] }>('knn-estimators.json');

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

describe('entropy (Kozachenko–Leonenko) against scipy cKDTree + scipy.special (tests/golden/make_knn_golden.py)', () => {
  for (const c of golden.entropy_scipy) {
    it(`seed ${c.seed}: n = ${c.n}, d = ${c.d}, k = ${c.k}`, async () => {
      const r = await engine.entropy({ data: c.x, rows: c.n, cols: c.d }, { k: c.k });
      assertClose(r.value, c.entropy, { atol: 1e-9 }, 'entropy');
      expect(r).toMatchObject({ unit: 'nats', method: 'kl', backend: 'cpu', n: c.n, k: c.k });
    });
  }
});

describe('entropy against the Gaussian closed form ½ log((2πe)^d · Π σ_c²)', () => {
  // n = 4,000: the KL estimator's standard deviation is about 0.02·√d nats and its bias
  // for Gaussians in d ≤ 3 below 0.02 (Kraskov et al. 2004); bound 0.06 nats.
  const n = 4000;
  for (const d of [1, 2, 3]) {
    for (const k of [1, 3, 5]) {
      it(`d = ${d}, k = ${k}`, async () => {
        const r = new CounterRandom(40 + d, k);
        const scales = Array.from({ length: d }, (_, c) => 0.5 + c);
        const data = new Float64Array(n * d);
        for (let i = 0; i < n * d; i++) data[i] = scales[i % d] * r.normal(i);
        const truth = 0.5 * d * Math.log(2 * Math.PI * Math.E) + scales.reduce((s, v) => s + Math.log(v), 0);
        assertClose((await engine.entropy({ data, rows: n, cols: d }, { k })).value, truth, { atol: 0.06 }, 'H');
      });
    }
  }

  it('reports bits with base: 2 and keeps negative entropies (no clipping)', async () => {
    const r = new CounterRandom(9);
    const narrow = Array.from({ length: 2000 }, (_, i) => 0.01 * r.normal(i));
    const nats = await engine.entropy(narrow);
    const bits = await engine.entropy(narrow, { base: 2 });
    expect(nats.value).toBeLessThan(0);
    assertClose(bits.value, nats.value / Math.LN2, { rtol: 1e-12 }, 'bits');
  });
});

interface RenyiCase { seed: number; n: number; d: number; k: number; alpha: number; x: number[]; renyi: number; tsallis: number }
const renyiGolden = readGolden<{ renyi_entropy: RenyiCase[] }>('knn-divergences.json');

describe('Rényi and Tsallis entropies (Leonenko–Pronzato–Savani) against scipy (tests/golden/make_knn_divergence_golden.py)', () => {
  for (const c of renyiGolden.renyi_entropy) {
    it(`seed ${c.seed}: n = ${c.n}, d = ${c.d}, k = ${c.k}, α = ${c.alpha}`, async () => {
      const x = { data: c.x, rows: c.n, cols: c.d };
      const renyi = await engine.entropy(x, { method: 'renyi', k: c.k, alpha: c.alpha });
      const tsallis = await engine.entropy(x, { method: 'tsallis', k: c.k, alpha: c.alpha });
      assertClose(renyi.value, c.renyi, { atol: 1e-9, rtol: 1e-9 }, 'Rényi');
      assertClose(tsallis.value, c.tsallis, { atol: 1e-9, rtol: 1e-9 }, 'Tsallis');
      expect(renyi.unit).toBe('nats');
      expect(tsallis.unit).toBeNull();
    });
  }
});

describe('Rényi entropy against the Gaussian closed form (d/2)·log(2π) − (d/2)·log α/(1 − α) (n = 4,000, k = 5)', () => {
  // Bounds are |bias| + 4·sd, measured over 12 seeds at this n and k.
  for (const [d, alpha, bound] of [[1, 2, 0.09], [2, 2, 0.13], [1, 0.5, 0.1], [2, 0.5, 0.18]] as const) {
    it(`d = ${d}, α = ${alpha}`, async () => {
      const r = new CounterRandom(60 + d, 1);
      const data = Float64Array.from({ length: 4000 * d }, (_, i) => r.normal(i));
      const truth = (d / 2) * Math.log(2 * Math.PI) - ((d / 2) * Math.log(alpha)) / (1 - alpha);
      const est = await engine.entropy({ data, rows: 4000, cols: d }, { method: 'renyi', alpha, k: 5 });
      assertClose(est.value, truth, { atol: bound }, `H_${alpha}`);
      const tsallis = await engine.entropy({ data, rows: 4000, cols: d }, { method: 'tsallis', alpha, k: 5 });
      // Same integral Î_α: Tsallis = (1 − e^{(1−α)·Rényi}) / (α − 1).
      assertClose(tsallis.value, (1 - Math.exp((1 - alpha) * est.value)) / (alpha - 1), { rtol: 1e-12 }, 'Tsallis from Rényi');
    });
  }
});
