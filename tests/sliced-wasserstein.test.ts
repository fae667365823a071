/**
 * engine.slicedWasserstein: POT's sliced_wasserstein_distance given the same unit directions
 * (exact agreement), and against POT with 20,000 of its own directions within a Monte-Carlo
 * tolerance computed here from the per-direction spread; seeding; bad input.
 * Golden values: tests/golden/make_transport_golden.py → tests/golden/transport.json.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../index.js';
import { randomDirections } from '../engine/sliced-wasserstein.js';
import { uniformPowerDistance } from '../engine/wasserstein-1d.js';
import { assertClose } from './support/assert-close.js';
import { readGolden } from './support/golden.js';
import type { SlicedCase, TransportGolden } from './support/transport-golden.js';

const golden = readGolden<TransportGolden>('transport.json');
const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

const samples = (c: SlicedCase) => ({
  x: { data: c.x, rows: c.rows[0], cols: c.cols },
  y: { data: c.y, rows: c.rows[1], cols: c.cols },
});

describe('slicedWasserstein', () => {
  for (const c of golden.sliced.filter((g) => g.directions)) {
    it(`equals POT given the same directions: ${c.name}`, async () => {
      const { x, y } = samples(c);
      const r = await engine.slicedWasserstein(x, y, { p: c.p, directions: { data: c.directions!, rows: c.directions!.length / c.cols, cols: c.cols } });
      // Same directions, same exact 1-D solves: float64 rounding only.
      assertClose(r.value, c.value, { rtol: 1e-12 }, c.name);
      expect(r).toMatchObject({ method: 'sliced', backend: 'cpu', n: c.rows[0], m: c.rows[1], p: c.p, projections: 40 });
    });
  }

  it('with 4,000 seeded directions, agrees with POT (20,000 of its own) within 4 Monte-Carlo standard errors', async () => {
    const c = golden.sliced.find((g) => !g.directions)!;
    const { x, y } = samples(c);
    const projections = 4000, seed = 11;
    const r = await engine.slicedWasserstein(x, y, { projections, p: 2, seed });
    // The spread of W_2²(θ) over our directions (recomputed from the same draws) gives the
    // standard error of the mean of W_2², and by the delta method that of SW_2 = √mean.
    const dirs = randomDirections(projections, c.cols, seed);
    const perDirection = Array.from({ length: projections }, (_, k) => {
      const project = (data: number[], rows: number) => Float64Array.from({ length: rows }, (_, i) => data.slice(i * c.cols, (i + 1) * c.cols).reduce((s, v, t) => s + v * dirs[k * c.cols + t], 0)).sort();
      return uniformPowerDistance(project(c.x, c.rows[0]), project(c.y, c.rows[1]), 2);
    });
    const mean = perDirection.reduce((s, v) => s + v, 0) / projections;
    assertClose(r.value, Math.sqrt(mean), { rtol: 1e-12 }, 'value = √(mean of the per-direction W_2²)');
    const sd = Math.sqrt(perDirection.reduce((s, v) => s + (v - mean) ** 2, 0) / (projections - 1));
    const standardError = (sd / (2 * Math.sqrt(mean))) * Math.sqrt(1 / projections + 1 / 20000);
    assertClose(r.value, c.value, { atol: 4 * standardError }, `POT (se ${standardError.toExponential(2)})`);
  });

  it('the same seed gives the same value; another seed another', async () => {
    const c = golden.sliced[0];
    const { x, y } = samples(c);
    const first = await engine.slicedWasserstein(x, y, { seed: 3 }), again = await engine.slicedWasserstein(x, y, { seed: 3 });
    const other = await engine.slicedWasserstein(x, y, { seed: 4 });
    expect(again.value).toBe(first.value);
    expect(other.value).not.toBe(first.value);
    expect(first.projections).toBe(50);
  });

  it('rejects mismatched columns, zero directions and bad counts with InvalidInputError', async () => {
    await expect(engine.slicedWasserstein([[1, 2]], [[1, 2, 3]])).rejects.toMatchObject({ code: 'SHAPE_MISMATCH', argument: 'y' });
    await expect(engine.slicedWasserstein([[1, 2]], [[1, 3]], { directions: [[0, 0]] })).rejects.toMatchObject({ code: 'BAD_NUMBER', argument: 'options.directions' });
    await expect(engine.slicedWasserstein([[1, 2]], [[1, 3]], { directions: [[1, 0, 0]] })).rejects.toMatchObject({ code: 'SHAPE_MISMATCH', argument: 'options.directions' });
    await expect(engine.slicedWasserstein([[1, 2]], [[1, 3]], { projections: 0 })).rejects.toMatchObject({ argument: 'options.projections' });
    await expect(engine.slicedWasserstein([[1, 2]], [[1, 3]], { seed: -1 })).rejects.toMatchObject({ code: 'BAD_INTEGER', argument: 'options.seed' });
  });
});
