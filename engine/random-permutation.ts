/**
 * Seeded random permutations of [0, n) that can be evaluated index by index, in any order
 * and on any device (so a GPU kernel can apply σ(j) without an uploaded table):
 * a 4-round balanced Feistel network over [0, 4^b) ⊇ [0, n) whose round function is the
 * shared Threefry generator (engine/random.ts), with cycle-walking back into [0, n)
 * (Black & Rogaway, "Ciphers with arbitrary finite domains", 2002).
 *
 *   index v = (L, R), b bits each;  round r:  (L, R) ← (R, L ⊕ (F_r(R) mod 2^b)),
 *   F_r(R) = threefry2x32(seed, stream, R, r)[0];  σ(i) = first of E(i), E(E(i)), … below n.
 *
 * The walk stays on i's cycle of a bijection, so it terminates; since 4^b < 4n the
 * expected number of steps is below 4.
 */
import { threefry2x32 } from './random.js';

export class FeistelPermutation {
  /** b, the bits of each Feistel half: the smallest b ≥ 1 with 4^b ≥ n. */
  readonly halfBits: number;
  private readonly mask: number;

  constructor(readonly n: number, readonly seed: number, readonly stream: number) {
    let bits = 1;
    while (4 ** bits < n) bits++;
    this.halfBits = bits;
    this.mask = (1 << bits) - 1;
  }

  /** σ(i) for 0 ≤ i < n. */
  at(i: number): number {
    let v = i;
    do v = this.encrypt(v); while (v >= this.n);
    return v;
  }

  /** The whole permutation as a table. */
  table(): Int32Array {
    return Int32Array.from({ length: this.n }, (_, i) => this.at(i));
  }

  private encrypt(v: number): number {
    let left = v >>> this.halfBits, right = v & this.mask;
    for (let round = 0; round < 4; round++) {
      const f = threefry2x32(this.seed, this.stream, right, round)[0] & this.mask;
      [left, right] = [right, left ^ f];
    }
    return ((left << this.halfBits) | right) >>> 0;
  }
}
