/**
 * KSG1, KSG2 and mixed MI on one resident upload of the joint sample [x | y]: the
 * estimate and, with P permutations, its P permutation nulls. Null p pairs x_i with
 * y_σ(i), σ = FeistelPermutation(n, seed, PERMUTATION_STREAM + p) — the permutation
 * permutationTable(n, seed, p) lists — applied by the backend as a row permutation of
 * y's columns (evaluated inside the kernels on the GPU). No permuted data is uploaded:
 * one upload serves the estimate and every null, and the nulls run as batched calls of
 * many permutations each (engine/joint-spaces.ts), a few submits per batch.
 */
import type { Backend, MatrixHandle } from './backend.js';
import { centreColumns, concatColumns, type HostMatrix } from './host-matrix.js';
import { PERMUTATION_STREAM } from './inference.js';
import { memberBatches, splitColumns, type JointSpaces } from './joint-spaces.js';
import { ksgEstimates } from './mutual-information-ksg.js';
import { mixedEstimates } from './mutual-information-mixed.js';

export type JointMethod = 'ksg1' | 'ksg2' | 'mixed';

/** Î in nats of each pairing of `members` inside `joint`, by `method`. */
export function jointEstimates(backend: Backend, joint: MatrixHandle, members: readonly JointSpaces[], k: number, method: JointMethod): Promise<Float64Array> {
  return method === 'mixed' ? mixedEstimates(backend, joint, members, k) : ksgEstimates(backend, joint, members, k, method);
}

/** Î(x; y) and the nulls of permutations 0 … P − 1 (validated, paired x and y with more than k rows). */
export async function estimateWithNulls(backend: Backend, x: HostMatrix, y: HostMatrix, k: number, method: JointMethod, permutations: number, seed: number): Promise<{ observed: number; nulls: Float64Array }> {
  const joint = await backend.upload(centreColumns(concatColumns([x, y])));
  try {
    const [observed] = await jointEstimates(backend, joint, [splitColumns(x.cols, y.cols)], k, method);
    const nulls = new Float64Array(permutations);
    const yColumns = [x.cols, x.cols + y.cols] as const;
    for (const [first, end] of memberBatches(permutations, x.rows, k)) {
      const members = Array.from({ length: end - first }, (_, t) => splitColumns(x.cols, y.cols, { columns: yColumns, seed, stream: PERMUTATION_STREAM + first + t }));
      nulls.set(await jointEstimates(backend, joint, members, k, method), first);
    }
    return { observed, nulls };
  } finally {
    backend.release(joint);
  }
}
