/**
 * Driver of shaders/softmin.wgsl (+ softmin-finish.wgsl): one softmin step of log-domain
 * Sinkhorn (SoftminRequest of engine/backend.ts) on resident vectors,
 *   f_i = −ε·log Σ_j exp(log b_j + (g_j − C_ij)/ε),   C_ij = ‖x_i − y_j‖^p / p,
 * written into request.output (relaxed with request.relax), and the plan's mean cost of each
 * row into request.meanCost (or a scratch vector when not asked for).
 *
 * Per chunk of query rows (host/reference-tile.ts's plan: workgroup grid, binding sizes and
 * the work budget, with SOFTMIN_PAIR_WORK terms for each pair's exponential): the scan's
 * dispatches over every reference block and window, then one finish dispatch. Every chunk
 * goes into ONE step with no read-back: the result stays on the device. Device memory: the
 * vectors plus splits × chunk × 16 bytes of state, never a query × reference buffer.
 */
import type { ColumnRange, SoftminRequest } from '../../engine/backend.js';
import { CommandStep } from '../command-step.js';
import type { GpuContext } from '../gpu-context.js';
import type { GpuMatrix } from '../gpu-matrix.js';
import type { GpuVector } from '../gpu-vector.js';
import { metricConstants, metricSource } from '../metric.js';
import type { KernelSpec } from '../pipeline-cache.js';
import { planTiledScan, WORKGROUP_SIZE } from '../reference-tile.js';
import { encodeSoftminFinish, softminFinishKernel } from './softmin-finish.js';
import source from '../../shaders/softmin.wgsl';

/** Distance terms one pair's exponential and log-sum-exp update cost, for the work budget. */
const SOFTMIN_PAIR_WORK = 8;
/** Bytes of the state of one (split, query): m, s, its compensation, t. */
const STATE_BYTES = 16;
const SOFTMIN_PARAMS_BYTES = 64;

export function softminKernel(p: 1 | 2): KernelSpec {
  return {
    name: 'softmin',
    sources: [metricSource, source],
    branches: {},
    constants: { ...metricConstants('euclidean'), WORKGROUP_SIZE, COST_POWER: p },
    // query, reference, log weights, potential, state
    storage: ['read', 'read', 'read', 'read', 'read_write'],
    paramsBytes: SOFTMIN_PARAMS_BYTES,
  };
}

/** The vectors of a request, resolved to the device. */
export interface SoftminVectors {
  readonly logWeights: GpuVector;
  readonly potential: GpuVector;
  readonly output: GpuVector;
  readonly previous: GpuVector | undefined;
  readonly meanCost: GpuVector | undefined;
}

export async function softmin(context: GpuContext, query: GpuMatrix, reference: GpuMatrix, request: SoftminRequest, columns: ColumnRange, vectors: SoftminVectors): Promise<void> {
  const [scan, finish] = await Promise.all([context.kernels.get(softminKernel(request.p)), context.kernels.get(softminFinishKernel)]);
  const width = columns[1] - columns[0];
  const plan = planTiledScan(
    { queryRows: query.maxBlockRows, referenceRows: reference.maxBlockRows, columns: width + SOFTMIN_PAIR_WORK, members: 1, bytesPerQuery: 0, bytesPerQuerySplit: STATE_BYTES },
    context.limits,
  );
  const state = context.scratch(plan.splits * plan.queryChunkRows * STATE_BYTES, 'softmin state');
  const meanCost = vectors.meanCost?.buffer ?? context.scratch(query.rows * 4, 'softmin mean cost');
  try {
    const step = new CommandStep(context, 'softmin');
    for (const block of query.blocks) {
      for (let offset = 0; offset < block.rows; offset += plan.queryChunkRows) {
        const rows = Math.min(plan.queryChunkRows, block.rows - offset);
        let first = true;
        for (const refBlock of reference.blocks) {
          const splitLen = Math.ceil(refBlock.rows / plan.splits);
          for (let windowBegin = 0; windowBegin < splitLen; windowBegin += plan.windowRows) {
            const params = new Uint32Array(SOFTMIN_PARAMS_BYTES / 4);
            params.set([
              rows,
              offset,
              query.cols,
              refBlock.rows,
              reference.cols,
              refBlock.rowBase,
              splitLen,
              windowBegin,
              Math.min(windowBegin + plan.windowRows, splitLen),
              columns[0],
              columns[1],
              first ? 1 : 0,
            ]);
            new Float32Array(params.buffer)[12] = 1 / request.eps;
            step.dispatch(scan, params, [block.buffer, refBlock.buffer, vectors.logWeights.buffer, vectors.potential.buffer, state], [Math.ceil(rows / WORKGROUP_SIZE), plan.splits]);
            first = false;
          }
        }
        encodeSoftminFinish(step, finish, {
          queryRows: rows,
          splits: plan.splits,
          queryRowBase: block.rowBase + offset,
          eps: request.eps,
          relaxWeight: request.relax ? request.relax.weight : null,
          damping: request.damping ?? 1,
          state,
          previous: vectors.previous?.buffer ?? state,
          output: vectors.output.buffer,
          meanCost,
        });
      }
    }
    await step.run();
  } finally {
    context.pool.release(state);
    if (!vectors.meanCost) context.pool.release(meanCost);
  }
}
