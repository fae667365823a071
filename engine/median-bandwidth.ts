/**
 * The 'median' bandwidth heuristic (DESIGN.md §2): σ = the median of the pairwise Euclidean
 * distances ‖z_i − z_j‖ (not squared; each unordered pair i < j once, which has the median
 * of all i ≠ j) of the sample — numpy's `np.median(scipy.spatial.distance.pdist(z))` —
 * or, past MEDIAN_MAX_ROWS rows, of a seeded subsample of MEDIAN_MAX_ROWS rows drawn
 * without replacement (subsampleRows, stream MEDIAN_STREAM + variable). Float64 on the
 * host, so every backend uses the same σ.
 */
import { selectRows, type HostMatrix } from './host-matrix.js';
import { MEDIAN_STREAM, subsampleRows } from './inference.js';

export const MEDIAN_MAX_ROWS = 1000;

/** Median pairwise distance of `sample` (variable `variable` of the call picks the stream); 0 when fewer than two rows differ. */
export function medianDistance(sample: HostMatrix, seed: number, variable: number): number {
  const z = sample.rows > MEDIAN_MAX_ROWS ? selectRows(sample, subsampleRows(sample.rows, MEDIAN_MAX_ROWS, seed, MEDIAN_STREAM + variable)) : sample;
  const { rows, cols, data } = z;
  if (rows < 2) return 0;
  const distances = new Float64Array((rows * (rows - 1)) / 2);
  let p = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = i + 1; j < rows; j++) {
      let s = 0;
      for (let c = 0; c < cols; c++) {
        const t = data[i * cols + c] - data[j * cols + c];
        s += t * t;
      }
      distances[p++] = Math.sqrt(s);
    }
  }
  distances.sort();
  const h = distances.length >> 1;
  return distances.length % 2 === 1 ? distances[h] : (distances[h - 1] + distances[h]) / 2;
}
