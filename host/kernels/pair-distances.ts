/**
 * Driver of shaders/pair-distances.wgsl: per member m of a batch of column spaces,
 * out_m[i·width + t] = d_m(q_i, r_{indices_m[i·width + t]}) in the f32 arithmetic of knn
 * and count-within (a single pairDistances call is a batch of one). Per group of members
 * and chunk of query rows (bounded by the largest binding, the workgroup grid and the
 * work budget): upload the chunk's indices, one dispatch per reference block (each writes
 * the pairs that fall in its block), read the distances back — one submit.
 */
import type { Metric } from '../../engine/backend.js';
import { columnSpaceSources, memberGroups, type SpaceBatch } from '../column-spaces.js';
import { CommandStep } from '../command-step.js';
import type { GpuContext } from '../gpu-context.js';
import type { GpuMatrix } from '../gpu-matrix.js';
import { metricConstants, metricSource } from '../metric.js';
import type { KernelSpec } from '../pipeline-cache.js';
import { maxDataBufferBytes } from '../webgpu-limits.js';
import source from '../../shaders/pair-distances.wgsl';

const WORKGROUP_SIZE = 64;
const PAIR_PARAMS_BYTES = 48;

export function pairDistancesKernel(metric: Metric): KernelSpec {
  return {
    name: 'pair-distances',
    sources: [metricSource, ...columnSpaceSources, source],
    branches: {},
    constants: metricConstants(metric),
    // query, reference, spaces, mapped, indices, distances
    storage: ['read', 'read', 'read', 'read', 'read', 'read_write'],
    paramsBytes: PAIR_PARAMS_BYTES,
  };
}

export interface PairList {
  readonly metric: Metric;
  readonly width: number;
  /** Row-major (query rows × width) reference indices, per member of `spaces`. */
  readonly indices: readonly Int32Array[];
}

/** One Float64Array of distances per space of `spaces`. */
export async function pairDistances(context: GpuContext, query: GpuMatrix, reference: GpuMatrix, list: PairList, spaces: SpaceBatch): Promise<Float64Array[]> {
  const kernel = await context.kernels.get(pairDistancesKernel(list.metric));
  const { width } = list;
  const { limits } = context;
  const atLeastOne = (value: number) => Math.max(1, Math.floor(value));
  const groupMembers = Math.min(spaces.members, limits.maxComputeWorkgroupsPerDimension, atLeastOne(maxDataBufferBytes(limits) / (4 * width)), atLeastOne(limits.maxWorkPerDispatch / (width * spaces.width)));
  const chunkRows = Math.min(
    atLeastOne((limits.maxComputeWorkgroupsPerDimension * WORKGROUP_SIZE) / width),
    atLeastOne(maxDataBufferBytes(limits) / (4 * width * groupMembers)),
    atLeastOne(limits.maxWorkPerDispatch / (width * spaces.width * groupMembers)),
  );
  const results = Array.from({ length: spaces.members }, () => new Float64Array(query.rows * width));
  for (const [memberBase, members] of memberGroups(spaces.members, groupMembers)) {
    for (const block of query.blocks) {
      for (let offset = 0; offset < block.rows; offset += chunkRows) {
        const rows = Math.min(chunkRows, block.rows - offset);
        const pairs = rows * width;
        const first = (block.rowBase + offset) * width;
        const chunkIndices = new Uint32Array(members * pairs);
        for (let m = 0; m < members; m++) chunkIndices.set(list.indices[memberBase + m].subarray(first, first + pairs), m * pairs);
        const indices = context.uploadStorage(chunkIndices, 'pair indices');
        const distances = context.scratch(members * pairs * 4, 'pair distances');
        try {
          const step = new CommandStep(context, 'pairDistances');
          for (const refBlock of reference.blocks) {
            const params = new Uint32Array(PAIR_PARAMS_BYTES / 4);
            params.set([pairs, width, offset, query.cols, refBlock.rows, reference.cols, refBlock.rowBase, block.rowBase + offset, memberBase]);
            const bindings = [block.buffer, refBlock.buffer, spaces.table, spaces.mapped, indices, distances];
            step.dispatch(kernel, params, bindings, [Math.ceil(pairs / WORKGROUP_SIZE), members]);
          }
          step.readBack(distances, members * pairs * 4);
          const [bytes] = await step.run();
          for (let m = 0; m < members; m++) results[memberBase + m].set(new Float32Array(bytes, m * pairs * 4, pairs), first);
        } finally {
          context.pool.release(indices);
          context.pool.release(distances);
        }
      }
    }
  }
  return results;
}
