/**
 * The float64 CPU backend on several threads (Node only): `createEngine({ backend: 'cpu',
 * threads: N })`. Matrices are uploaded into SharedArrayBuffers; knn and countWithin
 * (single and batched) and the Sinkhorn softmin step split the QUERY rows into N contiguous ranges, run each range on a
 * worker thread (engine/cpu-thread-pool.ts, engine/cpu-thread-worker.ts) and concatenate.
 * Each query row's list, count or softmin value depends only on that row (the same float64 operations
 * in the same order as on one thread), so results are identical to CpuBackend's bit for
 * bit (tests/cpu-threads.test.ts). Costs of the split: each worker builds its own k-d
 * tree over the reference (O(m log m)); a wide Euclidean matrix searched against itself
 * takes the non-symmetric tiled path in every range (same lists after the exact re-rank,
 * but twice the inner products of the one-thread symmetric scan, so 2 threads barely gain
 * there). Every other call (gramSums, gramAlignment, …) runs on the calling thread as in
 * CpuBackend; so do calls under MIN_PARALLEL_PAIRS pairs. dispose() ends the workers.
 */
import type { CountBatchRequest, CountRequest, KnnBatchRequest, KnnLists, KnnRequest, MatrixHandle } from './backend.js';
import { CpuBackend } from './cpu-backend.js';
import { spaceView } from './cpu-batch.js';
import { cpuCountWithin } from './cpu-count-within.js';
import { cpuKnn } from './cpu-knn.js';
import type { CpuSoftminStep } from './cpu-softmin.js';
import type { CpuThreadPool } from './cpu-thread-pool.js';
import { checkColumnSpaces } from './column-space.js';
import type { HostMatrix } from './host-matrix.js';

/** Query × reference pairs below which a call is not worth the round trip to the workers. */
const MIN_PARALLEL_PAIRS = 1 << 18;

export class ParallelCpuBackend extends CpuBackend {
  constructor(private readonly pool: CpuThreadPool) {
    super();
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

  override dispose(): void {
    super.dispose();
    this.pool.terminate();
  }

  protected override async softminRows(step: CpuSoftminStep): Promise<void> {
    const { query, reference, output, meanCost, previous, ...rest } = step;
    const ranges = this.ranges(query.rows, reference.rows);
    if (ranges === undefined) return super.softminRows(step);
    const [q, r] = sharedPair(query, reference, query === reference);
    const replies = await this.pool.run(ranges.map(([first, end]) => ({
      op: 'softmin' as const, query: q, reference: r, first, end, sameMatrix: false,
      step: { ...rest, previous: previous?.slice(first, end) }, meanCost: meanCost !== undefined,
    })));
    replies.forEach((reply, t) => {
      if (!('output' in reply)) throw new Error('ParallelCpuBackend: softmin reply without output');
      output.set(reply.output, ranges[t][0]);
      if (meanCost && reply.meanCost) meanCost.set(reply.meanCost, ranges[t][0]);
    });
  }

  protected override residentCopy(values: Float64Array): Float64Array {
    const copy = new Float64Array(new SharedArrayBuffer(values.byteLength));
    copy.set(values);
    return copy;
  }

  private async knnRows(query: HostMatrix, reference: HostMatrix, request: KnnRequest, sameMatrix: boolean): Promise<KnnLists> {
    const ranges = this.ranges(query.rows, reference.rows);
    if (ranges === undefined) return cpuKnn(query, reference, request, sameMatrix);
    const [q, r] = sharedPair(query, reference, sameMatrix);
    const replies = await this.pool.run(ranges.map(([first, end]) => ({ op: 'knn' as const, query: q, reference: r, first, end, sameMatrix, request })));
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
    const [q, r] = sharedPair(query, reference, sameMatrix);
    const replies = await this.pool.run(ranges.map(([first, end]) => ({
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

  /** Contiguous query-row ranges, one per worker; undefined when the call is too small to split. */
  private ranges(queryRows: number, referenceRows: number): [number, number][] | undefined {
    const parts = Math.min(this.pool.size, queryRows);
    if (parts < 2 || queryRows * referenceRows < MIN_PARALLEL_PAIRS) return undefined;
    return Array.from({ length: parts }, (_, t) => [Math.floor((t * queryRows) / parts), Math.floor(((t + 1) * queryRows) / parts)]);
  }
}

/** Query and reference with their values in SharedArrayBuffers (one copy when they are the same matrix). */
function sharedPair(query: HostMatrix, reference: HostMatrix, sameMatrix: boolean): [HostMatrix, HostMatrix] {
  const r = shared(reference);
  return [sameMatrix ? r : shared(query), r];
}

/** m with its values in a SharedArrayBuffer (workers read it without a copy): m itself when they already are. */
function shared(m: HostMatrix): HostMatrix {
  if (m.data.buffer instanceof SharedArrayBuffer) return m;
  const data = new Float64Array(new SharedArrayBuffer(m.data.byteLength));
  data.set(m.data);
  return { rows: m.rows, cols: m.cols, data };
}
