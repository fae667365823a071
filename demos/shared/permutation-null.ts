/**
 * The permutation null of a two-sample statistic, drawn exactly as the library draws it
 * (engine/inference.ts, engine/two-sample-gram.ts): pool z = [x; y] (N = n + m rows); the
 * p-th relabelling takes rows σ_p(0 … n−1) of z as x and the rest as y, with
 * σ_p = FeistelPermutation(N, seed, PERMUTATION_STREAM + p). Recomputing the statistic on
 * each relabelling gives the null values behind the library's
 * pValue = (1 + #{null ≥ observed}) / (1 + P), which the page plots.
 */
import { PERMUTATION_STREAM } from '../../engine/inference.js';
import { FeistelPermutation } from '../../engine/random-permutation.js';
import type { SampleMatrix } from './sample-file.js';

/** The p-th relabelling of the pooled sample [x; y] into (x′, y′) of the same sizes. */
export function relabel(x: SampleMatrix, y: SampleMatrix, seed: number, p: number): { x: SampleMatrix; y: SampleMatrix } {
  if (x.cols !== y.cols) throw new Error(`x has ${x.cols} columns and y ${y.cols}; a two-sample test needs the same number`);
  const cols = x.cols, total = x.rows + y.rows;
  const sigma = new FeistelPermutation(total, seed, PERMUTATION_STREAM + p);
  const row = (r: number) => (r < x.rows ? x.data.subarray(r * cols, (r + 1) * cols) : y.data.subarray((r - x.rows) * cols, (r - x.rows + 1) * cols));
  const take = (from: number, count: number): SampleMatrix => {
    const data = new Float64Array(count * cols);
    for (let i = 0; i < count; i++) data.set(row(sigma.at(from + i)), i * cols);
    return { data, rows: count, cols };
  };
  return { x: take(0, x.rows), y: take(x.rows, y.rows) };
}

/** (1 + #{null ≥ observed}) / (1 + P). */
export function permutationPValue(observed: number, nulls: ArrayLike<number>): number {
  let atLeast = 0;
  for (let p = 0; p < nulls.length; p++) if (nulls[p] >= observed) atLeast++;
  return (1 + atLeast) / (1 + nulls.length);
}
