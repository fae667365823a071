/**
 * The float64 CPU backend on several threads: `createEngine({ backend: 'cpu', threads: N })`,
 * on Node worker_threads or browser Web Workers. knn and countWithin (single and batched)
 * and the Sinkhorn softmin step split the QUERY rows into N contiguous ranges, run each
 * range on a worker (engine/cpu-thread-pool.ts, engine/cpu-thread-worker.ts) and
 * concatenate. Matrices reach the workers through engine/thread-matrices.ts: uploaded into
 * SharedArrayBuffers where the runtime has shared memory (Node, a cross-origin-isolated
 * page), else copied to each worker once per upload and kept there until released.
 * Each query row's list, count or softmin value depends only on that row (the same float64 operations
 * in the same order as on one thread), so results are identical to CpuBackend's bit for
 * bit (tests/cpu-threads.test.ts). Costs of the split: each worker builds its own k-d
 * tree over the reference (O(m log m)); a wide Euclidean matrix searched against itself
 * takes the non-symmetric tiled path in every range (same lists after the exact re-rank,
 * but twice the inner products of the one-thread symmetric scan, so 2 threads barely gain
 * there). With shared memory the stored Sinkhorn kernels (cpu-kernel-cache.ts) live in a
 * SharedArrayBuffer: their building softmin is split by query rows (each worker writes its
 * rows of the kernel), a product over the kernel's columns by row ranges, and one over its
 * rows by whole blocks of ROW_BLOCK rows whose partial column sums the calling thread adds in
 * block order — the order of the one-thread code, so again bit for bit; without shared
 * memory they stay on the calling thread. gramSums splits its query rows too (row sums, and
 * the symmetric quadratic forms of MMD/energy by whole row groups, their partial forms added
 * in group order as on one thread: cpu-gram-sums.ts); symmetric row sums, gramAlignment and
 * every other call run on the calling thread as in CpuBackend; so do calls under
 * MIN_PARALLEL_PAIRS pairs. dispose() ends the workers.
 */
import type { CountBatchRequest, CountRequest, GramSumRequest, KnnBatchRequest, KnnLists, KnnRequest, MatrixHandle, VectorHandle } from './backend.js';
import { gramSumsLayout, ROW_GROUP } from './cpu-gram-sums.js';
import { checkGramSumRequest } from './gram-requests.js';
import { CpuBackend, type CpuBackendOptions } from './cpu-backend.js';
import { spaceView } from './cpu-batch.js';
import { cpuCountWithin } from './cpu-count-within.js';
import { cpuKnn } from './cpu-knn.js';
import type { CpuSoftminStep } from './cpu-softmin.js';
import type { CpuThreadPool } from './cpu-thread-pool.js';
import type { ThreadReply, ThreadTask } from './cpu-thread-worker.js';
import { checkColumnSpaces } from './column-space.js';
import type { HostMatrix } from './host-matrix.js';
import { threadMatrices, type ThreadMatrices, type ThreadMatrix } from './thread-matrices.js';
import { SharedThreadMatrices } from './shared-thread-matrices.js';
import { addBlocks, ROW_BLOCK, type StoredKernel } from './cpu-stored-kernel.js';

/** Query × reference pairs below which a call is not worth the round trip to the workers. */
const MIN_PARALLEL_PAIRS = 1 << 18;

export class ParallelCpuBackend extends CpuBackend {
  /** How matrices reach the workers: shared memory, or copies kept by id. */
  private readonly matrices: ThreadMatrices;
  /** The matrix of each live upload, to forget on release. */
  private readonly uploads = new Map<MatrixHandle, HostMatrix>();

  constructor(private readonly pool: CpuThreadPool, options: CpuBackendOptions = {}) {
    super(options);
    this.matrices = threadMatrices(pool);
  }

  override async upload(matrix: HostMatrix): Promise<MatrixHandle> {
    const handle = await super.upload(matrix);
    const resident = this.resolve(handle);
    this.uploads.set(handle, resident);
    this.matrices.register(resident);
    return handle;
  }

  override release(handle: MatrixHandle | VectorHandle): void {
    const resident = this.uploads.get(handle as MatrixHandle);
    if (resident !== undefined) {
      this.uploads.delete(handle as MatrixHandle);
      this.matrices.release(resident);
    }
    super.release(handle);
  }

  override async knn(query: MatrixHandle, reference: MatrixHandle, request: KnnRequest): Promise<KnnLists> {
    return this.knnRows(this.resolve(query), this.resolve(reference), request, query === reference);
  }

  override async countWithin(query: MatrixHandle, reference: MatrixHandle, request: CountRequest): Promise<Int32Array> {
    return this.countRows(this.resolve(query), this.resolve(reference), request, query === reference);
  }

  override async knnBatch(matrix: MatrixHandle, request: KnnBatchRequest): Promise<KnnLists[]> {
    const m = this.resolve(matrix);
    const { k, metric, excludeSelf } = request;
    checkColumnSpaces(request.spaces, m.cols, 'knnBatch');
    const lists: KnnLists[] = [];
    for (const space of request.spaces) {
      const view = spaceView(m, space);
      lists.push(await this.knnRows(view, view, { k, metric, excludeSelf }, true));
    }
    return lists;
  }

  override async countWithinBatch(matrix: MatrixHandle, request: CountBatchRequest): Promise<Int32Array[]> {
    const m = this.resolve(matrix);
    const { metric, inclusive, excludeSelf } = request;
    checkColumnSpaces(request.members.map((member) => member.space), m.cols, 'countWithinBatch');
    const counts: Int32Array[] = [];
    for (const [s, { space, radii }] of request.members.entries()) {
      if (radii.length !== m.rows) throw new RangeError(`countWithinBatch member ${s}: ${radii.length} radii for ${m.rows} rows`);
      const view = spaceView(m, space);
      counts.push(await this.countRows(view, view, { metric, radii, inclusive, excludeSelf }, true));
    }
    return counts;
  }

  /**
   * gramSums with its query rows split over the workers (row sums, and the symmetric
   * quadratic forms by whole row groups balanced by pairs), the partials added exactly
   * (disjoint entries) and finished as on one thread; symmetric row sums stay here.
   */
  override async gramSums(query: MatrixHandle, reference: MatrixHandle, request: GramSumRequest): Promise<Float64Array> {
    const columns = checkGramSumRequest(query, reference, request);
    const sameMatrix = query === reference;
    const [q, r] = [this.resolve(query), this.resolve(reference)];
    const full = { ...request, columns };
    const layout = gramSumsLayout(q.rows, full, sameMatrix);
    const ranges = layout.splittable ? this.gramRanges(q.rows, r.rows, sameMatrix) : undefined;
    if (ranges === undefined) return super.gramSums(query, reference, request);
    const [tq, tr] = this.threadPair(q, r, sameMatrix);
    const replies = await this.run(ranges.map(([first, end]) => ({ op: 'gramSums' as const, query: tq, reference: tr, first, end, sameMatrix, request: full })));
    const partial = new Float64Array(layout.length);
    for (const reply of replies) {
      if (!('sums' in reply)) throw new Error('ParallelCpuBackend: gramSums reply without sums');
      for (let k = 0; k < partial.length; k++) partial[k] += reply.sums[k];
    }
    return layout.finish(partial);
  }

  override dispose(): void {
    super.dispose();
    this.pool.terminate();
  }

  protected override async softminRows(step: CpuSoftminStep): Promise<void> {
    const { query, reference, output, meanCost, ...rest } = step;
    const ranges = this.ranges(query.rows, reference.rows);
    if (ranges === undefined) return super.softminRows(step);
    const [q, r] = this.threadPair(query, reference, query === reference);
    const replies = await this.run(ranges.map(([first, end]) => ({
      op: 'softmin' as const, query: q, reference: r, first, end, sameMatrix: false,
      step: rest, meanCost: meanCost !== undefined,
    })));
    replies.forEach((reply, t) => {
      if (!('output' in reply)) throw new Error('ParallelCpuBackend: softmin reply without output');
      output.set(reply.output, ranges[t][0]);
      if (meanCost && reply.meanCost) meanCost.set(reply.meanCost, ranges[t][0]);
    });
  }

  /** With shared memory: the kernel's values where every worker can read and write them. */
  protected override allocateKernel(length: number): Float64Array | undefined {
    if (!(this.matrices instanceof SharedThreadMatrices)) return super.allocateKernel(length);
    try {
      return new Float64Array(new SharedArrayBuffer(8 * length));
    } catch (error) {
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  }

  /** The building softmin split by query rows, each worker writing its rows of the shared kernel. */
  protected override async buildKernel(step: CpuSoftminStep, values: Float64Array): Promise<Float64Array> {
    const { query, reference, output, meanCost, ...rest } = step;
    const ranges = this.ranges(query.rows, reference.rows);
    if (ranges === undefined || !inSharedMemory(values)) return super.buildKernel(step, values);
    const m = reference.rows;
    const rowMax = new Float64Array(new SharedArrayBuffer(8 * query.rows));
    const [q, r] = this.threadPair(query, reference, query === reference);
    const replies = await this.run(ranges.map(([first, end]) => ({
      op: 'softmin' as const, query: q, reference: r, first, end, sameMatrix: false,
      step: { ...rest, kernel: { values: values.subarray(first * m, end * m), rowMax: rowMax.subarray(first, end) } },
      meanCost: meanCost !== undefined,
    })));
    replies.forEach((reply, t) => {
      if (!('output' in reply)) throw new Error('ParallelCpuBackend: softmin reply without output');
      output.set(reply.output, ranges[t][0]);
    });
    return rowMax;
  }

  /** A stored kernel's product split over the workers: row ranges, or whole row blocks (summed in block order). */
  protected override async kernelProduct(kernel: StoredKernel, transposed: boolean, logWeights: Float64Array, potential: Float64Array, output: Float64Array): Promise<boolean> {
    const { values, rows, cols } = kernel;
    const ranges = this.ranges(rows, cols);
    if (ranges === undefined || !inSharedMemory(values)) return super.kernelProduct(kernel, transposed, logWeights, potential, output);
    if (!transposed) {
      const scale = kernel.columnFactors(logWeights, potential);
      if (scale === undefined) return false;
      const replies = await this.pool.run(ranges.map(([first, end]) => ({ op: 'kernelRows' as const, values, cols, factors: scale.factors, first, end })));
      return kernel.finishRows(concatenated(replies, rows), scale.shift, output);
    }
    const scale = kernel.rowFactors(logWeights, potential);
    if (scale === undefined) return false;
    const blocks = Math.ceil(rows / ROW_BLOCK), parts = Math.min(this.pool.size, blocks);
    const blockRanges = Array.from({ length: parts }, (_, t) => [Math.floor((t * blocks) / parts), Math.floor(((t + 1) * blocks) / parts)] as const);
    const replies = await this.pool.run(blockRanges.map(([firstBlock, endBlock]) => ({ op: 'kernelColumns' as const, values, rows, cols, factors: scale.factors, firstBlock, endBlock })));
    return kernel.finishColumns(addBlocks(concatenated(replies, blocks * cols), cols), scale.shift, output);
  }

  protected override residentCopy(values: Float64Array): Float64Array {
    return this.matrices.residentCopy(values);
  }

  private async knnRows(query: HostMatrix, reference: HostMatrix, request: KnnRequest, sameMatrix: boolean): Promise<KnnLists> {
    const ranges = this.ranges(query.rows, reference.rows);
    if (ranges === undefined) return cpuKnn(query, reference, request, sameMatrix);
    const [q, r] = this.threadPair(query, reference, sameMatrix);
    const replies = await this.run(ranges.map(([first, end]) => ({ op: 'knn' as const, query: q, reference: r, first, end, sameMatrix, request })));
    const { k } = request;
    const distances = new Float64Array(query.rows * k), indices = new Int32Array(query.rows * k);
    replies.forEach((reply, t) => {
      if (!('distances' in reply)) throw new Error('ParallelCpuBackend: knn reply without lists');
      distances.set(reply.distances, ranges[t][0] * k);
      indices.set(reply.indices, ranges[t][0] * k);
    });
    return { rows: query.rows, k, distances, indices };
  }

  private async countRows(query: HostMatrix, reference: HostMatrix, request: CountRequest, sameMatrix: boolean): Promise<Int32Array> {
    const ranges = this.ranges(query.rows, reference.rows);
    if (ranges === undefined) return cpuCountWithin(query, reference, request, sameMatrix);
    const [q, r] = this.threadPair(query, reference, sameMatrix);
    const replies = await this.run(ranges.map(([first, end]) => ({
      op: 'countWithin' as const, query: q, reference: r, first, end, sameMatrix,
      request: { ...request, radii: request.radii.slice(first, end) },
    })));
    const counts = new Int32Array(query.rows);
    replies.forEach((reply, t) => {
      if (!('counts' in reply)) throw new Error('ParallelCpuBackend: countWithin reply without counts');
      counts.set(reply.counts, ranges[t][0]);
    });
    return counts;
  }

  /** How tasks name query and reference (one matrix when they are the same). */
  private threadPair(query: HostMatrix, reference: HostMatrix, sameMatrix: boolean): [ThreadMatrix, ThreadMatrix] {
    const r = this.matrices.reference(reference);
    return [sameMatrix ? r : this.matrices.reference(query), r];
  }

  /** Runs tasks[t] on worker t, each as that worker receives it. */
  private run(tasks: readonly ThreadTask[]): Promise<ThreadReply[]> {
    return this.pool.run(tasks.map((task, t) => this.matrices.forWorker(task, t)));
  }

  /**
   * Query-row ranges for gramSums, one per worker: equal rows against another reference; for
   * a matrix against itself (pairs j > i only) whole ROW_GROUPs with about equal pair counts.
   */
  private gramRanges(queryRows: number, referenceRows: number, triangular: boolean): [number, number][] | undefined {
    const even = this.ranges(queryRows, referenceRows);
    if (even === undefined || !triangular) return even;
    const groups = Math.ceil(queryRows / ROW_GROUP), parts = Math.min(even.length, groups);
    const pairsBefore = (row: number) => row * referenceRows - (row * (row + 1)) / 2;
    const total = pairsBefore(queryRows), bounds = [0];
    for (let g = 1; g < groups && bounds.length < parts; g++) {
      if (pairsBefore(g * ROW_GROUP) >= (bounds.length * total) / parts) bounds.push(g * ROW_GROUP);
    }
    bounds.push(queryRows);
    return bounds.slice(1).map((end, t) => [bounds[t], end]);
  }

  /** Contiguous query-row ranges, one per worker; undefined when the call is too small to split. */
  private ranges(queryRows: number, referenceRows: number): [number, number][] | undefined {
    const parts = Math.min(this.pool.size, queryRows);
    if (parts < 2 || queryRows * referenceRows < MIN_PARALLEL_PAIRS) return undefined;
    return Array.from({ length: parts }, (_, t) => [Math.floor((t * queryRows) / parts), Math.floor(((t + 1) * queryRows) / parts)]);
  }
}

/** The replies' sums, one after the other. */
function concatenated(replies: readonly ThreadReply[], length: number): Float64Array {
  const out = new Float64Array(length);
  let at = 0;
  for (const reply of replies) {
    if (!('sums' in reply)) throw new Error('ParallelCpuBackend: kernel reply without sums');
    out.set(reply.sums, at);
    at += reply.sums.length;
  }
  return out;
}

/** Whether `array` lives in a SharedArrayBuffer (false where the runtime has none: a page that is not cross-origin isolated). */
function inSharedMemory(array: Float64Array): boolean {
  return typeof SharedArrayBuffer === 'function' && array.buffer instanceof SharedArrayBuffer;
}
