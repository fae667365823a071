/**
 * Driver of shaders/count-within.wgsl: per member m of a batch of column spaces and query
 * i, #{ j : d_m(q_i, r_j) < radii_m[i] } (≤ when inclusive), j ≠ i when excludeSelf, in
 * the f32 distances knn reports (a single countWithin call is a batch of one).
 * Per group of members and chunk of query rows: upload the chunk's radii of each member
 * (f32-radius.ts), zero the counts, scan every reference block (host/reference-tile.ts),
 * read the counts back — one submit.
 */
import type { Metric } from '../../engine/backend.js';
import { columnSpaceSources, memberGroups, type SpaceBatch } from '../column-spaces.js';
import { CommandStep } from '../command-step.js';
import { radiiToF32 } from '../f32-radius.js';
import type { GpuContext } from '../gpu-context.js';
import type { GpuMatrix } from '../gpu-matrix.js';
import { metricConstants, metricSource } from '../metric.js';
import type { KernelSpec } from '../pipeline-cache.js';
import { encodeTiledScan, planTiledScan, referenceTileSource, TILE_PARAMS_BYTES, WORKGROUP_SIZE } from '../reference-tile.js';
import source from '../../shaders/count-within.wgsl';

export function countWithinKernel(metric: Metric): KernelSpec {
  return {
    name: 'count-within',
    sources: [metricSource, ...columnSpaceSources, referenceTileSource, source],
    branches: {},
    constants: { ...metricConstants(metric), WORKGROUP_SIZE },
    // query, reference, spaces, mapped, radii, counts
    storage: ['read', 'read', 'read', 'read', 'read', 'read_write'],
    paramsBytes: TILE_PARAMS_BYTES,
  };
}

export interface RadiusCount {
  readonly metric: Metric;
  readonly inclusive: boolean;
  /** Skip the pair (i, i) (query and reference are one matrix). */
  readonly excludeSelf: boolean;
  /** One radius per query row, per member of `spaces`. */
  readonly radii: readonly Float64Array[];
}

/** One Int32Array of counts per space of `spaces`. */
export async function countWithin(context: GpuContext, query: GpuMatrix, reference: GpuMatrix, count: RadiusCount, spaces: SpaceBatch): Promise<Int32Array[]> {
  const kernel = await context.kernels.get(countWithinKernel(count.metric));
  const plan = planTiledScan(
    { queryRows: query.maxBlockRows, referenceRows: reference.maxBlockRows, columns: spaces.width, members: spaces.members, bytesPerQuery: 4, bytesPerQuerySplit: 0 },
    context.limits,
  );
  const results = Array.from({ length: spaces.members }, () => new Int32Array(query.rows));
  for (const [memberBase, members] of memberGroups(spaces.members, plan.groupMembers)) {
    for (const block of query.blocks) {
      for (let offset = 0; offset < block.rows; offset += plan.queryChunkRows) {
        const rows = Math.min(plan.queryChunkRows, block.rows - offset);
        const first = block.rowBase + offset;
        const chunkRadii = new Float32Array(members * rows);
        for (let m = 0; m < members; m++) chunkRadii.set(radiiToF32(count.radii[memberBase + m].subarray(first, first + rows), count.inclusive), m * rows);
        const radii = context.uploadStorage(chunkRadii, 'count radii');
        const counts = context.scratch(members * rows * 4, 'counts');
        try {
          const step = new CommandStep(context, 'countWithin');
          step.clear(counts, members * rows * 4);
          encodeTiledScan(step, {
            kernel,
            query: block,
            queryOffset: offset,
            queryRows: rows,
            queryCols: query.cols,
            reference,
            spaces,
            memberBase,
            members,
            excludeSelf: count.excludeSelf,
            plan,
            outputs: [radii, counts],
            inclusive: count.inclusive,
          });
          step.readBack(counts, members * rows * 4);
          const [bytes] = await step.run();
          for (let m = 0; m < members; m++) results[memberBase + m].set(new Int32Array(bytes, m * rows * 4, rows), first);
        } finally {
          context.pool.release(radii);
          context.pool.release(counts);
        }
      }
    }
  }
  return results;
}
