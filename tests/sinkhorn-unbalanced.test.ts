/**
 * engine.sinkhorn with `reach` (unbalanced OT, GeomLoss semantics) on the float64 CPU
 * backend: POT's sinkhorn_unbalanced with matched conventions (tests/golden/transport.json:
 * the objective evaluated on POT's plan), the balanced limit as reach → ∞, S_ε,ρ(a, a) = 0,
 * and the bad-input errors.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../index.js';
import { CounterRandom } from '../engine/random.js';
import { assertClose } from './support/assert-close.js';
import { readGolden } from './support/golden.js';
import type { TransportGolden } from './support/transport-golden.js';

const golden = readGolden<TransportGolden>('transport.json');
const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

const cloud = (n: number, seed: number, shift = 0) => {
  const r = new CounterRandom(seed);
  return { data: Float64Array.from({ length: 2 * n }, (_, i) => r.normal(i) + (i % 2 === 0 ? shift : 0)), rows: n, cols: 2 };
};

describe('sinkhorn with reach (unbalanced)', () => {
  for (const c of golden.unbalanced) {
    it(`matches POT's sinkhorn_unbalanced: ${c.name}`, async () => {
      const x = { data: c.x, rows: c.rows[0], cols: c.cols }, y = { data: c.y, rows: c.rows[1], cols: c.cols };
      const options = { blur: c.blur, reach: c.reach, a: c.a, b: c.b, tol: 1e-12, maxIter: 20000 };
      const raw = await engine.sinkhorn(x, y, { ...options, debias: false });
      const debiased = await engine.sinkhorn(x, y, options);
      expect(raw.converged && debiased.converged).toBe(true);
      expect(raw.reach).toBe(c.reach);
      // Both solved to a fixed-point residual of ~1e-12: the objective (first order in the
      // residual for the plan's cost, second order for the value) agrees to rounding.
      assertClose(raw.otEps, c.otEps, { atol: 1e-9 }, 'OT_ε,ρ');
      assertClose(raw.transportCost, c.transportCost, { atol: 1e-8 }, '⟨π, C⟩');
      assertClose(debiased.value, c.value, { atol: 1e-9 }, 'S_ε,ρ');
    });
  }

  it('approaches the balanced S_ε as reach grows (the gap shrinks like 1/ρ)', async () => {
    const x = cloud(60, 1), y = cloud(50, 2, 0.8);
    const balanced = (await engine.sinkhorn(x, y, { blur: 0.5, tol: 1e-10 })).value;
    const gap = async (reach: number) => Math.abs((await engine.sinkhorn(x, y, { blur: 0.5, reach, tol: 1e-10, maxIter: 5000 })).value - balanced);
    const [g10, g100] = [await gap(10), await gap(100)];
    // ρ = reach²: from reach 10 to 100 the gap should fall by ~100 (first order in 1/ρ); ask for 30.
    expect(g100).toBeLessThan(g10 / 30);
    expect(g100).toBeLessThan(1e-3);
  });

  it('S_ε,ρ(a, a) = 0, and a mass-destroying reach transports less than the balanced plan', async () => {
    const x = cloud(40, 3);
    assertClose((await engine.sinkhorn(x, x, { blur: 0.3, reach: 0.5, tol: 1e-10 })).value, 0, { atol: 1e-10 }, 'S(a, a)');
    const far = cloud(40, 4, 5);
    const unbalanced = await engine.sinkhorn(x, far, { blur: 0.3, reach: 0.5, debias: false, tol: 1e-9 });
    const balanced = await engine.sinkhorn(x, far, { blur: 0.3, debias: false, tol: 1e-9 });
    // Moving mass 5 apart costs ~12.5 per unit balanced; with ρ = 0.25 creating/destroying it is far cheaper.
    expect(unbalanced.transportCost).toBeLessThan(0.1 * balanced.transportCost);
    expect(unbalanced.otEps).toBeLessThan(balanced.otEps);
  });

  it('rejects a non-positive reach', async () => {
    await expect(engine.sinkhorn([1, 2], [1, 3], { reach: 0 })).rejects.toMatchObject({ code: 'BAD_NUMBER', argument: 'options.reach' });
    await expect(engine.sinkhorn([1, 2], [1, 3], { reach: Infinity })).rejects.toMatchObject({ code: 'BAD_NUMBER', argument: 'options.reach' });
  });
});
