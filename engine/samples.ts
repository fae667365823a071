/**
 * `Samples`, the input type of every estimator, and its validation into a HostMatrix.
 *
 *   number[]                      one column, n rows
 *   number[][]                    n rows of d columns
 *   Float32Array | Float64Array   one column
 *   { data, rows, cols }          row-major, data.length ≥ rows·cols
 *   { buffer, rows, cols, offset? } f32 row-major in a GPUBuffer (engine/gpu-samples.ts): becomes a
 *                                 DeviceResidentMatrix, uploaded on the device by a WebGPU engine
 */
import { InvalidInputError } from './errors.js';
import type { HostMatrix } from './host-matrix.js';
import { deviceMatrixOf } from './device-resident-matrix.js';
import { checkGpuSamples, isGpuSamples, type GpuSamples } from './gpu-samples.js';

export interface RowMajorSamples {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
}

export type Samples = readonly number[] | readonly (readonly number[])[] | Float32Array | Float64Array | RowMajorSamples | GpuSamples;

/** Validates `samples` (named `argument` in errors) into a fresh float64 matrix. */
export function toHostMatrix(samples: Samples, argument: string): HostMatrix {
  if (isGpuSamples(samples)) return deviceMatrixOf(samples, checkGpuSamples(samples, argument), argument);
  const matrix = readSamples(samples, argument);
  if (matrix.rows === 0 || matrix.cols === 0) {
    throw new InvalidInputError('EMPTY_INPUT', argument, 'no samples; pass at least one row and one column');
  }
  const { data, cols } = matrix;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new InvalidInputError(
        'NOT_FINITE',
        argument,
        `row ${Math.floor(i / cols)}, column ${i % cols} is ${data[i]}; remove or impute non-finite values first`,
      );
    }
  }
  return matrix;
}

function readSamples(samples: Samples, argument: string): HostMatrix {
  if (samples instanceof Float64Array || samples instanceof Float32Array) {
    return { rows: samples.length, cols: 1, data: Float64Array.from(samples) };
  }
  if (Array.isArray(samples)) {
    if (samples.length === 0) return { rows: 0, cols: 0, data: new Float64Array(0) };
    if (Array.isArray(samples[0])) return readRows(samples as readonly (readonly number[])[], argument);
    const column = samples as readonly number[];
    const data = new Float64Array(column.length);
    for (let i = 0; i < column.length; i++) data[i] = checkedNumber(column[i], argument, i);
    return { rows: column.length, cols: 1, data };
  }
  if (samples !== null && typeof samples === 'object' && 'data' in samples && 'rows' in samples && 'cols' in samples) {
    const { data, rows, cols } = samples;
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new InvalidInputError('SHAPE_MISMATCH', argument, `rows and cols must be non-negative integers, got rows=${rows}, cols=${cols}`);
    }
    if (data == null || typeof data.length !== 'number' || data.length < rows * cols) {
      throw new InvalidInputError(
        'SHAPE_MISMATCH',
        argument,
        `data holds ${data?.length ?? 0} values but rows×cols = ${rows}×${cols} = ${rows * cols}; pass the right rows and cols`,
      );
    }
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < rows * cols; i++) out[i] = checkedNumber(data[i], argument, i);
    return { rows, cols, data: out };
  }
  throw new InvalidInputError(
    'SHAPE_MISMATCH',
    argument,
    'expected number[], number[][], Float32Array, Float64Array or { data, rows, cols }',
  );
}

function readRows(rows: readonly (readonly number[])[], argument: string): HostMatrix {
  const cols = rows[0].length;
  const data = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new InvalidInputError(
        'SHAPE_MISMATCH',
        argument,
        `row ${i} has ${Array.isArray(row) ? row.length : 'no'} columns but row 0 has ${cols}; every row needs the same length`,
      );
    }
    for (let c = 0; c < cols; c++) data[i * cols + c] = checkedNumber(row[c], argument, i * cols + c);
  }
  return { rows: rows.length, cols, data };
}

function checkedNumber(value: unknown, argument: string, index: number): number {
  if (typeof value !== 'number') {
    throw new InvalidInputError('NOT_FINITE', argument, `value at flat index ${index} is ${typeof value}, not a number`);
  }
  return value;
}
