/**
 * The counter-based random generator shared by every seeded draw (DESIGN.md §3):
 * Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3", SC 2011). A draw is a pure function of (seed, stream, counter), so the
 * same draws can be made in any order, on any thread, and in WGSL (u32 add, rotate, xor).
 *
 *   key = (seed, stream), block = (counter, lane)
 *   uniform u = ((w >>> 8) + 0.5) / 2²⁴ ∈ (0, 1)   — never 0, so log u is finite
 */

const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;
const PARITY = 0x1bd11bda;

function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

/** Threefry-2x32-20 of block (c0, c1) under key (k0, k1); returns both output words. */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number): [number, number] {
  const ks = [k0 >>> 0, k1 >>> 0, (PARITY ^ k0 ^ k1) >>> 0];
  let x0 = (c0 + ks[0]) >>> 0;
  let x1 = (c1 + ks[1]) >>> 0;
  for (let round = 0; round < 20; round++) {
    x0 = (x0 + x1) >>> 0;
    x1 = rotl(x1, ROTATIONS[round % 8]) ^ x0;
    if (round % 4 === 3) {
      const s = (round + 1) / 4;
      x0 = (x0 + ks[s % 3]) >>> 0;
      x1 = (x1 + ks[(s + 1) % 3] + s) >>> 0;
    }
  }
  return [x0, x1];
}

/** A seeded stream of draws: `uniform(i)` and `normal(i)` are pure functions of (seed, stream, i). */
export class CounterRandom {
  constructor(readonly seed: number, readonly stream = 0) {}

  /** The i-th uniform in (0, 1). */
  uniform(i: number): number {
    return ((threefry2x32(this.seed, this.stream, i, 0)[0] >>> 8) + 0.5) / 16777216;
  }

  /** The i-th standard normal (Box–Muller on the two words of block i). */
  normal(i: number): number {
    const [w0, w1] = threefry2x32(this.seed, this.stream, i, 1);
    const u1 = ((w0 >>> 8) + 0.5) / 16777216;
    const u2 = ((w1 >>> 8) + 0.5) / 16777216;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
