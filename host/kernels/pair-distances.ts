/**
 * Driver of shaders/pair-distances.wgsl: out[i·width + t] = d(q_i, r_{indices[i·width + t]})
 * in the f32 arithmetic of knn and count-within. Per chunk of query rows (bounded by the
 * largest binding, the workgroup grid and the work budget): upload the chunk's indices,
 * one dispatch per reference block (each writes the pairs that fall in its block), read
 * the distances back — one submit.
 */
import type { ColumnRange, Metric, PairDistanceRequest } from '../../engine/backend.js';
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
    sources: [metricSource, source],
    branches: {},
    constants: metricConstants(metric),
    // query, reference, indices, distances
    storage: ['read', 'read', 'read', 'read_write'],
    paramsBytes: PAIR_PARAMS_BYTES,
  };
}

export async function pairDistances(context: GpuContext, query: GpuMatrix, reference: GpuMatrix, request: PairDistanceRequest, columns: ColumnRange): Promise<Float64Array> {
  const kernel = await context.kernels.get(pairDistancesKernel(request.metric));
  const { width } = request;
  const { limits } = context;
  const atLeastOne = (value: number) => Math.max(1, Math.floor(value));
  const chunkRows = Math.min(
    atLeastOne((limits.maxComputeWorkgroupsPerDimension * WORKGROUP_SIZE) / width),
    atLeastOne(maxDataBufferBytes(limits) / (4 * width)),
    atLeastOne(limits.maxWorkPerDispatch / (width * (columns[1] - columns[0]))),
  );
  const out = new Float64Array(query.rows * width);
  for (const block of query.blocks) {
    for (let offset = 0; offset < block.rows; offset += chunkRows) {
      const rows = Math.min(chunkRows, block.rows - offset);
      const pairs = rows * width;
      const first = (block.rowBase + offset) * width;
      const indices = context.uploadStorage(Uint32Array.from(request.indices.subarray(first, first + pairs)), 'pair indices');
      const distances = context.scratch(pairs * 4, 'pair distances');
      try {
        const step = new CommandStep(context, 'pairDistances');
        for (const refBlock of reference.blocks) {
          const params = new Uint32Array(PAIR_PARAMS_BYTES / 4);
          params.set([pairs, width, offset, query.cols, refBlock.rows, reference.cols, refBlock.rowBase, columns[0], columns[1]]);
          step.dispatch(kernel, params, [block.buffer, refBlock.buffer, indices, distances], [Math.ceil(pairs / WORKGROUP_SIZE), 1]);
        }
        step.readBack(distances, pairs * 4);
        const [bytes] = await step.run();
        out.set(new Float32Array(bytes, 0, pairs), first);
      } finally {
        context.pool.release(indices);
        context.pool.release(distances);
      }
    }
  }
  return out;
}
