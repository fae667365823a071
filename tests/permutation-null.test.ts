/**
 * relabel and permutationPValue (demos/shared/permutation-null.ts), which the two-sample
 * demo and the panel use to plot the null behind the library's MMD p-value: relabellings
 * keep the pooled rows, and MMD² recomputed on them (at the observed bandwidth) counts to
 * exactly the library's pValue for several seeds, sizes and effect sizes.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../index.js';
import { permutationPValue, relabel } from '../demos/shared/permutation-null.js';
import { FIRST_STREAM, gaussianCloud, SECOND_STREAM } from '../demos/shared/synthetic-samples.js';

describe('relabel', () => {
  it('splits the pooled rows into samples of the original sizes, each row used once', () => {
    const x = gaussianCloud({ rows: 7, cols: 3, shift: 0, scale: 1, seed: 2, stream: FIRST_STREAM });
    const y = gaussianCloud({ rows: 5, cols: 3, shift: 1, scale: 1, seed: 2, stream: SECOND_STREAM });
    const rowsOf = (m: { data: Float64Array; rows: number; cols: number }) => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)).join());
    const pooled = [...rowsOf(x), ...rowsOf(y)].sort();
    for (let p = 0; p < 4; p++) {
      const permuted = relabel(x, y, 9, p);
      expect([permuted.x.rows, permuted.y.rows, permuted.x.cols]).toEqual([7, 5, 3]);
      expect([...rowsOf(permuted.x), ...rowsOf(permuted.y)].sort()).toEqual(pooled);
    }
    expect(rowsOf(relabel(x, y, 9, 0).x)).not.toEqual(rowsOf(relabel(x, y, 9, 1).x));
  });

  it('rejects samples with different column counts', () => {
    const x = gaussianCloud({ rows: 4, cols: 2, shift: 0, scale: 1, seed: 1, stream: FIRST_STREAM });
    const y = gaussianCloud({ rows: 4, cols: 3, shift: 0, scale: 1, seed: 1, stream: SECOND_STREAM });
    expect(() => relabel(x, y, 0, 0)).toThrow(/x has 2 columns and y 3/);
  });
});

describe('permutationPValue of MMD² on relabelled samples', () => {
  for (const [n, m, shift, seed] of [[60, 50, 0, 1], [80, 80, 0.4, 2], [40, 70, 1, 3]] as const) {
    it(`equals the library's pValue (n = ${n}, m = ${m}, δ = ${shift}, seed ${seed})`, async () => {
      const engine = await createEngine({ backend: 'cpu' });
      try {
        const x = gaussianCloud({ rows: n, cols: 2, shift: 0, scale: 1, seed, stream: FIRST_STREAM });
        const y = gaussianCloud({ rows: m, cols: 2, shift, scale: 1, seed, stream: SECOND_STREAM });
        const permutations = 39;
        const observed = await engine.mmd(x, y, { permutations, seed });
        const nulls: number[] = [];
        for (let p = 0; p < permutations; p++) {
          const permuted = relabel(x, y, seed, p);
          nulls.push((await engine.mmd(permuted.x, permuted.y, { bandwidth: observed.bandwidths.x[0] })).value);
        }
        expect(permutationPValue(observed.value, nulls)).toBe(observed.pValue);
      } finally {
        engine.dispose();
      }
    });
  }

  it('counts ties with the observed value as at least as extreme', () => {
    expect(permutationPValue(2, [1, 2, 3, 0])).toBe((1 + 2) / 5);
  });
});
