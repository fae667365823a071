/**
 * Driver of shaders/knn-merge.wgsl: merges the per-split lists of one knn pass into
 * columns [columnOffset, columnOffset + listLength) of the chunk's neighbour lists of
 * every member of the group and records each query's last entry as the next pass's floor.
 */
import type { Metric } from '../../engine/backend.js';
import type { CommandStep } from '../command-step.js';
import { metricConstants, metricSource } from '../metric.js';
import { capacityBranches, neighbourListSource } from '../neighbour-list.js';
import type { Kernel, KernelSpec } from '../pipeline-cache.js';
import source from '../../shaders/knn-merge.wgsl';

const WORKGROUP_SIZE = 64;
const MERGE_PARAMS_BYTES = 32;

export function knnMergeKernel(listLength: number, metric: Metric): KernelSpec {
  return {
    name: 'knn-merge',
    sources: [metricSource, neighbourListSource, source],
    branches: capacityBranches(listLength),
    constants: metricConstants(metric),
    // lists, neighbours, floors
    storage: ['read', 'read_write', 'read_write'],
    paramsBytes: MERGE_PARAMS_BYTES,
  };
}

export interface KnnMerge {
  readonly queryRows: number;
  /** Batch members of the group (the grid's y). */
  readonly members: number;
  readonly splits: number;
  readonly listLength: number;
  /** Columns of the neighbour lists (all passes). */
  readonly k: number;
  readonly columnOffset: number;
  readonly lists: GPUBuffer;
  readonly neighbours: GPUBuffer;
  readonly floors: GPUBuffer;
}

export function encodeKnnMerge(step: CommandStep, kernel: Kernel, merge: KnnMerge): void {
  const params = new Uint32Array(MERGE_PARAMS_BYTES / 4);
  params.set([merge.queryRows, merge.splits, merge.listLength, merge.k, merge.columnOffset]);
  step.dispatch(kernel, params, [merge.lists, merge.neighbours, merge.floors], [Math.ceil(merge.queryRows / WORKGROUP_SIZE), merge.members]);
}
