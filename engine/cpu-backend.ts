/**
 * The float64 CPU backend: the reference every GPU kernel is tested against, and the
 * fallback wherever no GPU adapter exists. Handles hold the host matrix itself; vector
 * handles (Sinkhorn potentials) a Float64Array. Softmins go through the stored kernels of
 * cpu-kernel-cache.ts when the budget allows (memory n·m per pair, a matrix–vector product
 * per repeated call instead of n·m distances and exponentials); a softmin with mean costs
 * uses a kernel already stored but never builds one.
 */
import {
  emptyStats,
  type Backend,
  type Checkpoint,
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
  type RowSlice,
} from './backend.js';
import { checkRowSlices, stackHostRows } from './stack-rows.js';
import { cpuGramAlignment } from './cpu-gram.js';
import { gramSumsWork } from './cpu-gram-sums.js';
import { checkGramAlignmentRequest, checkGramSumRequest } from './gram-requests.js';
import { cpuSoftmin, type CpuSoftminStep } from './cpu-softmin.js';
import { CpuKernelCache, type KernelKey } from './cpu-kernel-cache.js';
import { StoredKernel } from './cpu-stored-kernel.js';
import { checkSoftminRequest } from './softmin-request.js';
import { checkHistogramSoftminRequest } from './histogram-softmin-request.js';
import { cpuHistogramSoftmin } from './cpu-histogram-softmin.js';
import { cpuRowDivergences } from './cpu-row-divergence.js';
import type { HostMatrix } from './host-matrix.js';
import { knnWork } from './cpu-knn.js';
import { cpuCountWithinBatch, cpuKnnBatch, cpuPairDistancesBatch } from './cpu-batch.js';
import { countWithinWork } from './cpu-count-within.js';
import { runInChunks, runWhole, type RowWork } from './row-work.js';
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

export interface CpuBackendOptions {
  /** Bytes the stored Sinkhorn kernels may take (cpu-kernel-cache.ts); default 256 MiB, 0: none. */
  readonly kernelBytes?: number;
}

/** 256 MiB: a stored kernel for n = m ≤ 5,792 points. */
export const DEFAULT_KERNEL_BYTES = 2 ** 28;

export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;
  private readonly counters: EngineStats = emptyStats();
  private readonly live = new Set<CpuMatrix>();
  private readonly liveVectors = new Set<CpuVector>();
  /** Set on the views made by withCheckpoint only. */
  private readonly checkpoint: Checkpoint | undefined;
  private readonly kernels: CpuKernelCache;

  constructor(options: CpuBackendOptions = {}) {
    this.kernels = new CpuKernelCache(options.kernelBytes ?? DEFAULT_KERNEL_BYTES, (delta) => this.countBytes(delta));
  }

  /**
   * This backend for one call: knn, countWithin, their batches and gramSums run in
   * time-bounded ranges of rows and await `checkpoint` between them (Backend.withCheckpoint,
   * row-work.ts). The view shares every field (live handles, counters) through its prototype.
   */
  withCheckpoint(checkpoint: Checkpoint): Backend {
    return Object.create(this, { checkpoint: { value: checkpoint } }) as CpuBackend;
  }

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
    return this.runWork(knnWork(this.resolve(query), this.resolve(reference), request, query === reference));
  }

  async countWithin(query: MatrixHandle, reference: MatrixHandle, request: CountRequest): Promise<Int32Array> {
    return this.runWork(countWithinWork(this.resolve(query), this.resolve(reference), request, query === reference));
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
    return cpuKnnBatch(this.resolve(matrix), request, (work) => this.runWork(work));
  }

  async countWithinBatch(matrix: MatrixHandle, request: CountBatchRequest): Promise<Int32Array[]> {
    return cpuCountWithinBatch(this.resolve(matrix), request, (work) => this.runWork(work));
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
    // The plain softmin f goes to a scratch row when it is dampened or relaxed: output = relax(κ·f).
    const plain = damping === 1 && previous === undefined ? output : new Float64Array(output.length);
    const step: CpuSoftminStep = {
      query: this.resolve(query),
      reference: this.resolve(reference),
      c0,
      c1,
      p: request.p,
      eps: request.eps,
      logWeights: this.resolveVector(request.logWeights),
      potential: this.resolveVector(request.potential),
      output: plain,
      meanCost: request.meanCost && this.resolveVector(request.meanCost),
    };
    await this.storedKernelSoftmin({ query, reference, c0, c1, p: request.p, eps: request.eps }, step);
    if (plain !== output) {
      for (let i = 0; i < output.length; i++) {
        const f = damping === 1 ? plain[i] : damping * plain[i];
        output[i] = previous ? previous[i] + weight * (f - previous[i]) : f;
      }
    }
  }

  /**
   * The softmin from the pair's stored kernel at this ε, or from a power of its kernel at a
   * larger ε (ε-scaling); else exact, storing the kernel when the budget has room.
   */
  private async storedKernelSoftmin(key: KernelKey, step: CpuSoftminStep): Promise<void> {
    const { query, reference, c0, c1, p, logWeights, potential, output, meanCost } = step;
    const product = (kernel: StoredKernel, transposed: boolean) => this.kernelProduct(kernel, transposed, logWeights, potential, output);
    if (meanCost) {
      // Mean costs: from the kernel at this ε when there is one in this orientation, else exact (never stored).
      const hit = this.kernels.find(key);
      const done = hit !== undefined && !hit.transposed && hit.kernel.softminOverColumnsWithMeanCost(query, reference, c0, c1, p, logWeights, potential, output, meanCost);
      if (!done) await this.softminRows(step);
      return;
    }
    const hit = this.kernels.find(key);
    if (hit) {
      if (await product(hit.kernel, hit.transposed)) return;
    } else {
      const source = this.kernels.findPair(key);
      const powered = source?.kernel.powerInPlace(key.eps);
      if (source && powered) {
        this.kernels.replace(source.entry, key, powered);
        if (await product(powered, source.transposed)) return;
      }
    }
    // Rebuilt (at a new ε, or absorbing a potential that moved too far): the old array is reused.
    const freed = this.kernels.evictPair(key);
    const n = query.rows, m = reference.rows;
    if (this.kernels.reserve(8 * (n * m + n + m), key.eps)) {
      const values = freed.find((v) => v.length === n * m) ?? this.allocateKernel(n * m);
      if (values) {
        const rowMax = await this.buildKernel(step, values);
        const columnShift = logWeights.map((w, j) => w + potential[j] * (1 / key.eps));
        this.kernels.add(key, new StoredKernel(n, m, key.eps, values, rowMax, columnShift));
        return;
      }
    }
    await this.softminRows(step);
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
    return this.runWork(gramSumsWork(q, r, { ...request, columns }, query === reference));
  }

  async gramAlignment(first: MatrixHandle, second: MatrixHandle, request: GramAlignmentRequest): Promise<Float64Array> {
    const [f, s] = [this.resolve(first), this.resolve(second)];
    checkGramAlignmentRequest(first, second, request);
    return cpuGramAlignment(f, s, request);
  }

  async stackRows(slices: readonly RowSlice[], shift?: Float64Array): Promise<MatrixHandle> {
    checkRowSlices(slices, shift, 'CpuBackend stackRows');
    return this.upload(stackHostRows(slices.map((s) => ({ matrix: this.resolve(s.matrix), start: s.start, rows: s.rows })), shift));
  }

  release(handle: MatrixHandle | VectorHandle): void {
    if (handle instanceof CpuVector) {
      if (this.liveVectors.delete(handle)) this.counters.liveBytes -= handle.values.byteLength;
      return;
    }
    const h = handle as CpuMatrix;
    if (this.live.delete(h)) {
      this.counters.liveBytes -= h.matrix.data.byteLength;
      this.kernels.forget(h);
    }
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

  /** An exact softmin that also writes the kernel's terms into `values`; its row maxima M_i. */
  protected async buildKernel(step: CpuSoftminStep, values: Float64Array): Promise<Float64Array> {
    const rowMax = new Float64Array(step.query.rows);
    cpuSoftmin({ ...step, kernel: { values, rowMax } });
    return rowMax;
  }

  /** The softmin from a stored kernel, over its columns (or its rows when transposed); false when a sum fails its test. */
  protected async kernelProduct(kernel: StoredKernel, transposed: boolean, logWeights: Float64Array, potential: Float64Array, output: Float64Array): Promise<boolean> {
    return transposed ? kernel.softminOverRows(logWeights, potential, output) : kernel.softminOverColumns(logWeights, potential, output);
  }

  /** A zeroed array for a stored kernel's n·m values, or undefined when the runtime cannot allocate it. */
  protected allocateKernel(length: number): Float64Array | undefined {
    try {
      return new Float64Array(length);
    } catch (error) {
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  }

  private countBytes(delta: number): void {
    this.counters.liveBytes += delta;
    this.counters.peakBytes = Math.max(this.counters.peakBytes, this.counters.liveBytes);
  }

  /** One softmin step over all query rows (a subclass may split the rows over threads). */
  protected async softminRows(step: CpuSoftminStep): Promise<void> {
    cpuSoftmin(step);
  }

  /** A kernel's work: in time-bounded ranges with the checkpoint between them on a view of withCheckpoint, else in one go. */
  protected async runWork<T>(work: RowWork<T>): Promise<T> {
    return this.checkpoint ? runInChunks(work, this.checkpoint) : runWhole(work);
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
