import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, InvalidInputError, type CountEntropyMethod } from '../index.js';
import { assertClose } from './support/assert-close.js';
import { readGolden } from './support/golden.js';

type CountCase = { seed: number; counts: number[] } & Record<CountEntropyMethod, number>;
const golden = readGolden<{ counts: CountCase[] }>('discrete.json');
const METHODS: CountEntropyMethod[] = ['plugin', 'miller-madow', 'grassberger', 'chao-shen', 'nsb'];

const engine = await createEngine({ backend: 'cpu' });
afterAll(() => engine.dispose());

describe('entropyFromCounts against scipy.stats.entropy and the papers’ formulas (tests/golden/make_discrete_golden.py)', () => {
  for (const c of golden.counts) {
    for (const method of METHODS) {
      it(`${method}: seed ${c.seed}, K = ${c.counts.length}, N = ${c.counts.reduce((s, v) => s + v, 0)}`, async () => {
        const r = await engine.entropyFromCounts(c.counts, { method });
        // Closed forms agree to rounding; NSB compares a 4,001-point trapezoid in log β with scipy's adaptive quad: 1e-6.
        assertClose(r.value, c[method], method === 'nsb' ? { atol: 1e-6 } : { atol: 1e-12 }, method);
        expect(r).toMatchObject({ method, unit: 'nats', backend: 'cpu', bins: c.counts.length });
      });
    }
  }
  it('the bias corrections raise the plug-in estimate, which is biased low, on an undersampled alphabet (K = 100, N = 50 singletons)', async () => {
    const counts = Array.from({ length: 100 }, (_, i) => (i < 50 ? 1 : 0));
    const plugin = (await engine.entropyFromCounts(counts)).value;
    assertClose(plugin, Math.log(50), { atol: 1e-12 }, 'plug-in of 50 singletons');
    for (const method of ['miller-madow', 'grassberger', 'chao-shen', 'nsb'] as const) {
      expect((await engine.entropyFromCounts(counts, { method })).value, method).toBeGreaterThan(plugin);
    }
  });
});

describe('informationFromTable', () => {
  it('plug-in MI and conditional entropies of a contingency table satisfy the chain rule and match direct counts', async () => {
    const table = [[10, 2, 0], [3, 15, 4], [0, 1, 9]];
    const r = await engine.informationFromTable(table);
    const hx = (await engine.entropyFromCounts(table.map((row) => row.reduce((s, v) => s + v, 0)))).value;
    const hxy = (await engine.entropyFromCounts(table.flat())).value;
    assertClose(r.entropyX, hx, { atol: 1e-15 }, 'H(X)');
    assertClose(r.jointEntropy, hxy, { atol: 1e-15 }, 'H(X,Y)');
    assertClose(r.value, r.entropyX - r.conditionalEntropyXGivenY, { atol: 1e-14 }, 'I = H(X) − H(X|Y)');
    assertClose(r.value, r.entropyY - r.conditionalEntropyYGivenX, { atol: 1e-14 }, 'I = H(Y) − H(Y|X)');
    // The same MI as mutualInformation 'discrete' on the rows the table counts.
    const x: number[] = [], y: number[] = [];
    table.forEach((row, i) => row.forEach((count, j) => { for (let t = 0; t < count; t++) { x.push(i); y.push(j); } }));
    assertClose(r.value, (await engine.mutualInformation(x, y, { method: 'discrete' })).value, { atol: 1e-14 }, 'vs discrete MI');
  });
  it('rejects negative or non-integer counts, an empty or all-zero input, ragged tables', async () => {
    const fails = async (promise: Promise<unknown>, shape: object) => {
      const e = await promise.then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(InvalidInputError);
      expect(e).toMatchObject(shape);
    };
    await fails(engine.entropyFromCounts([3, -1, 2]), { code: 'BAD_COUNTS', argument: 'counts' });
    await fails(engine.entropyFromCounts([3, 1.5]), { code: 'BAD_COUNTS', argument: 'counts' });
    await fails(engine.entropyFromCounts([]), { code: 'EMPTY_INPUT', argument: 'counts' });
    await fails(engine.entropyFromCounts([0, 0]), { code: 'BAD_COUNTS' });
    await fails(engine.entropyFromCounts([4], { method: 'nsb' }), { code: 'BAD_COUNTS' });
    await fails(engine.informationFromTable([[1, 2], [3]]), { code: 'SHAPE_MISMATCH', argument: 'table' });
  });
});
