/**
 * engine.discreteSinkhorn on the float64 CPU backend: POT's ot.sinkhorn2 / log-domain plans
 * per histogram pair (tests/golden/transport.json), the ε → 0 bound against POT's emd2,
 * one pair solved alone equals the same pair in a batch, and the bad-input errors.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../index.js';
import { assertClose } from './support/assert-close.js';
import { readGolden } from './support/golden.js';
import type { DiscreteCase, TransportGolden } from './support/transport-golden.js';

const golden = readGolden<TransportGolden>('transport.json');
const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

const inputs = (c: DiscreteCase) => ({
  a: { data: c.a, rows: c.pairs, cols: c.rows },
  b: { data: c.b, rows: c.pairs, cols: c.cols },
  cost: { data: c.cost, rows: c.rows, cols: c.cols },
});

describe('discreteSinkhorn', () => {
  for (const c of golden.discrete.filter((g) => g.eps !== undefined)) {
    it(`matches POT per pair: ${c.name}`, async () => {
      const { a, b, cost } = inputs(c);
      const r = await engine.discreteSinkhorn(a, b, cost, { eps: c.eps, tol: 1e-11, maxIter: 20000 });
      expect(r.converged).toBe(true);
      expect(r).toMatchObject({ method: 'sinkhorn-log', backend: 'cpu', n: c.pairs, bins: [c.rows, c.cols], eps: c.eps });
      for (let t = 0; t < c.pairs; t++) {
        // At an L1 marginal error below 1e-11 both solutions are within ~max C·1e-11 of the optimum.
        assertClose(r.transportCosts[t], c.sinkhorn2![t], { atol: 1e-9 }, `pair ${t} ⟨π, C⟩ vs sinkhorn2`);
        assertClose(r.values[t], c.values![t], { atol: 1e-9 }, `pair ${t} OT_ε`);
        expect(r.marginalErrors[t]).toBeLessThan(1e-11);
      }
      assertClose(r.value, c.values!.reduce((s, v) => s + v, 0) / c.pairs, { atol: 1e-9 }, 'mean');
    });
  }

  it('as ε → 0, ⟨π_ε, C⟩ approaches emd2 from above, within ε·min(H(a), H(b))', async () => {
    const c = golden.discrete.find((g) => g.emd2)!;
    const { a, b, cost } = inputs(c);
    const eps = 2e-3;
    const r = await engine.discreteSinkhorn(a, b, cost, { eps, tol: 1e-9, maxIter: 50000 });
    expect(r.converged).toBe(true);
    const entropy = (h: number[]) => -h.reduce((s, v) => (v > 0 ? s + v * Math.log(v) : s), 0);
    for (let t = 0; t < c.pairs; t++) {
      // ⟨π_ε, C⟩ + ε·KL(π_ε‖ab) ≤ ⟨π*, C⟩ + ε·KL(π*‖ab) and KL(π*‖ab) ≤ min(H(a), H(b)); 1e-9 for the stopping error.
      const bound = eps * Math.min(entropy(c.a.slice(t * c.rows, (t + 1) * c.rows)), entropy(c.b.slice(t * c.cols, (t + 1) * c.cols)));
      expect(r.transportCosts[t]).toBeGreaterThanOrEqual(c.emd2![t] - 1e-9);
      expect(r.transportCosts[t] - c.emd2![t]).toBeLessThanOrEqual(bound + 1e-9);
    }
  });

  it('a pair solved alone gives the value it has in the batch', async () => {
    const c = golden.discrete[0];
    const { a, b, cost } = inputs(c);
    const batch = await engine.discreteSinkhorn(a, b, cost, { eps: 0.1, tol: 1e-11, maxIter: 20000 });
    const alone = await engine.discreteSinkhorn([c.a.slice(3 * c.rows, 4 * c.rows)], [c.b.slice(3 * c.cols, 4 * c.cols)], cost, { eps: 0.1, tol: 1e-11, maxIter: 20000 });
    // A flat array is one histogram (one pair), not a column.
    const flat = await engine.discreteSinkhorn(c.a.slice(3 * c.rows, 4 * c.rows), Float64Array.from(c.b.slice(3 * c.cols, 4 * c.cols)), cost, { eps: 0.1, tol: 1e-11, maxIter: 20000 });
    expect(flat.n).toBe(1);
    // Both converge to the same optimum to 1e-11 marginal error; schedules differ only in iteration count.
    assertClose(alone.values[0], batch.values[3], { atol: 1e-9 }, 'pair 3');
    expect(flat.values[0]).toBe(alone.values[0]);
  });

  it('rejects logits, mismatched shapes and bad options with InvalidInputError', async () => {
    const cost = [[0, 1], [1, 0]];
    await expect(engine.discreteSinkhorn([[2, -1]], [[0.5, 0.5]], cost)).rejects.toMatchObject({ code: 'NEGATIVE_PROBABILITY', argument: 'a' });
    await expect(engine.discreteSinkhorn([[0.5, 0.5]], [[0.5, 0.6]], cost)).rejects.toMatchObject({ code: 'NOT_NORMALISED', argument: 'b' });
    await expect(engine.discreteSinkhorn([[0.5, 0.5]], [[0.5, 0.5], [0.5, 0.5]], cost)).rejects.toMatchObject({ code: 'ROW_MISMATCH', argument: 'b' });
    await expect(engine.discreteSinkhorn([[0.5, 0.5]], [[0.2, 0.3, 0.5]], cost)).rejects.toMatchObject({ code: 'SHAPE_MISMATCH', argument: 'cost' });
    await expect(engine.discreteSinkhorn([[0.5, 0.5]], [[0.5, 0.5]], cost, { eps: 0 })).rejects.toMatchObject({ code: 'BAD_NUMBER', argument: 'options.eps' });
    await expect(engine.discreteSinkhorn([[0.5, 0.5]], [[0.5, 0.5]], [[0, NaN], [1, 0]])).rejects.toMatchObject({ code: 'NOT_FINITE', argument: 'cost' });
    await expect(engine.discreteSinkhorn([[0.5, 0.5]], [[0.5, 0.5]], cost, { reg: 1 } as never)).rejects.toMatchObject({ code: 'UNKNOWN_OPTION' });
  });
});
