// Timing helpers for the benchmarks: medians of repeated runs of one call.
// Every figure in bench/RESULTS.md is a median of `repeats` runs (after `warmup` runs that
// are not counted: JIT compilation, pipeline creation, pool growth).

/** The median of a list of numbers (the mean of the two middle values for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `fn` `warmup` times untimed, then `repeats` times timed (milliseconds, wall clock).
 * @returns {Promise<{ medianMs: number, samplesMs: number[], result: unknown }>} result of the last run
 */
export async function timeRepeats(fn, { repeats = 3, warmup = 1 } = {}) {
  let result;
  for (let i = 0; i < warmup; i++) result = await fn();
  const samplesMs = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    result = await fn();
    samplesMs.push(performance.now() - start);
  }
  return { medianMs: median(samplesMs), samplesMs, result };
}
