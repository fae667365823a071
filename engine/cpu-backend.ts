/**
 * The float64 CPU backend: the reference every GPU kernel is tested against, and the
 * fallback wherever no GPU adapter exists. Handles hold the host matrix itself; vector
 * handles (Sinkhorn potentials) a Float64Array.
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
  type KnnBatchRequest,
  type CountBatchRequest,
  type PairDistanceBatchRequest,
  type RowDivergenceRequest,
  type SoftminRequest,
  type HistogramSoftminRequest,
  type VectorHandle,
  type GramAlignmentRequest,
  type GramSumRequest,
} from './backend.js';
import { cpuGramAlignment } from './cpu-gram.js';
import { cpuGramSums } from './cpu-gram-sums.js';
import { checkGramAlignmentRequest, checkGramSumRequest } from './gram-requests.js';
import { cpuSoftmin, type CpuSoftminStep } from './cpu-softmin.js';
import { checkSoftminRequest } from './softmin-request.js';
import { checkHistogramSoftminRequest } from './histogram-softmin-request.js';
import { cpuHistogramSoftmin } from './cpu-histogram-softmin.js';
import { cpuRowDivergences } from './cpu-row-divergence.js';
import type { HostMatrix } from './host-matrix.js';
import { cpuKnn } from './cpu-knn.js';
import { cpuCountWithinBatch, cpuKnnBatch, cpuPairDistancesBatch } from './cpu-batch.js';
import { cpuCountWithin } from './cpu-count-within.js';
import { rankingDistance, reportedDistance } from './cpu-distance.js';

class CpuMatrix implements MatrixHandle {
  constructor(readonly matrix: HostMatrix) {}
  get rows(): number { return this.matrix.rows; }
  get cols(): number { return this.matrix.cols; }
}

class CpuVector implements VectorHandle {
  constructor(readonly values: Float64Array) {}
  get length(): number { return this.values.length; }
}

export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;
  private readonly counters: EngineStats = emptyStats();
  private readonly live = new Set<CpuMatrix>();
  private readonly liveVectors = new Set<CpuVector>();

  async upload(matrix: HostMatrix): Promise<MatrixHandle> {
    const handle = new CpuMatrix({ rows: matrix.rows, cols: matrix.cols, data: this.residentCopy(matrix.data) });
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

  async knnBatch(matrix: MatrixHandle, request: KnnBatchRequest): Promise<KnnLists[]> {
    return cpuKnnBatch(this.resolve(matrix), request);
  }

  async countWithinBatch(matrix: MatrixHandle, request: CountBatchRequest): Promise<Int32Array[]> {
    return cpuCountWithinBatch(this.resolve(matrix), request);
  }

  async pairDistancesBatch(matrix: MatrixHandle, request: PairDistanceBatchRequest): Promise<Float64Array[]> {
    return cpuPairDistancesBatch(this.resolve(matrix), request);
  }

  async rowDivergences(p: HostMatrix, q: HostMatrix, request: RowDivergenceRequest): Promise<Float64Array> {
    return cpuRowDivergences(p, q, request);
  }

  async uploadVector(values: Float64Array): Promise<VectorHandle> {
    const handle = new CpuVector(Float64Array.from(values));
    this.liveVectors.add(handle);
    this.counters.bytesUploaded += values.byteLength;
    this.counters.liveBytes += values.byteLength;
    this.counters.peakBytes = Math.max(this.counters.peakBytes, this.counters.liveBytes);
    return handle;
  }

  async readVectors(vectors: readonly VectorHandle[]): Promise<Float64Array[]> {
    return vectors.map((v) => Float64Array.from(this.resolveVector(v)));
  }

  async softmin(query: MatrixHandle, reference: MatrixHandle, request: SoftminRequest): Promise<void> {
    const [c0, c1] = checkSoftminRequest(query, reference, request);
    const damping = request.damping ?? 1;
    const output = this.resolveVector(request.output);
    const previous = request.relax && this.resolveVector(request.relax.previous);
    const weight = request.relax?.weight ?? 1;
    // With damping, the plain softmin goes to a scratch row first, then output = relax(κ·f).
    const plain = damping === 1 ? output : new Float64Array(output.length);
    await this.softminRows({
      query: this.resolve(query),
      reference: this.resolve(reference),
      c0,
      c1,
      p: request.p,
      eps: request.eps,
      logWeights: this.resolveVector(request.logWeights),
      potential: this.resolveVector(request.potential),
      output: plain,
      previous: damping === 1 ? previous : undefined,
      weight: damping === 1 ? weight : 1,
      meanCost: request.meanCost && this.resolveVector(request.meanCost),
    });
    if (damping !== 1) {
      for (let i = 0; i < output.length; i++) output[i] = previous ? previous[i] + weight * (damping * plain[i] - previous[i]) : damping * plain[i];
    }
  }

  async histogramSoftmin(request: HistogramSoftminRequest): Promise<void> {
    checkHistogramSoftminRequest(request);
    cpuHistogramSoftmin({
      ...request,
      cost: this.resolveVector(request.cost),
      logWeights: this.resolveVector(request.logWeights),
      potential: this.resolveVector(request.potential),
      output: this.resolveVector(request.output),
      previous: request.relax && this.resolveVector(request.relax.previous),
      weight: request.relax?.weight ?? 1,
    });
  }

  async gramSums(query: MatrixHandle, reference: MatrixHandle, request: GramSumRequest): Promise<Float64Array> {
    const [q, r] = [this.resolve(query), this.resolve(reference)];
    const columns = checkGramSumRequest(query, reference, request);
    return cpuGramSums(q, r, { ...request, columns }, query === reference);
  }

  async gramAlignment(first: MatrixHandle, second: MatrixHandle, request: GramAlignmentRequest): Promise<Float64Array> {
    const [f, s] = [this.resolve(first), this.resolve(second)];
    checkGramAlignmentRequest(first, second, request);
    return cpuGramAlignment(f, s, request);
  }

  release(handle: MatrixHandle | VectorHandle): void {
    if (handle instanceof CpuVector) {
      if (this.liveVectors.delete(handle)) this.counters.liveBytes -= handle.values.byteLength;
      return;
    }
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
    for (const v of [...this.liveVectors]) this.release(v);
  }

  /** One softmin step over all query rows (a subclass may split the rows over threads). */
  protected async softminRows(step: CpuSoftminStep): Promise<void> {
    cpuSoftmin(step);
  }

  /** The resident copy of uploaded values (a subclass may place it in shared memory). */
  protected residentCopy(values: Float64Array): Float64Array {
    return Float64Array.from(values);
  }

  protected resolve(handle: MatrixHandle): HostMatrix {
    if (!(handle instanceof CpuMatrix) || !this.live.has(handle)) throw new Error('CpuBackend: handle is not live on this backend');
    return handle.matrix;
  }

  private resolveVector(handle: VectorHandle): Float64Array {
    if (!(handle instanceof CpuVector) || !this.liveVectors.has(handle)) throw new Error('CpuBackend: vector is not live on this backend');
    return handle.values;
  }
}
