/**
 * A dense row-major float64 matrix held on the host: the one shape every estimator
 * works with before handing data to a backend. `data.length === rows * cols`.
 */
import { deviceCentred, deviceConcatColumns, deviceConcatRows, deviceRowWindow, deviceSelectRows, isDeviceResident } from './device-resident-matrix.js';

export interface HostMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/**
 * Columns side by side: [a | b | ...] with the same rows. Used to build joint spaces
 * (x, y) for KSG, so one upload serves the joint kNN and both marginal counts.
 */
export function concatColumns(parts: readonly HostMatrix[]): HostMatrix {
  if (parts.some(isDeviceResident)) return deviceConcatColumns(parts);
  const rows = parts[0].rows;
  const cols = parts.reduce((s, p) => s + p.cols, 0);
  const data = new Float64Array(rows * cols);
  let offset = 0;
  for (const p of parts) {
    for (let i = 0; i < rows; i++) {
      const src = i * p.cols;
      const dst = i * cols + offset;
      for (let c = 0; c < p.cols; c++) data[dst + c] = p.data[src + c];
    }
    offset += p.cols;
  }
  return { rows, cols, data };
}

/** Rows one after another: [a; b; ...] with the same columns. */
export function concatRows(parts: readonly HostMatrix[]): HostMatrix {
  if (parts.some(isDeviceResident)) return deviceConcatRows(parts);
  const cols = parts[0].cols;
  const rows = parts.reduce((s, p) => s + p.rows, 0);
  const data = new Float64Array(rows * cols);
  let offset = 0;
  for (const p of parts) {
    data.set(p.data.subarray(0, p.rows * cols), offset);
    offset += p.rows * cols;
  }
  return { rows, cols, data };
}

/** The given rows of m, in the given order (a subsample, or a permutation of the rows). */
export function selectRows(m: HostMatrix, rows: ArrayLike<number>): HostMatrix {
  if (isDeviceResident(m)) return deviceSelectRows(m, rows);
  const data = new Float64Array(rows.length * m.cols);
  for (let t = 0; t < rows.length; t++) data.set(m.data.subarray(rows[t] * m.cols, (rows[t] + 1) * m.cols), t * m.cols);
  return { rows: rows.length, cols: m.cols, data };
}

/** Mean of each column, in float64. */
export function columnMeans(m: HostMatrix): Float64Array {
  const { rows, cols, data } = m;
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let c = 0; c < cols; c++) mean[c] += data[i * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  return mean;
}

/** m with `shift[c]` subtracted from every entry of column c. */
export function subtractFromColumns(m: HostMatrix, shift: Float64Array): HostMatrix {
  const { rows, cols, data } = m;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let c = 0; c < cols; c++) out[i * cols + c] = data[i * cols + c] - shift[c];
  return { rows, cols, data: out };
}

/**
 * Subtracts each column's mean (computed in float64). Every estimator here is
 * translation-invariant, and a GPU works in f32: centring first means data offset by
 * 10⁴ loses no precision on upload (DESIGN.md §3).
 */
export function centreColumns(m: HostMatrix): HostMatrix {
  if (isDeviceResident(m)) return deviceCentred(m);
  return subtractFromColumns(m, columnMeans(m));
}

/** Rows [start, start + rows) of m (a view of a host matrix's data). */
export function rowRange(m: HostMatrix, start: number, rows: number): HostMatrix {
  if (isDeviceResident(m)) return deviceRowWindow(m, start, rows);
  return { rows, cols: m.cols, data: m.data.subarray(start * m.cols, (start + rows) * m.cols) };
}

/** Each part shifted by the column means of all parts stacked (float64 on the host, on the device for GPU inputs). */
export function centreAtPooledMean(parts: readonly HostMatrix[]): HostMatrix[] {
  const pooled = centreColumns(concatRows(parts));
  let start = 0;
  return parts.map((p) => {
    const part = rowRange(pooled, start, p.rows);
    start += p.rows;
    return part;
  });
}
