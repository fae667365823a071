/**
 * The WebGPU backend: the Backend interface (engine/backend.ts) on a GPUDevice, in f32.
 * Matrices live in pooled storage buffers (gpu-matrix.ts); knn, countWithin and
 * pairDistances each run as one step per chunk of query rows (usually one), with one
 * submit and one read-back; their batched forms run every column space of the batch in
 * the same dispatches (the grid's z, host/column-spaces.ts), permutations evaluated
 * inside the kernels. Vectors (gpu-vector.ts) keep Sinkhorn potentials on the device, and a
 * softmin step (kernels/softmin.ts) is one submit with no read-back.
 *
 * stats(): dispatches, submits, readbacks, bytesUploaded (every queue.writeBuffer:
 * matrices, radii, indices, parameter records), bytesRead (mapped read-back bytes),
 * liveBytes / peakBytes (buffers in use, see buffer-pool.ts), idleBytes (idle pooled
 * buffers kept for reuse, counted apart from liveBytes).
 *
 * Device: one we created is destroyed by dispose(); the application's is never
 * destroyed, only our buffers on it. A lost device makes every later call reject.
 */
import type { Backend, Checkpoint, ColumnRange, CountRequest, EngineStats, KnnLists, KnnRequest, MatrixHandle, PairDistanceRequest, RowDivergenceRequest } from '../engine/backend.js';
import type { CountBatchRequest, KnnBatchRequest, PairDistanceBatchRequest } from '../engine/backend.js';
import { checkColumnSpaces } from '../engine/column-space.js';
import { withSpaceBatch } from './column-spaces.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import { GpuContext } from './gpu-context.js';
import { GpuMatrix, uploadMatrix } from './gpu-matrix.js';
import { countWithin } from './kernels/count-within.js';
import { gramAlignment } from './kernels/gram-alignment.js';
import { gramSums } from './kernels/gram-sums.js';
import type { GramAlignmentRequest, GramSumRequest } from '../engine/backend.js';
import { checkGramAlignmentRequest, checkGramSumRequest } from '../engine/gram-requests.js';
import { pairDistances } from './kernels/pair-distances.js';
import { rowDivergences } from './kernels/row-divergence.js';
import { searchNeighbours } from './neighbour-search.js';
import type { HistogramSoftminRequest, SoftminRequest, VectorHandle } from '../engine/backend.js';
import { checkSoftminRequest } from '../engine/softmin-request.js';
import { GpuVector, readVectors, uploadVector } from './gpu-vector.js';
import { softmin } from './kernels/softmin.js';
import { histogramSoftmin } from './kernels/histogram-softmin.js';
import { checkHistogramSoftminRequest } from '../engine/histogram-softmin-request.js';
import type { WebGpuLimitOverrides } from './webgpu-limits.js';
import { isDeviceResident } from '../engine/device-resident-matrix.js';
import { uploadDeviceMatrix } from './device-matrix-upload.js';
import { readMatrixRows } from './read-matrix-rows.js';
import { columnExtents } from './kernels/column-extents.js';
import type { RowSlice } from '../engine/backend.js';
import type { GpuSamples } from '../engine/gpu-samples.js';
import { stackRows } from './stack-rows.js';

export class WebGpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  private readonly context: GpuContext;
  private readonly live = new Set<GpuMatrix>();
  private readonly liveVectors = new Set<GpuVector>();
  private disposed = false;
  private lostReason: string | undefined;

  constructor(
    device: GPUDevice,
    limits: WebGpuLimitOverrides,
    /** true when this backend requested the device and so destroys it on dispose(). */
    private readonly ownsDevice: boolean,
  ) {
    this.context = new GpuContext(device, limits);
    device.lost.then((info) => {
      if (!this.disposed) this.lostReason = `${info.reason}${info.message ? `: ${info.message}` : ''}`;
    });
  }

  /** This backend for one call: every step of device work first calls `checkpoint` (Backend.withCheckpoint). */
  withCheckpoint(checkpoint: Checkpoint): Backend {
    // The view shares every field (live handles, pool, device) through its prototype and only
    // replaces the context by one whose steps call `checkpoint`.
    return Object.create(this, { context: { value: this.context.withCheckpoint(checkpoint) } }) as WebGpuBackend;
  }

  async upload(matrix: HostMatrix): Promise<MatrixHandle> {
    this.checkUsable();
    const handle = isDeviceResident(matrix) ? await uploadDeviceMatrix(this.context, matrix) : uploadMatrix(this.context, matrix);
    this.live.add(handle);
    return handle;
  }

  async knn(query: MatrixHandle, reference: MatrixHandle, request: KnnRequest): Promise<KnnLists> {
    const [q, r] = [this.resolve(query), this.resolve(reference)];
    if (!Number.isInteger(request.k) || request.k < 1) throw new RangeError(`WebGPU knn: k must be a positive integer, got ${request.k}`);
    const search = { k: request.k, metric: request.metric, excludeSelf: request.excludeSelf && query === reference };
    const [lists] = await withSpaceBatch(this.context, r, [{ ranges: [columnRange(q, r, request.columns)] }], (spaces) => searchNeighbours(this.context, q, r, search, spaces));
    return lists;
  }

  async knnBatch(matrix: MatrixHandle, request: KnnBatchRequest): Promise<KnnLists[]> {
    const m = this.resolve(matrix);
    if (!Number.isInteger(request.k) || request.k < 1) throw new RangeError(`WebGPU knnBatch: k must be a positive integer, got ${request.k}`);
    checkColumnSpaces(request.spaces, m.cols, 'WebGPU knnBatch');
    return withSpaceBatch(this.context, m, request.spaces, (spaces) => searchNeighbours(this.context, m, m, request, spaces));
  }

  async countWithin(query: MatrixHandle, reference: MatrixHandle, request: CountRequest): Promise<Int32Array> {
    const [q, r] = [this.resolve(query), this.resolve(reference)];
    if (request.radii.length !== q.rows) throw new RangeError(`WebGPU countWithin: ${request.radii.length} radii for ${q.rows} query rows`);
    const count = { metric: request.metric, inclusive: request.inclusive, excludeSelf: request.excludeSelf && query === reference, radii: [request.radii] };
    const [counts] = await withSpaceBatch(this.context, r, [{ ranges: [columnRange(q, r, request.columns)] }], (spaces) => countWithin(this.context, q, r, count, spaces));
    return counts;
  }

  async countWithinBatch(matrix: MatrixHandle, request: CountBatchRequest): Promise<Int32Array[]> {
    const m = this.resolve(matrix);
    const spaces = request.members.map((member) => member.space);
    checkColumnSpaces(spaces, m.cols, 'WebGPU countWithinBatch');
    request.members.forEach(({ radii }, t) => {
      if (radii.length !== m.rows) throw new RangeError(`WebGPU countWithinBatch member ${t}: ${radii.length} radii for ${m.rows} rows`);
    });
    const count = { ...request, radii: request.members.map((member) => member.radii) };
    return withSpaceBatch(this.context, m, spaces, (batch) => countWithin(this.context, m, m, count, batch));
  }

  async pairDistances(query: MatrixHandle, reference: MatrixHandle, request: PairDistanceRequest): Promise<Float64Array> {
    const [q, r] = [this.resolve(query), this.resolve(reference)];
    const { indices, width } = request;
    if (!Number.isInteger(width) || width < 1 || indices.length !== q.rows * width) {
      throw new RangeError(`WebGPU pairDistances: ${indices.length} indices do not form ${q.rows} rows of width ${width}`);
    }
    for (const j of indices) if (j < 0 || j >= r.rows) throw new RangeError(`WebGPU pairDistances: reference index ${j} outside [0, ${r.rows})`);
    const list = { metric: request.metric, width, indices: [indices] };
    const [distances] = await withSpaceBatch(this.context, r, [{ ranges: [columnRange(q, r, request.columns)] }], (spaces) => pairDistances(this.context, q, r, list, spaces));
    return distances;
  }

  async pairDistancesBatch(matrix: MatrixHandle, request: PairDistanceBatchRequest): Promise<Float64Array[]> {
    const m = this.resolve(matrix);
    const { width } = request;
    const spaces = request.members.map((member) => member.space);
    checkColumnSpaces(spaces, m.cols, 'WebGPU pairDistancesBatch');
    request.members.forEach(({ indices }, t) => {
      if (!Number.isInteger(width) || width < 1 || indices.length !== m.rows * width) {
        throw new RangeError(`WebGPU pairDistancesBatch member ${t}: ${indices.length} indices do not form ${m.rows} rows of width ${width}`);
      }
      for (const j of indices) if (j < 0 || j >= m.rows) throw new RangeError(`WebGPU pairDistancesBatch member ${t}: index ${j} outside [0, ${m.rows})`);
    });
    const list = { metric: request.metric, width, indices: request.members.map((member) => member.indices) };
    return withSpaceBatch(this.context, m, spaces, (batch) => pairDistances(this.context, m, m, list, batch));
  }

  async gramSums(query: MatrixHandle, reference: MatrixHandle, request: GramSumRequest): Promise<Float64Array> {
    const [q, r] = [this.resolve(query), this.resolve(reference)];
    const columns = checkGramSumRequest(q, r, request);
    return gramSums(this.context, q, r, request, columns, query === reference);
  }

  async gramAlignment(first: MatrixHandle, second: MatrixHandle, request: GramAlignmentRequest): Promise<Float64Array> {
    const [f, s] = [this.resolve(first), this.resolve(second)];
    checkGramAlignmentRequest(f, s, request);
    return gramAlignment(this.context, f, s, request);
  }

  async columnExtents(matrix: MatrixHandle): Promise<Float64Array> {
    return columnExtents(this.context, this.resolve(matrix));
  }

  async readRows(matrix: MatrixHandle, rows: Int32Array): Promise<HostMatrix> {
    return readMatrixRows(this.context, this.resolve(matrix), rows);
  }

  async stackRows(slices: readonly RowSlice[], shift?: Float64Array): Promise<MatrixHandle> {
    const resolved = slices.map((s) => ({ matrix: this.resolve(s.matrix), start: s.start, rows: s.rows }));
    const handle = await stackRows(this.context, resolved, shift);
    this.live.add(handle);
    return handle;
  }

  residentSamples(matrix: MatrixHandle): GpuSamples {
    const m = this.resolve(matrix);
    if (m.blocks.length !== 1) throw new Error('WebGPU residentSamples: the matrix spans several buffers (only stackRows results are supported)');
    return { buffer: m.blocks[0].buffer, rows: m.rows, cols: m.cols };
  }

  async uploadVector(values: Float64Array): Promise<VectorHandle> {
    this.checkUsable();
    const vector = uploadVector(this.context, values);
    this.liveVectors.add(vector);
    return vector;
  }

  async readVectors(vectors: readonly VectorHandle[]): Promise<Float64Array[]> {
    return readVectors(this.context, vectors.map((v) => this.resolveVector(v)));
  }

  async softmin(query: MatrixHandle, reference: MatrixHandle, request: SoftminRequest): Promise<void> {
    const [q, r] = [this.resolve(query), this.resolve(reference)];
    const columns = checkSoftminRequest(q, r, request);
    return softmin(this.context, q, r, request, columns, {
      logWeights: this.resolveVector(request.logWeights),
      potential: this.resolveVector(request.potential),
      output: this.resolveVector(request.output),
      previous: request.relax && this.resolveVector(request.relax.previous),
      meanCost: request.meanCost && this.resolveVector(request.meanCost),
    });
  }

  async histogramSoftmin(request: HistogramSoftminRequest): Promise<void> {
    checkHistogramSoftminRequest(request);
    return histogramSoftmin(this.context, request, {
      cost: this.resolveVector(request.cost),
      logWeights: this.resolveVector(request.logWeights),
      potential: this.resolveVector(request.potential),
      output: this.resolveVector(request.output),
      previous: request.relax && this.resolveVector(request.relax.previous),
    });
  }

  release(handle: MatrixHandle | VectorHandle): void {
    if (handle instanceof GpuVector) {
      if (this.liveVectors.delete(handle)) this.context.pool.release(handle.buffer);
      return;
    }
    const matrix = handle as GpuMatrix;
    if (!this.live.delete(matrix)) return;
    for (const block of matrix.blocks) this.context.pool.release(block.buffer);
  }

  stats(): EngineStats {
    return { ...this.context.counters, idleBytes: this.context.pool.idleBytes };
  }

  async rowDivergences(p: HostMatrix, q: HostMatrix, request: RowDivergenceRequest): Promise<Float64Array> {
    this.checkUsable();
    return rowDivergences(this.context, p, q, request);
  }

  unusableReason(): string | undefined {
    if (this.disposed) return 'the WebGPU backend was disposed';
    return this.lostReason === undefined ? undefined : `the WebGPU device was lost (${this.lostReason})`;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.live.clear();
    this.liveVectors.clear();
    this.context.pool.destroyAll();
    if (this.ownsDevice) this.context.device.destroy();
  }

  private checkUsable(): void {
    if (this.disposed) throw new Error('WebGPU backend was disposed');
    if (this.lostReason !== undefined) throw new Error(`WebGPU device was lost (${this.lostReason}); create a new engine`);
  }

  private resolve(handle: MatrixHandle): GpuMatrix {
    this.checkUsable();
    if (!(handle instanceof GpuMatrix) || !this.live.has(handle)) throw new Error('WebGPU backend: handle is not live on this backend');
    return handle;
  }

  private resolveVector(handle: VectorHandle): GpuVector {
    this.checkUsable();
    if (!(handle instanceof GpuVector) || !this.liveVectors.has(handle)) throw new Error('WebGPU backend: vector is not live on this backend');
    return handle;
  }
}

/** The request's column range (default: every column), checked against both matrices. */
function columnRange(query: GpuMatrix, reference: GpuMatrix, columns: ColumnRange | undefined): ColumnRange {
  const [start, end] = columns ?? [0, query.cols];
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > query.cols || end > reference.cols) {
    throw new RangeError(`WebGPU: column range [${start}, ${end}) is not inside ${query.cols} query and ${reference.cols} reference columns`);
  }
  return [start, end];
}
