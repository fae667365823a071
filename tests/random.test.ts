import { describe, expect, it } from 'vitest';
import { CounterRandom, threefry2x32 } from '../engine/random.js';

describe('threefry2x32', () => {
  // Known-answer vectors of Random123 (kat_vectors: threefry2x32 20 rounds; counter then key).
  it('reproduces the Random123 known-answer vectors', () => {
    expect(threefry2x32(0, 0, 0, 0)).toEqual([0x6b200159, 0x99ba4efe]);
    expect(threefry2x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff)).toEqual([0x1cb996fc, 0xbb002be7]);
    expect(threefry2x32(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3)).toEqual([0xc4923a9c, 0x483df7a0]);
  });
});

describe('CounterRandom', () => {
  it('is a pure function of (seed, stream, counter)', () => {
    const a = new CounterRandom(7, 3);
    const b = new CounterRandom(7, 3);
    expect(a.uniform(12345)).toBe(b.uniform(12345));
    expect(a.normal(5)).toBe(b.normal(5));
    expect(a.uniform(1)).not.toBe(new CounterRandom(8, 3).uniform(1));
  });
  it('draws uniforms in (0, 1) and normals with mean 0 and variance 1', () => {
    const r = new CounterRandom(1);
    const n = 200_000;
    let min = 1, max = 0, s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform(i);
      min = Math.min(min, u);
      max = Math.max(max, u);
      const z = r.normal(i);
      s += z;
      s2 += z * z;
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    // standard errors: mean 1/√n ≈ 0.0022, variance √(2/n) ≈ 0.0032; bounds at ~4.5σ
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.015);
  });
});
