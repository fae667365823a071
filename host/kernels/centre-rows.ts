/**
 * Driver of shaders/centre-rows.wgsl: writes a block of a resident matrix from rows of the
 * assembled matrix A, minus the column means when centring.
 */
import type { CommandStep } from '../command-step.js';
import type { GpuContext } from '../gpu-context.js';
import type { KernelSpec } from '../pipeline-cache.js';
import source from '../../shaders/centre-rows.wgsl';

const WORKGROUP_SIZE = 64;
const CENTRE_PARAMS_BYTES = 32;

export const centreRowsKernel: KernelSpec = {
  name: 'centre-rows',
  sources: [source],
  branches: {},
  constants: {},
  // a, mean, block
  storage: ['read', 'read', 'read_write'],
  paramsBytes: CENTRE_PARAMS_BYTES,
};

/** Records block[i, c] = a[firstRow + i, c] − (centred ? mean[c] : 0) for i < rows into `step`. */
export async function recordCentreRows(
  context: GpuContext,
  step: CommandStep,
  a: GPUBuffer,
  mean: GPUBuffer,
  block: GPUBuffer,
  firstRow: number,
  rows: number,
  cols: number,
  centred: boolean,
): Promise<void> {
  const kernel = await context.kernels.get(centreRowsKernel);
  const groups = Math.min(context.limits.maxComputeWorkgroupsPerDimension, Math.ceil((rows * cols) / WORKGROUP_SIZE));
  const params = new Uint32Array(CENTRE_PARAMS_BYTES / 4);
  params.set([rows, cols, firstRow, centred ? 1 : 0, groups * WORKGROUP_SIZE]);
  step.dispatch(kernel, params, [a, mean, block], [groups, 1]);
}
