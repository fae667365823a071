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
 * - The batched calls (knnBatch, countWithinBatch, pairDistancesBatch) search one matrix
 *   against itself in a list of ColumnSpaces and return one result per member, each equal
 *   to what the single call would give on the matrix of that space's columns (rows mapped
 *   by its permutation); the WebGPU backend runs a batch as one set of dispatches.
 * - Distances: 'euclidean' = sqrt(Σ (a_c − b_c)²), 'chebyshev' = max_c |a_c − b_c|,
 *   each computed as Σ/max of per-coordinate differences (never ‖a‖² + ‖b‖² − 2a·b).
 */
import type { GpuSamples } from './gpu-samples.js';
import type { GramKernel } from './gram-kernel.js';
import type { HostMatrix } from './host-matrix.js';
import type { RowMeasure } from './row-divergence-measures.js';

export type Metric = 'euclidean' | 'chebyshev';

/**
 * Called between chunks of one backend call (Backend.withCheckpoint) with the finished
 * fraction of that call when known; throws (or rejects) to stop the call.
 */
export type Checkpoint = (fraction?: number) => void | Promise<void>;

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

/**
 * σ, a seeded permutation of a matrix's rows: FeistelPermutation(rows, seed, stream) of
 * engine/random-permutation.ts, evaluated index by index (inside the kernels on the GPU).
 * The values of `columns` in row j are read from row σ(j): a permutation null of [x | y]
 * (y's rows shuffled against x) with no new upload.
 */
export interface RowPermutation {
  readonly columns: ColumnRange;
  readonly seed: number;
  readonly stream: number;
}

/**
 * A metric space on one matrix for the batched calls: the union of column ranges, taken
 * in the given order (a joint max-norm over [c, c+1) and [d, d+1), say), optionally with
 * some columns' rows permuted.
 */
export interface ColumnSpace {
  readonly ranges: readonly ColumnRange[];
  readonly permuted?: RowPermutation;
}

/** knn of a matrix against itself in each space of a batch: one KnnLists per space. */
export interface KnnBatchRequest {
  readonly k: number;
  readonly metric: Metric;
  readonly excludeSelf: boolean;
  readonly spaces: readonly ColumnSpace[];
}

/** countWithin of a matrix against itself, one (space, radii) member at a time: one Int32Array per member. */
export interface CountBatchRequest {
  readonly metric: Metric;
  readonly inclusive: boolean;
  readonly excludeSelf: boolean;
  readonly members: readonly { readonly space: ColumnSpace; readonly radii: Float64Array }[];
}

/** pairDistances of a matrix against itself, one (space, indices) member at a time: one Float64Array per member. */
export interface PairDistanceBatchRequest {
  readonly metric: Metric;
  readonly width: number;
  readonly members: readonly { readonly space: ColumnSpace; readonly indices: Int32Array }[];
}

/** One divergence per row of two row-aligned matrices (engine/row-divergence-measures.ts). */
export interface RowDivergenceRequest {
  readonly measure: RowMeasure;
  /** 'logits': rows already divided by the temperature and shifted by their maximum; 'probs': probabilities. */
  readonly input: 'logits' | 'probs';
  /** Order α of renyi / tsallis / alpha (unused otherwise). */
  readonly alpha: number;
}

/**
 * Weighted Gram sums with K_ij = k(q_i, r_j) (engine/gram-kernel.ts), never materialising K:
 * for count weight vectors v_t over the reference rows,
 *   queryWeights given:  the bilinear forms u_tᵀ K v_t = Σ_ij u_t[i] v_t[j] K_ij   → count values
 *   queryWeights null:   the row sums (K v_t)_i = Σ_j v_t[j] K_ij                  → count × query rows
 * A permutation null of a two-sample statistic is one more weight vector (a relabelling).
 */
export interface GramSumRequest {
  readonly kernel: GramKernel;
  readonly columns?: ColumnRange;
  /** Skip the pairs (i, i) (U-statistics); meaningful when query === reference. */
  readonly excludeDiagonal: boolean;
  /** Weight vectors v_t over the reference rows, row-major (count × reference rows). */
  readonly referenceWeights: Float64Array;
  /** Weight vectors u_t over the query rows, row-major (count × query rows); null: row sums. */
  readonly queryWeights: Float64Array | null;
  readonly count: number;
}

/**
 * Frobenius products of two Gram matrices of paired rows (HSIC), the second permuted:
 *   A_t = Σ_ij k₁(f_i, f_j) · k₂(s_σt(i), s_σt(j)) = ⟨K, P_t L P_tᵀ⟩_F,  t = 0 … count − 1
 * over the rows of `first` (f) and `second` (s), which have the same rows.
 */
export interface GramAlignmentRequest {
  readonly firstKernel: GramKernel;
  readonly secondKernel: GramKernel;
  /** Skip the pairs i = j. */
  readonly excludeDiagonal: boolean;
  /** count permutations σ_t of [0, rows), row-major (count × rows). */
  readonly permutations: Int32Array;
  readonly count: number;
}

/**
 * A vector of reals resident in a backend (float64 on the CPU, f32 on WebGPU): Sinkhorn
 * potentials and log-weights stay resident between iterations, so an iteration moves no
 * data between host and device. Made by uploadVector, freed by release.
 */
export interface VectorHandle {
  readonly length: number;
}

/** Exponent p of the transport cost C(x, y) = ‖x − y‖^p / p (Euclidean norm). */
export type CostPower = 1 | 2;

/**
 * One softmin (c-transform) step of log-domain Sinkhorn, online over the reference rows
 * (never a query × reference matrix): for every query row i,
 *   f_i = −ε · log Σ_j exp(log b_j + (g_j − C_ij)/ε),   C_ij = ‖q_i − r_j‖^p / p over `columns`,
 * with log b = logWeights and g = potential (one entry per reference row). The vectors
 * written (output, meanCost) must be distinct from every vector read.
 */
export interface SoftminRequest {
  readonly p: CostPower;
  /** ε > 0. */
  readonly eps: number;
  readonly columns?: ColumnRange;
  /** log b_j, one per reference row. */
  readonly logWeights: VectorHandle;
  /** g_j, one per reference row. */
  readonly potential: VectorHandle;
  /** Receives f (one entry per query row), or with `relax` the relaxed update below. */
  readonly output: VectorHandle;
  /**
   * output_i = previous_i + weight·(f_i − previous_i): weight ½ is GeomLoss's symmetric
   * (averaged) update, weight ∈ (1, 2) over-relaxation.
   */
  readonly relax?: SoftminRelaxation;
  /** Receives Σ_j w_ij C_ij / Σ_j w_ij with w_ij = b_j e^{(g_j − C_ij)/ε}: the mean cost of row i of the plan. */
  readonly meanCost?: VectorHandle;
  /**
   * κ ∈ (0, 1]: f_i is replaced by κ·f_i before `relax` (unbalanced OT's dampening
   * κ = 1/(1 + ε/ρ), GeomLoss's `reach`); default 1.
   */
  readonly damping?: number;
}

/** A relaxed softmin update (SoftminRequest.relax). */
export interface SoftminRelaxation {
  /** One entry per query row. */
  readonly previous: VectorHandle;
  readonly weight: number;
}

/**
 * One softmin step of log-domain Sinkhorn for a batch of discrete OT problems (histogram
 * pairs t) sharing one cost matrix C (rows × cols, row-major, resident as a vector):
 *   transpose false:  out_t,i = −ε log Σ_j exp(log b_t,j + (g_t,j − C_ij)/ε)   (i < rows, j < cols)
 *   transpose true:   out_t,j = −ε log Σ_i exp(log a_t,i + (f_t,i − C_ij)/ε)   (j < cols, i < rows)
 * logWeights and potential are pairs × (summed side), output pairs × (other side), row-major.
 * The output must be distinct from every vector read.
 */
export interface HistogramSoftminRequest {
  /** ε > 0. */
  readonly eps: number;
  readonly pairs: number;
  /** Rows and columns of the cost matrix. */
  readonly rows: number;
  readonly cols: number;
  readonly transpose: boolean;
  /** C, rows × cols row-major. */
  readonly cost: VectorHandle;
  readonly logWeights: VectorHandle;
  readonly potential: VectorHandle;
  readonly output: VectorHandle;
  /** output = previous + weight·(out − previous), previous of the output's shape (over-relaxation). */
  readonly relax?: SoftminRelaxation;
}

/** Rows [start, start + rows) of a resident matrix (Backend.stackRows). */
export interface RowSlice {
  readonly matrix: MatrixHandle;
  readonly start: number;
  readonly rows: number;
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
  /** Released device buffers the WebGPU buffer pool keeps for reuse (device memory outside liveBytes); 0 on the CPU. */
  idleBytes: number;
}

export function emptyStats(): EngineStats {
  return { dispatches: 0, submits: 0, readbacks: 0, bytesUploaded: 0, bytesRead: 0, liveBytes: 0, peakBytes: 0, idleBytes: 0 };
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
  /** knn in every space of the batch (one matrix against itself); the GPU runs the whole batch in the same dispatches. */
  knnBatch(matrix: MatrixHandle, request: KnnBatchRequest): Promise<KnnLists[]>;
  /** countWithin for every member of the batch (one matrix against itself), batched as knnBatch. */
  countWithinBatch(matrix: MatrixHandle, request: CountBatchRequest): Promise<Int32Array[]>;
  /** pairDistances for every member of the batch (one matrix against itself), batched as knnBatch. */
  pairDistancesBatch(matrix: MatrixHandle, request: PairDistanceBatchRequest): Promise<Float64Array[]>;
  /** One divergence per row of p and q (same shape), streamed from the host in chunks. */
  rowDivergences(p: HostMatrix, q: HostMatrix, request: RowDivergenceRequest): Promise<Float64Array>;
  /** Weighted Gram sums: count bilinear forms u_tᵀ K v_t, or (queryWeights null) count × query rows row sums. */
  gramSums(query: MatrixHandle, reference: MatrixHandle, request: GramSumRequest): Promise<Float64Array>;
  /** Per permutation σ_t: Σ_ij k₁(f_i, f_j)·k₂(s_σt(i), s_σt(j)); `first` and `second` have the same rows. */
  gramAlignment(first: MatrixHandle, second: MatrixHandle, request: GramAlignmentRequest): Promise<Float64Array>;
  /** A resident copy of `values`. */
  uploadVector(values: Float64Array): Promise<VectorHandle>;
  /** Copies of resident vectors, read back together (one read-back on a GPU). */
  readVectors(vectors: readonly VectorHandle[]): Promise<Float64Array[]>;
  /** One softmin step (SoftminRequest) into request.output; later calls and reads see its result. */
  softmin(query: MatrixHandle, reference: MatrixHandle, request: SoftminRequest): Promise<void>;
  /** One batched softmin over a given cost matrix (HistogramSoftminRequest) into request.output. */
  histogramSoftmin(request: HistogramSoftminRequest): Promise<void>;
  /**
   * The given rows of a resident matrix, read back to the host (float64 of the resident
   * values). Used for small host-side steps on GPU inputs (the median-bandwidth subsample).
   */
  readRows?(matrix: MatrixHandle, rows: Int32Array): Promise<HostMatrix>;
  /**
   * A new resident matrix made on the backend from resident ones, with no host traffic: the
   * slices stacked in order (all with the same columns), minus `shift[c]` in every column c
   * when given (in the backend's arithmetic: f32 on WebGPU, so pass an f32-representable
   * shift to match a host subtraction exactly). The drift monitor's window is built this way.
   */
  stackRows(slices: readonly RowSlice[], shift?: Float64Array): Promise<MatrixHandle>;
  /**
   * A resident matrix seen as a GPU input `{ buffer, rows, cols }` of this backend's device,
   * for passing to an estimator without a read-back; the buffer belongs to the handle (valid
   * until it is released). Only for matrices made by stackRows. Absent on the CPU backend.
   */
  residentSamples?(matrix: MatrixHandle): GpuSamples;
  /** [min_0, max_0, min_1, max_1, …]: each column's extent over the rows of a resident matrix (GPU inputs' data diameter). */
  columnExtents?(matrix: MatrixHandle): Promise<Float64Array>;
  /**
   * A view of this backend, for one call, whose operations await `checkpoint` between their
   * chunks of work — on WebGPU before each submitted step, on the CPU between time-bounded
   * ranges of a kernel's rows (row-work.ts) — so a call can stop inside one long backend
   * call. A throw from `checkpoint` rejects the operation after it has freed its scratch
   * buffers.
   */
  withCheckpoint?(checkpoint: Checkpoint): Backend;
  /** Frees a handle's resources. Releasing twice is a no-op. */
  release(handle: MatrixHandle | VectorHandle): void;
  stats(): EngineStats;
  /** Why this backend can no longer run work (a lost device), or undefined while it can. */
  unusableReason(): string | undefined;
  /** Frees everything this backend created. */
  dispose(): void;
}
