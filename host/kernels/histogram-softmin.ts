/**
 * Driver of shaders/histogram-softmin.wgsl: one batched softmin step of discrete
 * log-domain Sinkhorn (HistogramSoftminRequest of engine/backend.ts) on resident vectors,
 *   out_t,i = −ε·log Σ_j exp(log w_t,j + (g_t,j − C_ij)/ε)   (C transposed on request),
 * optionally over-relaxed (request.relax), one invocation per (pair, output bin). The pairs are cut into dispatches of at most
 * MAX_TERMS_PER_DISPATCH exponentials (and 65,535 pairs), all in ONE step with no
 * read-back: the result stays on the device.
 */
import type { HistogramSoftminRequest } from '../../engine/backend.js';
import { CommandStep } from '../command-step.js';
import type { GpuContext } from '../gpu-context.js';
import type { GpuVector } from '../gpu-vector.js';
import type { KernelSpec } from '../pipeline-cache.js';
import source from '../../shaders/histogram-softmin.wgsl';

const WORKGROUP_SIZE = 64;
const HISTOGRAM_PARAMS_BYTES = 48;
/** Bound on the (pair, i, j) terms of one dispatch, so that no dispatch runs long (DESIGN.md §4). */
const MAX_TERMS_PER_DISPATCH = 1 << 22;

export const histogramSoftminKernel: KernelSpec = {
  name: 'histogram-softmin',
  sources: [source],
  branches: {},
  constants: {},
  // cost, log weights, potential, output, previous
  storage: ['read', 'read', 'read', 'read_write', 'read'],
  paramsBytes: HISTOGRAM_PARAMS_BYTES,
};

/** The vectors of a request, resolved to the device. */
export interface HistogramSoftminVectors {
  readonly cost: GpuVector;
  readonly logWeights: GpuVector;
  readonly potential: GpuVector;
  readonly output: GpuVector;
  /** Bound (and read) only with request.relax; the cost vector stands in otherwise. */
  readonly previous: GpuVector | undefined;
}

export async function histogramSoftmin(context: GpuContext, request: HistogramSoftminRequest, vectors: HistogramSoftminVectors): Promise<void> {
  const kernel = await context.kernels.get(histogramSoftminKernel);
  const summed = request.transpose ? request.rows : request.cols;
  const outBins = request.transpose ? request.cols : request.rows;
  const pairsPerDispatch = Math.max(1, Math.min(context.limits.maxComputeWorkgroupsPerDimension, Math.floor(MAX_TERMS_PER_DISPATCH / (summed * outBins))));
  const step = new CommandStep(context, 'histogramSoftmin');
  for (let pairBase = 0; pairBase < request.pairs; pairBase += pairsPerDispatch) {
    const pairs = Math.min(pairsPerDispatch, request.pairs - pairBase);
    const params = new Uint32Array(HISTOGRAM_PARAMS_BYTES / 4);
    params.set([outBins, summed, request.cols, request.transpose ? 1 : 0, pairBase, pairs]);
    const floats = new Float32Array(params.buffer);
    floats[6] = 1 / request.eps;
    floats[7] = request.eps;
    params[8] = request.relax ? 1 : 0;
    floats[9] = request.relax?.weight ?? 1;
    const previous = (vectors.previous ?? vectors.cost).buffer;
    step.dispatch(kernel, params, [vectors.cost.buffer, vectors.logWeights.buffer, vectors.potential.buffer, vectors.output.buffer, previous], [Math.ceil(outBins / WORKGROUP_SIZE), pairs]);
  }
  await step.run();
}
