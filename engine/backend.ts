/**
 * The narrow interface every estimator is written against. Two implementations: the
 * float64 CPU backend (engine/cpu-backend.ts, the reference) and the WebGPU backend
 * (host/webgpu-backend.ts). An estimator never knows which one it runs on.
 *
 * Conventions shared by all calls:
 * - A `MatrixHandle` is made by `upload` and lives until `release` (or `dispose`).
 * - `columns` = [start, end) restricts a metric to a column range of the matrix
 *   (KSG uses one joint upload [x | y] and counts in the x and y ranges).
 * - `excludeSelf` skips the pair (i, i); it is meaningful when query === reference.
 * - Distances: 'euclidean' = sqrt(Σ (a_c − b_c)²), 'chebyshev' = max_c |a_c − b_c|,
 *   each computed as Σ/max of per-coordinate differences (never ‖a‖² + ‖b‖² − 2a·b).
 */
import type { HostMatrix } from './host-matrix.js';

export type Metric = 'euclidean' | 'chebyshev';
export type BackendKind = 'cpu' | 'webgpu';

/** Column range [start, end) of a matrix. */
export type ColumnRange = readonly [start: number, end: number];

/** Opaque handle to a matrix resident in a backend. */
export interface MatrixHandle {
  readonly rows: number;
  readonly cols: number;
}

export interface KnnRequest {
  /** Neighbours per query, 1 ≤ k ≤ reference rows (− 1 with excludeSelf). */
  readonly k: number;
  readonly metric: Metric;
  readonly columns?: ColumnRange;
  readonly excludeSelf: boolean;
}

/** Row-major (rows × k): the k nearest references of each query, ascending by distance, ties by lower index. */
export interface KnnLists {
  readonly rows: number;
  readonly k: number;
  readonly distances: Float64Array;
  readonly indices: Int32Array;
}

export interface CountRequest {
  readonly metric: Metric;
  readonly columns?: ColumnRange;
  /** One radius per query row. */
  readonly radii: Float64Array;
  /** true: count dist ≤ r (KSG2); false: count dist < r (KSG1, strict). */
  readonly inclusive: boolean;
  readonly excludeSelf: boolean;
}

export interface PairDistanceRequest {
  readonly metric: Metric;
  readonly columns?: ColumnRange;
  /** Row-major (query rows × width) reference indices; the result has the same shape. */
  readonly indices: Int32Array;
  readonly width: number;
}

/** Resource and traffic counters (DESIGN.md §2). CPU counts host bytes it holds. */
export interface EngineStats {
  dispatches: number;
  submits: number;
  readbacks: number;
  bytesUploaded: number;
  bytesRead: number;
  liveBytes: number;
  peakBytes: number;
}

export function emptyStats(): EngineStats {
  return { dispatches: 0, submits: 0, readbacks: 0, bytesUploaded: 0, bytesRead: 0, liveBytes: 0, peakBytes: 0 };
}

export interface Backend {
  readonly kind: BackendKind;
  /** Makes a resident copy of a (centred) host matrix. */
  upload(matrix: HostMatrix): Promise<MatrixHandle>;
  /** k nearest references of every query. */
  knn(query: MatrixHandle, reference: MatrixHandle, request: KnnRequest): Promise<KnnLists>;
  /** Per query i: #{ j : dist(q_i, r_j) < radii[i] } (or ≤ when inclusive). */
  countWithin(query: MatrixHandle, reference: MatrixHandle, request: CountRequest): Promise<Int32Array>;
  /** dist(q_i, r_{indices[i, t]}) for each listed pair, in the backend's own arithmetic. */
  pairDistances(query: MatrixHandle, reference: MatrixHandle, request: PairDistanceRequest): Promise<Float64Array>;
  /** Frees a handle's resources. Releasing twice is a no-op. */
  release(handle: MatrixHandle): void;
  stats(): EngineStats;
  /** Why this backend can no longer run work (a lost device), or undefined while it can. */
  unusableReason(): string | undefined;
  /** Frees everything this backend created. */
  dispose(): void;
}
