/**
 * Upload of a DeviceResidentMatrix (engine/device-resident-matrix.ts) with no read-back of
 * its values: one step of three kernels on the engine's device —
 *   1. place-block: every GPU input (bound read-only where it lies) and every staged host
 *      sample copied into the assembled matrix A (assembledRows × cols), non-finite values
 *      counted per sample;
 *   2. column-means (when centred): mean(A) in f32, compensated (shaders/column-means.wgsl);
 *   3. centre-rows: the resident GpuMatrix (one block) = rows [windowStart, …) of A − mean.
 * A (and so every input and the result) must fit one storage binding; larger GPU inputs
 * fail the call (host inputs of any size are chunked by gpu-matrix.ts).
 * The only bytes read back are the per-sample non-finite counters (4 bytes each), so that
 * NaN or ±Inf in an input is an InvalidInputError rather than a NaN estimate.
 *
 * A GPU input must belong to the engine's device: each is first bound in a validation
 * error scope, and a buffer of another device (or otherwise unusable) is an
 * InvalidInputError naming the argument.
 */
import type { DeviceBlock, DeviceResidentMatrix } from '../engine/device-resident-matrix.js';
import { InvalidInputError } from '../engine/errors.js';
import { CommandStep } from './command-step.js';
import type { GpuContext } from './gpu-context.js';
import { ShaderStage } from './gpu-flags.js';
import { GpuMatrix, type MatrixBlock } from './gpu-matrix.js';
import { recordCentreRows } from './kernels/centre-rows.js';
import { recordColumnMeans } from './kernels/column-means.js';
import { recordPlaceBlock } from './kernels/place-block.js';
import { maxDataBufferBytes } from './webgpu-limits.js';

const probeLayouts = new WeakMap<GPUDevice, GPUBindGroupLayout>();

/** Builds `matrix` on the device as a resident GpuMatrix (f32, row-major blocks). */
export async function uploadDeviceMatrix(context: GpuContext, matrix: DeviceResidentMatrix): Promise<GpuMatrix> {
  const { assembledRows, cols } = matrix;
  const limit = maxDataBufferBytes(context.limits);
  if (assembledRows * cols * 4 > limit) {
    throw new Error(`WebGPU: the assembled GPU input (${assembledRows}×${cols} f32) exceeds the largest storage binding (${limit} bytes)`);
  }
  for (const block of matrix.blocks) await checkSameDevice(context, block);

  const staged: GPUBuffer[] = [];
  const a = context.scratch(assembledRows * cols * 4, `device input A ${assembledRows}×${cols}`);
  const mean = context.scratch(cols * 4, 'device input column means');
  const flags = context.scratch(matrix.blocks.length * 4, 'device input non-finite counters');
  const out: MatrixBlock[] = [];
  try {
    const step = new CommandStep(context, 'uploadDeviceMatrix');
    step.clear(flags, matrix.blocks.length * 4);
    for (const [slot, block] of matrix.blocks.entries()) {
      const { source, sourceOffset } = sourceOf(context, block, staged);
      await recordPlaceBlock(context, step, { source, sourceOffset, rows: block.rows, cols: block.cols, rowStart: block.rowStart, colStart: block.colStart, slot }, a, cols, flags);
    }
    if (matrix.centred) await recordColumnMeans(context, step, a, assembledRows, cols, mean);
    // One block: the window is part of A, which fits one binding. COPY_SRC too: readRows copies
    // rows of GPU-input matrices back (median-bandwidth subsample).
    const buffer = context.scratch(matrix.rows * cols * 4, `matrix ${matrix.rows}×${cols} (GPU input)`);
    out.push({ buffer, rowBase: 0, rows: matrix.rows });
    await recordCentreRows(context, step, a, mean, buffer, matrix.windowStart, matrix.rows, cols, matrix.centred);
    step.readBack(flags, matrix.blocks.length * 4);
    const [counts] = await step.run();
    const bad = new Uint32Array(counts);
    const t = bad.findIndex((count) => count > 0);
    if (t >= 0) {
      throw new InvalidInputError('NOT_FINITE', matrix.blocks[t].argument, `${bad[t]} values of the GPU buffer are NaN or ±Inf; remove or impute non-finite values first`);
    }
    return new GpuMatrix(matrix.rows, cols, out);
  } catch (error) {
    for (const block of out) context.pool.release(block.buffer);
    throw error;
  } finally {
    for (const buffer of [a, mean, flags, ...staged]) context.pool.release(buffer);
  }
}

/** The buffer and element offset a block is read from; host samples are staged as f32. */
function sourceOf(context: GpuContext, block: DeviceBlock, staged: GPUBuffer[]): { source: GPUBuffer; sourceOffset: number } {
  if (block.source.kind === 'gpu') return { source: block.source.samples.buffer, sourceOffset: block.source.offset / 4 };
  const buffer = context.uploadStorage(Float32Array.from(block.source.matrix.data), `device input host sample ${block.rows}×${block.cols}`);
  staged.push(buffer);
  return { source: buffer, sourceOffset: 0 };
}

/** Binds a GPU input in a validation error scope: a buffer of another device fails here, named. */
async function checkSameDevice(context: GpuContext, block: DeviceBlock): Promise<void> {
  if (block.source.kind !== 'gpu') return;
  const { device } = context;
  const { buffer } = block.source.samples;
  const bindable = device.limits.maxStorageBufferBindingSize;
  const end = block.source.offset + 4 * block.rows * block.cols;
  if (end > bindable) {
    throw new InvalidInputError('TOO_LARGE', block.argument, `the GPU input spans ${end} bytes, more than the device binds at once (${bindable}); pass it in smaller parts`);
  }
  let layout = probeLayouts.get(device);
  if (!layout) {
    layout = device.createBindGroupLayout({ label: 'GPU input probe', entries: [{ binding: 0, visibility: ShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } }] });
    probeLayouts.set(device, layout);
  }
  device.pushErrorScope('validation');
  device.createBindGroup({ label: `GPU input ${block.argument}`, layout, entries: [{ binding: 0, resource: { buffer, size: Math.floor(Math.min(buffer.size, bindable) / 4) * 4 } }] });
  const error = await device.popErrorScope();
  if (error) {
    throw new InvalidInputError(
      'GPU_INPUT',
      block.argument,
      `the engine's device cannot read this buffer (${error.message.split('\n')[0]}); pass a buffer created on the device given to createEngine({ backend: 'webgpu', device })`,
    );
  }
}
