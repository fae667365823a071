import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, CounterRandom, InvalidInputError } from '../index.js';
import { assertClose } from './support/assert-close.js';
import { readGolden } from './support/golden.js';

interface CmiCase { seed: number; n: number; dx: number; dy: number; dz: number; k: number; x: number[]; y: number[]; z: number[]; cmi: number }
const golden = readGolden<{ cmi: CmiCase[] }>('knn-divergences.json');

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

function det3(m: number[][]): number {
  return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

describe('conditionalMutualInformation (Frenzel–Pompe) against scipy (tests/golden/make_knn_divergence_golden.py)', () => {
  for (const c of golden.cmi) {
    it(`seed ${c.seed}: n = ${c.n}, dx = ${c.dx}, dy = ${c.dy}, dz = ${c.dz}, k = ${c.k}`, async () => {
      const r = await engine.conditionalMutualInformation(
        { data: c.x, rows: c.n, cols: c.dx }, { data: c.y, rows: c.n, cols: c.dy }, { data: c.z, rows: c.n, cols: c.dz }, { k: c.k });
      assertClose(r.value, c.cmi, { atol: 1e-9 }, 'CMI');
      expect(r).toMatchObject({ unit: 'nats', method: 'frenzel-pompe', backend: 'cpu', n: c.n, k: c.k });
    });
  }
});

describe('conditionalMutualInformation against Gaussian closed forms (n = 4,000)', () => {
  // z ~ N(0,1), x = z + e₁, y = b·x + z + e₂ (e standard normal, independent).
  // I(X;Y|Z) = ½ log(det Σ_xz · det Σ_yz / (det Σ_z · det Σ_xyz)); b = 0 is the chain X ← Z → Y (I = 0).
  // KSG-type estimators have sd ≈ 0.01 nats at this n; bound 0.04.
  for (const b of [0, 0.5]) {
    for (const k of [3, 8]) {
      it(`b = ${b}, k = ${k}`, async () => {
        const n = 4000, r = new CounterRandom(70 + k, b * 10);
        const z = new Float64Array(n), x = new Float64Array(n), y = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          z[i] = r.normal(3 * i);
          x[i] = z[i] + r.normal(3 * i + 1);
          y[i] = b * x[i] + z[i] + r.normal(3 * i + 2);
        }
        // Covariances of (x, y, z) implied by the model.
        const vx = 2, vz = 1, cxz = 1, cxy = b * vx + cxz, cyz = b * cxz + vz, vy = b * b * vx + 2 * b * cxz + vz + 1;
        const truth = 0.5 * Math.log(((vx * vz - cxz * cxz) * (vy * vz - cyz * cyz)) / (vz * det3([[vx, cxy, cxz], [cxy, vy, cyz], [cxz, cyz, vz]])));
        const est = await engine.conditionalMutualInformation(x, y, z, { k });
        assertClose(est.value, truth, { atol: 0.04 }, 'CMI');
      });
    }
  }
  it('rejects rows that differ between x, y and z', async () => {
    const e = await engine.conditionalMutualInformation([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4]).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e).toMatchObject({ code: 'ROW_MISMATCH', argument: 'z' });
  });
});
