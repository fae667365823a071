import { describe, expect, it } from 'vitest';
import { createEngine, InvalidInputError } from '../index.js';

const engine = await createEngine({ backend: 'cpu' });
const xs = Array.from({ length: 20 }, (_, i) => Math.sin(i * 1.3));
const ys = Array.from({ length: 20 }, (_, i) => Math.cos(i * 0.7));

async function rejection(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe('InvalidInputError names the argument and carries a code', () => {
  it('rows that differ between x and y', async () => {
    const e = await rejection(engine.mutualInformation(xs, ys.slice(1)));
    expect(e).toMatchObject({ code: 'ROW_MISMATCH', argument: 'y' });
    expect(e.message).toMatch(/19 rows but x has 20/);
  });
  it('n ≤ k', async () => {
    expect(await rejection(engine.mutualInformation(xs.slice(0, 3), ys.slice(0, 3), { k: 3 }))).toMatchObject({ code: 'TOO_FEW_ROWS', argument: 'x' });
    expect(await rejection(engine.entropy(xs.slice(0, 5), { k: 5 }))).toMatchObject({ code: 'TOO_FEW_ROWS' });
    expect(await rejection(engine.knn(xs.slice(0, 4), { k: 4 }))).toMatchObject({ code: 'TOO_FEW_ROWS', argument: 'options.k' });
  });
  it('NaN and Infinity, with their position', async () => {
    const withNaN = xs.slice();
    withNaN[7] = NaN;
    const e = await rejection(engine.entropy(withNaN));
    expect(e).toMatchObject({ code: 'NOT_FINITE', argument: 'x' });
    expect(e.message).toMatch(/row 7/);
    expect(await rejection(engine.mutualInformation(xs, [...ys.slice(0, 19), Infinity]))).toMatchObject({ code: 'NOT_FINITE', argument: 'y' });
  });
  it('empty input', async () => {
    expect(await rejection(engine.entropy([]))).toMatchObject({ code: 'EMPTY_INPUT', argument: 'x' });
    expect(await rejection(engine.entropy(new Float64Array(0)))).toMatchObject({ code: 'EMPTY_INPUT' });
  });
  it('k that is not a positive integer', async () => {
    for (const k of [0, -1, 2.5, NaN, '3' as unknown as number]) {
      expect(await rejection(engine.mutualInformation(xs, ys, { k }))).toMatchObject({ code: 'BAD_INTEGER', argument: 'options.k' });
    }
  });
  it('{ data, rows, cols } whose data is shorter than rows × cols, and ragged rows', async () => {
    const e = await rejection(engine.entropy({ data: new Float64Array(5), rows: 3, cols: 2 }));
    expect(e).toMatchObject({ code: 'SHAPE_MISMATCH', argument: 'x' });
    expect(e.message).toMatch(/holds 5 values but rows×cols = 3×2 = 6/);
    expect(await rejection(engine.entropy([[1, 2], [3]]))).toMatchObject({ code: 'SHAPE_MISMATCH', argument: 'x' });
  });
  it('an unknown method or option', async () => {
    expect(await rejection(engine.mutualInformation(xs, ys, { method: 'ksg3' as 'ksg1' }))).toMatchObject({ code: 'UNKNOWN_METHOD', argument: 'options.method' });
    expect(await rejection(engine.entropy(xs, { K: 3 } as object))).toMatchObject({ code: 'UNKNOWN_OPTION', argument: 'options.K' });
    expect(await rejection(engine.knn(xs, { k: 2, metric: 'cosine' as 'euclidean' }))).toMatchObject({ code: 'UNKNOWN_OPTION', argument: 'options.metric' });
    expect(await rejection(createEngine({ backend: 'gpu' as 'cpu' }))).toMatchObject({ code: 'UNKNOWN_OPTION', argument: 'options.backend' });
  });
  it('repeated points that make a kNN radius zero (entropy)', async () => {
    const repeated = [...xs, xs[0], xs[0], xs[0]];
    expect(await rejection(engine.entropy(repeated, { k: 3 }))).toMatchObject({ code: 'ZERO_DISTANCE', argument: 'x' });
  });
  it('a call after dispose()', async () => {
    const e2 = await createEngine({ backend: 'cpu' });
    e2.dispose();
    expect(await rejection(e2.entropy(xs))).toMatchObject({ code: 'DISPOSED', argument: 'engine' });
    expect(await rejection(e2.mutualInformation(xs, ys))).toMatchObject({ code: 'DISPOSED' });
  });
});
