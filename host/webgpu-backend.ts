/**
 * The WebGPU backend: the Backend interface (engine/backend.ts) on a GPUDevice, in f32.
 * Matrices live in pooled storage buffers (gpu-matrix.ts); knn, countWithin and
 * pairDistances each run as one step per chunk of query rows (usually one), with one
 * submit and one read-back.
 *
 * stats(): dispatches, submits, readbacks, bytesUploaded (every queue.writeBuffer:
 * matrices, radii, indices, parameter records), bytesRead (mapped read-back bytes),
 * liveBytes / peakBytes (buffers in use, see buffer-pool.ts: idle pooled buffers are
 * counted apart, in idleBytes()).
 *
 * Device: one we created is destroyed by dispose(); the application's is never
 * destroyed, only our buffers on it. A lost device makes every later call reject.
 */
import type { Backend, ColumnRange, CountRequest, EngineStats, KnnLists, KnnRequest, MatrixHandle, PairDistanceRequest } from '../engine/backend.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import { GpuContext } from './gpu-context.js';
import { GpuMatrix, uploadMatrix } from './gpu-matrix.js';
import { countWithin } from './kernels/count-within.js';
import { pairDistances } from './kernels/pair-distances.js';
import { searchNeighbours } from './neighbour-search.js';
import type { WebGpuLimitOverrides } from './webgpu-limits.js';

export class WebGpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  private readonly context: GpuContext;
  private readonly live = new Set<GpuMatrix>();
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

  async upload(matrix: HostMatrix): Promise<MatrixHandle> {
    this.checkUsable();
    const handle = uploadMatrix(this.context, matrix);
    this.live.add(handle);
    return handle;
  }

  async knn(query: MatrixHandle, reference: MatrixHandle, request: KnnRequest): Promise<KnnLists> {
    const [q, r] = [this.resolve(query), this.resolve(reference)];
    if (!Number.isInteger(request.k) || request.k < 1) throw new RangeError(`WebGPU knn: k must be a positive integer, got ${request.k}`);
    return searchNeighbours(this.context, q, r, request, columnRange(q, r, request.columns), query === reference);
  }

  async countWithin(query: MatrixHandle, reference: MatrixHandle, request: CountRequest): Promise<Int32Array> {
    const [q, r] = [this.resolve(query), this.resolve(reference)];
    if (request.radii.length !== q.rows) throw new RangeError(`WebGPU countWithin: ${request.radii.length} radii for ${q.rows} query rows`);
    return countWithin(this.context, q, r, request, columnRange(q, r, request.columns), query === reference);
  }

  async pairDistances(query: MatrixHandle, reference: MatrixHandle, request: PairDistanceRequest): Promise<Float64Array> {
    const [q, r] = [this.resolve(query), this.resolve(reference)];
    const { indices, width } = request;
    if (!Number.isInteger(width) || width < 1 || indices.length !== q.rows * width) {
      throw new RangeError(`WebGPU pairDistances: ${indices.length} indices do not form ${q.rows} rows of width ${width}`);
    }
    for (const j of indices) if (j < 0 || j >= r.rows) throw new RangeError(`WebGPU pairDistances: reference index ${j} outside [0, ${r.rows})`);
    return pairDistances(this.context, q, r, request, columnRange(q, r, request.columns));
  }

  release(handle: MatrixHandle): void {
    const matrix = handle as GpuMatrix;
    if (!this.live.delete(matrix)) return;
    for (const block of matrix.blocks) this.context.pool.release(block.buffer);
  }

  stats(): EngineStats {
    return { ...this.context.counters };
  }

  /** Bytes of released buffers the pool keeps for reuse (device memory not in liveBytes). */
  idleBytes(): number {
    return this.context.pool.idleBytes;
  }

  unusableReason(): string | undefined {
    if (this.disposed) return 'the WebGPU backend was disposed';
    return this.lostReason === undefined ? undefined : `the WebGPU device was lost (${this.lostReason})`;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.live.clear();
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
}

/** The request's column range (default: every column), checked against both matrices. */
function columnRange(query: GpuMatrix, reference: GpuMatrix, columns: ColumnRange | undefined): ColumnRange {
  const [start, end] = columns ?? [0, query.cols];
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > query.cols || end > reference.cols) {
    throw new RangeError(`WebGPU: column range [${start}, ${end}) is not inside ${query.cols} query and ${reference.cols} reference columns`);
  }
  return [start, end];
}
