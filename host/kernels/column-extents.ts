/**
 * Driver of shaders/column-extents.wgsl: min and max of every column of a resident matrix
 * (each block reduced on the device, the blocks' extents combined on the host), one submit
 * and one read-back of 2 × blocks × cols f32.
 */
import { CommandStep } from '../command-step.js';
import type { GpuContext } from '../gpu-context.js';
import type { GpuMatrix } from '../gpu-matrix.js';
import type { KernelSpec } from '../pipeline-cache.js';
import source from '../../shaders/column-extents.wgsl';

const EXTENT_PARAMS_BYTES = 16;

const columnExtentsKernel: KernelSpec = {
  name: 'column-extents',
  sources: [source],
  branches: {},
  constants: {},
  // block, out
  storage: ['read', 'read_write'],
  paramsBytes: EXTENT_PARAMS_BYTES,
};

/** [min_0, max_0, min_1, max_1, …] over all rows, one pair per column. */
export async function columnExtents(context: GpuContext, matrix: GpuMatrix): Promise<Float64Array> {
  const { cols, blocks } = matrix;
  const kernel = await context.kernels.get(columnExtentsKernel);
  const bytes = blocks.length * cols * 2 * 4;
  const out = context.scratch(bytes, 'column extents');
  try {
    const step = new CommandStep(context, 'columnExtents');
    const perDispatch = context.limits.maxComputeWorkgroupsPerDimension;
    blocks.forEach((block, slot) => {
      for (let colBase = 0; colBase < cols; colBase += perDispatch) {
        const params = new Uint32Array(EXTENT_PARAMS_BYTES / 4);
        params.set([block.rows, cols, colBase, slot]);
        step.dispatch(kernel, params, [block.buffer, out], [Math.min(perDispatch, cols - colBase), 1]);
      }
    });
    step.readBack(out, bytes);
    const [raw] = await step.run();
    const perBlock = new Float32Array(raw);
    const extents = new Float64Array(2 * cols);
    for (let c = 0; c < cols; c++) {
      extents[2 * c] = Infinity;
      extents[2 * c + 1] = -Infinity;
      for (let slot = 0; slot < blocks.length; slot++) {
        extents[2 * c] = Math.min(extents[2 * c], perBlock[(slot * cols + c) * 2]);
        extents[2 * c + 1] = Math.max(extents[2 * c + 1], perBlock[(slot * cols + c) * 2 + 1]);
      }
    }
    return extents;
  } finally {
    context.pool.release(out);
  }
}
