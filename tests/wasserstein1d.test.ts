/**
 * engine.wasserstein1d: scipy's wasserstein_distance (p = 1) and POT's wasserstein_1d
 * (p = 2, 3; it returns W_p^p) from tests/golden/transport.json, exact identities
 * (a shift by c has W_p = |c|; symmetry), and the bad-input errors.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, InvalidInputError } from '../index.js';
import { CounterRandom } from '../engine/random.js';
import { assertClose } from './support/assert-close.js';
import { readGolden } from './support/golden.js';
import type { TransportGolden } from './support/transport-golden.js';

const golden = readGolden<TransportGolden>('transport.json');
const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

describe('wasserstein1d', () => {
  for (const c of golden.wasserstein1d) {
    it(`matches the peer: ${c.name}`, async () => {
      const r = await engine.wasserstein1d(c.x, c.y, { p: c.p, a: c.a, b: c.b });
      // Both sides are float64 sums of ≤ 90 terms of order 1: rounding only.
      assertClose(r.value, c.value, { rtol: 1e-12 }, c.name);
      expect(r).toMatchObject({ method: 'quantile', backend: 'cpu', n: c.x.length, m: c.y.length, p: c.p });
    });
  }

  it('a shift by c has W_p = |c| for every p, and W_p is symmetric', async () => {
    const r = new CounterRandom(5);
    const x = Array.from({ length: 301 }, (_, i) => r.normal(i));
    for (const p of [1, 2, 3.5]) {
      // Exact up to the rounding of x + 0.75 (one ulp of values of order 1).
      assertClose((await engine.wasserstein1d(x, x.map((v) => v + 0.75), { p })).value, 0.75, { atol: 1e-14 }, `p = ${p}`);
    }
    const y = Array.from({ length: 17 }, (_, i) => 2 * r.uniform(i + 1000));
    const forward = await engine.wasserstein1d(x, y, { p: 2 }), backward = await engine.wasserstein1d(y, x, { p: 2 });
    assertClose(backward.value, forward.value, { rtol: 1e-14 }, 'symmetry');
  });

  it('uniform weights given explicitly agree with the integer-mass path', async () => {
    const r = new CounterRandom(6);
    const x = Array.from({ length: 40 }, (_, i) => r.normal(i)), y = Array.from({ length: 25 }, (_, i) => r.normal(i + 99) + 0.3);
    const plain = await engine.wasserstein1d(x, y, { p: 2 });
    const weighted = await engine.wasserstein1d(x, y, { p: 2, a: x.map(() => 1 / 40), b: y.map(() => 1 / 25) });
    // The weighted merge accumulates float64 masses: rounding of order 40·ulp(1).
    assertClose(weighted.value, plain.value, { rtol: 1e-12 }, 'weighted vs uniform');
  });

  it('rejects several columns, p < 1 and unknown options with InvalidInputError', async () => {
    await expect(engine.wasserstein1d([[1, 2], [3, 4]], [1, 2])).rejects.toMatchObject({ code: 'SHAPE_MISMATCH', argument: 'x' });
    await expect(engine.wasserstein1d([1, 2], [1, 2], { p: 0.5 })).rejects.toMatchObject({ code: 'BAD_NUMBER', argument: 'options.p' });
    await expect(engine.wasserstein1d([1, NaN], [1, 2])).rejects.toBeInstanceOf(InvalidInputError);
    await expect(engine.wasserstein1d([1, 2], [1, 2], { q: 1 } as never)).rejects.toMatchObject({ code: 'UNKNOWN_OPTION' });
    await expect(engine.wasserstein1d([1, 2], [1, 2], { a: [0.5, 0.4] })).rejects.toMatchObject({ code: 'NOT_NORMALISED', argument: 'options.a' });
  });
});
