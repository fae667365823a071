/**
 * A CPU kernel as a sequence of units of work (query rows, tile blocks, k-d tree nodes)
 * run in ascending order in consecutive ranges [from, to), so that a long backend call can
 * stop, report progress and let the event loop run between ranges (CpuBackend.withCheckpoint,
 * engine/progress.ts). A kernel does its setup once — when the work is made, or as its own
 * first units — and keeps its state between ranges, so running the ranges in order performs
 * the same float64 operations in the same order as one pass: the result is the same bit for
 * bit however the units are grouped.
 *
 * runWhole runs every unit in one go (worker threads, direct calls). runInChunks sizes the
 * ranges by time: it starts with one unit and sizes each next range from the rate of the
 * last one to take about CHUNK_MS, at most MAX_GROWTH times the last range (so a coarse
 * clock — browsers coarsen performance.now() — or cheap early units never make one range
 * run long), and awaits `checkpoint(finished fraction)` between ranges.
 */
import type { Checkpoint } from './backend.js';

/** Target duration of one range of units, in milliseconds. */
const CHUNK_MS = 10;
/** Largest factor by which one range may exceed the previous one in units. */
const MAX_GROWTH = 4;

/** One stretch of a kernel: `units` units, run in ascending, consecutive ranges. */
export interface Stretch {
  /** Number of units; may be an upper bound, the surplus units then do nothing. */
  readonly units: number;
  /** Runs units [from, to); called with ranges that cover [0, units) in ascending order. */
  run(from: number, to: number): void;
}

/** A kernel's work: its stretch of units, then its result (read once every unit has run). */
export interface RowWork<T> extends Stretch {
  result(): T;
}

/** Stretches run one after another (each starts once the previous one has run all its units), then `result`. */
export function phases<T>(stretches: readonly Stretch[], result: () => T): RowWork<T> {
  const starts = [0];
  for (const s of stretches) starts.push(starts[starts.length - 1] + s.units);
  return {
    units: starts[stretches.length],
    run(from, to) {
      for (let p = 0; p < stretches.length; p++) {
        const lo = Math.max(from, starts[p]), hi = Math.min(to, starts[p + 1]);
        if (lo < hi) stretches[p].run(lo - starts[p], hi - starts[p]);
      }
    },
    result,
  };
}

/** Every unit in one go. */
export function runWhole<T>(work: RowWork<T>): T {
  work.run(0, work.units);
  return work.result();
}

/** Every unit, in time-bounded ranges with `checkpoint` awaited between them (a throw from it rejects). */
export async function runInChunks<T>(work: RowWork<T>, checkpoint: Checkpoint): Promise<T> {
  let size = 1;
  for (let from = 0; from < work.units; ) {
    const to = Math.min(work.units, from + size);
    const start = performance.now();
    work.run(from, to);
    const elapsed = performance.now() - start;
    const ran = to - from;
    size = Math.max(1, Math.min(MAX_GROWTH * ran, Math.floor((ran * CHUNK_MS) / Math.max(elapsed, 1e-3))));
    from = to;
    if (from < work.units) await checkpoint(from / work.units);
  }
  return work.result();
}
