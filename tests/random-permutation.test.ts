import { describe, expect, it } from 'vitest';
import { FeistelPermutation } from '../engine/random-permutation.js';
import { normalQuantile } from '../engine/normal-quantile.js';
import { assertClose } from './support/assert-close.js';

describe('FeistelPermutation', () => {
  it('is a bijection of [0, n) for sizes around powers of 4, and a pure function of (n, seed, stream)', () => {
    for (const n of [1, 2, 3, 4, 5, 15, 16, 17, 1000, 4097]) {
      const t = new FeistelPermutation(n, 42, 3).table();
      expect(new Set(t).size).toBe(n);
      expect(Math.min(...t)).toBe(0);
      expect(Math.max(...t)).toBe(n - 1);
      expect(Array.from(new FeistelPermutation(n, 42, 3).table())).toEqual(Array.from(t));
    }
  });
  it('moves each index to a roughly uniform place: position of 0 over 4,000 streams', () => {
    const n = 8, counts = new Array(n).fill(0);
    for (let s = 0; s < 4000; s++) counts[new FeistelPermutation(n, 7, s).at(0)]++;
    // Expected 500 per cell, sd ≈ 21; bound at ~5 sd.
    for (const c of counts) expect(Math.abs(c - 500)).toBeLessThan(110);
  });
  it('differs between streams and seeds', () => {
    const a = new FeistelPermutation(100, 1, 0).table(), b = new FeistelPermutation(100, 1, 1).table(), c = new FeistelPermutation(100, 2, 0).table();
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});

describe('normalQuantile', () => {
  it('matches scipy.stats.norm.ppf to 1.2e-9 relative', () => {
    // /usr/bin/python3 -c "from scipy.stats import norm; print(repr(norm.ppf(p)))"
    const table: [number, number][] = [
      [1e-10, -6.361340902404056], [0.001, -3.090232306167813], [0.02, -2.053748910631823], [0.1, -1.2815515655446004],
      [0.3, -0.5244005127080409], [0.5, 0], [0.77, 0.7388468491852137], [0.975, 1.959963984540054], [0.9999, 3.719016485455709],
    ];
    for (const [p, z] of table) assertClose(normalQuantile(p), z, { rtol: 1.2e-9, atol: 1e-15 }, `Φ⁻¹(${p})`);
  });
});
