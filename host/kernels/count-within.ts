/**
 * Driver of shaders/count-within.wgsl: per query i, #{ j : d(q_i, r_j) < radii[i] }
 * (≤ when inclusive), j ≠ i when excludeSelf, in the f32 distances knn reports.
 * Per chunk of query rows: upload the chunk's radii (f32-radius.ts), zero the counts,
 * scan every reference block (host/reference-tile.ts), read the counts back — one submit.
 */
import type { ColumnRange, CountRequest, Metric } from '../../engine/backend.js';
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
    sources: [metricSource, referenceTileSource, source],
    branches: {},
    constants: { ...metricConstants(metric), WORKGROUP_SIZE },
    // query, reference, radii, counts
    storage: ['read', 'read', 'read', 'read_write'],
    paramsBytes: TILE_PARAMS_BYTES,
  };
}

export async function countWithin(context: GpuContext, query: GpuMatrix, reference: GpuMatrix, request: CountRequest, columns: ColumnRange, sameMatrix: boolean): Promise<Int32Array> {
  const kernel = await context.kernels.get(countWithinKernel(request.metric));
  const plan = planTiledScan(
    { queryRows: query.maxBlockRows, referenceRows: reference.maxBlockRows, columns: columns[1] - columns[0], bytesPerQuery: 4, bytesPerQuerySplit: 0 },
    context.limits,
  );
  const counts = new Int32Array(query.rows);
  for (const block of query.blocks) {
    for (let offset = 0; offset < block.rows; offset += plan.queryChunkRows) {
      const rows = Math.min(plan.queryChunkRows, block.rows - offset);
      const first = block.rowBase + offset;
      const radii = context.uploadStorage(radiiToF32(request.radii.subarray(first, first + rows), request.inclusive), 'count radii');
      const chunkCounts = context.scratch(rows * 4, 'counts');
      try {
        const step = new CommandStep(context, 'countWithin');
        step.clear(chunkCounts, rows * 4);
        encodeTiledScan(step, {
          kernel,
          query: block,
          queryOffset: offset,
          queryRows: rows,
          queryCols: query.cols,
          reference,
          columns,
          excludeSelf: request.excludeSelf && sameMatrix,
          plan,
          outputs: [radii, chunkCounts],
          inclusive: request.inclusive,
        });
        step.readBack(chunkCounts, rows * 4);
        const [bytes] = await step.run();
        counts.set(new Int32Array(bytes, 0, rows), first);
      } finally {
        context.pool.release(radii);
        context.pool.release(chunkCounts);
      }
    }
  }
  return counts;
}
