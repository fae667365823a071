/**
 * The dashboard's seeded model stream (and the browser test regenerates it in Node): a
 * reference sample of "embeddings" and a stream of batches from the same Gaussian until
 * the drift point, from a Gaussian whose mean moved by `shift` along the first axis after:
 *
 *   reference     REFERENCE_ROWS × DIMENSION draws of N(0, I)               (FIRST_STREAM)
 *   batch b       BATCH_ROWS rows of N(0, I) for b < DRIFT_BATCH            (SECOND_STREAM)
 *                 BATCH_ROWS rows of N(shift·e₁, I) for b ≥ DRIFT_BATCH      (DRIFTED_STREAM)
 *
 * Only seeded draws (synthetic-samples.ts → engine/random.ts) are imported, so Node test
 * code can load this file.
 */
import type { SampleMatrix } from '../shared/sample-file.js';
import { FIRST_STREAM, gaussianCloud, SECOND_STREAM } from '../shared/synthetic-samples.js';

/** The draws after the drift point. */
const DRIFTED_STREAM = 3;

export const DIMENSION = 8;
export const REFERENCE_ROWS = 200;
export const WINDOW_ROWS = 200;
export const BATCH_ROWS = 25;
export const BATCHES = 16;
/** The first drifted batch (0-based): the stream's halfway point. */
export const DRIFT_BATCH = BATCHES / 2;
/** Mean shift of the drifted batches along the first axis, in standard deviations. */
export const DRIFT_SHIFT = 1;
/** Permutations of the monitor's p-value at each push. */
export const PERMUTATIONS = 49;
/** The seed of the page's stream (and of the monitor's permutations). */
export const STREAM_SEED = 3;

export interface SimulatedStream {
  readonly reference: SampleMatrix;
  /** BATCHES batches of BATCH_ROWS × DIMENSION rows, in push order. */
  readonly batches: readonly SampleMatrix[];
}

/** Rows [first, first + count) of m. */
function rowsOf(m: SampleMatrix, first: number, count: number): SampleMatrix {
  return { data: m.data.slice(first * m.cols, (first + count) * m.cols), rows: count, cols: m.cols };
}

export function simulatedStream(seed: number): SimulatedStream {
  const reference = gaussianCloud({ rows: REFERENCE_ROWS, cols: DIMENSION, shift: 0, scale: 1, seed, stream: FIRST_STREAM });
  const streamRows = DRIFT_BATCH * BATCH_ROWS;
  const before = gaussianCloud({ rows: streamRows, cols: DIMENSION, shift: 0, scale: 1, seed, stream: SECOND_STREAM });
  const after = gaussianCloud({ rows: (BATCHES - DRIFT_BATCH) * BATCH_ROWS, cols: DIMENSION, shift: DRIFT_SHIFT, scale: 1, seed, stream: DRIFTED_STREAM });
  const batches = Array.from({ length: BATCHES }, (_, b) => (b < DRIFT_BATCH ? rowsOf(before, b * BATCH_ROWS, BATCH_ROWS) : rowsOf(after, (b - DRIFT_BATCH) * BATCH_ROWS, BATCH_ROWS)));
  return { reference, batches };
}

/** The last WINDOW_ROWS rows of the first `pushed` batches: the monitor's window after them. */
export function windowAfter(stream: SimulatedStream, pushed: number): SampleMatrix {
  const rows = stream.batches.slice(0, pushed).flatMap((batch) => Array.from(batch.data));
  const count = Math.min(WINDOW_ROWS, rows.length / DIMENSION);
  return { data: Float64Array.from(rows.slice(rows.length - count * DIMENSION)), rows: count, cols: DIMENSION };
}
