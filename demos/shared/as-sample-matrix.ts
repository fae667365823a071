/**
 * The panel's input conversion: any of the library's in-memory `Samples` forms
 * (number[] or Float32Array/Float64Array = one column, number[][] = rows,
 * `{ data, rows, cols }` row-major) as a fresh row-major float64 matrix, or an
 * InvalidInputError naming the argument (values are checked later by the library).
 * (engine/errors.js directly, not the package entry: the panel bundle stays free of the WebGPU host.)
 */
import { InvalidInputError } from '../../engine/errors.js';
import type { Samples } from '../../index.js';
import type { SampleMatrix } from './sample-file.js';

export function asSampleMatrix(samples: Samples, argument: string): SampleMatrix {
  if (samples instanceof Float64Array || samples instanceof Float32Array) return { data: Float64Array.from(samples), rows: samples.length, cols: 1 };
  if (Array.isArray(samples)) {
    if (samples.length === 0) throw new InvalidInputError('EMPTY_INPUT', argument, 'no samples; pass at least one row');
    if (!Array.isArray(samples[0])) return { data: Float64Array.from(samples as readonly number[]), rows: samples.length, cols: 1 };
    const rows = samples as readonly (readonly number[])[];
    const cols = rows[0].length;
    const data = new Float64Array(rows.length * cols);
    rows.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== cols) {
        throw new InvalidInputError('SHAPE_MISMATCH', argument, `row ${i} has ${Array.isArray(row) ? row.length : 'no'} columns but row 0 has ${cols}`);
      }
      data.set(row, i * cols);
    });
    return { data, rows: rows.length, cols };
  }
  if (typeof samples === 'object' && samples !== null && 'data' in samples) {
    const { data, rows, cols } = samples;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || data.length < rows * cols) {
      throw new InvalidInputError('SHAPE_MISMATCH', argument, `{ data, rows, cols } needs positive integer rows and cols and data.length ≥ rows·cols, got rows ${rows}, cols ${cols}, length ${data.length}`);
    }
    return { data: Float64Array.from({ length: rows * cols }, (_, i) => data[i]), rows, cols };
  }
  throw new InvalidInputError('SHAPE_MISMATCH', argument, 'pass number[], number[][], a Float32Array/Float64Array or { data, rows, cols }');
}
