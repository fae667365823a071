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
