/**
 * engine.sinkhorn on the float64 CPU backend: POT's log-domain Sinkhorn (golden file),
 * exact OT as ε → 0, the closed form between 1-D Gaussians, GeomLoss's annealing-only
 * estimate, S_ε(a, a) = 0, the result's shape and the bad-input errors.
 * Golden values: tests/golden/make_sinkhorn_golden.py → tests/golden/sinkhorn.json.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, InvalidInputError, type SinkhornOptions } from '../index.js';
import { CounterRandom } from '../engine/random.js';
import { assertClose } from './support/assert-close.js';
import { readGolden } from './support/golden.js';

interface PotCase {
  name: string;
  x: number[];
  y: number[];
  rows: [number, number];
  cols: number;
  a: number[];
  b: number[];
  p: 1 | 2;
  blur: number;
  eps: number;
  otEps: number;
  transportCost: number;
  divergence: number;
  plan: number[];
}

interface GaussianCase {
  n: number;
  x: number[];
  y: number[];
  blur: number;
  closedOtEps: number;
  closedDivergence: number;
  potOtEps: number;
  potDivergence: number;
}

interface Golden {
  cases: PotCase[];
  emd: { x: number[]; y: number[]; rows: number; cols: number; value: number };
  gaussian: GaussianCase[];
  anneal: { case: number; runs: { debias: boolean; blur: number; scaling: number; value: number; annealingSteps: number }[] };
}

const golden = readGolden<Golden>('sinkhorn.json');
const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

const rowsOf = (data: number[], rows: number, cols: number) => ({ data, rows, cols });
const cloud = (n: number, d: number, seed: number, shift = 0) => {
  const r = new CounterRandom(seed, 3);
  return { data: Float64Array.from({ length: n * d }, (_, i) => shift + r.normal(i)), rows: n, cols: d };
};

describe('sinkhorn against POT sinkhorn_log (M = ‖x − y‖^p / p, reg = ε)', () => {
  for (const c of golden.cases) {
    const x = rowsOf(c.x, c.rows[0], c.cols), y = rowsOf(c.y, c.rows[1], c.cols);
    const options: SinkhornOptions = { p: c.p, blur: c.blur, a: c.a, b: c.b, tol: 1e-11 };

    it(`${c.name}: OT_ε, ⟨π, C⟩ and the plan`, async () => {
      const r = await engine.sinkhorn(x, y, { ...options, debias: false, plan: true });
      expect(r.converged).toBe(true);
      expect(r.marginalError).toBeLessThan(1e-11);
      assertClose(r.value, c.otEps, { atol: 1e-9 }, 'value');
      assertClose(r.otEps, c.otEps, { atol: 1e-9 }, 'otEps');
      assertClose(r.transportCost, c.transportCost, { atol: 1e-9 }, 'transportCost');
      const plan = r.plan!;
      expect([plan.rows, plan.cols]).toEqual(c.rows);
      let worst = 0;
      plan.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - c.plan[i]))));
      expect(worst).toBeLessThan(1e-11);
    });

    it(`${c.name}: debiased S_ε`, async () => {
      const r = await engine.sinkhorn(x, y, options);
      expect(r.converged).toBe(true);
      assertClose(r.value, c.divergence, { atol: 1e-9 }, 'S_ε');
      assertClose(r.otEps, c.otEps, { atol: 1e-9 }, 'otEps');
    });
  }
});

describe('sinkhorn as ε → 0', () => {
  it('⟨π, C⟩ and OT_ε approach exact OT (POT emd2) at blur 0.05', async () => {
    // Small ε on 25 points is Sinkhorn's slow regime (POT's sinkhorn_log does not reach
    // stopThr 1e-9 in 10⁵ iterations here either): a loose tol suffices for this check.
    const { x, y, rows, cols, value } = golden.emd;
    const r = await engine.sinkhorn(rowsOf(x, rows, cols), rowsOf(y, rows, cols), { blur: 0.05, debias: false, tol: 1e-4, maxIter: 5000 });
    expect(r.converged).toBe(true);
    // ⟨π_ε, C⟩ − OT_0 ∈ [0, ε·log(n²)] for the exact π_ε (this one misses its marginals by
    // ≤ 1e-4, hence the slack), and OT_ε ≥ OT_0.
    expect(r.transportCost - value).toBeGreaterThanOrEqual(-1e-3);
    expect(r.transportCost - value).toBeLessThanOrEqual(r.eps * Math.log(rows * rows));
    expect(r.otEps).toBeGreaterThanOrEqual(value);
  });
});

describe('sinkhorn against the closed form between 1-D Gaussians (Janati et al. 2020)', () => {
  for (const g of golden.gaussian) {
    it(`n = ${g.n} quantile points, blur ${g.blur}`, async () => {
      const x = rowsOf(g.x, g.n, 1), y = rowsOf(g.y, g.n, 1);
      const r = await engine.sinkhorn(x, y, { blur: g.blur, tol: 1e-8 });
      // Same points as POT: agreement to the solver tolerance.
      assertClose(r.otEps, g.potOtEps, { atol: 1e-6 }, 'OT_ε vs POT');
      assertClose(r.value, g.potDivergence, { atol: 1e-6 }, 'S_ε vs POT');
      // Quantile points discretise the Gaussians: an O(1/n) error, 5e-4 at most here.
      assertClose(r.otEps, g.closedOtEps, { atol: 1e-3 }, 'OT_ε vs closed form');
      assertClose(r.value, g.closedDivergence, { atol: 1e-3 }, 'S_ε vs closed form');
    });
  }
});

describe("sinkhorn annealOnly (GeomLoss's estimate)", () => {
  const c = golden.cases[golden.anneal.case];
  for (const run of golden.anneal.runs) {
    it(`debias ${run.debias}: equals GeomLoss's loop (float64 re-implementation)`, async () => {
      const r = await engine.sinkhorn(rowsOf(c.x, c.rows[0], c.cols), rowsOf(c.y, c.rows[1], c.cols), { blur: run.blur, scaling: run.scaling, debias: run.debias, annealOnly: true });
      assertClose(r.value, run.value, { atol: 1e-12 }, 'value');
      expect(r.annealingSteps).toBe(run.annealingSteps);
      expect(r.iterations).toBe(0);
      expect(r.marginalError).toBeGreaterThan(0);
    });
  }
});

describe('sinkhorn: properties and result shape', () => {
  it('S_ε(a, a) = 0, and fBa + gAb = 2·fAa (potentials are defined up to f + k, g − k)', async () => {
    const x = cloud(200, 3, 1);
    const r = await engine.sinkhorn(x, x, { blur: 0.2, potentials: true, tol: 1e-7, maxIter: 2000 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.value)).toBeLessThan(1e-9);
    const { fBa, gAb, fAa } = r.potentials!;
    fBa.forEach((f, i) => expect(Math.abs(f + gAb[i] - 2 * fAa![i])).toBeLessThan(1e-5));
  });

  it('is invariant under a common shift of both clouds (offset 1e4)', async () => {
    const x = cloud(150, 2, 2), y = cloud(120, 2, 3, 0.5);
    const shifted = (m: typeof x) => ({ ...m, data: m.data.map((v) => v + 1e4) });
    const r0 = await engine.sinkhorn(x, y, { tol: 1e-9 });
    const r1 = await engine.sinkhorn(shifted(x), shifted(y), { tol: 1e-9 });
    assertClose(r1.value, r0.value, { atol: 1e-8 }, 'S_ε');
  });

  it('has the same shape with and without potentials and plan', async () => {
    const x = cloud(40, 2, 4), y = cloud(30, 2, 5, 1);
    const plain = await engine.sinkhorn(x, y, { blur: 0.3 });
    const full = await engine.sinkhorn(x, y, { blur: 0.3, potentials: true, plan: true });
    expect(Object.keys(full).sort()).toEqual(Object.keys(plain).sort());
    expect(plain.potentials).toBeNull();
    expect(plain.plan).toBeNull();
    expect(plain).toMatchObject({ method: 'sinkhorn', backend: 'cpu', n: 40, m: 30, p: 2, debias: true, annealOnly: false, warnings: [] });
    assertClose(plain.eps, 0.3 ** 2, { rtol: 1e-15 }, 'eps');
    expect(full.potentials!.fBa.length).toBe(40);
    expect(full.potentials!.gBb!.length).toBe(30);
    const noDebias = await engine.sinkhorn(x, y, { blur: 0.3, debias: false, potentials: true });
    expect(noDebias.potentials!.fAa).toBeNull();
    // The plan's marginals are a and b within the reported error.
    const plan = full.plan!;
    let rowError = 0;
    for (let i = 0; i < 40; i++) {
      let s = 0;
      for (let j = 0; j < 30; j++) s += plan.data[i * 30 + j];
      rowError += Math.abs(s - 1 / 40);
    }
    expect(rowError).toBeLessThanOrEqual(full.marginalError * 1.001 + 1e-15);
  });

  it('says converged: false when maxIter stops it', async () => {
    const r = await engine.sinkhorn(cloud(100, 2, 6), cloud(100, 2, 7, 2), { blur: 0.02, maxIter: 3, tol: 1e-12 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(3);
    expect(r.marginalError).toBeGreaterThan(1e-12);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/not converged/);
  });

  it('rejects with the reason of an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(engine.sinkhorn(cloud(20, 2, 15), cloud(20, 2, 16), { signal: controller.signal })).rejects.toThrow('stop');
  });

  it('gives zero-weight points no mass', async () => {
    const x = cloud(30, 2, 8), y = cloud(20, 2, 9);
    const a = Array.from({ length: 30 }, (_, i) => (i < 10 ? 0 : 1 / 20));
    const r = await engine.sinkhorn(x, y, { a, plan: true, tol: 1e-10 });
    const sub = await engine.sinkhorn({ data: x.data.subarray(20), rows: 20, cols: 2 }, y, { tol: 1e-10 });
    expect(r.plan!.data.subarray(0, 10 * 20).every((v) => v === 0)).toBe(true);
    // OT_ε(a, b) and S_ε depend only on the support of a; the two solves take different paths
    // (the zero-weight points widen the warm start's diameter), so agree to ~tol × the cost range.
    assertClose(r.otEps, sub.otEps, { atol: 1e-7 }, 'otEps');
    assertClose(r.value, sub.value, { atol: 1e-7 }, 'S_ε');
  });
});

describe('sinkhorn: bad input', () => {
  const x = cloud(10, 2, 10), y = cloud(12, 2, 11);
  const rejects = async (call: Promise<unknown>, code: string, argument: string) => {
    const error = await call.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code, argument });
  };

  it('blur ≤ 0, bad p, scaling outside (0, 1), tol ≤ 0, maxIter not a positive integer', async () => {
    await rejects(engine.sinkhorn(x, y, { blur: 0 }), 'BAD_NUMBER', 'options.blur');
    await rejects(engine.sinkhorn(x, y, { blur: -1 }), 'BAD_NUMBER', 'options.blur');
    await rejects(engine.sinkhorn(x, y, { p: 3 as 2 }), 'BAD_NUMBER', 'options.p');
    await rejects(engine.sinkhorn(x, y, { scaling: 1 }), 'BAD_NUMBER', 'options.scaling');
    await rejects(engine.sinkhorn(x, y, { tol: 0 }), 'BAD_NUMBER', 'options.tol');
    await rejects(engine.sinkhorn(x, y, { maxIter: 0 }), 'BAD_INTEGER', 'options.maxIter');
    await rejects(engine.sinkhorn(x, y, { debias: 'yes' as unknown as boolean }), 'UNKNOWN_OPTION', 'options.debias');
    await rejects(engine.sinkhorn(x, y, { blurr: 0.1 } as SinkhornOptions), 'UNKNOWN_OPTION', 'options.blurr');
  });

  it('negative, non-summing, wrongly sized or non-finite weights', async () => {
    const a = Array.from({ length: 10 }, () => 0.1);
    await rejects(engine.sinkhorn(x, y, { a: a.map((v, i) => (i === 0 ? -0.1 : i === 1 ? 0.3 : v)) }), 'NEGATIVE_PROBABILITY', 'options.a');
    await rejects(engine.sinkhorn(x, y, { a: a.map((v) => v * 1.1) }), 'NOT_NORMALISED', 'options.a');
    await rejects(engine.sinkhorn(x, y, { b: a }), 'SHAPE_MISMATCH', 'options.b');
    await rejects(engine.sinkhorn(x, y, { a: a.map((v, i) => (i === 0 ? NaN : v)) }), 'NOT_FINITE', 'options.a');
  });

  it('dimension mismatch, and a plan too large to return', async () => {
    await rejects(engine.sinkhorn(x, cloud(12, 3, 12)), 'SHAPE_MISMATCH', 'y');
    await rejects(engine.sinkhorn(cloud(2100, 1, 13), cloud(2100, 1, 14), { plan: true }), 'TOO_LARGE', 'options.plan');
  });
});
