import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, InvalidInputError } from '../index.js';
import { assertClose } from './support/assert-close.js';
import { autoregressivePair, commonFactor, logDet, submatrix } from './support/closed-form-samples.js';
import { readGolden } from './support/golden.js';

interface MultivariateCase { seed: number; n: number; dims: number[]; k: number; vars: number[][]; tc: number; dtc: number }
interface TransferCase { seed: number; T: number; lag: number; hs: number; ht: number; k: number; source: number[]; target: number[]; te: number }
const golden = readGolden<{ multivariate: MultivariateCase[]; transfer: TransferCase[] }>('mixed-information.json');

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

describe('totalCorrelation, dualTotalCorrelation, oInformation against scipy (tests/golden/make_mixed_golden.py)', () => {
  for (const c of golden.multivariate) {
    it(`seed ${c.seed}: dims ${c.dims.join('+')}, n = ${c.n}, k = ${c.k}`, async () => {
      const vars = c.vars.map((data, j) => ({ data, rows: c.n, cols: c.dims[j] }));
      const tc = await engine.totalCorrelation(vars, { k: c.k });
      const dtc = await engine.dualTotalCorrelation(vars, { k: c.k });
      const o = await engine.oInformation(vars, { k: c.k });
      assertClose(tc.value, c.tc, { atol: 1e-9 }, 'TC');
      assertClose(dtc.value, c.dtc, { atol: 1e-9 }, 'DTC');
      assertClose(o.value, c.tc - c.dtc, { atol: 1e-9 }, 'O');
      expect(tc).toMatchObject({ unit: 'nats', method: 'ksg', n: c.n, k: c.k });
    });
  }
  it('with two variables, TC and DTC both equal KSG1 mutual information', async () => {
    const c = golden.multivariate[0];
    const [a, b] = c.vars;
    const mi = await engine.mutualInformation(a, b, { k: 3 });
    assertClose((await engine.totalCorrelation([a, b])).value, mi.value, { atol: 1e-12 }, 'TC = I');
    assertClose((await engine.dualTotalCorrelation([a, b])).value, mi.value, { atol: 1e-12 }, 'DTC = I');
  });
});

describe('Gaussian closed forms: TC = ½(Σ log det Σ_j − log det Σ), DTC = ½(Σ log det Σ_{−j} − (m − 1) log det Σ) (n = 4,000)', () => {
  // X_j = 0.8·c + e_j. Bounds are |bias| + 4·sd, measured over 12 seeds at this n, k = 3.
  for (const dims of [[1, 1, 1], [2, 1, 2]]) {
    it(`dims ${dims.join('+')}`, async () => {
      const { vars, covariance } = commonFactor(4000, dims, 0.8, 9);
      const blocks: number[][] = [];
      let offset = 0;
      for (const d of dims) {
        blocks.push(Array.from({ length: d }, (_, t) => offset + t));
        offset += d;
      }
      const all = blocks.flat();
      const tc = 0.5 * (blocks.reduce((s, b) => s + logDet(submatrix(covariance, b)), 0) - logDet(covariance));
      const dtc = 0.5 * (blocks.reduce((s, b) => s + logDet(submatrix(covariance, all.filter((i) => !b.includes(i)))), 0) - (dims.length - 1) * logDet(covariance));
      assertClose((await engine.totalCorrelation(vars)).value, tc, { atol: 0.08 }, 'TC');
      assertClose((await engine.dualTotalCorrelation(vars)).value, dtc, { atol: 0.1 }, 'DTC');
      assertClose((await engine.oInformation(vars)).value, tc - dtc, { atol: 0.05 }, 'O');
    });
  }
});

describe('transferEntropy', () => {
  for (const c of golden.transfer) {
    it(`against scipy Frenzel–Pompe on delay embeddings, seed ${c.seed}: lag ${c.lag}, histories ${c.hs}/${c.ht}, k = ${c.k}`, async () => {
      const r = await engine.transferEntropy(c.source, c.target, { lag: c.lag, historySource: c.hs, historyTarget: c.ht, k: c.k });
      assertClose(r.value, c.te, { atol: 1e-9 }, 'TE');
      expect(r.n).toBe(c.T - Math.max(c.ht, c.lag + c.hs - 1));
    });
  }
  it('linear Gaussian pair y_t = 0.5·y_{t−1} + 0.6·x_{t−1} + 0.5·ε_t: TE_{x→y} = ½ log(1 + b²/s²), TE_{y→x} = 0 (T = 4,000)', async () => {
    // Bound |bias| + 4·sd measured over 12 seeds: 0.085.
    const s = autoregressivePair(4000, 0.5, 0.6, 0.5, 4);
    assertClose((await engine.transferEntropy(s.x, s.y)).value, s.te, { atol: 0.085 }, 'TE x→y');
    assertClose((await engine.transferEntropy(s.y, s.x)).value, 0, { atol: 0.04 }, 'TE y→x');
  });
  it('rejects a series shorter than the embedding and a single variable for TC', async () => {
    const short = await engine.transferEntropy([1, 2, 3, 4, 5, 6], [2, 1, 3, 5, 4, 6], { historyTarget: 3 }).then(() => undefined, (e: unknown) => e);
    expect(short).toBeInstanceOf(InvalidInputError);
    expect(short).toMatchObject({ code: 'SERIES_TOO_SHORT', argument: 'source' });
    const single = await engine.totalCorrelation([[1, 2, 3]]).then(() => undefined, (e: unknown) => e);
    expect(single).toMatchObject({ code: 'SHAPE_MISMATCH', argument: 'vars' });
  });
});
