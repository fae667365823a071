/**
 * Incremental Gram sums between a fixed reference X (n rows) and a sliding window W of the
 * most recent rows (engine/drift-monitor.ts), for MMD and energy distance. The window's rows
 * stay resident as segments s (one per push, oldest first, every row in the window); with
 * T(A, C) = 1ᵀK(A, C)1 and S(A), D(A) the off-diagonal and diagonal sums of K(A, A), each
 * segment keeps float64 scalars (no per-row sums):
 *
 *   X_s = T(s, X),   P_ss = S(s),   P_st = T(s, t) for every other segment t,   D_s = D(s)
 *
 * and the window's sums are added up from them at each reading:
 *
 *   S_xw = Σ_s X_s,   S_ww = Σ_s Σ_t P_st,   D_w = Σ_s D_s    (S_xx, D_x once, at the start)
 *
 * A push of b rows B adds a segment: X_B, S(B), D(B) and T(B, t) for each segment t —
 * O(b·(n + |W|)) kernel evaluations. Evicting the oldest rows drops whole segments (their
 * scalars leave exactly, no evaluation) and cuts the first c rows C off the oldest remaining
 * segment s (its live rows s′ copied on the backend, Backend.stackRows):
 *
 *   X_s′ = X_s − T(C, X),   P_s′t = P_st − T(C, t),   P_s′s′ = P_ss − 2T(C, s′) − S(C),   D_s′ = D_s − D(C)
 *
 * — O(c·(n + |W|)) evaluations. Each term is one Backend.gramSums bilinear form (one scalar
 * read back), so a push reads back O(MAX_SEGMENTS) scalars whatever |W|. Past MAX_SEGMENTS
 * segments, all but the oldest are stacked into one (a device copy; its scalars are sums of
 * the stored ones, no evaluation). Rounding: only the oldest segment is ever cut and it is
 * never stacked, so a subtraction's error stays in scalars that leave the window with that
 * segment, at most windowSize pushed rows later: the error never accumulates past one
 * turnover of the window, and no push recomputes the sums from scratch.
 */
import type { Backend, MatrixHandle } from './backend.js';
import type { GramKernel } from './gram-kernel.js';

/** Segments kept before the window's rows are stacked into one. */
export const MAX_SEGMENTS = 4;

export interface WindowSums {
  /** S_xx (without i = j; Σ k(x_i, x_i) in `referenceDiagonal`). */
  readonly reference: number;
  readonly referenceDiagonal: number;
  readonly cross: number;
  readonly window: number;
  readonly windowDiagonal: number;
  readonly windowRows: number;
}

interface Segment {
  handle: MatrixHandle;
  /** X_s = T(s, X). */
  cross: number;
  /** P_ss = S(s). */
  self: number;
  /** D_s (0 for U-statistics). */
  diagonal: number;
  /** P_st for every other segment t (kept on both sides). */
  readonly pairs: Map<Segment, number>;
}

export class DriftKernelSums {
  /** Oldest first; every row is in the window. */
  private segments: Segment[] = [];
  private referenceSum = 0;
  private referenceDiagonal = 0;

  private constructor(
    private readonly backend: Backend,
    private readonly kernel: GramKernel,
    /** X, resident (owned: released by dispose). */
    readonly reference: MatrixHandle,
    private readonly windowSize: number,
    private readonly withDiagonal: boolean,
  ) {}

  /** Takes ownership of the resident (already shifted) reference and computes S_xx (and D_x). */
  static async create(backend: Backend, kernel: GramKernel, reference: MatrixHandle, windowSize: number, withDiagonal: boolean): Promise<DriftKernelSums> {
    const sums = new DriftKernelSums(backend, kernel, reference, windowSize, withDiagonal);
    try {
      [sums.referenceSum, sums.referenceDiagonal] = await sums.selfSums(reference);
      return sums;
    } catch (error) {
      backend.release(reference);
      throw error;
    }
  }

  /** Slides the window over `batch` (resident, shifted like the reference, at most windowSize rows; owned from here on). */
  async push(batch: MatrixHandle): Promise<void> {
    const segment: Segment = { handle: batch, cross: 0, self: 0, diagonal: 0, pairs: new Map() };
    try {
      await this.evict(Math.max(0, this.windowRows() + batch.rows - this.windowSize));
      segment.cross = await this.total(batch, this.reference);
      [segment.self, segment.diagonal] = await this.selfSums(batch);
      for (const other of this.segments) segment.pairs.set(other, await this.total(batch, other.handle));
    } catch (error) {
      this.backend.release(batch);
      throw error;
    }
    for (const [other, value] of segment.pairs) other.pairs.set(segment, value);
    this.segments.push(segment);
    if (this.segments.length > MAX_SEGMENTS) await this.stackSegments();
  }

  sums(): WindowSums {
    let cross = 0, window = 0, windowDiagonal = 0;
    for (const s of this.segments) {
      cross += s.cross;
      windowDiagonal += s.diagonal;
      window += s.self;
      for (const value of s.pairs.values()) window += value;
    }
    return { reference: this.referenceSum, referenceDiagonal: this.referenceDiagonal, cross, window, windowDiagonal, windowRows: this.windowRows() };
  }

  windowRows(): number {
    return this.segments.reduce((rows, s) => rows + s.handle.rows, 0);
  }

  /** A resident copy of the window's rows, oldest first (shifted like the reference); the caller releases it. */
  async windowMatrix(): Promise<MatrixHandle> {
    return this.backend.stackRows(this.segments.map((s) => ({ matrix: s.handle, start: 0, rows: s.handle.rows })));
  }

  dispose(): void {
    for (const s of this.segments) this.backend.release(s.handle);
    this.segments = [];
    this.backend.release(this.reference);
  }

  /** Removes the `count` oldest rows: whole segments leave with their scalars, then the oldest remaining one is cut. */
  private async evict(count: number): Promise<void> {
    while (this.segments.length > 0 && count >= this.segments[0].handle.rows) {
      const oldest = this.segments.shift()!;
      for (const s of this.segments) s.pairs.delete(oldest);
      this.backend.release(oldest.handle);
      count -= oldest.handle.rows;
    }
    if (count > 0) await this.cut(this.segments[0], count);
  }

  /** Drops the first `count` rows C of segment s (see the header for the updates). */
  private async cut(s: Segment, count: number): Promise<void> {
    const { handle } = s;
    const gone = await this.backend.stackRows([{ matrix: handle, start: 0, rows: count }]);
    try {
      const live = await this.backend.stackRows([{ matrix: handle, start: count, rows: handle.rows - count }]);
      s.handle = live;
      this.backend.release(handle);
      s.cross -= await this.total(gone, this.reference);
      for (const [other, value] of s.pairs) {
        const updated = value - (await this.total(gone, other.handle));
        s.pairs.set(other, updated);
        other.pairs.set(s, updated);
      }
      const [off, diagonal] = await this.selfSums(gone);
      s.self -= 2 * (await this.total(gone, live)) + off;
      s.diagonal -= diagonal;
    } finally {
      this.backend.release(gone);
    }
  }

  /**
   * Replaces every segment but the oldest by one: their rows stacked on the backend, their
   * scalars added up (S of the union = Σ S(s) + Σ_{s≠t} T(s, t); its pair with the oldest = Σ P).
   * The oldest, the only one ever cut, is left out so that no subtraction outlives it.
   */
  private async stackSegments(): Promise<void> {
    const [oldest, ...rest] = this.segments;
    const stacked = await this.backend.stackRows(rest.map((s) => ({ matrix: s.handle, start: 0, rows: s.handle.rows })));
    const merged: Segment = { handle: stacked, cross: 0, self: 0, diagonal: 0, pairs: new Map() };
    let withOldest = 0;
    for (const s of rest) {
      merged.cross += s.cross;
      merged.self += s.self;
      merged.diagonal += s.diagonal;
      for (const [other, value] of s.pairs) {
        if (other === oldest) withOldest += value;
        else merged.self += value;
      }
      this.backend.release(s.handle);
    }
    oldest.pairs.clear();
    oldest.pairs.set(merged, withOldest);
    merged.pairs.set(oldest, withOldest);
    this.segments = [oldest, merged];
  }

  /** T(a, b) = 1ᵀK(a, b)1. */
  private async total(a: MatrixHandle, b: MatrixHandle): Promise<number> {
    const [sum] = await this.backend.gramSums(a, b, { kernel: this.kernel, excludeDiagonal: false, referenceWeights: ones(b.rows), queryWeights: ones(a.rows), count: 1 });
    return sum;
  }

  /** [S(m), D(m)]: the off-diagonal sum of K(m, m) and (V-statistics only, else 0) its trace. */
  private async selfSums(m: MatrixHandle): Promise<[number, number]> {
    const request = { kernel: this.kernel, excludeDiagonal: true, referenceWeights: ones(m.rows), queryWeights: ones(m.rows), count: 1 };
    const [off] = await this.backend.gramSums(m, m, request);
    if (!this.withDiagonal) return [off, 0];
    const [all] = await this.backend.gramSums(m, m, { ...request, excludeDiagonal: false });
    return [off, all - off];
  }
}

function ones(length: number): Float64Array {
  return new Float64Array(length).fill(1);
}
