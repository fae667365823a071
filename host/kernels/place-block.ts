/**
 * Driver of shaders/place-block.wgsl: records the copy of one sample into the assembled
 * matrix A of a device upload, counting its non-finite values into flags[slot].
 */
import type { CommandStep } from '../command-step.js';
import type { GpuContext } from '../gpu-context.js';
import type { KernelSpec } from '../pipeline-cache.js';
import source from '../../shaders/place-block.wgsl';

const WORKGROUP_SIZE = 64;
const PLACE_PARAMS_BYTES = 32;

export const placeBlockKernel: KernelSpec = {
  name: 'place-block',
  sources: [source],
  branches: {},
  constants: {},
  // source, a, flags
  storage: ['read', 'read_write', 'read_write'],
  paramsBytes: PLACE_PARAMS_BYTES,
};

export interface Placement {
  /** The sample, f32 row-major from element `sourceOffset`. */
  readonly source: GPUBuffer;
  readonly sourceOffset: number;
  readonly rows: number;
  readonly cols: number;
  readonly rowStart: number;
  readonly colStart: number;
  /** Index of this sample's counter in `flags`. */
  readonly slot: number;
}

/** Records one place-block dispatch into `step` (A has `aCols` columns). */
export async function recordPlaceBlock(context: GpuContext, step: CommandStep, placement: Placement, a: GPUBuffer, aCols: number, flags: GPUBuffer): Promise<void> {
  const kernel = await context.kernels.get(placeBlockKernel);
  const { rows, cols } = placement;
  const groups = Math.min(context.limits.maxComputeWorkgroupsPerDimension, Math.ceil((rows * cols) / WORKGROUP_SIZE));
  const params = new Uint32Array(PLACE_PARAMS_BYTES / 4);
  params.set([rows, cols, placement.sourceOffset, placement.rowStart, placement.colStart, aCols, placement.slot, groups * WORKGROUP_SIZE]);
  step.dispatch(kernel, params, [placement.source, a, flags], [groups, 1]);
}
