/**
 * The float64 CPU backend: the reference every GPU kernel is tested against, and the
 * fallback wherever no GPU adapter exists. Handles hold the host matrix itself.
 */
import {
  emptyStats,
  type Backend,
  type CountRequest,
  type EngineStats,
  type KnnLists,
  type KnnRequest,
  type MatrixHandle,
  type PairDistanceRequest,
} from './backend.js';
import type { HostMatrix } from './host-matrix.js';
import { cpuKnn } from './cpu-knn.js';
import { cpuCountWithin } from './cpu-count-within.js';
import { rankingDistance, reportedDistance } from './cpu-distance.js';

class CpuMatrix implements MatrixHandle {
  constructor(readonly matrix: HostMatrix) {}
  get rows(): number { return this.matrix.rows; }
  get cols(): number { return this.matrix.cols; }
}

export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;
  private readonly counters: EngineStats = emptyStats();
  private readonly live = new Set<CpuMatrix>();

  async upload(matrix: HostMatrix): Promise<MatrixHandle> {
    const handle = new CpuMatrix({ rows: matrix.rows, cols: matrix.cols, data: Float64Array.from(matrix.data) });
    this.live.add(handle);
    const bytes = handle.matrix.data.byteLength;
    this.counters.bytesUploaded += bytes;
    this.counters.liveBytes += bytes;
    this.counters.peakBytes = Math.max(this.counters.peakBytes, this.counters.liveBytes);
    return handle;
  }

  async knn(query: MatrixHandle, reference: MatrixHandle, request: KnnRequest): Promise<KnnLists> {
    return cpuKnn(this.resolve(query), this.resolve(reference), request, query === reference);
  }

  async countWithin(query: MatrixHandle, reference: MatrixHandle, request: CountRequest): Promise<Int32Array> {
    return cpuCountWithin(this.resolve(query), this.resolve(reference), request, query === reference);
  }

  async pairDistances(query: MatrixHandle, reference: MatrixHandle, request: PairDistanceRequest): Promise<Float64Array> {
    const q = this.resolve(query);
    const [c0, c1] = request.columns ?? [0, q.cols];
    const dist = rankingDistance(q, this.resolve(reference), request.metric, c0, c1);
    const { indices, width } = request;
    const out = new Float64Array(indices.length);
    for (let i = 0; i < q.rows; i++) {
      for (let t = 0; t < width; t++) out[i * width + t] = reportedDistance(request.metric, dist(i, indices[i * width + t]));
    }
    return out;
  }

  release(handle: MatrixHandle): void {
    const h = handle as CpuMatrix;
    if (this.live.delete(h)) this.counters.liveBytes -= h.matrix.data.byteLength;
  }

  stats(): EngineStats {
    return { ...this.counters };
  }

  unusableReason(): string | undefined {
    return undefined;
  }

  dispose(): void {
    for (const h of [...this.live]) this.release(h);
  }

  private resolve(handle: MatrixHandle): HostMatrix {
    if (!(handle instanceof CpuMatrix) || !this.live.has(handle)) throw new Error('CpuBackend: handle is not live on this backend');
    return handle.matrix;
  }
}
