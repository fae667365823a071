/**
 * Host side of shaders/softmin-finish.wgsl: the kernel that merges the splits' log-sum-exp
 * states of a chunk of query rows into f (or its relaxed update) and the mean costs, and
 * its FinishParams record.
 */
import type { CommandStep } from '../command-step.js';
import type { KernelSpec, Kernel } from '../pipeline-cache.js';
import source from '../../shaders/softmin-finish.wgsl';

const WORKGROUP_SIZE = 64;
const FINISH_PARAMS_BYTES = 32;

export const softminFinishKernel: KernelSpec = {
  name: 'softmin-finish',
  sources: [source],
  branches: {},
  constants: {},
  // state, previous, output, mean cost
  storage: ['read', 'read', 'read_write', 'read_write'],
  paramsBytes: FINISH_PARAMS_BYTES,
};

export interface SoftminFinish {
  readonly queryRows: number;
  readonly splits: number;
  /** Global row of the chunk's first query. */
  readonly queryRowBase: number;
  readonly eps: number;
  /** Relaxed update output = previous + weight·(f − previous); null: output = f. */
  readonly relaxWeight: number | null;
  /** κ multiplying f before the relaxed update (1: none). */
  readonly damping: number;
  readonly state: GPUBuffer;
  /** Bound (and read) only when relaxWeight is given; any read-only buffer otherwise. */
  readonly previous: GPUBuffer;
  readonly output: GPUBuffer;
  readonly meanCost: GPUBuffer;
}

export function encodeSoftminFinish(step: CommandStep, kernel: Kernel, finish: SoftminFinish): void {
  const params = new Uint32Array(FINISH_PARAMS_BYTES / 4);
  const floats = new Float32Array(params.buffer);
  params.set([finish.queryRows, finish.splits, finish.queryRowBase, finish.relaxWeight === null ? 0 : 1]);
  floats[4] = finish.eps;
  floats[5] = finish.relaxWeight ?? 1;
  floats[6] = finish.damping;
  step.dispatch(kernel, params, [finish.state, finish.previous, finish.output, finish.meanCost], [Math.ceil(finish.queryRows / WORKGROUP_SIZE), 1]);
}
