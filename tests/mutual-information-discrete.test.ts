import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, InvalidInputError } from '../index.js';
import { assertClose } from './support/assert-close.js';
import { uniformShift } from './support/closed-form-samples.js';
import { readGolden } from './support/golden.js';

interface RossCase { seed: number; n: number; k: number; x: number[]; labels: number[]; clipped: number }
interface ClassifCase { n: number; cols: number; k: number; X: number[]; labels: number[]; values: number[] }
interface DiscreteCase { seed: number; n: number; x: number[]; y: number[]; mi: number }
interface MixedCase { seed: number; n: number; k: number; x: number[]; y: number[]; mi: number }
const golden = readGolden<{ ross: RossCase[]; classif: ClassifCase[]; discrete: DiscreteCase[]; mixed: MixedCase[] }>('mixed-information.json');

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

describe("mutualInformation 'ross' against scikit-learn (tests/golden/make_mixed_golden.py)", () => {
  for (const c of golden.ross) {
    it(`_compute_mi_cd, seed ${c.seed}: n = ${c.n}, k = ${c.k}, one singleton label`, async () => {
      const r = await engine.mutualInformation(c.x, c.labels, { method: 'ross', k: c.k });
      // The same neighbour searches and counts: equal up to float64 summation order.
      assertClose(r.value, c.clipped, { atol: 1e-9 }, 'Ross MI');
      expect(r).toMatchObject({ method: 'ross', n: c.n - 1, k: c.k });
    });
  }
  it('mutual_info_classif on three columns, through mutualInformationColumns', async () => {
    const c = golden.classif[0];
    const r = await engine.mutualInformationColumns({ data: c.X, rows: c.n, cols: c.cols }, c.labels, { method: 'ross', k: c.k });
    // scikit-learn rescales each column and adds noise of relative size 1e-10 before
    // _compute_mi_cd; no neighbour count changes here, so the values agree to 1e-6.
    expect(r.values.length).toBe(3);
    c.values.forEach((v, j) => assertClose(Math.max(0, r.values[j]), v, { atol: 1e-6 }, `column ${j}`));
    expect(r).toMatchObject({ method: 'ross', backend: 'cpu', unit: 'nats' });
  });
});

describe("mutualInformation 'discrete' against scikit-learn mutual_info_score", () => {
  for (const c of golden.discrete) {
    it(`seed ${c.seed}: n = ${c.n}`, async () => {
      assertClose((await engine.mutualInformation(c.x, c.y, { method: 'discrete' })).value, c.mi, { atol: 1e-12 }, 'plug-in MI');
    });
  }
});

describe("mutualInformation 'mixed' (Gao et al. 2017)", () => {
  for (const c of golden.mixed) {
    it(`equals the reference construction on zero-inflated data, seed ${c.seed}: n = ${c.n}, k = ${c.k}`, async () => {
      assertClose((await engine.mutualInformation(c.x, c.y, { method: 'mixed', k: c.k })).value, c.mi, { atol: 1e-9 }, 'mixed MI');
    });
  }
  it('approaches the plug-in MI when both variables are discrete (every radius is 0)', async () => {
    const c = golden.discrete[0];
    const mixed = await engine.mutualInformation(c.x, c.y, { method: 'mixed', k: 3 });
    // ψ(n) = log n − 1/(2n) + O(n⁻²) with cells of ≥ 20 rows: |mixed − plug-in| ≲ 0.05
    assertClose(mixed.value, c.mi, { atol: 0.05 }, 'mixed vs plug-in');
  });
});

describe('closed form: X uniform on {0 … m−1}, Y | X ~ U[X, X + 2], I = log m − ((m − 1)/m)·log 2 (n = 4,000)', () => {
  // Bounds are |bias| + 4·sd, measured over 12 seeds at this n with k = 3.
  for (const m of [2, 5]) {
    it(`m = ${m}: ross (labels X) and mixed`, async () => {
      const s = uniformShift(4000, m, 3);
      assertClose((await engine.mutualInformation(s.y, s.x, { method: 'ross' })).value, s.mi, { atol: 0.03 }, 'ross');
      assertClose((await engine.mutualInformation(s.x, s.y, { method: 'mixed' })).value, s.mi, { atol: 0.03 }, 'mixed');
    });
  }
});

describe('discrete and mixed input errors', () => {
  const rejects = async (promise: Promise<unknown>, shape: object) => {
    const e = await promise.then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e).toMatchObject(shape);
  };
  const x = Array.from({ length: 30 }, (_, i) => Math.sin(i));
  it('non-integer labels', () => rejects(engine.mutualInformation(x, x, { method: 'ross' }), { code: 'NOT_LABELS', argument: 'y' }));
  it('a single class', () => rejects(engine.mutualInformation(x, x.map(() => 4), { method: 'ross' }), { code: 'SINGLE_CLASS', argument: 'y' }));
  it('labels that are not one column', () => rejects(engine.mutualInformation(x.map((_, i) => i % 3), x.map((_, i) => [i % 2, 0]), { method: 'discrete' }), { code: 'SHAPE_MISMATCH', argument: 'y' }));
  it('rows that differ', () => rejects(engine.mutualInformation(x, x.slice(1).map((_, i) => i % 2), { method: 'ross' }), { code: 'ROW_MISMATCH' }));
  it('columns: target rows that differ from X', () => rejects(engine.mutualInformationColumns([[1, 2], [3, 4], [5, 6]], [1, 2]), { code: 'ROW_MISMATCH', argument: 'target' }));
});
