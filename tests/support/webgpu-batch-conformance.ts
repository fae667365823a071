/**
 * Conformance of the batched Backend calls (knnBatch, countWithinBatch,
 * pairDistancesBatch) of a WebGPU backend against the float64 CPU backend, framework-free
 * like webgpu-conformance.ts (which lists these cases with its own, so they also run in
 * Chromium). Column spaces are unions of ranges, some with rows permuted in-kernel.
 *
 * - Integer data (every difference and sum of squares exact in f32): indices and chebyshev
 *   counts identical, permuted spaces included, so σ(j) on the GPU is the TypeScript σ(j);
 *   distances within the tolerance below (a euclidean distance is a rounded f32 sqrt).
 * - Gaussian data: distances within 1e-5·d + 1e-6·s (s = largest |value|), an index may
 *   differ only where the CPU distance of the GPU's choice ties within that tolerance.
 * - σ bit for bit: a chebyshev pair distance in a space whose one column holds the row
 *   index and is permuted, against the row j₀ with σ(j₀) = 0, is σ(i) itself; every i is
 *   compared with FeistelPermutation.table() for several n, seeds and streams.
 */
import type { Backend, ColumnSpace, KnnLists, Metric } from '../../engine/backend.js';
import type { HostMatrix } from '../../engine/host-matrix.js';
import { FeistelPermutation } from '../../engine/random-permutation.js';
import type { ConformanceCase, ConformanceReport } from './webgpu-conformance.js';
import { gaussianMatrix, integerMatrix } from './webgpu-random.js';

const DISTANCE_RTOL = 1e-5;
const DISTANCE_ATOL_PER_SCALE = 1e-6;

class Mismatches {
  checked = 0;
  nearTies = 0;
  readonly failures: string[] = [];

  report(name: string): ConformanceReport {
    if (this.failures.length > 0) throw new Error(`${name}: ${this.failures.length} mismatches\n  ${this.failures.slice(0, 5).join('\n  ')}`);
    return { name, checked: this.checked, nearTies: this.nearTies };
  }
}

/** Uploads `m` to both backends, runs `body`, releases both. */
async function onBoth<T>(cpu: Backend, gpu: Backend, m: HostMatrix, body: (c: Awaited<ReturnType<Backend['upload']>>, g: Awaited<ReturnType<Backend['upload']>>) => Promise<T>): Promise<T> {
  const c = await cpu.upload(m);
  const g = await gpu.upload(m);
  try {
    return await body(c, g);
  } finally {
    cpu.release(c);
    gpu.release(g);
  }
}

function largestMagnitude(m: HostMatrix): number {
  return m.data.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
}

/** knnBatch then countWithinBatch (within each member's CPU k-th distance) on both backends. */
function batchCase(name: string, matrix: () => HostMatrix, metric: Metric, k: number, spaces: readonly ColumnSpace[], exact: boolean): ConformanceCase {
  return {
    name,
    run: async (cpu, gpu) => {
      const tally = new Mismatches();
      const m = matrix();
      const scale = largestMagnitude(m);
      await onBoth(cpu, gpu, m, async (c, g) => {
        const request = { k, metric, excludeSelf: true, spaces };
        const expected = await cpu.knnBatch(c, request);
        const actual = await gpu.knnBatch(g, request);
        const chosen = await cpu.pairDistancesBatch(c, { metric, width: k, members: spaces.map((space, s) => ({ space, indices: actual[s].indices })) });
        spaces.forEach((_, s) => compareLists(expected[s], actual[s], chosen[s], scale, exact, `space ${s}`, tally));
        if (metric !== 'chebyshev' || !exact) return;
        const members = spaces.map((space, s) => ({ space, radii: Float64Array.from({ length: m.rows }, (_, i) => expected[s].distances[i * k + k - 1]) }));
        for (const inclusive of [false, true]) {
          const want = await cpu.countWithinBatch(c, { metric, inclusive, excludeSelf: true, members });
          const got = await gpu.countWithinBatch(g, { metric, inclusive, excludeSelf: true, members });
          want.forEach((counts, s) => counts.forEach((v, i) => {
            tally.checked += 1;
            if (got[s][i] !== v) tally.failures.push(`space ${s} row ${i} (${inclusive ? 'inclusive' : 'strict'}): count ${got[s][i]}, expected ${v}`);
          }));
        }
      });
      return tally.report(name);
    },
  };
}

function compareLists(expected: KnnLists, actual: KnnLists, chosen: Float64Array, scale: number, exact: boolean, label: string, tally: Mismatches): void {
  for (let e = 0; e < expected.distances.length; e++) {
    tally.checked += 2;
    const bound = DISTANCE_RTOL * expected.distances[e] + DISTANCE_ATOL_PER_SCALE * scale;
    const where = `${label} row ${Math.floor(e / expected.k)} rank ${e % expected.k}`;
    if (!(Math.abs(actual.distances[e] - expected.distances[e]) <= bound)) {
      tally.failures.push(`${where}: distance ${actual.distances[e]}, expected ${expected.distances[e]}`);
    }
    if (actual.indices[e] === expected.indices[e]) continue;
    if (!exact && Math.abs(chosen[e] - expected.distances[e]) <= bound) tally.nearTies += 1;
    else tally.failures.push(`${where}: index ${actual.indices[e]}, expected ${expected.indices[e]}`);
  }
}

/** σ(i) read back through pairDistancesBatch, one member per (seed, stream), for each n. */
function permutationCase(name: string, sizes: readonly number[]): ConformanceCase {
  const keys = [[0, 0], [42, 3], [7, 0x10000], [0xffffffff, 0x10063], [123456789, 0xffffffff]] as const;
  return {
    name,
    run: async (cpu, gpu) => {
      const tally = new Mismatches();
      for (const n of sizes) {
        // Column 0 is zero, column 1 the row index (exact in f32).
        const m: HostMatrix = { rows: n, cols: 2, data: Float64Array.from({ length: 2 * n }, (_, e) => (e % 2 === 1 ? (e - 1) / 2 : 0)) };
        const tables = keys.map(([seed, stream]) => new FeistelPermutation(n, seed, stream).table());
        const members = keys.map(([seed, stream], s) => ({
          space: { ranges: [[1, 2]], permuted: { columns: [1, 2], seed, stream } } as ColumnSpace,
          indices: new Int32Array(n).fill(tables[s].indexOf(0)),
        }));
        await onBoth(cpu, gpu, m, async (_c, g) => {
          const distances = await gpu.pairDistancesBatch(g, { metric: 'chebyshev', width: 1, members });
          tables.forEach((table, s) => table.forEach((sigma, i) => {
            tally.checked += 1;
            if (distances[s][i] !== sigma) tally.failures.push(`n ${n} seed ${keys[s][0]} stream ${keys[s][1]}: σ(${i}) = ${distances[s][i]} on the GPU, ${sigma} in TypeScript`);
          }));
        });
      }
      return tally.report(name);
    },
  };
}

const permutedY = (seed: number, stream: number): ColumnSpace['permuted'] => ({ columns: [3, 4], seed, stream });

export const batchConformanceCases: readonly ConformanceCase[] = [
  permutationCase('permutations: GPU σ(i) equals FeistelPermutation for n = 1, 2, 5, 16, 17, 300, 4097, five (seed, stream)', [1, 2, 5, 16, 17, 300, 4097]),
  batchCase('knnBatch/countWithinBatch exact: integer data, chebyshev, four column sets, two permuted', () => integerMatrix(500, 4, 40, 9), 'chebyshev', 5, [
    { ranges: [[0, 1], [3, 4]] },
    { ranges: [[1, 2], [3, 4]], permuted: permutedY(5, 0x10000) },
    { ranges: [[2, 3], [3, 4]], permuted: permutedY(5, 0x10001) },
    { ranges: [[0, 3]] },
  ], true),
  batchCase('knnBatch exact: integer data, euclidean, permuted columns inside a range, k=12', () => integerMatrix(400, 4, 41, 6), 'euclidean', 12, [
    { ranges: [[0, 4]], permuted: { columns: [1, 3], seed: 11, stream: 2 } },
    { ranges: [[3, 4], [0, 2]] },
  ], true),
  batchCase('knnBatch chebyshev: Gaussian data, 8 columns each with the target, permuted and not', () => gaussianMatrix(600, 4, 42, 1), 'chebyshev', 3, [
    ...[0, 1, 2].map((c) => ({ ranges: [[c, c + 1], [3, 4]] }) as ColumnSpace),
    ...[0, 1, 2].map((c) => ({ ranges: [[c, c + 1], [3, 4]], permuted: permutedY(c, 0x10000 + c) }) as ColumnSpace),
    { ranges: [[0, 4]], permuted: permutedY(9, 9) },
    { ranges: [[3, 4]] },
  ], false),
];

/** The subset rerun with forced tiny limits: several blocks (gathered permuted columns), member groups, chunks. */
export const batchChunkingCases: readonly ConformanceCase[] = [
  permutationCase('permutations (tiny limits): GPU σ(i) equals FeistelPermutation for n = 1, 5, 17, 700', [1, 5, 17, 700]),
  ...batchConformanceCases.filter((c) => c.name.startsWith('knnBatch/countWithinBatch exact')),
];
