/**
 * Driver of shaders/gram-alignment.wgsl: A_t = Σ_ij k₁(f_i, f_j)·k₂(s_σt(i), s_σt(j)) for
 * count permutations σ_t, f scanned as query and reference (host/gram-tile.ts), s bound
 * whole (it must fit one binding: rows × cols × 4 bytes). Per pass of at most passCapacity
 * permutations: upload their tables (u32), then per chunk of query rows one step, one
 * submit, one read-back of the chunk's slots (splits × groups × permutations), finished in
 * float64 on the host in a fixed order. Device memory O(n).
 */
import type { GramAlignmentRequest } from '../../engine/backend.js';
import type { GramKernel } from '../../engine/gram-kernel.js';
import { CommandStep } from '../command-step.js';
import type { GpuContext } from '../gpu-context.js';
import type { GpuMatrix } from '../gpu-matrix.js';
import { gramFormConstant, gramKernelSource, kernelEvaluationWork, kernelRecord } from '../gram-kernel.js';
import { encodeGramScan, finishSlots, gramTileSource, GRAM_PARAMS_BYTES, passBranches, passCapacity, planGramScan, queryGroups } from '../gram-tile.js';
import type { KernelSpec } from '../pipeline-cache.js';
import { WORKGROUP_SIZE } from '../reference-tile.js';
import source from '../../shaders/gram-alignment.wgsl';

export function gramAlignmentKernel(first: GramKernel, second: GramKernel, permutations: number): KernelSpec {
  return {
    name: 'gram-alignment',
    sources: [gramKernelSource, gramTileSource, source],
    branches: passBranches(permutations),
    constants: { FORM: gramFormConstant(first.form), SECOND_FORM: gramFormConstant(second.form), WORKGROUP_SIZE },
    // first (as query), first (as reference), coefficients, sums, second, permutations
    storage: ['read', 'read', 'read', 'read_write', 'read', 'read'],
    paramsBytes: GRAM_PARAMS_BYTES,
  };
}

export async function gramAlignment(context: GpuContext, first: GpuMatrix, second: GpuMatrix, request: GramAlignmentRequest): Promise<Float64Array> {
  if (second.blocks.length !== 1) {
    throw new Error(`WebGPU gramAlignment: the permuted matrix (${second.rows}×${second.cols} f32) must fit one storage binding`);
  }
  const { count, firstKernel, secondKernel } = request;
  const n = first.rows;
  const capacity = passCapacity(context, n, 'gramAlignment');
  const out = new Float64Array(count);
  const firstRecord = kernelRecord(firstKernel);
  const coefficients = context.uploadStorage(Float32Array.from([...firstRecord, ...kernelRecord(secondKernel)]), 'gram coefficients');
  try {
    for (let start = 0; start < count; start += capacity) {
      const vectors = Math.min(capacity, count - start);
      const kernel = await context.kernels.get(gramAlignmentKernel(firstKernel, secondKernel, vectors));
      const work = first.cols + kernelEvaluationWork(firstKernel) + vectors * (second.cols + kernelEvaluationWork(secondKernel) + 1);
      const plan = planGramScan(context, first, first, work, 8 * vectors);
      const tables = context.uploadStorage(Uint32Array.from(request.permutations.subarray(start * n, (start + vectors) * n)), 'gram permutations');
      try {
        for (const block of first.blocks) {
          for (let offset = 0; offset < block.rows; offset += plan.queryChunkRows) {
            const rows = Math.min(plan.queryChunkRows, block.rows - offset);
            const slots = plan.splits * queryGroups(rows) * vectors;
            const sums = context.scratch(slots * 8, 'gram sums');
            try {
              const step = new CommandStep(context, 'gramAlignment');
              encodeGramScan(step, {
                kernel, query: first, block, queryOffset: offset, queryRows: rows, reference: first, columns: [0, first.cols],
                excludeDiagonal: request.excludeDiagonal, plan, count: vectors, secondStride: second.cols, secondRecord: firstRecord.length,
                buffers: [coefficients, sums, second.blocks[0].buffer, tables],
              });
              step.readBack(sums, slots * 8);
              const [bytes] = await step.run();
              const values = finishSlots(bytes, slots);
              for (let slot = 0; slot < slots; slot++) out[start + (slot % vectors)] += values[slot];
            } finally {
              context.pool.release(sums);
            }
          }
        }
      } finally {
        context.pool.release(tables);
      }
    }
  } finally {
    context.pool.release(coefficients);
  }
  return out;
}
