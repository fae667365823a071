/**
 * The public `mauve(p, q, options)` call on feature sets (rows = one embedding per text,
 * or any feature vectors), with mauve-text's defaults (`compute_mauve` on features):
 *
 *   1. stack the rows as [q; p] and divide each by its Euclidean norm (zero rows stay 0)
 *   2. PCA (engine/pca.ts): keep the fewest leading components explaining at least
 *      `explainedVariance` = 0.9 of the variance (centred, not whitened)
 *   3. k-means (engine/kmeans.ts) into K = numBuckets clusters, default
 *      K = max(2, round(min(n, m)/10)) (Python's round: halves to even), `restarts` = 5 runs
 *      of at most `maxIter` = 500 iterations, the lowest objective kept; the assignment
 *      step is the backend's nearest-centroid search (knn, k = 1)
 *   4. histograms p̂_c = #{p rows in c}/n, q̂_c = #{q rows in c}/m
 *   5. MAUVE, frontier integral and frontier of (p̂, q̂) (engine/mauve-frontier.ts), and
 *      MAUVE* of the smoothed (count_c + ½)/(n + K/2)
 *
 * Steps 1, 2, 4 and 5 and the centroid updates run on the host in float64; only the
 * assignments run on the backend (the projected rows are uploaded once, the K centroids
 * every iteration). The clustering differs from faiss's only in its random draws (the
 * shared counter-based generator instead of faiss's), so `value` agrees with mauve-text
 * within mauve-text's own seed-to-seed spread, not digit for digit.
 */
import type { Backend } from './backend.js';
import { InvalidInputError } from './errors.js';
import { columnMeans, concatRows, type HostMatrix } from './host-matrix.js';
import { kmeans } from './kmeans.js';
import { mauveOfDistributions, parseFrontierOptions, type MauveFrontierOptions } from './mauve-frontier.js';
import { checkOptionKeys, positiveInteger } from './options.js';
import { principalProjection } from './pca.js';
import type { MauveEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { checkSameDimension } from './two-sample-radii.js';
import { PROGRESS_OPTIONS, type ProgressOptions } from './progress.js';
import { requireHostValues } from './device-resident-matrix.js';

export interface MauveOptions extends MauveFrontierOptions, ProgressOptions {
  /** K, the histogram size: 'auto' (default, max(2, round(min(n, m)/10))) or an integer ≤ n + m. */
  numBuckets?: number | 'auto';
  /** Fraction of the variance the PCA keeps, in (0, 1), default 0.9 (`kmeans_explained_var`). */
  explainedVariance?: number;
  /** k-means runs, the lowest objective kept, default 5 (`kmeans_num_redo`). */
  restarts?: number;
  /** k-means iterations per run at most, default 500 (`kmeans_max_iter`). */
  maxIter?: number;
  /** Seed of the k-means initialisations, default 25 (mauve-text's default seed; the draws differ from faiss's). */
  seed?: number;
  /** Aborts between k-means iterations; the call then rejects with the signal's reason. */
  signal?: AbortSignal;
}

const MAUVE_OPTIONS = ['numBuckets', 'explainedVariance', 'restarts', 'maxIter', 'seed', 'scaling', 'points', ...PROGRESS_OPTIONS] as const;

export async function mauve(backend: Backend, pSamples: Samples, qSamples: Samples, options: MauveOptions = {}): Promise<MauveEstimate> {
  checkOptionKeys(options, MAUVE_OPTIONS, 'mauve');
  const { scaling, points } = parseFrontierOptions(options);
  const p = toHostMatrix(pSamples, 'p');
  const q = toHostMatrix(qSamples, 'q');
  requireHostValues([p, q], 'MAUVE normalises rows, fits PCA and draws k-means seeds on the host');
  checkSameDimension(p, q);
  for (const [matrix, argument] of [[p, 'p'], [q, 'q']] as const) {
    if (matrix.rows < 2) throw new InvalidInputError('TOO_FEW_ROWS', argument, `has ${matrix.rows} row; MAUVE needs at least 2 rows in each sample`);
  }
  const n = p.rows, m = q.rows;
  const numBuckets = bucketCount(options.numBuckets, n, m);
  const explainedVariance = options.explainedVariance ?? 0.9;
  if (typeof explainedVariance !== 'number' || !(explainedVariance > 0 && explainedVariance < 1)) {
    throw new InvalidInputError('BAD_NUMBER', 'options.explainedVariance', `must lie in (0, 1), got ${String(explainedVariance)}`);
  }
  const restarts = positiveInteger(options.restarts ?? 5, 'restarts');
  const maxIter = positiveInteger(options.maxIter ?? 500, 'maxIter');
  const seed = options.seed ?? 25;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new InvalidInputError('BAD_INTEGER', 'options.seed', `must be an integer in [0, 2³²), got ${String(seed)}`);
  }
  options.signal?.throwIfAborted();

  const rows = unitRows(concatRows([q, p]));
  if (totalSquaredDeviation(rows) <= rows.rows * rows.cols * (4 * Number.EPSILON) ** 2) {
    throw new InvalidInputError('ESTIMATE_UNDEFINED', 'p', 'after dividing each row by its norm every row of p and q is the same (up to rounding), so no clustering can tell them apart');
  }
  const { projected, components, keptVariance } = principalProjection(rows, explainedVariance);
  const clustering = await kmeans(backend, projected, { clusters: numBuckets, restarts, maxIter, seed, signal: options.signal });

  const qCounts = new Float64Array(numBuckets);
  const pCounts = new Float64Array(numBuckets);
  clustering.labels.forEach((label, i) => (i < m ? qCounts : pCounts)[label]++);
  const pHist = pCounts.map((c) => c / n);
  const qHist = qCounts.map((c) => c / m);
  const smoothed = (counts: Float64Array, total: number) => counts.map((c) => (c + 0.5) / (total + numBuckets / 2));
  const plain = mauveOfDistributions(pHist, qHist, scaling, points);
  const star = mauveOfDistributions(smoothed(pCounts, n), smoothed(qCounts, m), scaling, points);
  const { objective, iterations, restart, converged } = clustering;
  return {
    ...plain,
    star,
    pHist,
    qHist,
    method: 'kmeans',
    backend: backend.kind,
    n,
    m,
    numBuckets,
    components,
    keptVariance,
    kmeans: { objective, iterations, restart, converged },
    warnings: converged ? [] : [`k-means stopped at maxIter = ${maxIter} before reaching a fixed point (as faiss always does); raise options.maxIter for a converged clustering`],
  };
}

/** 'auto': max(2, round(min(n, m)/10)) with Python's round (halves to even), as mauve-text. */
function bucketCount(option: number | 'auto' | undefined, n: number, m: number): number {
  if (option === undefined || option === 'auto') return Math.max(2, roundHalfToEven(Math.min(n, m) / 10));
  const k = positiveInteger(option, 'numBuckets');
  if (k > n + m) throw new InvalidInputError('TOO_FEW_ROWS', 'options.numBuckets', `${k} clusters for ${n + m} rows of p and q; use at most ${n + m}`);
  return k;
}

function roundHalfToEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Each row divided by its Euclidean norm (scikit-learn's `normalize`: zero rows stay zero). */
function unitRows(x: HostMatrix): HostMatrix {
  const { rows, cols, data } = x;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += data[i * cols + c] ** 2;
    const norm = s === 0 ? 1 : Math.sqrt(s);
    for (let c = 0; c < cols; c++) out[i * cols + c] = data[i * cols + c] / norm;
  }
  return { rows, cols, data: out };
}

/** Σ_i ‖x_i − x̄‖², the total variance times the row count. */
function totalSquaredDeviation(x: HostMatrix): number {
  const { rows, cols, data } = x;
  const mean = columnMeans(x);
  let total = 0;
  for (let i = 0; i < rows; i++) for (let c = 0; c < cols; c++) total += (data[i * cols + c] - mean[c]) ** 2;
  return total;
}
