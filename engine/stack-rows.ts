/**
 * Backend.stackRows (engine/backend.ts): slices of resident matrices stacked in order,
 * minus a per-column shift,
 *
 *   out[t + i, c] = m_s[start_s + i, c] − shift[c],   i < rows_s,  t = Σ_{s' < s} rows_{s'}
 *
 * This file holds the request check both backends share and the float64 host version the
 * CPU backend runs (the WebGPU one is host/stack-rows.ts).
 */
import type { RowSlice } from './backend.js';
import type { HostMatrix } from './host-matrix.js';

/** Throws a RangeError unless the slices share their columns, lie inside their matrices and the shift has one entry per column; returns [rows, cols]. */
export function checkRowSlices(slices: readonly RowSlice[], shift: Float64Array | undefined, caller: string): [rows: number, cols: number] {
  if (slices.length === 0) throw new RangeError(`${caller}: no slices to stack`);
  const cols = slices[0].matrix.cols;
  let rows = 0;
  for (const [s, { matrix, start, rows: count }] of slices.entries()) {
    if (matrix.cols !== cols) throw new RangeError(`${caller}: slice ${s} has ${matrix.cols} columns, slice 0 has ${cols}`);
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 1 || start + count > matrix.rows) {
      throw new RangeError(`${caller}: slice ${s} rows [${start}, ${start + count}) are not inside a matrix of ${matrix.rows} rows`);
    }
    rows += count;
  }
  if (shift !== undefined && shift.length !== cols) throw new RangeError(`${caller}: a shift of ${shift.length} entries for ${cols} columns`);
  return [rows, cols];
}

/** The stacked, shifted rows in float64 (the slices' matrices given as host matrices). */
export function stackHostRows(slices: readonly { matrix: HostMatrix; start: number; rows: number }[], shift: Float64Array | undefined): HostMatrix {
  const cols = slices[0].matrix.cols;
  const data = new Float64Array(slices.reduce((n, s) => n + s.rows, 0) * cols);
  let offset = 0;
  for (const { matrix, start, rows } of slices) {
    data.set(matrix.data.subarray(start * cols, (start + rows) * cols), offset);
    offset += rows * cols;
  }
  if (shift !== undefined) for (let e = 0; e < data.length; e++) data[e] -= shift[e % cols];
  return { rows: data.length / cols, cols, data };
}
