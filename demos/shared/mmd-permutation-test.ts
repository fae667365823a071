/**
 * MMD² with a permutation p-value AND the null values behind it, for a plot: one
 * `mmd(x, y, { permutations: P, seed })` call (the library's batched test and its pValue),
 * then the statistic recomputed on each of the same P relabellings (permutation-null.ts)
 * at the bandwidth that call chose — the pooled-sample median is the same for every
 * relabelling, so these are the library's own null values up to floating-point rounding.
 */
import type { KernelEstimate, MmdOptions } from '../../index.js';
import type { EngineClient } from './engine-client.js';
import { relabel } from './permutation-null.js';
import type { Progress } from './demo-session.js';
import type { SampleMatrix } from './sample-file.js';

export interface MmdTest {
  readonly estimate: KernelEstimate;
  readonly milliseconds: number;
  /** The P null values, in permutation order. */
  readonly nulls: Float64Array;
}

export async function mmdPermutationTest(
  client: EngineClient,
  x: SampleMatrix,
  y: SampleMatrix,
  options: Pick<MmdOptions, 'permutations' | 'seed' | 'estimator'>,
  progress: Progress,
  onNulls: (nulls: Float64Array, observed: number) => void = () => {},
): Promise<MmdTest> {
  const permutations = options.permutations ?? 0;
  progress.stage(`MMD² with ${permutations} permutations`);
  const { result: estimate, milliseconds } = await client.callWithProgress('mmd', progress.fraction, x, y, options);
  const sigmas = estimate.bandwidths.x;
  const nulls = new Float64Array(permutations);
  for (let p = 0; p < permutations; p++) {
    progress.stage('null distribution for the plot', p, permutations);
    const permuted = relabel(x, y, options.seed ?? 0, p);
    const { result } = await client.call('mmd', permuted.x, permuted.y, {
      estimator: options.estimator,
      bandwidth: sigmas.length === 1 ? sigmas[0] : [...sigmas],
    });
    nulls[p] = result.value;
    if (p % 8 === 7 || p === permutations - 1) onNulls(nulls.subarray(0, p + 1), estimate.value);
  }
  return { estimate, milliseconds, nulls };
}
