/**
 * A vector resident on the GPU (VectorHandle of engine/backend.ts): one pooled f32 storage
 * buffer of `length` entries that kernels read and write in place and the host may read
 * back. Sinkhorn potentials live here between iterations, so an iteration moves no data.
 * A vector is bound whole, so it may not pass the largest binding (maxDataBufferBytes).
 */
import type { VectorHandle } from '../engine/backend.js';
import { CommandStep } from './command-step.js';
import type { GpuContext } from './gpu-context.js';
import { maxDataBufferBytes } from './webgpu-limits.js';

export class GpuVector implements VectorHandle {
  constructor(
    readonly length: number,
    /** [length] f32. */
    readonly buffer: GPUBuffer,
  ) {}
}

/** Converts `values` to f32 and uploads them into a fresh vector. */
export function uploadVector(context: GpuContext, values: Float64Array): GpuVector {
  const bytes = values.length * 4;
  if (values.length < 1) throw new RangeError('WebGPU: cannot upload an empty vector');
  if (bytes > maxDataBufferBytes(context.limits)) {
    throw new RangeError(`WebGPU: a vector of ${values.length} f32 entries exceeds the largest storage binding (${maxDataBufferBytes(context.limits)} bytes)`);
  }
  const buffer = context.scratch(bytes, `vector ${values.length}`);
  context.write(buffer, Float32Array.from(values));
  return new GpuVector(values.length, buffer);
}

/** The vectors' values, all read back in one step (one submit, one read-back). */
export async function readVectors(context: GpuContext, vectors: readonly GpuVector[]): Promise<Float64Array[]> {
  if (vectors.length === 0) return [];
  const step = new CommandStep(context, 'readVectors');
  for (const v of vectors) step.readBack(v.buffer, v.length * 4);
  const bytes = await step.run();
  return bytes.map((b, t) => Float64Array.from(new Float32Array(b, 0, vectors[t].length)));
}
