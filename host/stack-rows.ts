/**
 * Backend.stackRows on the device (engine/stack-rows.ts gives the maths):
 *   out[t + i, c] = m_s[start_s + i, c] − shift[c]
 * one step with no read-back: each slice's rows, block by block, are copied by place-block
 * (shaders/place-block.wgsl) into the result — or, with a shift, into a scratch matrix that
 * centre-rows (shaders/centre-rows.wgsl, mean = f32(shift)) writes into the result. The
 * result is one block (COPY_SRC too, like GPU-input uploads), so it must fit one storage
 * binding; place-block's non-finite counters go to a scratch word nobody reads (the rows
 * were checked when they first reached the device).
 */
import { checkRowSlices } from '../engine/stack-rows.js';
import { CommandStep } from './command-step.js';
import type { GpuContext } from './gpu-context.js';
import { GpuMatrix } from './gpu-matrix.js';
import { recordCentreRows } from './kernels/centre-rows.js';
import { recordPlaceBlock } from './kernels/place-block.js';
import { maxDataBufferBytes } from './webgpu-limits.js';

/** The slices (of live GpuMatrix handles) stacked into a new one-block GpuMatrix. */
export async function stackRows(context: GpuContext, slices: readonly { matrix: GpuMatrix; start: number; rows: number }[], shift: Float64Array | undefined): Promise<GpuMatrix> {
  const [rows, cols] = checkRowSlices(slices, shift, 'WebGPU stackRows');
  const bytes = rows * cols * 4;
  const limit = maxDataBufferBytes(context.limits);
  if (bytes > limit) throw new Error(`WebGPU stackRows: ${rows}×${cols} f32 exceeds the largest storage binding (${limit} bytes)`);
  const out = context.scratch(bytes, `stacked rows ${rows}×${cols}`);
  const stacked = shift ? context.scratch(bytes, 'stackRows unshifted') : out;
  const mean = shift ? context.uploadStorage(Float32Array.from(shift), 'stackRows shift') : undefined;
  const flags = context.scratch(4, 'stackRows non-finite counter (unread)');
  try {
    const step = new CommandStep(context, 'stackRows');
    step.clear(flags, 4);
    let destination = 0;
    for (const { matrix, start, rows: count } of slices) {
      for (const block of matrix.blocks) {
        const first = Math.max(start, block.rowBase);
        const end = Math.min(start + count, block.rowBase + block.rows);
        if (first >= end) continue;
        const placement = { source: block.buffer, sourceOffset: (first - block.rowBase) * cols, rows: end - first, cols, rowStart: destination + first - start, colStart: 0, slot: 0 };
        await recordPlaceBlock(context, step, placement, stacked, cols, flags);
      }
      destination += count;
    }
    if (mean) await recordCentreRows(context, step, stacked, mean, out, 0, rows, cols, true);
    await step.run();
    return new GpuMatrix(rows, cols, [{ buffer: out, rowBase: 0, rows }]);
  } catch (error) {
    context.pool.release(out);
    throw error;
  } finally {
    if (shift) context.pool.release(stacked);
    if (mean) context.pool.release(mean);
    context.pool.release(flags);
  }
}
