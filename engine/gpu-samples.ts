/**
 * `GpuSamples`: a sample that already lives in a GPUBuffer of the application's own device
 * (TensorFlow.js's `tensor.dataToGPU()`, ONNX Runtime Web's GPU outputs, a compute pass),
 * read by a WebGPU engine created with that device and never copied to the host.
 *
 *   { buffer, rows, cols, offset = 0 }   f32, row-major: value (i, c) is the f32 at byte
 *                                         offset + 4·(i·cols + c) of `buffer`
 *
 * The buffer needs STORAGE usage (it is bound read-only by the assembling kernel), at least
 * offset + 4·rows·cols bytes, a byte offset that is a multiple of 4, and the engine's
 * device: each is an InvalidInputError naming the argument. Values are not read until an
 * estimator runs, so a non-finite value is reported then (host/device-matrix-upload.ts).
 */
import { InvalidInputError } from './errors.js';

export interface GpuSamples {
  /** f32 values, row-major; STORAGE usage, on the engine's device. */
  readonly buffer: GPUBuffer;
  /** Rows (samples). */
  readonly rows: number;
  /** Columns (dimensions). */
  readonly cols: number;
  /** Byte offset of value (0, 0), a multiple of 4; default 0. */
  readonly offset?: number;
}

/** GPUBufferUsage.STORAGE (the specification's value; engine/ does not rely on browser globals). */
const STORAGE_USAGE = 0x0080;

/** True for `{ buffer, rows, cols }` inputs (the buffer is checked by checkGpuSamples). */
export function isGpuSamples(samples: unknown): samples is GpuSamples {
  return samples !== null && typeof samples === 'object' && 'buffer' in samples && 'rows' in samples && 'cols' in samples && !('data' in samples);
}

/** Validates shape, offset, size and usage of a GPU input named `argument`; returns its byte offset. */
export function checkGpuSamples(samples: GpuSamples, argument: string): number {
  const { buffer, rows, cols } = samples;
  const offset = samples.offset ?? 0;
  if (buffer === null || typeof buffer !== 'object' || typeof buffer.size !== 'number' || typeof buffer.usage !== 'number') {
    throw new InvalidInputError('GPU_INPUT', argument, '`buffer` is not a GPUBuffer; pass { buffer: GPUBuffer, rows, cols, offset? }');
  }
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
    throw new InvalidInputError('SHAPE_MISMATCH', argument, `rows and cols must be positive integers, got rows=${rows}, cols=${cols}`);
  }
  if (!Number.isInteger(offset) || offset < 0 || offset % 4 !== 0) {
    throw new InvalidInputError('GPU_INPUT', argument, `offset is a byte offset and must be a non-negative multiple of 4 (one f32), got ${offset}`);
  }
  const needed = offset + 4 * rows * cols;
  if (buffer.size < needed) {
    throw new InvalidInputError(
      'GPU_INPUT',
      argument,
      `the buffer holds ${buffer.size} bytes but offset + 4·rows·cols = ${offset} + 4·${rows}·${cols} = ${needed}; pass the right rows, cols and offset`,
    );
  }
  if ((buffer.usage & STORAGE_USAGE) === 0) {
    throw new InvalidInputError('GPU_INPUT', argument, 'the buffer lacks GPUBufferUsage.STORAGE, which the engine needs to read it on the device; create it with STORAGE usage');
  }
  return offset;
}
