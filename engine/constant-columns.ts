/**
 * Columns whose values are all equal. Such a column carries no information: a kNN
 * estimator still returns a number (every distance along it is 0), so callers warn
 * instead of failing. O(rows·cols) on the host.
 */
import type { HostMatrix } from './host-matrix.js';

/** Indices of the columns of m whose rows all hold the same value. */
export function constantColumns(m: HostMatrix): number[] {
  const { rows, cols, data } = m;
  const out: number[] = [];
  for (let c = 0; c < cols; c++) {
    const first = data[c];
    let i = 1;
    while (i < rows && data[i * cols + c] === first) i++;
    if (i === rows) out.push(c);
  }
  return out;
}
