/**
 * Distance tiles of the CPU scans (cpu-knn-tiled*.ts, cpu-count-within-tiled.ts):
 * 4 × 4 (query, reference) pairs at once from packed rows, each load used 4 times,
 *   squared differences  s_ij = Σ_c (q_ic − r_jc)²   (ascending c: the scan's arithmetic)
 *   max-norm             s_ij = max_c |q_ic − r_jc|
 * written to tile[4a + b] for query i + a and reference j + b.
 */
import type { Metric } from './backend.js';
import type { HostMatrix } from './host-matrix.js';

type Tile = (q: Float64Array, r: Float64Array, w: number, i: number, j: number, tile: Float64Array) => void;

/** tile[4a + b] = Σ_c (q_{i+a, c} − r_{j+b, c})², a, b < 4. */
export const squaredDifferences4x4: Tile = (q, r, w, i, j, tile) => {
  const q0 = i * w, q1 = q0 + w, q2 = q1 + w, q3 = q2 + w;
  const r0 = j * w, r1 = r0 + w, r2 = r1 + w, r3 = r2 + w;
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  for (let c = 0; c < w; c++) {
    const a0 = q[q0 + c], a1 = q[q1 + c], a2 = q[q2 + c], a3 = q[q3 + c];
    const b0 = r[r0 + c], b1 = r[r1 + c], b2 = r[r2 + c], b3 = r[r3 + c];
    let t = a0 - b0; s00 += t * t; t = a0 - b1; s01 += t * t; t = a0 - b2; s02 += t * t; t = a0 - b3; s03 += t * t;
    t = a1 - b0; s10 += t * t; t = a1 - b1; s11 += t * t; t = a1 - b2; s12 += t * t; t = a1 - b3; s13 += t * t;
    t = a2 - b0; s20 += t * t; t = a2 - b1; s21 += t * t; t = a2 - b2; s22 += t * t; t = a2 - b3; s23 += t * t;
    t = a3 - b0; s30 += t * t; t = a3 - b1; s31 += t * t; t = a3 - b2; s32 += t * t; t = a3 - b3; s33 += t * t;
  }
  tile[0] = s00; tile[1] = s01; tile[2] = s02; tile[3] = s03;
  tile[4] = s10; tile[5] = s11; tile[6] = s12; tile[7] = s13;
  tile[8] = s20; tile[9] = s21; tile[10] = s22; tile[11] = s23;
  tile[12] = s30; tile[13] = s31; tile[14] = s32; tile[15] = s33;
};

/** tile[4a + b] = max_c |q_{i+a, c} − r_{j+b, c}|, a, b < 4. */
export const maxAbs4x4: Tile = (q, r, w, i, j, tile) => {
  const q0 = i * w, q1 = q0 + w, q2 = q1 + w, q3 = q2 + w;
  const r0 = j * w, r1 = r0 + w, r2 = r1 + w, r3 = r2 + w;
  let m00 = 0, m01 = 0, m02 = 0, m03 = 0, m10 = 0, m11 = 0, m12 = 0, m13 = 0;
  let m20 = 0, m21 = 0, m22 = 0, m23 = 0, m30 = 0, m31 = 0, m32 = 0, m33 = 0;
  for (let c = 0; c < w; c++) {
    const a0 = q[q0 + c], a1 = q[q1 + c], a2 = q[q2 + c], a3 = q[q3 + c];
    const b0 = r[r0 + c], b1 = r[r1 + c], b2 = r[r2 + c], b3 = r[r3 + c];
    let t = Math.abs(a0 - b0); if (t > m00) m00 = t; t = Math.abs(a0 - b1); if (t > m01) m01 = t;
    t = Math.abs(a0 - b2); if (t > m02) m02 = t; t = Math.abs(a0 - b3); if (t > m03) m03 = t;
    t = Math.abs(a1 - b0); if (t > m10) m10 = t; t = Math.abs(a1 - b1); if (t > m11) m11 = t;
    t = Math.abs(a1 - b2); if (t > m12) m12 = t; t = Math.abs(a1 - b3); if (t > m13) m13 = t;
    t = Math.abs(a2 - b0); if (t > m20) m20 = t; t = Math.abs(a2 - b1); if (t > m21) m21 = t;
    t = Math.abs(a2 - b2); if (t > m22) m22 = t; t = Math.abs(a2 - b3); if (t > m23) m23 = t;
    t = Math.abs(a3 - b0); if (t > m30) m30 = t; t = Math.abs(a3 - b1); if (t > m31) m31 = t;
    t = Math.abs(a3 - b2); if (t > m32) m32 = t; t = Math.abs(a3 - b3); if (t > m33) m33 = t;
  }
  tile[0] = m00; tile[1] = m01; tile[2] = m02; tile[3] = m03;
  tile[4] = m10; tile[5] = m11; tile[6] = m12; tile[7] = m13;
  tile[8] = m20; tile[9] = m21; tile[10] = m22; tile[11] = m23;
  tile[12] = m30; tile[13] = m31; tile[14] = m32; tile[15] = m33;
};

/** A partial tile (ni × nj, ni, nj ≤ 4) pair by pair, in the same arithmetic. */
export function edgeTile(metric: Metric, q: Float64Array, r: Float64Array, w: number, i: number, j: number, ni: number, nj: number, tile: Float64Array): void {
  for (let a = 0; a < ni; a++) {
    for (let b = 0; b < nj; b++) {
      const qa = (i + a) * w, rb = (j + b) * w;
      let s = 0;
      if (metric === 'euclidean') {
        for (let c = 0; c < w; c++) { const t = q[qa + c] - r[rb + c]; s += t * t; }
      } else {
        for (let c = 0; c < w; c++) { const t = Math.abs(q[qa + c] - r[rb + c]); if (t > s) s = t; }
      }
      tile[a * 4 + b] = s;
    }
  }
}

/** Columns [c0, c1) of m, row-major and contiguous. */
export function packRows(m: HostMatrix, c0: number, c1: number): Float64Array {
  const w = c1 - c0;
  if (c0 === 0 && c1 === m.cols) return m.data;
  const out = new Float64Array(m.rows * w);
  for (let i = 0; i < m.rows; i++) out.set(m.data.subarray(i * m.cols + c0, i * m.cols + c1), i * w);
  return out;
}
