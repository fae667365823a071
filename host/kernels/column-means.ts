/**
 * Driver of shaders/column-means.wgsl: the f32 column means of a rows × cols matrix
 * (Kahan-compensated per thread, pairwise across a workgroup), one workgroup per column,
 * in dispatches of at most maxComputeWorkgroupsPerDimension columns.
 */
import type { CommandStep } from '../command-step.js';
import type { GpuContext } from '../gpu-context.js';
import type { KernelSpec } from '../pipeline-cache.js';
import source from '../../shaders/column-means.wgsl';

const MEAN_PARAMS_BYTES = 16;

export const columnMeansKernel: KernelSpec = {
  name: 'column-means',
  sources: [source],
  branches: {},
  constants: {},
  // a, mean
  storage: ['read', 'read_write'],
  paramsBytes: MEAN_PARAMS_BYTES,
};

/** Records mean[c] = (1/rows)·Σ_i a[i, c] for every column into `step`. */
export async function recordColumnMeans(context: GpuContext, step: CommandStep, a: GPUBuffer, rows: number, cols: number, mean: GPUBuffer): Promise<void> {
  const kernel = await context.kernels.get(columnMeansKernel);
  const perDispatch = context.limits.maxComputeWorkgroupsPerDimension;
  for (let colBase = 0; colBase < cols; colBase += perDispatch) {
    const params = new Uint32Array(MEAN_PARAMS_BYTES / 4);
    params.set([rows, cols, colBase]);
    step.dispatch(kernel, params, [a, mean], [Math.min(perDispatch, cols - colBase), 1]);
  }
}
