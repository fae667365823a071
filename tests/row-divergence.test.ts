import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, InvalidInputError, type RowMeasure } from '../index.js';
import { assertClose } from './support/assert-close.js';
import { readGolden } from './support/golden.js';

interface RowCase {
  seed: number; rows: number; vocab: number; temperature: number; alpha: number; softmax_underflows: boolean;
  logits_p: number[]; logits_q: number[]; probs_p: number[]; probs_q: number[]; values: Record<RowMeasure, number[]>;
}
const golden = readGolden<{ rows: RowCase[] }>('discrete.json');
const MEASURES: RowMeasure[] = ['kl', 'reverse-kl', 'js', 'tv', 'hellinger', 'renyi', 'tsallis', 'alpha', 'cross-entropy'];

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

describe('rowDivergence against scipy log_softmax / rel_entr / jensenshannon (tests/golden/make_discrete_golden.py)', () => {
  for (const c of golden.rows) {
    const shape = (data: number[]) => ({ data, rows: c.rows, cols: c.vocab });
    for (const measure of MEASURES) {
      it(`${measure}, logits: seed ${c.seed}, ${c.rows}×${c.vocab}, T = ${c.temperature}${c.softmax_underflows ? ' (float64 softmax underflows)' : ''}`, async () => {
        const alpha = ['renyi', 'tsallis', 'alpha'].includes(measure) ? { alpha: c.alpha } : {};
        const r = await engine.rowDivergence(shape(c.logits_p), shape(c.logits_q), { measure, temperature: c.temperature, ...alpha });
        r.values.forEach((v, i) => assertClose(v, c.values[measure][i], { rtol: 1e-9, atol: 1e-12 }, `row ${i}`));
        assertClose(r.value, c.values[measure].reduce((s, v) => s + v, 0) / c.rows, { rtol: 1e-9, atol: 1e-12 }, 'mean');
        expect(r).toMatchObject({ measure, input: 'logits', backend: 'cpu', n: c.rows, vocabulary: c.vocab });
      });
      if (!c.softmax_underflows) {
        it(`${measure}, probs: seed ${c.seed}`, async () => {
          const alpha = ['renyi', 'tsallis', 'alpha'].includes(measure) ? { alpha: c.alpha } : {};
          const r = await engine.rowDivergence(shape(c.probs_p), shape(c.probs_q), { measure, input: 'probs', ...alpha });
          r.values.forEach((v, i) => assertClose(v, c.values[measure][i], { rtol: 1e-9, atol: 1e-12 }, `row ${i}`));
        });
      }
    }
  }
});

describe('rowDivergence conventions', () => {
  it('zero probabilities: 0·log 0 = 0, and KL is +∞ (not NaN) where q = 0 < p', async () => {
    const p = [[0.5, 0.5, 0], [0.5, 0.5, 0]];
    const q = [[0.25, 0.25, 0.5], [1, 0, 0]];
    const r = await engine.rowDivergence(p, q, { input: 'probs' });
    assertClose(r.values[0], Math.log(2), { atol: 1e-15 }, 'KL with p_3 = 0');
    expect(r.values[1]).toBe(Infinity);
    expect(r.value).toBe(Infinity);
    const js = await engine.rowDivergence(p, q, { input: 'probs', measure: 'js' });
    expect(js.values.every(Number.isFinite)).toBe(true);
  });
  it('units: nats, bits, and none for tv / hellinger / tsallis / alpha', async () => {
    const p = [[1, 2, 3]], q = [[3, 2, 1]];
    const nats = await engine.rowDivergence(p, q);
    const bits = await engine.rowDivergence(p, q, { base: 2 });
    expect(nats.unit).toBe('nats');
    expect(bits.unit).toBe('bits');
    assertClose(bits.value, nats.value / Math.LN2, { rtol: 1e-12 }, 'bits');
    expect((await engine.rowDivergence(p, q, { measure: 'tv' })).unit).toBeNull();
  });
  it('rejects different shapes, negative probabilities, rows not summing to 1, and misplaced options', async () => {
    const fails = async (promise: Promise<unknown>, shape: object) => {
      const e = await promise.then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(InvalidInputError);
      expect(e).toMatchObject(shape);
    };
    await fails(engine.rowDivergence([[1, 2]], [[1, 2, 3]]), { code: 'SHAPE_MISMATCH', argument: 'q' });
    await fails(engine.rowDivergence([[1.2, -0.2]], [[0.5, 0.5]], { input: 'probs' }), { code: 'NEGATIVE_PROBABILITY', argument: 'p' });
    await fails(engine.rowDivergence([[0.5, 0.5]], [[0.5, 0.6]], { input: 'probs' }), { code: 'NOT_NORMALISED', argument: 'q' });
    await fails(engine.rowDivergence([[0.5, 0.5]], [[0.5, 0.5]], { input: 'probs', temperature: 2 }), { code: 'UNKNOWN_OPTION', argument: 'options.temperature' });
    await fails(engine.rowDivergence([[1, 2]], [[2, 1]], { temperature: 0 }), { code: 'BAD_NUMBER', argument: 'options.temperature' });
    await fails(engine.rowDivergence([[1, 2]], [[2, 1]], { measure: 'renyi', alpha: 1 }), { code: 'BAD_NUMBER', argument: 'options.alpha' });
    await fails(engine.rowDivergence([[1, 2]], [[2, 1]], { measure: 'kl', alpha: 2 }), { code: 'UNKNOWN_OPTION', argument: 'options.alpha' });
    await fails(engine.rowDivergence([[1, 2]], [[2, 1]], { measure: 'tv', base: 2 }), { code: 'UNKNOWN_OPTION', argument: 'options.base' });
  });
});

describe('rowDivergence α family at the edges of the support', () => {
  it('p > 0 where q = 0 makes Σ p^α q^{1−α} infinite for α > 1 and drops the entry for α < 1; disjoint supports give Rényi +∞ for α < 1', async () => {
    const p = [[0.5, 0.5, 0]], q = [[0.5, 0, 0.5]];
    expect((await engine.rowDivergence(p, q, { input: 'probs', measure: 'renyi', alpha: 2 })).values[0]).toBe(Infinity);
    assertClose((await engine.rowDivergence(p, q, { input: 'probs', measure: 'renyi', alpha: 0.5 })).values[0], -Math.log(0.5) / 0.5, { rtol: 1e-12 }, 'Rényi-½');
    expect((await engine.rowDivergence([[1, 0]], [[0, 1]], { input: 'probs', measure: 'renyi', alpha: 0.5 })).values[0]).toBe(Infinity);
  });
});
