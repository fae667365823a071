/**
 * Driver of shaders/gather-columns.wgsl: columns [begin, end) of every row of a matrix
 * cut into several blocks, copied into one compact buffer (one dispatch per block, one
 * submit), so that a kernel can read any row σ(j) of those columns from one binding.
 */
import type { ColumnRange } from '../../engine/backend.js';
import { CommandStep } from '../command-step.js';
import type { GpuContext } from '../gpu-context.js';
import type { GpuMatrix } from '../gpu-matrix.js';
import type { KernelSpec } from '../pipeline-cache.js';
import { maxDataBufferBytes } from '../webgpu-limits.js';
import source from '../../shaders/gather-columns.wgsl';

const WORKGROUP_SIZE = 64;
const GATHER_PARAMS_BYTES = 32;

const gatherColumnsKernel: KernelSpec = {
  name: 'gather-columns',
  sources: [source],
  branches: {},
  constants: {},
  // block, out
  storage: ['read', 'read_write'],
  paramsBytes: GATHER_PARAMS_BYTES,
};

/** A new scratch buffer [matrix rows × (end − begin)] holding those columns; the caller releases it. */
export async function gatherColumns(context: GpuContext, matrix: GpuMatrix, [begin, end]: ColumnRange): Promise<GPUBuffer> {
  const width = end - begin;
  const bytes = matrix.rows * width * 4;
  if (bytes > maxDataBufferBytes(context.limits)) {
    throw new Error(`WebGPU: permuted columns [${begin}, ${end}) of ${matrix.rows} rows (${bytes} bytes) exceed the largest storage binding (${maxDataBufferBytes(context.limits)} bytes)`);
  }
  const kernel = await context.kernels.get(gatherColumnsKernel);
  const out = context.scratch(bytes, `gathered columns [${begin}, ${end})`);
  try {
    const step = new CommandStep(context, 'gatherColumns');
    for (const block of matrix.blocks) {
      const groups = Math.min(context.limits.maxComputeWorkgroupsPerDimension, Math.ceil((block.rows * width) / WORKGROUP_SIZE));
      const params = new Uint32Array(GATHER_PARAMS_BYTES / 4);
      params.set([block.rows, matrix.cols, block.rowBase, begin, width, groups * WORKGROUP_SIZE]);
      step.dispatch(kernel, params, [block.buffer, out], [groups, 1]);
    }
    await step.run();
    return out;
  } catch (error) {
    context.pool.release(out);
    throw error;
  }
}
