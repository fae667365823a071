/**
 * Incremental Gram sums between a fixed reference X (n rows) and a sliding window W of the
 * most recent rows (engine/drift-monitor.ts), for MMD and energy distance:
 *
 *   S_xx = Σ_{i≠j} k(x_i, x_j)                 once, at the start
 *   r_j  = Σ_i k(x_i, w_j)                     per window row, when w_j arrives
 *   c_j  = Σ_{l ∈ W, l ≠ j} k(w_j, w_l)         per window row, kept up to date
 *   d_j  = k(w_j, w_j)                         per window row (biased estimators only)
 *   S_xw = Σ_j r_j,   S_ww = Σ_j c_j (+ Σ_j d_j for the V-statistic)
 *
 * A push of b rows evicting e rows evaluates the kernel on the evicted × remaining pairs
 * (c_l −= Σ_{j∈E} k(w_l, w_j); the evicted rows are uploaded again as a small matrix of
 * their own), then the new × reference, new × window (both directions) and new × new
 * pairs: O((b + e)·(|W| + n) + b²) evaluations, never O(|W|²). Each pushed batch stays
 * resident as its own matrix (a segment); rows that left a partly evicted segment get
 * weight 0 (at most MAX_SEGMENTS·b of them in total). Past MAX_SEGMENTS segments the live rows are re-uploaded as one
 * segment (their sums carried over, no kernel evaluation), so a push makes O(MAX_SEGMENTS)
 * backend calls. The per-row sums are float64 on the host (O(|W|) numbers); a shifted host
 * copy of the window's rows is kept for that re-upload.
 */
import type { Backend, MatrixHandle } from './backend.js';
import type { GramKernel } from './gram-kernel.js';
import { concatRows, type HostMatrix } from './host-matrix.js';

/** Segments kept before the window is re-uploaded as one. */
export const MAX_SEGMENTS = 8;

interface Segment {
  readonly handle: MatrixHandle;
  /** The segment's rows as uploaded (host copy). */
  readonly rows: HostMatrix;
  /** Rows before `start` have left the window. */
  start: number;
  readonly referenceSums: Float64Array;
  readonly windowSums: Float64Array;
  readonly diagonal: Float64Array;
}

export interface WindowSums {
  /** S_xx (without i = j; plus Σ k(x_i, x_i) in `referenceDiagonal`). */
  readonly reference: number;
  readonly referenceDiagonal: number;
  readonly cross: number;
  readonly window: number;
  readonly windowDiagonal: number;
  readonly windowRows: number;
}

export class DriftKernelSums {
  private readonly segments: Segment[] = [];
  private constructor(
    private readonly backend: Backend,
    private readonly kernel: GramKernel,
    private readonly reference: MatrixHandle,
    private readonly referenceSum: number,
    private readonly referenceDiagonal: number,
    private readonly windowSize: number,
    private readonly withDiagonal: boolean,
  ) {}

  /** Uploads the (already shifted) reference and computes S_xx. */
  static async create(backend: Backend, kernel: GramKernel, reference: HostMatrix, windowSize: number, withDiagonal: boolean): Promise<DriftKernelSums> {
    const handle = await backend.upload(reference);
    try {
      const ones = new Float64Array(reference.rows).fill(1);
      const [off] = await backend.gramSums(handle, handle, { kernel, excludeDiagonal: true, referenceWeights: ones, queryWeights: ones, count: 1 });
      const diagonal = withDiagonal ? (await backend.gramSums(handle, handle, { kernel, excludeDiagonal: false, referenceWeights: ones, queryWeights: ones, count: 1 }))[0] - off : 0;
      return new DriftKernelSums(backend, kernel, handle, off, diagonal, windowSize, withDiagonal);
    } catch (error) {
      backend.release(handle);
      throw error;
    }
  }

  /** Slides the window over `batch` (already shifted, at most windowSize rows). */
  async push(batch: HostMatrix): Promise<void> {
    await this.evict(Math.max(0, this.windowRows() + batch.rows - this.windowSize));
    const handle = await this.backend.upload(batch);
    const b = batch.rows;
    try {
      const ones = new Float64Array(b).fill(1);
      const segment: Segment = {
        handle,
        rows: batch,
        start: 0,
        referenceSums: await this.rowSums(handle, this.reference, new Float64Array(this.reference.rows).fill(1)),
        windowSums: await this.rowSums(handle, handle, ones, true),
        diagonal: this.withDiagonal ? await this.diagonalOf(handle, b) : new Float64Array(b),
      };
      for (const s of this.segments) {
        const toNew = await this.rowSums(handle, s.handle, this.liveMask(s));
        const fromNew = await this.rowSums(s.handle, handle, ones);
        for (let j = 0; j < b; j++) segment.windowSums[j] += toNew[j];
        for (let l = s.start; l < fromNew.length; l++) s.windowSums[l] += fromNew[l];
      }
      this.segments.push(segment);
    } catch (error) {
      this.backend.release(handle);
      throw error;
    }
    if (this.segments.length > MAX_SEGMENTS) await this.compact();
  }

  /** Re-uploads the live rows of every segment as one segment, carrying their sums over. */
  private async compact(): Promise<void> {
    const live = <T extends Float64Array>(pick: (s: Segment) => T) => concatFloat(this.segments.map((s) => pick(s).subarray(s.start)));
    const cols = this.segments[0].rows.cols;
    const data = concatFloat(this.segments.map((s) => s.rows.data.subarray(s.start * cols, s.rows.rows * cols)));
    const rows: HostMatrix = { rows: data.length / cols, cols, data };
    const handle = await this.backend.upload(rows);
    const merged: Segment = { handle, rows, start: 0, referenceSums: live((s) => s.referenceSums), windowSums: live((s) => s.windowSums), diagonal: live((s) => s.diagonal) };
    for (const s of this.segments) this.backend.release(s.handle);
    this.segments.splice(0, this.segments.length, merged);
  }

  sums(): WindowSums {
    let cross = 0, window = 0, windowDiagonal = 0;
    for (const s of this.segments) {
      for (let j = s.start; j < s.referenceSums.length; j++) {
        cross += s.referenceSums[j];
        window += s.windowSums[j];
        windowDiagonal += s.diagonal[j];
      }
    }
    return { reference: this.referenceSum, referenceDiagonal: this.referenceDiagonal, cross, window, windowDiagonal, windowRows: this.windowRows() };
  }

  windowRows(): number {
    return this.segments.reduce((s, seg) => s + seg.referenceSums.length - seg.start, 0);
  }

  dispose(): void {
    for (const s of this.segments) this.backend.release(s.handle);
    this.segments.length = 0;
    this.backend.release(this.reference);
  }

  /** Removes the `count` oldest rows: c_l −= Σ_{j evicted} k(w_l, w_j) for the rows that stay. */
  private async evict(count: number): Promise<void> {
    if (count === 0) return;
    // The evicted rows, segment by segment: [segment, first, end).
    const evicted: [Segment, number, number][] = [];
    let left = count;
    for (const s of this.segments) {
      if (left === 0) break;
      const take = Math.min(left, s.referenceSums.length - s.start);
      evicted.push([s, s.start, s.start + take]);
      left -= take;
    }
    for (const [s, , end] of evicted) s.start = end;
    const remaining = this.segments.filter((s) => s.start < s.referenceSums.length);
    if (remaining.length > 0) {
      const cols = this.segments[0].rows.cols;
      const gone = await this.backend.upload(concatRows(evicted.map(([s, first, end]) => ({ rows: end - first, cols, data: s.rows.data.subarray(first * cols, end * cols) }))));
      try {
        for (const s of remaining) {
          const lost = await this.rowSums(s.handle, gone, new Float64Array(count).fill(1));
          for (let l = s.start; l < lost.length; l++) s.windowSums[l] -= lost[l];
        }
      } finally {
        this.backend.release(gone);
      }
    }
    for (const s of this.segments.filter((seg) => seg.start === seg.referenceSums.length)) this.backend.release(s.handle);
    this.segments.splice(0, this.segments.length, ...remaining);
  }

  /** (K(query, reference) w)_i; `same` skips i = j (query and reference one matrix). */
  private async rowSums(query: MatrixHandle, reference: MatrixHandle, weights: Float64Array, same = false): Promise<Float64Array> {
    return this.backend.gramSums(query, reference, { kernel: this.kernel, excludeDiagonal: same, referenceWeights: weights, queryWeights: null, count: 1 });
  }

  /** k(w_j, w_j) per row: row sums with the diagonal minus row sums without it. */
  private async diagonalOf(handle: MatrixHandle, rows: number): Promise<Float64Array> {
    const ones = new Float64Array(rows).fill(1);
    const all = await this.rowSums(handle, handle, ones, false);
    const off = await this.rowSums(handle, handle, ones, true);
    return all.map((v, j) => v - off[j]);
  }

  private liveMask(s: Segment): Float64Array {
    const w = new Float64Array(s.referenceSums.length);
    w.fill(1, s.start);
    return w;
  }
}

function concatFloat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
