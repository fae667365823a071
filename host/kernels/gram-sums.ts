/**
 * Driver of shaders/gram-sums.wgsl: weighted Gram sums, count bilinear forms u_tᵀ K v_t or
 * (queryWeights null) the row sums (K v_t)_i, with K_ij = k(q_i, r_j) never stored.
 * Per pass of at most passCapacity weight vectors: upload the pass's weights (f32), then per
 * chunk of query rows one step — every reference block and window (host/gram-tile.ts), one
 * submit, one read-back of the chunk's (sum, compensation) slots — finished in float64 on
 * the host in a fixed order. Device memory: the matrices, the pass's weights
 * (vectors × rows) and the chunk's slots (splits × groups × vectors, or splits × vectors ×
 * rows for row sums): O(n + m).
 */
import type { ColumnRange, GramSumRequest } from '../../engine/backend.js';
import type { GramForm } from '../../engine/gram-kernel.js';
import { CommandStep } from '../command-step.js';
import type { GpuContext } from '../gpu-context.js';
import type { GpuMatrix } from '../gpu-matrix.js';
import { gramFormConstant, gramKernelSource, kernelEvaluationWork, kernelRecord } from '../gram-kernel.js';
import { encodeGramScan, finishSlots, gramTileSource, GRAM_PARAMS_BYTES, passBranches, passCapacity, planGramScan, queryGroups } from '../gram-tile.js';
import type { KernelSpec } from '../pipeline-cache.js';
import { WORKGROUP_SIZE } from '../reference-tile.js';
import source from '../../shaders/gram-sums.wgsl';

export function gramSumsKernel(form: GramForm, vectors: number, rowSums: boolean): KernelSpec {
  return {
    name: 'gram-sums',
    sources: [gramKernelSource, gramTileSource, source],
    branches: { ...passBranches(vectors), ROW_SUMS: rowSums },
    constants: { FORM: gramFormConstant(form), WORKGROUP_SIZE },
    // query, reference, coefficients, sums, reference weights (, query weights)
    storage: ['read', 'read', 'read', 'read_write', 'read', ...(rowSums ? [] : (['read'] as const))],
    paramsBytes: GRAM_PARAMS_BYTES,
  };
}

export async function gramSums(context: GpuContext, query: GpuMatrix, reference: GpuMatrix, request: GramSumRequest, columns: ColumnRange, sameMatrix: boolean): Promise<Float64Array> {
  const { count, referenceWeights, queryWeights } = request;
  const rowSums = queryWeights === null;
  const n = query.rows, m = reference.rows;
  const capacity = passCapacity(context, Math.max(n, m), 'gramSums');
  const out = new Float64Array(rowSums ? count * n : count);
  const coefficients = context.uploadStorage(Float32Array.from(kernelRecord(request.kernel)), 'gram coefficients');
  try {
    for (let first = 0; first < count; first += capacity) {
      const vectors = Math.min(capacity, count - first);
      const kernel = await context.kernels.get(gramSumsKernel(request.kernel.form, vectors, rowSums));
      const work = columns[1] - columns[0] + kernelEvaluationWork(request.kernel) + vectors;
      const plan = planGramScan(context, query, reference, work, 8 * vectors);
      const v = context.uploadStorage(Float32Array.from(referenceWeights.subarray(first * m, (first + vectors) * m)), 'gram reference weights');
      const shared = sameMatrix && queryWeights === referenceWeights;
      const u = queryWeights === null || shared ? undefined : context.uploadStorage(Float32Array.from(queryWeights.subarray(first * n, (first + vectors) * n)), 'gram query weights');
      const inputs = rowSums ? [v] : [v, u ?? v];
      try {
        for (const block of query.blocks) {
          for (let offset = 0; offset < block.rows; offset += plan.queryChunkRows) {
            const rows = Math.min(plan.queryChunkRows, block.rows - offset);
            const groups = queryGroups(rows);
            const slots = rowSums ? plan.splits * vectors * rows : plan.splits * groups * vectors;
            const sums = context.scratch(slots * 8, 'gram sums');
            try {
              const step = new CommandStep(context, 'gramSums');
              encodeGramScan(step, {
                kernel, query, block, queryOffset: offset, queryRows: rows, reference, columns,
                excludeDiagonal: request.excludeDiagonal && sameMatrix, plan, count: vectors, secondStride: 0, secondRecord: 0,
                buffers: [coefficients, sums, ...inputs],
              });
              step.readBack(sums, slots * 8);
              const [bytes] = await step.run();
              const values = finishSlots(bytes, slots);
              if (rowSums) {
                const rowBase = block.rowBase + offset;
                for (let s = 0; s < plan.splits; s++) {
                  for (let t = 0; t < vectors; t++) {
                    for (let q = 0; q < rows; q++) out[(first + t) * n + rowBase + q] += values[(s * vectors + t) * rows + q];
                  }
                }
              } else {
                for (let slot = 0; slot < slots; slot++) out[first + (slot % vectors)] += values[slot];
              }
            } finally {
              context.pool.release(sums);
            }
          }
        }
      } finally {
        context.pool.release(v);
        if (u) context.pool.release(u);
      }
    }
  } finally {
    context.pool.release(coefficients);
  }
  return out;
}
