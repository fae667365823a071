/**
 * Conformance of the WebGPU Gram calls (gramSums, gramAlignment) against the float64 CPU
 * backend on identical seeded inputs: plain async functions `(cpu, gpu) => report` with no
 * test framework (as tests/support/webgpu-conformance.ts), so they run under vitest and in
 * a Chromium page.
 *
 * Tolerance: |gpu − cpu| ≤ 1e-5 · Σ_ij |u_i|·|v_j|·|k_ij| (computed here in float64), i.e.
 * relative to the sum of the magnitudes of the terms. The GPU rounds the (centred) inputs
 * and the kernel coefficients to f32 (≤ 1e-7 relative on each distance, a few ulp on
 * exp/inverseSqrt: ~1e-6 on each k), then sums in f32 with compensation (~1e-7 of the
 * magnitude) and finishes in float64.
 */
import type { Backend, MatrixHandle } from '../../engine/backend.js';
import { pairKernel, type GramKernel } from '../../engine/gram-kernel.js';
import type { HostMatrix } from '../../engine/host-matrix.js';
import { CounterRandom } from '../../engine/random.js';
import { ConformanceFailure, type ConformanceCase, type ConformanceReport } from './webgpu-conformance.js';
import { gaussianMatrix } from './webgpu-random.js';

export const GRAM_RTOL_OF_MAGNITUDE = 1e-5;

const kernels: readonly GramKernel[] = [
  { form: 'gaussian', bandwidths: [0.7, 2], degree: 0, coef0: 0 },
  { form: 'laplacian', bandwidths: [1.5], degree: 0, coef0: 0 },
  { form: 'inverse-multiquadric', bandwidths: [1.2], degree: 0, coef0: 0 },
  { form: 'linear', bandwidths: [], degree: 0, coef0: 0 },
  { form: 'polynomial', bandwidths: [1.8], degree: 3, coef0: 0.5 },
  { form: 'distance', bandwidths: [], degree: 0, coef0: 0 },
];

/** count weight vectors over `rows`, entries in (−1, 1). */
function weights(count: number, rows: number, seed: number): Float64Array {
  const r = new CounterRandom(seed, 17);
  return Float64Array.from({ length: count * rows }, (_, i) => 2 * r.uniform(i) - 1);
}

/** count seeded permutations of [0, n), the first the identity. */
function permutations(count: number, n: number, seed: number): Int32Array {
  const r = new CounterRandom(seed, 19);
  const out = new Int32Array(count * n);
  for (let t = 0; t < count; t++) {
    const p = Int32Array.from({ length: n }, (_, i) => i);
    if (t > 0) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(r.uniform(t * n + i) * (i + 1));
        [p[i], p[j]] = [p[j], p[i]];
      }
    }
    out.set(p, t * n);
  }
  return out;
}

interface Comparison {
  checked: number;
  readonly failures: string[];
}

function compare(c: Comparison, label: string, gpu: number, cpu: number, magnitude: number): void {
  c.checked++;
  const bound = GRAM_RTOL_OF_MAGNITUDE * magnitude;
  if (!(Math.abs(gpu - cpu) <= bound)) c.failures.push(`${label}: gpu ${gpu} vs cpu ${cpu}, |Δ| ${Math.abs(gpu - cpu).toExponential(2)} > ${bound.toExponential(2)}`);
}

function finish(name: string, c: Comparison): ConformanceReport {
  if (c.failures.length > 0) throw new ConformanceFailure(`${name}: ${c.failures.length} mismatches\n  ${c.failures.slice(0, 5).join('\n  ')}`);
  return { name, checked: c.checked, nearTies: 0 };
}

/** Uploads `matrices` to both backends, runs `body`, releases everything. */
async function onBoth<T>(cpu: Backend, gpu: Backend, matrices: HostMatrix[], body: (c: MatrixHandle[], g: MatrixHandle[]) => Promise<T>): Promise<T> {
  const c: MatrixHandle[] = [], g: MatrixHandle[] = [];
  try {
    for (const m of matrices) {
      c.push(await cpu.upload(m));
      g.push(await gpu.upload(m));
    }
    return await body(c, g);
  } finally {
    c.forEach((h) => cpu.release(h));
    g.forEach((h) => gpu.release(h));
  }
}

/** Σ_j |v_t[j]|·|k(q_i, r_j)| per (t, i): the magnitudes the tolerance scales with. */
function rowMagnitudes(kernel: GramKernel, q: HostMatrix, r: HostMatrix, v: Float64Array, count: number, excludeDiagonal: boolean): Float64Array {
  const k = pairKernel(kernel, q.data, q.cols, r.data, r.cols, 0, q.cols);
  const out = new Float64Array(count * q.rows);
  for (let i = 0; i < q.rows; i++) {
    for (let j = 0; j < r.rows; j++) {
      if (excludeDiagonal && i === j) continue;
      const a = Math.abs(k(i, j));
      for (let t = 0; t < count; t++) out[t * q.rows + i] += Math.abs(v[t * r.rows + j]) * a;
    }
  }
  return out;
}

function gramSumsCase(name: string, rows: number, refRows: number, d: number, count: number, kernelSet: readonly GramKernel[], mode: 'quadratic' | 'bilinear' | 'rows'): ConformanceCase {
  return {
    name,
    run: async (cpu, gpu) => {
      const c: Comparison = { checked: 0, failures: [] };
      const x = gaussianMatrix(rows, d, 60);
      const y = mode === 'bilinear' ? gaussianMatrix(refRows, d, 61, 1.3, 0.4) : x;
      const v = weights(count, y.rows, 62);
      const u = mode === 'quadratic' ? v : mode === 'bilinear' ? weights(count, x.rows, 63) : null;
      await onBoth(cpu, gpu, mode === 'bilinear' ? [x, y] : [x], async ([cx, cy = cx], [gx, gy = gx]) => {
        for (const kernel of kernelSet) {
          for (const excludeDiagonal of mode === 'bilinear' ? [false] : [false, true]) {
            const request = { kernel, excludeDiagonal, referenceWeights: v, queryWeights: u, count };
            const [a, b] = [await cpu.gramSums(cx, cy, request), await gpu.gramSums(gx, gy, request)];
            const magnitudes = rowMagnitudes(kernel, x, y, v, count, excludeDiagonal);
            const label = `${kernel.form}${excludeDiagonal ? ' i≠j' : ''}`;
            if (u === null) {
              a.forEach((value, i) => compare(c, `${label} row sum ${i}`, b[i], value, magnitudes[i]));
            } else {
              for (let t = 0; t < count; t++) {
                let magnitude = 0;
                for (let i = 0; i < x.rows; i++) magnitude += Math.abs(u[t * x.rows + i]) * magnitudes[t * x.rows + i];
                compare(c, `${label} form ${t}`, b[t], a[t], magnitude);
              }
            }
          }
        }
      });
      return finish(name, c);
    },
  };
}

function gramAlignmentCase(name: string, rows: number, yCols: number, count: number, pairs: readonly [GramKernel, GramKernel][], diagonal: readonly boolean[]): ConformanceCase {
  return {
    name,
    run: async (cpu, gpu) => {
      const c: Comparison = { checked: 0, failures: [] };
      const x = gaussianMatrix(rows, 3, 64), y = gaussianMatrix(rows, yCols, 65, 0.8);
      const sigmas = permutations(count, rows, 66);
      await onBoth(cpu, gpu, [x, y], async ([cx, cy], [gx, gy]) => {
        for (const [firstKernel, secondKernel] of pairs) {
          for (const excludeDiagonal of diagonal) {
            const request = { firstKernel, secondKernel, excludeDiagonal, permutations: sigmas, count };
            const [a, b] = [await cpu.gramAlignment(cx, cy, request), await gpu.gramAlignment(gx, gy, request)];
            const k1 = pairKernel(firstKernel, x.data, 3, x.data, 3, 0, 3), k2 = pairKernel(secondKernel, y.data, yCols, y.data, yCols, 0, yCols);
            for (let t = 0; t < count; t++) {
              let magnitude = 0;
              for (let i = 0; i < rows; i++) {
                for (let j = 0; j < rows; j++) if (!excludeDiagonal || i !== j) magnitude += Math.abs(k1(i, j) * k2(sigmas[t * rows + i], sigmas[t * rows + j]));
              }
              compare(c, `${firstKernel.form}×${secondKernel.form}${excludeDiagonal ? ' i≠j' : ''} permutation ${t}`, b[t], a[t], magnitude);
            }
          }
        }
      });
      return finish(name, c);
    },
  };
}

/** With the adapter's own limits (each kernel form and pass width compiles its own pipeline: ~3 s each on SwiftShader). */
export const gramConformanceCases: readonly ConformanceCase[] = [
  gramSumsCase('gramSums quadratic forms, every kernel, 3 weight vectors, 300 × 3', 300, 300, 3, 3, kernels, 'quadratic'),
  gramSumsCase('gramSums bilinear forms x ≠ y, 40 weight vectors (passes of 32 + 8), 300 vs 420 rows', 300, 420, 2, 40, [kernels[0]], 'bilinear'),
  gramSumsCase('gramSums row sums, 2 weight vectors, 500 × 2', 500, 500, 2, 2, [kernels[1]], 'rows'),
  gramAlignmentCase('gramAlignment gaussian × gaussian, linear × polynomial, identity + 3 permutations, 300 rows, 3 + 2 columns', 300, 2, 4, [[kernels[0], kernels[0]], [kernels[3], kernels[4]]], [false, true]),
];

/** With forced tiny limits: several matrix blocks, query chunks, splits, windows and passes of one vector. */
export const gramChunkingCases: readonly ConformanceCase[] = [
  gramSumsCase('gramSums quadratic forms, 3 weight vectors, 700 × 2 (2 blocks)', 700, 700, 2, 3, [kernels[0]], 'quadratic'),
  gramSumsCase('gramSums bilinear forms, 2 vectors, 500 vs 650 rows', 500, 650, 2, 2, [kernels[0]], 'bilinear'),
  gramSumsCase('gramSums row sums, 2 vectors, 700 × 2', 700, 700, 2, 2, [kernels[0]], 'rows'),
  gramAlignmentCase('gramAlignment i ≠ j, 3 permutations, 600 rows (x: 2 blocks), 3 + 1 columns', 600, 1, 3, [[kernels[0], kernels[2]]], [true]),
];
