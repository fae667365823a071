/**
 * Lloyd's k-means with restarts, the assignment step on the backend as a batched
 * nearest-centroid search (knn with k = 1 against the centroids), everything else on the
 * host in float64. It follows faiss's `Clustering` (what mauve-text runs) step for step:
 *
 *   init        K distinct rows chosen at random (the first K of a seeded permutation of
 *               the rows), as faiss does — not k-means++. MAUVE's histograms depend on
 *               the clustering, so matching faiss's initialisation keeps infogpu's
 *               seed-to-seed distribution of MAUVE the same as mauve-text's; k-means++
 *               would lower the objective and shift that distribution.
 *   iterate     a_i = argmin_c ‖x_i − μ_c‖² (ties to the lower centroid index)
 *               objective J = Σ_i ‖x_i − μ_{a_i}‖² (float64 on the host)
 *               μ_c = mean of { x_i : a_i = c }
 *               an empty cluster c takes over half of a cluster c′ picked with probability
 *               ∝ (size(c′) − 1) by cycling over c′ = 0, 1, … and drawing u < (size − 1)/(N − K):
 *               μ_c = μ_c′·(1 ± ε) and μ_c′ = μ_c′·(1 ∓ ε) coordinate-wise (+ on even
 *               coordinates for c), ε = 1/1024, and size(c) = size(c′)/2
 *   stop        after `maxIter` assignments, or earlier when an assignment repeats the
 *               previous one and no cluster was split (a fixed point: faiss would go on
 *               repeating it, so the result is the same)
 *   restarts    R independent runs; the run with the lowest final J is kept (the first
 *               on ties); labels are the assignment to its final centroids
 *   K = N       the rows themselves are the centroids (faiss's corner case)
 *
 * Randomness: run r draws its permutation from stream KMEANS_INIT_STREAM + r and its
 * splits from KMEANS_SPLIT_STREAM + r of the shared generator (engine/random.ts), so a
 * seed gives the same clustering on every backend up to f32 near-ties on the GPU (a point
 * within f32 rounding of two centroids may be assigned differently).
 *
 * Data differences from faiss: float64 centroids and objective (faiss: f32), and no
 * training subsample when N > 256·K (faiss's `max_points_per_centroid`; never the case
 * with MAUVE's default K ≈ N/20).
 */
import type { Backend, MatrixHandle } from './backend.js';
import type { HostMatrix } from './host-matrix.js';
import { CounterRandom } from './random.js';
import { FeistelPermutation } from './random-permutation.js';

export const KMEANS_INIT_STREAM = 0x40000;
export const KMEANS_SPLIT_STREAM = 0x48000;

/** faiss's relative perturbation when splitting a cluster (a bit above float16 epsilon). */
const SPLIT_EPSILON = 1 / 1024;

export interface KmeansOptions {
  /** K, 1 ≤ K ≤ rows. */
  readonly clusters: number;
  /** R ≥ 1 independent runs; the lowest objective is kept. */
  readonly restarts: number;
  /** Assignments per run at most. */
  readonly maxIter: number;
  readonly seed: number;
  /** Checked between iterations; an aborted signal rejects with its reason. */
  readonly signal?: AbortSignal;
}

export interface KmeansResult {
  /** Cluster of each row, in [0, K). */
  readonly labels: Int32Array;
  /** K × cols, float64. */
  readonly centroids: HostMatrix;
  /** Σ_i ‖x_i − μ_{a_i}‖² at the kept run's last iteration (faiss's objective; a run stopped at maxIter labels by one more assignment). */
  readonly objective: number;
  /** Assignments made by the kept run. */
  readonly iterations: number;
  /** Which run was kept (0-based). */
  readonly restart: number;
  /** Whether the kept run reached a fixed point before maxIter. */
  readonly converged: boolean;
}

interface Run {
  labels: Int32Array;
  centroids: Float64Array;
  objective: number;
  iterations: number;
  converged: boolean;
}

/** k-means of the rows of `data` (already centred by the caller: the GPU works in f32). */
export async function kmeans(backend: Backend, data: HostMatrix, options: KmeansOptions): Promise<KmeansResult> {
  const { clusters, restarts } = options;
  if (!(clusters >= 1 && clusters <= data.rows)) throw new RangeError(`kmeans: ${clusters} clusters for ${data.rows} rows`);
  const handle = await backend.upload(data);
  try {
    if (clusters === data.rows) return await everyRowItsOwnCluster(backend, handle, data);
    let best: Run | undefined, bestRestart = 0;
    for (let r = 0; r < restarts; r++) {
      const run = await lloyd(backend, handle, data, options, r);
      if (best === undefined || run.objective < best.objective) {
        best = run;
        bestRestart = r;
      }
    }
    const kept = best!;
    return {
      labels: kept.labels,
      centroids: { rows: clusters, cols: data.cols, data: kept.centroids },
      objective: kept.objective,
      iterations: kept.iterations,
      restart: bestRestart,
      converged: kept.converged,
    };
  } finally {
    backend.release(handle);
  }
}

/** K = N (faiss's corner case): the rows are the centroids; repeated rows go to the first copy. */
async function everyRowItsOwnCluster(backend: Backend, handle: MatrixHandle, data: HostMatrix): Promise<KmeansResult> {
  const centroids = Float64Array.from(data.data);
  const labels = await assign(backend, handle, centroids, data.rows, data.cols);
  return { labels, centroids: { rows: data.rows, cols: data.cols, data: centroids }, objective: sumOfSquares(data, centroids, labels), iterations: 1, restart: 0, converged: true };
}

async function lloyd(backend: Backend, handle: MatrixHandle, data: HostMatrix, options: KmeansOptions, restart: number): Promise<Run> {
  const { clusters: k, maxIter, seed, signal } = options;
  const { rows: n, cols: d } = data;
  const centroids = new Float64Array(k * d);
  const permutation = new FeistelPermutation(n, seed, KMEANS_INIT_STREAM + restart);
  for (let c = 0; c < k; c++) {
    const i = permutation.at(c);
    centroids.set(data.data.subarray(i * d, (i + 1) * d), c * d);
  }
  const splitter = new SplitDraws(seed, KMEANS_SPLIT_STREAM + restart);
  let labels: Int32Array = new Int32Array(0);
  let objective = Infinity;
  let split = true;
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    signal?.throwIfAborted();
    const next = await assign(backend, handle, centroids, k, d);
    const repeated = !split && sameLabels(next, labels);
    labels = next;
    objective = sumOfSquares(data, centroids, labels);
    if (repeated) return { labels, centroids, objective, iterations: iteration, converged: true };
    split = updateCentroids(data, labels, centroids, k, splitter) > 0;
  }
  // maxIter reached: the centroids moved after the last assignment; label by them (as faiss).
  return { labels: await assign(backend, handle, centroids, k, d), centroids, objective, iterations: maxIter, converged: false };
}

/** a_i = index of the nearest centroid (ties to the lower index), on the backend. */
async function assign(backend: Backend, data: MatrixHandle, centroids: Float64Array, k: number, d: number): Promise<Int32Array> {
  const reference = await backend.upload({ rows: k, cols: d, data: centroids });
  try {
    return (await backend.knn(data, reference, { k: 1, metric: 'euclidean', excludeSelf: false })).indices;
  } finally {
    backend.release(reference);
  }
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sumOfSquares(data: HostMatrix, centroids: Float64Array, labels: Int32Array): number {
  const { rows, cols: d } = data;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const xi = i * d, ci = labels[i] * d;
    for (let c = 0; c < d; c++) {
      const diff = data.data[xi + c] - centroids[ci + c];
      total += diff * diff;
    }
  }
  return total;
}

/** μ_c ← mean of its rows; empty clusters split off a populous one. Returns the number of splits. */
function updateCentroids(data: HostMatrix, labels: Int32Array, centroids: Float64Array, k: number, splitter: SplitDraws): number {
  const { rows: n, cols: d } = data;
  const sizes = new Float64Array(k);
  centroids.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = labels[i] * d, xi = i * d;
    sizes[labels[i]]++;
    for (let c = 0; c < d; c++) centroids[ci + c] += data.data[xi + c];
  }
  for (let c = 0; c < k; c++) {
    if (sizes[c] === 0) continue;
    const scale = 1 / sizes[c];
    for (let t = 0; t < d; t++) centroids[c * d + t] *= scale;
  }
  let splits = 0;
  for (let c = 0; c < k; c++) {
    if (sizes[c] !== 0) continue;
    let donor = 0;
    while (!(splitter.next() < (sizes[donor] - 1) / (n - k))) donor = (donor + 1) % k;
    for (let t = 0; t < d; t++) {
      const up = t % 2 === 0 ? 1 + SPLIT_EPSILON : 1 - SPLIT_EPSILON;
      centroids[c * d + t] = centroids[donor * d + t] * up;
      centroids[donor * d + t] *= 2 - up;
    }
    sizes[c] = sizes[donor] / 2;
    sizes[donor] -= sizes[c];
    splits++;
  }
  return splits;
}

/** Successive uniforms of one stream. */
class SplitDraws {
  private readonly random: CounterRandom;
  private counter = 0;

  constructor(seed: number, stream: number) {
    this.random = new CounterRandom(seed, stream);
  }

  next(): number {
    return this.random.uniform(this.counter++);
  }
}
