/**
 * Conformance of a WebGPU backend against the float64 CPU backend, primitive by primitive,
 * on identical seeded inputs. Plain async functions `(cpu, gpu) => report` with no test
 * framework, so the same cases run under vitest (Node, Dawn) and inside a Chromium page.
 * A case throws ConformanceFailure naming the first mismatches.
 *
 * Tolerances (the GPU rounds inputs to f32 and computes in f32):
 * - distances: |gpu − cpu| ≤ 1e-5·cpu + 1e-6·s, s = the largest |value| of the inputs
 *   (f32 rounding of each coordinate is ≤ 6e-8·s, so a difference of two coordinates
 *   carries ≤ 1.2e-7·s absolute error — it dominates for tiny distances).
 * - knn indices: equal, except near-ties: where the GPU lists another index, that index's
 *   float64 distance (CPU pairDistances) must match the CPU's distance at that position
 *   within the distance tolerance. Near-ties are counted in the report. With exact data
 *   (small integers: every sum of squares and every |difference| is exact in f32) the
 *   ranking is exact, so indices must be identical, exact ties included.
 * - counts: equal, except a query may differ by at most its number of boundary points,
 *   #{ j : |d(q, j) − r| ≤ tolerance(r) } (CPU counts inside r ± tolerance); such queries
 *   are counted in the report. Chebyshev on exact data: identical (a euclidean distance
 *   is a rounded sqrt, so its boundary points stay excused).
 * - self-consistency (exact, no tolerance): GPU pairDistances of the GPU's own knn
 *   indices equal its knn distances bit for bit; strict GPU counts inside the GPU's own
 *   k-th distance are < k and inclusive ones ≥ k.
 * - estimators (KSG1, KSG2, Kozachenko–Leonenko): |gpu − cpu| ≤ 2e-3 on data offset by 10⁴.
 * - batched calls over column spaces, permuted rows and σ itself: webgpu-batch-conformance.ts.
 */
import type { Backend, ColumnRange, KnnLists, MatrixHandle, Metric } from '../../engine/backend.js';
import { entropy } from '../../engine/entropy.js';
import type { HostMatrix } from '../../engine/host-matrix.js';
import { mutualInformation } from '../../engine/mutual-information.js';
import { gaussianMatrix, integerMatrix, randomIndices } from './webgpu-random.js';
import { batchChunkingCases, batchConformanceCases } from './webgpu-batch-conformance.js';

export interface ConformanceReport {
  readonly name: string;
  /** Values compared (distances, indices, counts, estimates). */
  readonly checked: number;
  /** knn positions resolved as f32 near-ties, or counts excused by boundary points. */
  readonly nearTies: number;
}

export interface ConformanceCase {
  readonly name: string;
  readonly run: (cpu: Backend, gpu: Backend) => Promise<ConformanceReport>;
}

export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
}

const DISTANCE_RTOL = 1e-5;
const DISTANCE_ATOL_PER_SCALE = 1e-6;
const ESTIMATOR_ATOL = 2e-3;
const MAX_LISTED = 5;

interface Tally {
  checked: number;
  nearTies: number;
  readonly failures: string[];
}

function newTally(): Tally {
  return { checked: 0, nearTies: 0, failures: [] };
}

function fail(tally: Tally, message: string): void {
  tally.failures.push(message);
}

function report(name: string, tally: Tally): ConformanceReport {
  if (tally.failures.length > 0) {
    const listed = tally.failures.slice(0, MAX_LISTED).join('\n  ');
    throw new ConformanceFailure(`${name}: ${tally.failures.length} mismatches\n  ${listed}`);
  }
  return { name, checked: tally.checked, nearTies: tally.nearTies };
}

function largestMagnitude(...matrices: HostMatrix[]): number {
  let s = 0;
  for (const m of matrices) for (const v of m.data) s = Math.max(s, Math.abs(v));
  return s;
}

/** Allowed |gpu − cpu| for a distance `expected` between rows of data of largest magnitude `scale`. */
function distanceBound(expected: number, scale: number): number {
  return DISTANCE_RTOL * Math.abs(expected) + DISTANCE_ATOL_PER_SCALE * scale;
}

/** Uploads each matrix to both backends, runs `body`, releases everything. */
async function onBoth<T>(cpu: Backend, gpu: Backend, matrices: HostMatrix[], body: (c: MatrixHandle[], g: MatrixHandle[]) => Promise<T>): Promise<T> {
  const c: MatrixHandle[] = [];
  const g: MatrixHandle[] = [];
  try {
    for (const m of matrices) {
      c.push(await cpu.upload(m));
      g.push(await gpu.upload(m));
    }
    return await body(c, g);
  } finally {
    for (const h of c) cpu.release(h);
    for (const h of g) gpu.release(h);
  }
}

interface KnnScenario {
  readonly metric: Metric;
  readonly k: number;
  readonly columns?: ColumnRange;
  readonly excludeSelf: boolean;
  /** Integer data: f32 arithmetic is exact, so lists must be identical. */
  readonly exact?: boolean;
}

/** knn of `query` rows against `reference` rows (the same handle when query is undefined). */
async function compareKnn(cpu: Backend, gpu: Backend, reference: HostMatrix, query: HostMatrix | undefined, scenario: KnnScenario, tally: Tally): Promise<void> {
  const matrices = query ? [reference, query] : [reference];
  const scale = largestMagnitude(...matrices);
  await onBoth(cpu, gpu, matrices, async (c, g) => {
    const request = { k: scenario.k, metric: scenario.metric, columns: scenario.columns, excludeSelf: scenario.excludeSelf };
    const [cRef, cQry] = [c[0], c[1] ?? c[0]];
    const [gRef, gQry] = [g[0], g[1] ?? g[0]];
    const expected = await cpu.knn(cQry, cRef, request);
    const actual = await gpu.knn(gQry, gRef, request);
    // Float64 distance of every neighbour the GPU chose.
    const chosen = await cpu.pairDistances(cQry, cRef, { metric: scenario.metric, columns: scenario.columns, indices: actual.indices, width: scenario.k });
    checkLists(expected, actual, chosen, scale, scenario, query === undefined, tally);
  });
}

function checkLists(expected: KnnLists, actual: KnnLists, chosen: Float64Array, scale: number, scenario: KnnScenario, sameMatrix: boolean, tally: Tally): void {
  const { k } = scenario;
  if (actual.rows !== expected.rows || actual.k !== k || actual.distances.length !== expected.distances.length) {
    fail(tally, `shape ${actual.rows}×${actual.k}, expected ${expected.rows}×${k}`);
    return;
  }
  for (let i = 0; i < expected.rows; i++) {
    const seen = new Set<number>();
    for (let t = 0; t < k; t++) {
      const e = i * k + t;
      const [cd, gd, ci, gi] = [expected.distances[e], actual.distances[e], expected.indices[e], actual.indices[e]];
      tally.checked += 2;
      const bound = distanceBound(cd, scale);
      if (!(Math.abs(gd - cd) <= bound)) fail(tally, `row ${i} rank ${t}: distance ${gd}, expected ${cd} (bound ${bound})`);
      if (seen.has(gi)) fail(tally, `row ${i}: index ${gi} listed twice`);
      seen.add(gi);
      if (sameMatrix && scenario.excludeSelf && gi === i) fail(tally, `row ${i}: lists itself although excludeSelf`);
      if (gi === ci) continue;
      if (!scenario.exact && Math.abs(chosen[e] - cd) <= bound) tally.nearTies += 1;
      else fail(tally, `row ${i} rank ${t}: index ${gi} (float64 distance ${chosen[e]}), expected ${ci} (${cd})`);
    }
  }
}

interface CountScenario {
  readonly metric: Metric;
  readonly columns?: ColumnRange;
  readonly inclusive: boolean;
  readonly excludeSelf: boolean;
  readonly exact?: boolean;
}

async function compareCounts(cpu: Backend, gpu: Backend, matrix: HostMatrix, radii: Float64Array, scenario: CountScenario, tally: Tally): Promise<void> {
  const scale = largestMagnitude(matrix);
  await onBoth(cpu, gpu, [matrix], async ([c], [g]) => {
    const request = { metric: scenario.metric, columns: scenario.columns, radii, inclusive: scenario.inclusive, excludeSelf: scenario.excludeSelf };
    const expected = await cpu.countWithin(c, c, request);
    const actual = await gpu.countWithin(g, g, request);
    const widen = (sign: number) => radii.map((r) => r + sign * distanceBound(r, scale));
    const outer = await cpu.countWithin(c, c, { ...request, radii: widen(1), inclusive: true });
    const inner = await cpu.countWithin(c, c, { ...request, radii: widen(-1), inclusive: false });
    for (let i = 0; i < radii.length; i++) {
      tally.checked += 1;
      if (actual[i] === expected[i]) continue;
      const boundary = outer[i] - inner[i];
      if (!scenario.exact && Math.abs(actual[i] - expected[i]) <= boundary) tally.nearTies += 1;
      else fail(tally, `row ${i}: count ${actual[i]}, expected ${expected[i]} (radius ${radii[i]}, ${boundary} boundary points)`);
    }
  });
}

async function comparePairs(cpu: Backend, gpu: Backend, query: HostMatrix, reference: HostMatrix, metric: Metric, columns: ColumnRange | undefined, width: number, tally: Tally): Promise<void> {
  const scale = largestMagnitude(query, reference);
  const indices = randomIndices(query.rows, width, reference.rows, 11);
  await onBoth(cpu, gpu, [query, reference], async ([cq, cr], [gq, gr]) => {
    const request = { metric, columns, indices, width };
    const expected = await cpu.pairDistances(cq, cr, request);
    const actual = await gpu.pairDistances(gq, gr, request);
    for (let e = 0; e < expected.length; e++) {
      tally.checked += 1;
      const bound = distanceBound(expected[e], scale);
      if (!(Math.abs(actual[e] - expected[e]) <= bound)) fail(tally, `pair ${e}: ${actual[e]}, expected ${expected[e]} (bound ${bound})`);
    }
  });
}

/** k-th neighbour distances (column k − 1) of CPU lists: realistic radii in float64. */
async function cpuKthDistances(cpu: Backend, matrix: HostMatrix, k: number, metric: Metric, columns?: ColumnRange): Promise<Float64Array> {
  const handle = await cpu.upload(matrix);
  try {
    const lists = await cpu.knn(handle, handle, { k, metric, columns, excludeSelf: true });
    return Float64Array.from({ length: matrix.rows }, (_, i) => lists.distances[i * k + k - 1]);
  } finally {
    cpu.release(handle);
  }
}

function knnCase(name: string, reference: () => HostMatrix, query: (() => HostMatrix) | undefined, scenario: KnnScenario): ConformanceCase {
  return {
    name,
    run: async (cpu, gpu) => {
      const tally = newTally();
      await compareKnn(cpu, gpu, reference(), query?.(), scenario, tally);
      return report(name, tally);
    },
  };
}

function countCase(name: string, matrix: () => HostMatrix, radiusK: number, scenario: CountScenario): ConformanceCase {
  return {
    name,
    run: async (cpu, gpu) => {
      const tally = newTally();
      const m = matrix();
      const radii = await cpuKthDistances(cpu, m, radiusK, scenario.metric, scenario.columns);
      await compareCounts(cpu, gpu, m, radii, scenario, tally);
      return report(name, tally);
    },
  };
}

/** GPU knn, pairDistances and countWithin agree with each other exactly (the KSG pattern). */
function selfConsistencyCase(name: string, matrix: () => HostMatrix, k: number, metric: Metric): ConformanceCase {
  return {
    name,
    run: async (_cpu, gpu) => {
      const tally = newTally();
      const handle = await gpu.upload(matrix());
      try {
        const lists = await gpu.knn(handle, handle, { k, metric, excludeSelf: true });
        const again = await gpu.pairDistances(handle, handle, { metric, indices: lists.indices, width: k });
        for (let e = 0; e < again.length; e++) {
          tally.checked += 1;
          if (!Object.is(again[e], lists.distances[e])) fail(tally, `entry ${e}: pairDistances ${again[e]} ≠ knn ${lists.distances[e]}`);
        }
        const radii = Float64Array.from({ length: lists.rows }, (_, i) => lists.distances[i * k + k - 1]);
        const strict = await gpu.countWithin(handle, handle, { metric, radii, inclusive: false, excludeSelf: true });
        const inclusive = await gpu.countWithin(handle, handle, { metric, radii, inclusive: true, excludeSelf: true });
        for (let i = 0; i < lists.rows; i++) {
          tally.checked += 2;
          if (strict[i] >= k) fail(tally, `row ${i}: ${strict[i]} points strictly inside its own k-th distance (k = ${k})`);
          if (inclusive[i] < k) fail(tally, `row ${i}: ${inclusive[i]} points within its own k-th distance (k = ${k})`);
        }
      } finally {
        gpu.release(handle);
      }
      return report(name, tally);
    },
  };
}

function pairsCase(name: string, query: () => HostMatrix, reference: () => HostMatrix, metric: Metric, columns: ColumnRange | undefined, width: number): ConformanceCase {
  return {
    name,
    run: async (cpu, gpu) => {
      const tally = newTally();
      await comparePairs(cpu, gpu, query(), reference(), metric, columns, width, tally);
      return report(name, tally);
    },
  };
}

/** An estimator (engine/, written once against Backend) on both backends, data offset by 10⁴. */
function estimatorCase(name: string, estimate: (backend: Backend) => Promise<number>): ConformanceCase {
  return {
    name,
    run: async (cpu, gpu) => {
      const tally = newTally();
      const [expected, actual] = [await estimate(cpu), await estimate(gpu)];
      tally.checked += 1;
      if (!(Math.abs(actual - expected) <= ESTIMATOR_ATOL)) fail(tally, `${actual}, expected ${expected} (atol ${ESTIMATOR_ATOL})`);
      return report(name, tally);
    },
  };
}

const gaussian = (rows: number, cols: number, seed: number) => () => gaussianMatrix(rows, cols, seed);

/** Cases sized for SwiftShader (≈ 0.4 GFLOP/s): every primitive, metric and edge shape. */
export const conformanceCases: readonly ConformanceCase[] = [
  knnCase('knn euclidean n=777 d=5 k=7', gaussian(777, 5, 1), undefined, { metric: 'euclidean', k: 7, excludeSelf: true }),
  knnCase('knn chebyshev n=777 d=3 k=5', gaussian(777, 3, 2), undefined, { metric: 'chebyshev', k: 5, excludeSelf: true }),
  knnCase('knn separate queries 301×4 against 650×4, k=10', gaussian(650, 4, 3), gaussian(301, 4, 4), { metric: 'euclidean', k: 10, excludeSelf: true }),
  knnCase('knn keeps self when excludeSelf=false', gaussian(200, 3, 5), undefined, { metric: 'euclidean', k: 3, excludeSelf: false }),
  knnCase('knn chebyshev columns [1, 3) of d=4', gaussian(500, 4, 6), undefined, { metric: 'chebyshev', k: 4, columns: [1, 3], excludeSelf: true }),
  knnCase('knn euclidean columns [2, 5) of d=6', gaussian(500, 6, 7), undefined, { metric: 'euclidean', k: 6, columns: [2, 5], excludeSelf: true }),
  knnCase('knn d=1 k=1', gaussian(333, 1, 8), undefined, { metric: 'euclidean', k: 1, excludeSelf: true }),
  knnCase('knn n=k+1 (n=4, k=3)', gaussian(4, 2, 9), undefined, { metric: 'euclidean', k: 3, excludeSelf: true }),
  knnCase('knn n=2 k=1 chebyshev', gaussian(2, 3, 10), undefined, { metric: 'chebyshev', k: 1, excludeSelf: true }),
  knnCase('knn d=70 (several column tiles) k=5', gaussian(300, 70, 11), undefined, { metric: 'euclidean', k: 5, excludeSelf: true }),
  knnCase('knn k=64 (largest one-pass list)', gaussian(400, 2, 12), undefined, { metric: 'euclidean', k: 64, excludeSelf: true }),
  knnCase('knn k=100 (two passes)', gaussian(300, 2, 13), undefined, { metric: 'chebyshev', k: 100, excludeSelf: true }),
  knnCase('knn exact ties: integer data, euclidean', () => integerMatrix(600, 2, 14, 6), undefined, { metric: 'euclidean', k: 9, excludeSelf: true, exact: true }),
  knnCase('knn exact ties: integer data, chebyshev, k=40', () => integerMatrix(500, 3, 15, 5), undefined, { metric: 'chebyshev', k: 40, excludeSelf: true, exact: true }),
  knnCase('knn exact ties across passes: integer data, k=130', () => integerMatrix(300, 2, 31, 8), undefined, { metric: 'euclidean', k: 130, excludeSelf: true, exact: true }),
  countCase('countWithin chebyshev strict, columns [0, 2) of d=3', gaussian(700, 3, 16), 4, { metric: 'chebyshev', columns: [0, 2], inclusive: false, excludeSelf: true }),
  countCase('countWithin chebyshev inclusive, columns [2, 3) (d=1 range)', gaussian(700, 3, 17), 4, { metric: 'chebyshev', columns: [2, 3], inclusive: true, excludeSelf: true }),
  countCase('countWithin euclidean strict with self', gaussian(500, 4, 18), 6, { metric: 'euclidean', inclusive: false, excludeSelf: false }),
  countCase('countWithin euclidean inclusive', gaussian(500, 4, 19), 6, { metric: 'euclidean', inclusive: true, excludeSelf: true }),
  countCase('countWithin exact ties: integer data, inclusive', () => integerMatrix(600, 2, 20, 7), 5, { metric: 'chebyshev', inclusive: true, excludeSelf: true, exact: true }),
  countCase('countWithin exact ties: integer data, strict', () => integerMatrix(600, 2, 21, 7), 5, { metric: 'chebyshev', inclusive: false, excludeSelf: true, exact: true }),
  countCase('countWithin integer data, euclidean strict (boundary points excused)', () => integerMatrix(600, 2, 22, 7), 5, { metric: 'euclidean', inclusive: false, excludeSelf: true }),
  pairsCase('pairDistances euclidean width 7', gaussian(300, 5, 22), gaussian(450, 5, 23), 'euclidean', undefined, 7),
  pairsCase('pairDistances chebyshev columns [1, 4) width 3', gaussian(300, 5, 24), gaussian(450, 5, 25), 'chebyshev', [1, 4], 3),
  selfConsistencyCase('GPU knn/pairDistances/countWithin agree exactly, chebyshev', gaussian(600, 3, 26), 4, 'chebyshev'),
  selfConsistencyCase('GPU knn/pairDistances/countWithin agree exactly, euclidean', gaussian(600, 3, 27), 4, 'euclidean'),
  estimatorCase('KSG1 on data offset by 1e4, n=1000', (backend) => ksg(backend, 'ksg1')),
  estimatorCase('KSG2 on data offset by 1e4, n=1000', (backend) => ksg(backend, 'ksg2')),
  estimatorCase('Kozachenko–Leonenko entropy on data offset by 1e4, n=1000 d=3', async (backend) => {
    const x = gaussianMatrix(1000, 3, 30, 1, 1e4);
    return (await entropy(backend, x, { k: 3 })).value;
  }),
  ...batchConformanceCases,
];

async function ksg(backend: Backend, method: 'ksg1' | 'ksg2'): Promise<number> {
  const x = gaussianMatrix(1000, 2, 28, 1, 1e4);
  const y = gaussianMatrix(1000, 1, 29, 1, -1e4);
  // y depends on x: y += 0.8·x₀.
  for (let i = 0; i < 1000; i++) y.data[i] += 0.8 * (x.data[2 * i] - 1e4);
  return (await mutualInformation(backend, x, y, { method, k: 3 })).value;
}

/** The subset of cases to rerun on a backend with forced small limits (chunking). */
export const chunkingCases: readonly ConformanceCase[] = [
  ...conformanceCases.filter((c) =>
    ['knn euclidean n=777', 'knn separate queries', 'knn d=70', 'knn k=100', 'knn exact ties: integer data, chebyshev', 'knn exact ties across passes', 'countWithin chebyshev strict', 'countWithin exact ties: integer data, strict', 'pairDistances chebyshev', 'GPU knn/pairDistances/countWithin agree exactly, euclidean', 'KSG1'].some((prefix) => c.name.startsWith(prefix)),
  ),
  ...batchChunkingCases,
];
